import Testing
import CompetencyModel

@Suite("Diagnostic catalog")
struct DiagnosticCatalogTests {
    static let one = DiagnosticDescriptor(code: "XX101", severity: .error, family: .editionProfile, summary: "One thing is wrong.")
    static let two = DiagnosticDescriptor(code: "XX102", severity: .warning, family: .rebase, summary: "Another thing.", name: "another")

    @Test func looksUpByCode() {
        let catalog = DiagnosticCatalog([Self.one, Self.two])
        #expect(catalog.descriptor(for: "XX102") == Self.two)
        #expect(catalog.descriptor(for: "XX999") == nil)
        #expect(catalog.descriptors(in: .rebase) == [Self.two])
        #expect(catalog.duplicateCodes.isEmpty)
    }

    @Test func aRepeatedCodeIsReportedNotFatal() {
        let again = DiagnosticDescriptor(code: "XX101", severity: .warning, family: .spreadsheet, summary: "Clash.")
        let catalog = DiagnosticCatalog([Self.one, Self.two, again, again])
        #expect(catalog.duplicateCodes == ["XX101"])
        #expect(catalog.descriptor(for: "XX101") == Self.one)
    }

    @Test func listingLinesUpSeveritiesAndAddsTheName() {
        #expect(Self.one.listing == "XX101  error    One thing is wrong.")
        #expect(Self.two.listing == "XX102  warning  Another thing. (another)")
    }

    @Test func aDiagnosticMadeFromADescriptorTakesItsCodeAndSeverity() {
        let diagnostic = Diagnostic(Self.two, message: "m", location: nil, notes: [.init(message: "n")])
        #expect(diagnostic.code == "XX102")
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.notes.map(\.message) == ["n"])
    }
}
