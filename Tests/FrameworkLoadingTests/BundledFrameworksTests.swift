import CompetencyModel
import Foundation
import FrameworkLoading
import Testing

@Suite("Bundled In It Together frameworks")
struct BundledFrameworksTests {
    static let versions = ["2017", "2019"]

    static func path(_ version: String) -> String {
        Paths.bundled.appendingPathComponent("\(version).xml").path
    }

    static func framework(_ version: String) throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: path(version))
        return try #require(result.framework, "\(version).xml: \(result.diagnostics.map(\.formatted))")
    }

    @Test(arguments: versions)
    func loadsWithZeroDiagnostics(version: String) throws {
        try #require(FileManager.default.fileExists(atPath: Self.path(version)), "Frameworks/in-it-together/\(version).xml is missing")
        let result = try FrameworkLoader().load(contentsOf: Self.path(version))
        #expect(result.framework != nil)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted).joined(separator: "\n"))")
    }

    @Test(arguments: versions)
    func hasTheExpectedShape(version: String) throws {
        let framework = try Self.framework(version)
        #expect(framework.metadata.id == "in-it-together")
        #expect(framework.metadata.version == version)
        #expect(framework.competencies.count >= 80, "\(framework.competencies.count) competencies")
        #expect(framework.phases.map(\.id) == ["early-years", "primary", "secondary", "college"])
        #expect(framework.groupsByRank.map(\.id) == ["core", "enhanced", "targeted"])
        #expect(framework.groupsByRank.map(\.rank) == [1, 2, 3])
        #expect(framework.ratingScale.points.count >= 2)
        for group in framework.groups {
            for phase in framework.phases {
                let cell = framework.competencies.filter { $0.groupID == group.id && $0.phaseIDs.contains(phase.id) }
                #expect(!cell.isEmpty, "no \(group.id) competency for \(phase.id)")
            }
        }
        let untrained = framework.competencies.filter(\.trainingRefs.isEmpty).map(\.id)
        #expect(untrained.isEmpty, "competencies with no training: \(untrained)")
        let trainingIDs = Set(framework.trainingOptions.map(\.id))
        #expect(framework.competencies.allSatisfy { $0.trainingRefs.allSatisfy { trainingIDs.contains($0.id) } })
    }

    @Test func version2019DerivesFrom2017() throws {
        let older = try Self.framework("2017")
        let newer = try Self.framework("2019")
        #expect(newer.metadata.derivedFrom == older.metadata.reference)
        #expect(newer.metadata.derivedFrom == FrameworkReference(frameworkID: "in-it-together", version: "2017"))
        #expect(older.metadata.derivedFrom != newer.metadata.reference)
    }

    @Test func versionsShareEverythingButTrainingURLs() throws {
        let older = try Self.framework("2017")
        let newer = try Self.framework("2019")
        // `==` ignores source locations, so shifted lines do not matter.
        #expect(older.areas == newer.areas)
        #expect(older.groups == newer.groups)
        #expect(older.phases == newer.phases)
        #expect(older.services == newer.services)
        #expect(older.ratingScale == newer.ratingScale)

        #expect(older.trainingOptions.map(\.id) == newer.trainingOptions.map(\.id))
        #expect(older.trainingOptions.count == newer.trainingOptions.count)
        for (old, new) in zip(older.trainingOptions, newer.trainingOptions) {
            var sameURL = new
            sameURL.url = old.url
            #expect(sameURL == old, "training option \(old.id) differs in more than its url")
        }
        let changed = zip(older.trainingOptions, newer.trainingOptions).filter { $0.url != $1.url }
        #expect(!changed.isEmpty, "no training url changed between 2017 and 2019")
    }
}
