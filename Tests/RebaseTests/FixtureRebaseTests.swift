import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import Pipeline
import Rebase
import TestSupport
import Testing

/// Repository files and the fictional next version, found from this file.
enum Repo: RepositoryFileAccess {
    /// The fictional 2026 revision, kept with the tests (never in Frameworks/).
    static let nextVersionPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/in-it-together/2026.xml").path

    static func framework(at path: String) throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.framework)
    }

    static func base2019() throws -> Framework { try framework(at: path("Frameworks/in-it-together/2019.xml")) }
    static func next() throws -> Framework { try framework(at: nextVersionPath) }

    static func profileBytes(_ id: String) throws -> (path: String, bytes: [UInt8]) {
        let path = path("Frameworks/editions/\(id).xml")
        return (path, try DocumentReader().readBytes(atPath: path))
    }

    static func plan(_ id: String, onto new: Framework? = nil, bytes override: [UInt8]? = nil) throws -> RebasePlan {
        let (path, shipped) = try profileBytes(id)
        let bytes = override ?? shipped
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: PluginRegistry.builtIn.ignoredSectionsByPlugin)
        let loaded = try loader.load(bytes: bytes, path: path)
        let profile = try #require(loaded.profile, "\(loaded.diagnostics.map(\.formatted))")
        let revision = BaseRevision(old: try base2019(), new: try new ?? next())
        return ProfileRebase().plan(profile: profile, bytes: bytes, path: path, revision: revision, loader: loader)
    }
}

/// What a finding is, without its wording: the class, the code and the entry it is about.
struct Expected: Hashable, CustomStringConvertible {
    var category: RebaseFinding.Category
    var code: String
    var entry: String
    var resolution: RebaseFinding.Resolution

    init(_ category: RebaseFinding.Category, _ code: String, _ entry: String, _ resolution: RebaseFinding.Resolution) {
        self.category = category
        self.code = code
        self.entry = entry
        self.resolution = resolution
    }

    init(_ finding: RebaseFinding) {
        self.init(finding.category, finding.diagnostic.code, finding.entry, finding.resolution)
    }

    var description: String { "\(category.rawValue) \(code) \(entry) → \(resolution.rawValue)" }
}

@Suite("Rebasing the bundled editions onto the fictional 2026 revision")
struct FixtureRebaseTests {
    @Test("the fixture is a valid framework, says it is fictional, and is not bundled")
    func fixtureIsMarkedFictional() throws {
        let next = try Repo.next()
        #expect(next.metadata.version == "2026")
        #expect(next.metadata.derivedFrom == FrameworkReference(frameworkID: "in-it-together", version: "2019"))
        #expect(next.metadata.description.hasPrefix("This 2026 revision is fictional test material"))
        #expect(!FileManager.default.fileExists(atPath: Repo.path("Frameworks/in-it-together/2026.xml")))
    }

    @Test("the revision holds each kind of base change the rebase classes need")
    func revisionClassifiesBaseChanges() throws {
        let revision = BaseRevision(old: try Repo.base2019(), new: try Repo.next())
        #expect(revision.fate(ofCompetency: "es-09") == .renamed(to: "es-11"))
        #expect(revision.fate(ofCompetency: "es-03") == .merged(into: "es-02"))
        #expect(revision.fate(ofCompetency: "cs-06") == .merged(into: "cs-03"))
        #expect(revision.fate(ofCompetency: "la-06") == .removed)
        #expect(revision.fate(ofCompetency: "cs-01") == .changed)
        #expect(revision.fate(ofCompetency: "hc-04") == .unchanged)
        #expect(Set(revision.added.map(\.id)) == ["rrt-11", "cs-11", "sw-07"])
        #expect(revision.trainingRemoved("local-camhs-consultation"))
        #expect(revision.roleNames(group: "core", role: "governor") == ("Governors and trustees", nil))
    }

