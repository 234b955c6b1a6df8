import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Publishing
import Testing

/// One profile per edition code, like the framework rules' fixtures: each file in
/// `Fixtures/codes/` is a clean profile with one change and `<!-- expect EDxxx -->` on every
/// line its code must be reported at. The tests iterate the catalog, so a new ED code fails
/// here until it has a fixture, or a place in `coveredElsewhere` naming the test that
/// produces it.
@Suite("edition codes: one fixture per code")
struct EditionCodeFixtureTests {
    static let fixtures = Repo.root.appendingPathComponent("Tests/EditionsTests/Fixtures")
    static let codeFixtures = fixtures.appendingPathComponent("codes")
    static let editionCodes = DiagnosticCatalog.all.descriptors(in: .editionProfile)

    /// The few codes no single profile against the shipped base can produce, each with the
    /// test that does produce it. Keep this list short: a code that a profile can trigger
    /// belongs in `Fixtures/codes/`.
    static let coveredElsewhere: [(code: String, file: String, test: String)] = [
        // The built-in plugins check profiles so that their editions keep the rules; only a
        // plugin that adapts wrongly can break one.
        ("ED117", "Tests/EditionsTests/EditionCodeFixtureTests.swift", "aRuleTheAdaptedEditionBreaksIsED117"),
        // Needs two profiles in one export.
        ("ED120", "Tests/CompetencyCLITests/ExportCommandTests.swift", "twoProfilesWithOneIDAreRefusedBeforeAnythingIsWritten"),
        // Needs an output format that fails.
        ("ED190", "Tests/CompetencyCLITests/ExportCommandTests.swift", "aFormatThatFailsIsED190AndExitsTwo"),
    ]

