import CompetencyModel
import Foundation
import FrameworkLoading
import Testing

@Suite("Framework rules: one fixture per rule")
struct FrameworkRulesTests {
    @Test func validFixtureLoadsWithZeroDiagnostics() throws {
        let result = try FrameworkLoader().load(contentsOf: Paths.valid.path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.framework != nil)
        #expect(expectationMarkers(in: try validText).isEmpty)
    }

    /// Iterates the registry, so a rule added without a fixture fails here.
    @Test("Each rule's fixture triggers it, and only it, at the marked lines", arguments: FrameworkRules.all.map(\.code))
    func ruleFixtureTriggersRuleAtMarkedLine(code: String) throws {
        let rule = try #require(FrameworkRules.all.first { $0.code == code })
        let url = Paths.ruleFixtures.appendingPathComponent("\(code).xml")
        try #require(FileManager.default.fileExists(atPath: url.path), "rule \(code) has no fixture at Fixtures/rules/\(code).xml")
        let text = try readText(url)
        let markers = expectationMarkers(in: text)
        try #require(!markers.isEmpty, "\(code).xml has no <!-- expect \(code) --> marker")
        #expect(markers.allSatisfy { $0.code == code }, "\(code).xml marks other codes: \(markers)")

        let result = try FrameworkLoader().load(contentsOf: url.path)
        let framework = try #require(result.framework, "the fixture must pass the schema: \(result.diagnostics.map(\.formatted))")
        let found = result.diagnostics.filter { $0.code == code }
        #expect(!found.isEmpty, "\(code) was not reported; got \(result.diagnostics.map(\.formatted))")
        #expect(found.compactMap(\.location?.line).sorted() == markers.map(\.line).sorted(),
                "\(code) reported at \(found.map { $0.location?.description ?? "nowhere" }), expected lines \(markers.map(\.line))")
        for diagnostic in found {
            #expect(diagnostic.severity == rule.severity)
            #expect(diagnostic.location?.file == url.path)
            #expect((diagnostic.location?.column ?? 0) > 0)
            #expect(!diagnostic.message.isEmpty)
        }
        // One defect: no other rule fires.
        let others = result.diagnostics.filter { $0.code != code }
        #expect(others.isEmpty, "unexpected: \(others.map(\.formatted))")
        // The rule on its own finds the same.
        #expect(rule.diagnose(framework).map(\.location) == found.map(\.location))
        #expect(FrameworkLoader(rules: [rule]).validate(framework) == found)
    }

    @Test("No rule fires on valid.xml", arguments: FrameworkRules.all.map(\.code))
    func ruleIsSilentOnValidFixture(code: String) throws {
        let rule = try #require(FrameworkRules.all.first { $0.code == code })
        let framework = try #require(try FrameworkLoader().load(contentsOf: Paths.valid.path).framework)
        #expect(rule.diagnose(framework).isEmpty)
    }

    @Test func everyFixtureBelongsToARule() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.ruleFixtures.path).filter { $0.hasSuffix(".xml") }
        let codes = Set(FrameworkRules.all.map(\.code))
        #expect(Set(files.map { String($0.dropLast(4)) }) == codes)
    }

    @Test func ruleCodesAndNamesAreUniqueAndOrdered() {
        let codes = FrameworkRules.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes == codes.sorted())
        #expect(codes.allSatisfy { $0.wholeMatch(of: /FW1[0-9]{2}/) != nil })
        let names = FrameworkRules.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(FrameworkRules.all.allSatisfy { !$0.summary.isEmpty && $0.id == $0.code })
        // Codes before the semantic rules belong to the loader.
        let loaderCodes = [DiagnosticCode.malformed.code, DiagnosticCode.encoding.code, DiagnosticCode.doctype.code,
                           DiagnosticCode.limits.code, DiagnosticCode.schema.code, DiagnosticCode.io.code]
        #expect(loaderCodes == ["FW001", "FW002", "FW003", "FW004", "FW005", "FW006"])
        #expect(Set(loaderCodes).isDisjoint(with: codes))
    }
}
