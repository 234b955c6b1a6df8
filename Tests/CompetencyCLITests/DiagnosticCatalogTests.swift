import CompetencyCLI
import CompetencyModel
import Foundation
import Publishing
import Testing

/// The one catalog of codes: sound on its own, complete against the sources, and what
/// `competency rules` prints.
@Suite("diagnostic catalog")
struct DiagnosticCatalogCompletenessTests {
    static let catalog = DiagnosticCatalog.all

    @Test func everyCodeIsListedOnceWithASummary() {
        #expect(Self.catalog.duplicateCodes.isEmpty, "codes declared twice: \(Self.catalog.duplicateCodes)")
        for descriptor in Self.catalog.descriptors {
            #expect(descriptor.code.wholeMatch(of: /[A-Z]{2}[0-9]{3}/) != nil, "\(descriptor.code) is not two capitals and three digits")
            #expect(!descriptor.summary.trimmingCharacters(in: .whitespaces).isEmpty, "\(descriptor.code) has no summary")
            #expect(descriptor.summary.hasSuffix("."), "\(descriptor.code)'s summary is not a sentence")
        }
    }

    /// Each family's codes share a prefix and come in code order, so a listing reads in order
    /// and a code filed under the wrong family shows.
    @Test(arguments: [
        (DiagnosticDescriptor.Family.loading, "FW0"), (.frameworkRule, "FW1"), (.editionProfile, "ED1"),
        (.spreadsheet, "SH1"), (.caseImport, "CS1"), (.rebase, "RB1"),
    ])
    func eachFamilyIsInOrderUnderItsPrefix(family: DiagnosticDescriptor.Family, prefix: String) {
        let codes = Self.catalog.descriptors(in: family).map(\.code)
        #expect(!codes.isEmpty)
        #expect(codes.allSatisfy { $0.hasPrefix(prefix) }, "\(codes)")
        #expect(codes == codes.sorted())
    }

    /// A code spelled in the sources but missing from the catalog would be reported to
    /// users and yet be absent from `competency rules`, which is how codes were lost before
    /// there was one catalog.
    @Test func everyCodeTheSourcesSpellIsInTheCatalog() throws {
        let sources = Bundled.repositoryRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var spelled: [String: String] = [:]
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: /"((?:FW|ED|SH|CS|RB)[0-9]{3})"/) {
                spelled[String(match.output.1)] = url.lastPathComponent
            }
        }
        #expect(spelled.count >= 60, "the scan found too few codes to be looking in the right place: \(spelled.count)")
        let missing = spelled.filter { Self.catalog.descriptor(for: $0.key) == nil }
        #expect(missing.isEmpty, "codes in the sources but not in DiagnosticCatalog.all: \(missing.sorted { $0.key < $1.key })")
    }

    @Test func rulesPrintsTheCatalogLineForLine() {
        let result = run(["rules"])
        #expect(result.status == 0)
        #expect(result.err.isEmpty)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines == Self.catalog.descriptors.map(\.listing))
        for descriptor in Self.catalog.descriptors {
            #expect(lines.contains { $0.hasPrefix(descriptor.code + "  \(descriptor.severity.rawValue)") }, "\(descriptor.code) is not listed")
        }
    }
}