    @Test("Sandwell: every class is reported for the expected entries and nothing else")
    func sandwellFindings() throws {
        let plan = try Repo.plan("sandwell-2022")
        let expected: Set<Expected> = [
            Expected(.conflict, RebaseCode.removedUpstream.code, "exclusion of competencies la-06", .switchedOff),
            Expected(.conflict, RebaseCode.removedUpstream.code, "new name for role governor", .switchedOff),
            Expected(.conflict, RebaseCode.roleRenamedUpstream.code, "new name for role dsl", .marked),
            Expected(.conflict, RebaseCode.bothReworded.code, "description of phase early-years", .marked),
            Expected(.conflict, RebaseCode.bothReworded.code, "statement override of ws-05", .marked),
            Expected(.followsRename, RebaseCode.followsRename.code, "statement override of es-09", .followed),
            Expected(.redundant, RebaseCode.redundantOverride.code, "statement override of cs-01", .dropped),
            Expected(.conflict, RebaseCode.mergedUpstream.code, "enhancement addition for cs-06", .switchedOff),
            Expected(.conflict, RebaseCode.bothReworded.code, "enhancement replacement for ws-05", .marked),
            Expected(.conflict, RebaseCode.catalogueRemoved.code, "added competency sand-03 (local-camhs-consultation)", .switchedOff),
            Expected(.redundant, RebaseCode.duplicatedAddition.code, "added competency sand-08", .marked),
        ]
        #expect(Set(plan.findings.map(Expected.init)) == expected, "\(plan.findings.map { Expected($0).description })")
        #expect(plan.findings.count == expected.count)
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
        // Every finding points into the profile.
        for finding in plan.findings {
            #expect(finding.diagnostic.location?.file.hasSuffix("sandwell-2022.xml") == true, "\(finding.entry)")
        }
    }

    @Test("the workshop edition: every class is reported for the expected entries and nothing else")
    func workshopFindings() throws {
        let plan = try Repo.plan("national-workshops")
        let expected: Set<Expected> = [
            Expected(.conflict, RebaseCode.catalogueRemoved.code, "exclusion of training education-support local-camhs-consultation child-bereavement-uk", .removedFromList),
            Expected(.redundant, RebaseCode.redundantChange.code, "removal of role governor", .dropped),
            Expected(.conflict, RebaseCode.roleRenamedUpstream.code, "new name for role dsl", .marked),
            Expected(.redundant, RebaseCode.redundantChange.code, "training override of sw-02 (every-mind-matters)", .dropped),
            Expected(.redundant, RebaseCode.redundantOverride.code, "statement override of cs-01", .dropped),
            Expected(.conflict, RebaseCode.bothReworded.code, "statement override of le-04", .marked),
            Expected(.followsRename, RebaseCode.followsRename.code, "statement override of es-09", .followed),
            Expected(.conflict, RebaseCode.mergedUpstream.code, "link from outcome w1-o3 to es-03", .switchedOff),
            Expected(.followsRename, RebaseCode.followsRename.code, "link from outcome w1-o3 to es-09", .followed),
            Expected(.conflict, RebaseCode.mergedUpstream.code, "link from outcome w3-o2 to cs-06", .switchedOff),
        ]
        #expect(Set(plan.findings.map(Expected.init)) == expected, "\(plan.findings.map { Expected($0).description })")
        #expect(plan.findings.count == expected.count)
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
    }

    @Test("a conflict between two rewordings carries base-old, base-new and ours with word-level notes")
    func threeWayWording() throws {
        let plan = try Repo.plan("national-workshops")
        let finding = try #require(plan.findings.first { $0.entry == "statement override of le-04" })
        let wording = try #require(finding.wording)
        #expect(wording.baseOld == "Recognises when a concern goes beyond what they can help with and involves the mental health lead promptly.")
        #expect(wording.baseNew == "Realises when a worry is beyond their role and brings in the mental health lead without delay.")
        #expect(wording.ours.hasSuffix("promptly involves their manager, supervisor or safeguarding lead."))
        let notes = finding.diagnostic.notes.map(\.message)
        #expect(notes.count == 3)
        #expect(notes[1].hasPrefix("base 2026 says: [-Recognises-]{+Realises+}"))
        #expect(notes[2].contains("{+promptly +}involves"))
    }

    @Test("rebasing onto the version the edition already uses reports nothing and changes no byte", arguments: ["sandwell-2022", "national-workshops"])
    func rebaseOntoSameVersion(id: String) throws {
        let plan = try Repo.plan(id, onto: try Repo.base2019())
        #expect(plan.findings.isEmpty, "\(plan.findings.map { Expected($0).description })")
        #expect(plan.isNoOp)
        #expect(!plan.hasConflicts)
        #expect(plan.rebasedBytes == (try Repo.profileBytes(id).bytes))
    }

    /// The lines of the element that starts on the first line containing `start`.
    static func elementLines(_ start: String, closing: String, in lines: [String]) -> Range<Int> {
        guard let first = lines.firstIndex(where: { $0.contains(start) }) else { return 0..<0 }
        if lines[first].contains("/>") || lines[first].contains(closing) { return first..<(first + 1) }
        let last = lines[first...].firstIndex { $0.contains(closing) } ?? first
        return first..<(last + 1)
    }