    /// Builds a profile as `validate` and `export` do, against the shipped frameworks. It is
    /// read as if its file were named by its code in lower case: edition ids are lower case,
    /// and a profile whose id is not its file name is ED119.
    static func build(_ url: URL, plugins: PluginRegistry = .builtIn) throws -> (path: String, text: String, diagnostics: [Diagnostic]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let path = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent.lowercased()).path
        let pipeline = EditionPipeline(library: FrameworkLibrary(root: Repo.path("Frameworks")), plugins: plugins)
        return (path, text, pipeline.build(profileAt: path, bytes: Array(text.utf8)).diagnostics)
    }

    static func markers(in text: String) -> [(code: String, line: Int)] {
        text.components(separatedBy: "\n").enumerated().flatMap { index, line in
            line.matches(of: /<!-- expect (ED[0-9]{3}) -->/).map { (String($0.output.1), index + 1) }
        }
    }

    @Test func theCleanProfilesTheFixturesStartFromAreClean() throws {
        let local = try Self.build(Self.fixtures.appendingPathComponent("clean-local-variant.xml"))
        #expect(local.diagnostics.isEmpty, "\(local.diagnostics.map(\.formatted))")
        // A workshop edition keeps only the one competency its workshop develops, so the
        // framework rules warn about empty cells; nothing is wrong with the profile.
        let workshop = try Self.build(Self.fixtures.appendingPathComponent("clean-workshop-edition.xml"))
        #expect(!workshop.diagnostics.hasErrors, "\(workshop.diagnostics.map(\.formatted))")
        #expect(workshop.diagnostics.allSatisfy { !$0.code.hasPrefix("ED") }, "\(workshop.diagnostics.map(\.formatted))")
    }

    @Test("Each ED code's fixture reports it, and only it, at the marked lines", arguments: editionCodes.map(\.code))
    func eachCodeHasAFixtureOrANamedTest(code: String) throws {
        let descriptor = try #require(DiagnosticCatalog.all.descriptor(for: code))
        let url = Self.codeFixtures.appendingPathComponent("\(code).xml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            #expect(Self.coveredElsewhere.contains { $0.code == code },
                    "\(code) has no fixture at Tests/EditionsTests/Fixtures/codes/\(code).xml and is not in coveredElsewhere")
            return
        }
        #expect(!Self.coveredElsewhere.contains { $0.code == code }, "\(code) has a fixture, so it needs no place in coveredElsewhere")
        let built = try Self.build(url)
        let markers = Self.markers(in: built.text)
        try #require(!markers.isEmpty, "\(code).xml has no <!-- expect \(code) --> marker")
        #expect(markers.allSatisfy { $0.code == code }, "\(code).xml marks other codes: \(markers)")

        let found = built.diagnostics.filter { $0.code == code }
        #expect(found.compactMap(\.location?.line).sorted() == markers.map(\.line).sorted(),
                "\(code) reported at \(found.map { $0.location?.description ?? "nowhere" }), expected lines \(markers.map(\.line)); all: \(built.diagnostics.map(\.formatted))")
        for diagnostic in found {
            #expect(diagnostic.severity == descriptor.severity, "\(diagnostic.formatted) is not a \(descriptor.severity.rawValue) as the catalog says")
            #expect(diagnostic.location?.file == built.path)
            #expect((diagnostic.location?.column ?? 0) > 0)
            #expect(!diagnostic.message.isEmpty)
        }
        // One defect: no other edition code, and no other error.
        let others = built.diagnostics.filter { $0.code != code && ($0.code.hasPrefix("ED") || $0.severity == .error) }
        #expect(others.isEmpty, "unexpected: \(others.map(\.formatted))")
    }

    @Test func everyFixtureBelongsToAnEditionCode() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.codeFixtures.path).filter { $0.hasSuffix(".xml") }
        let codes = Set(Self.editionCodes.map(\.code))
        let strays = files.filter { !codes.contains(String($0.dropLast(4))) }
        #expect(strays.isEmpty, "fixtures for no code in the catalog: \(strays.sorted())")
    }

    /// Each code left out of the fixtures is still produced somewhere: the named test exists
    /// and asserts on that code.
    @Test(arguments: coveredElsewhere.map(\.code))
    func eachCodeCoveredElsewhereNamesATestThatExists(code: String) throws {
        let entry = try #require(Self.coveredElsewhere.first { $0.code == code })
        #expect(Self.coveredElsewhere.count <= 4, "coveredElsewhere is meant to be short; give codes fixtures instead")
        #expect(Self.editionCodes.contains { $0.code == code }, "\(code) is not an edition code in the catalog")
        let text = try String(contentsOfFile: Repo.path(entry.file), encoding: .utf8)
        let start = try #require(text.range(of: "func \(entry.test)("), "\(entry.file) has no test \(entry.test)")
        let rest = text[start.upperBound...]
        let body = rest[..<(rest.range(of: "@Test")?.lowerBound ?? rest.endIndex)]
        #expect(body.contains(code), "\(entry.test) does not mention \(code)")
    }

    /// A plugin whose adaptation gives two competencies one id: what ED117 is for.
    struct RuleBreakingPlugin: ExportPlugin {
        let id = "rule-breaking"
        let summary = "Adapts as local-variant does, then repeats a competency."

        func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
            var edition = try LocalVariantPlugin().adapt(framework, profile: profile)
            if let first = edition.framework.areas.first?.competencies.first {
                edition.framework.areas[0].competencies.append(first)
            }
            return edition
        }
    }

    @Test func aRuleTheAdaptedEditionBreaksIsED117() throws {
        let clean = try String(contentsOf: Self.fixtures.appendingPathComponent("clean-local-variant.xml"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ed117-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("clean-local-variant.xml")
        try clean.replacingOccurrences(of: #"plugin="local-variant""#, with: #"plugin="rule-breaking""#).write(to: url, atomically: true, encoding: .utf8)
        let built = try Self.build(url, plugins: PluginRegistry.builtIn.adding(RuleBreakingPlugin()))
        let errors = built.diagnostics.filter { $0.severity == .error }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.code == "ED117" }, "\(errors.map(\.formatted))")
        #expect(errors.contains { $0.message.contains("breaks rule FW101") }, "the rule's own code is kept in the message: \(errors.map(\.formatted))")
    }
}