    @Test("the rebased text keeps every untouched line, in order, and only the expected lines change", arguments: ["sandwell-2022", "national-workshops"])
    func untouchedLinesSurvive(id: String) throws {
        let original = String(decoding: try Repo.profileBytes(id).bytes, as: UTF8.self).components(separatedBy: "\n")
        let plan = try Repo.plan(id)
        let rebased = String(decoding: plan.rebasedBytes, as: UTF8.self).components(separatedBy: "\n")
        // Lines a rebase may rewrite: the base, renamed references, dropped entries and
        // lists that lost an id. Everything else, switched-off entries included, must
        // still be there word for word.
        var rewritten: [Range<Int>] = [
            Self.elementLines("<base ", closing: "/>", in: original),
            Self.elementLines("<statement competency=\"es-09\">", closing: ">", in: original),
            Self.elementLines("<statement competency=\"cs-01\">", closing: "</statement>", in: original),
        ]
        if id == "national-workshops" {
            rewritten += [
                Self.elementLines("<develops ref=\"es-09\"", closing: "/>", in: original),
                Self.elementLines("<removeRole ref=\"governor\"", closing: "/>", in: original),
                Self.elementLines("<training competency=\"sw-02\">", closing: "</training>", in: original),
                Self.elementLines("<exclude training=", closing: ">", in: original),
            ]
        }
        #expect(rewritten.allSatisfy { !$0.isEmpty })
        var cursor = rebased.startIndex
        var missing: [String] = []
        for (number, line) in original.enumerated() where !rewritten.contains(where: { $0.contains(number) }) {
            guard let found = rebased[cursor...].firstIndex(of: line) else {
                missing.append("\(number + 1): \(line)")
                continue
            }
            cursor = found + 1
        }
        #expect(missing.isEmpty, "lines lost or reordered: \(missing)")
        // And the rewritten ones did change.
        for range in rewritten {
            #expect(!rebased.contains(original[range.lowerBound]) || original[range.lowerBound].contains("</"), "\(original[range.lowerBound])")
        }
    }

    @Test("the rebased profile validates, and its edition is the one the redline compares", arguments: ["sandwell-2022", "national-workshops"])
    func rebasedProfileBuilds(id: String) throws {
        let plan = try Repo.plan(id)
        let (path, _) = try Repo.profileBytes(id)
        let loaded = try EditionProfileLoader(sectionsIgnoredByPlugin: PluginRegistry.builtIn.ignoredSectionsByPlugin).load(bytes: plan.rebasedBytes, path: path)
        let profile = try #require(loaded.profile, "\(loaded.diagnostics.map(\.formatted))")
        #expect(profile.base == FrameworkReference(frameworkID: "in-it-together", version: "2026"))
        let built = EditionAssembly().build(profile, base: try Repo.next())
        let edition = try #require(built.edition, "\(built.diagnostics.map(\.formatted))")
        #expect(edition == plan.rebasedEdition)
    }

    @Test("Sandwell's rebased edition changes for readers exactly where the base did and the edition did not override")
    func sandwellReaderFacingChanges() throws {
        let plan = try Repo.plan("sandwell-2022")
        let old = try #require(EditionAssembly().build(plan.profile, base: try Repo.base2019()).edition)
        let new = try #require(plan.rebasedEdition)
        let changes = FrameworkComparison().compare(old.framework, new.framework)
        let byID = Dictionary(changes.competencyChanges.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Kept local wording: no change for readers.
        #expect(byID["ws-05"] == nil)
        // The redundant override dropped: the base's identical wording shows, so no change.
        #expect(byID["cs-01"] == nil)
        // The rename followed: the edition's wording is kept under the new id.
        #expect(byID["es-11"]?.kinds.contains(.renamed) == true)
        #expect(byID["es-11"]?.kinds.contains(.reworded) == false)
        #expect(new.framework.competencies.first { $0.id == "es-11" }?.statement.hasPrefix("Understands that often missing school, appointments or sessions") == true)
        // Base changes the edition did not touch come through.
        #expect(byID["le-04"]?.kinds.contains(.reworded) == true)
        #expect(byID["cs-06"]?.kinds == [.removed])
        #expect(byID["cs-11"]?.kinds == [.added])
        // The excluded competency is gone from both.
        #expect(byID["la-06"] == nil)
        // The governors' role: renamed locally before, removed upstream now.
        #expect(changes.otherChanges.contains { $0.entity == .role && $0.id == "governor" && $0.kind == .removed })
    }
}
