import CompetencyCLI
import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import TestSupport
import Testing

// MARK: - A custom export plugin, written as a developer writes one in their own package

/// A local variant that leaves the enhancements for additional needs out.
struct DropEnhancementsPlugin: ExportPlugin {
    let id = "drop-enhancements"
    let summary = "A local edition without the enhancements for additional needs."

    func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
        // Select, reword, localise and add exactly as local-variant does…
        var (adapted, provenance) = Adaptation(profile: profile, base: framework).run()
        // …then leave every enhancement out, recording why.
        for area in adapted.areas.indices {
            for index in adapted.areas[area].competencies.indices {
                let competency = adapted.areas[area].competencies[index]
                guard !competency.enhancements.isEmpty else { continue }
                adapted.areas[area].competencies[index].enhancements = []
                provenance.append(Provenance(
                    itemKind: .competency, itemID: competency.id, change: .localised,
                    rationale: "This edition leaves enhancements out."))
            }
        }
        return Edition(
            info: EditionInfo(profile: profile, pluginID: id, base: framework),
            framework: adapted, strategies: profile.strategies,
            dissemination: profile.dissemination, provenance: provenance)
    }
}

@Suite("custom export plugin")
struct CustomPluginTests {
    static let profile = """
        <?xml version="1.0" encoding="UTF-8"?>
        <edition xmlns="urn:competencykit:edition:1" id="plain-2019" plugin="drop-enhancements">
          <base framework="in-it-together" version="2019"/>
          <title>In It Together, without enhancements</title>
          <publisher>Example Council</publisher>
          <version>2025</version>
          <date>2025-01-31</date>
          <audience>Staff who want the statements on their own.</audience>
          <description>In It Together (2019) with the enhancements for additional needs left out.</description>
        </edition>
        """

    @Test func exportWithACustomPlugin() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: ["plain-2019": Self.profile])
        let out = folder.path("out")

        let console = ExportConsoleBuffer()
        let status = CompetencyCommand.run(
            arguments: ["export", "--edition", "plain-2019", "--format", "json,xml", "--frameworks", frameworks, "--out", out],
            console: console.console,
            plugins: PluginRegistry.builtIn.adding(DropEnhancementsPlugin()))
        #expect(status == 0, "\(console.text)")

        // The base has enhancements; the edition has none, and says why.
        let base = try #require(try FrameworkLoader().load(contentsOf: ExportRepo.path("Frameworks/in-it-together/2019.xml")).framework)
        let enhanced = base.competencies.filter { !$0.enhancements.isEmpty }.map(\.id)
        #expect(enhanced.count > 10)
        let json = try ExportJSON.object(atPath: "\(out)/plain-2019/plain-2019.json")
        let edition = try #require(json["edition"] as? [String: Any])
        #expect(edition["plugin"] as? String == "drop-enhancements")
        let competencies = try ExportJSON.competencies(json)
        #expect(competencies.count == base.competencies.count)
        #expect(competencies.allSatisfy { ($0["enhancements"] as? [Any])?.isEmpty == true })
        for competency in competencies where enhanced.contains(competency["id"] as? String ?? "") {
            #expect(competency["provenance"] as? String == "localised")
        }
        let xml = try String(contentsOfFile: "\(out)/plain-2019/plain-2019.xml", encoding: .utf8)
        #expect(!xml.contains("<enhancement>"))
        #expect(xml.contains("This edition leaves enhancements out."))
    }

    @Test func withoutRegisteringThePluginTheProfileFails() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: ["plain-2019": Self.profile])
        let run = ExportCLI.run(["export", "--edition", "plain-2019", "--frameworks", frameworks, "--out", folder.path("out")])
        #expect(run.status == 1)
        #expect(run.text.contains("[ED112]"))
        #expect(run.text.contains("drop-enhancements"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("out")))
    }

    @Test func pluginsListsARegisteredPlugin() {
        let run = ExportCLI.run(["plugins"], plugins: PluginRegistry.builtIn.adding(DropEnhancementsPlugin()))
        #expect(run.status == 0)
        #expect(run.lines.contains("drop-enhancements"))
        #expect(run.lines.contains("local-variant"))
    }
}

// MARK: - export

@Suite("competency export")
struct ExportCommandTests {
    @Test func exportAllMatchesTheCommittedExports() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--all", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")

        let editions = ExportRepo.editionIDs()
        #expect(Set(["national-workshops", "sandwell-2022"]).isSubset(of: editions))
        let produced = try ExportTree.files(under: out)
        for edition in editions {
            #expect(produced.contains("\(edition)/\(edition).xml"))
            #expect(produced.contains("\(edition)/\(edition).json"))
        }
        // Every folder the export writes must be in Exports/ exactly as written: same files,
        // same bytes. (Exports/ may hold other folders that `export` does not write.)
        let folders = produced.map { String($0.split(separator: "/")[0]) }.uniqued()
        #expect(Set(editions).isSubset(of: folders))
        for top in folders {
            let fresh = try ExportTree.files(under: "\(out)/\(top)")
            let committed = try ExportTree.files(under: ExportRepo.path("Exports/\(top)"))
            #expect(fresh == committed, "Exports/\(top) does not hold what export writes; run `competency export --all`")
            for file in fresh {
                let written = FileManager.default.contents(atPath: "\(out)/\(top)/\(file)")
                let kept = FileManager.default.contents(atPath: ExportRepo.path("Exports/\(top)/\(file)"))
                #expect(written != nil)
                #expect(written == kept, "Exports/\(top)/\(file) is out of date")
            }
        }
    }

    @Test func exportingTwiceChangesNothing() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let arguments = ["export", "--all", "--format", "xml,json", "--out", out, "--frameworks", ExportRepo.path("Frameworks")]
        let first = ExportCLI.run(arguments)
        #expect(first.status == 0, "\(first.text)")
        let before = try ExportTree.snapshot(under: out)
        #expect(before.count >= 4)
        #expect(before.contains { $0.path == "sandwell-2022/sandwell-2022.xml" })
        #expect(before.contains { $0.path == "national-workshops/national-workshops.json" })
        let second = ExportCLI.run(arguments)
        #expect(second.status == 0, "\(second.text)")
        let after = try ExportTree.snapshot(under: out)
        #expect(after.map(\.path) == before.map(\.path))
        #expect(after.map(\.bytes) == before.map(\.bytes))
        #expect(after.map(\.modified) == before.map(\.modified), "unchanged files are not rewritten")
        #expect(second.text.contains("up to date"))
        #expect(!second.text.contains("written"))
    }

    @Test func oneEditionInOneFormat() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--edition", "sandwell-2022", "--format", "json", "--out", out, "--no-diffs", "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")
        #expect(try ExportTree.files(under: out) == ["sandwell-2022/sandwell-2022.json"])
        let json = try ExportJSON.object(atPath: "\(out)/sandwell-2022/sandwell-2022.json")
        #expect(json["formatVersion"] as? Int == 1)
    }

    @Test func oneEditionAlsoWritesItsChangeReportAgainstItsBase() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--edition", "sandwell-2022", "--format", "json", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")
        let files = try ExportTree.files(under: out)
        let reports = files.filter { $0.hasPrefix("diffs/") }
        #expect(reports.sorted() == ["docx", "json", "md", "txt"].map { "diffs/in-it-together-2019-to-sandwell-2022.\($0)" })
        // The framework's own history (2017 → 2019) belongs to the full export.
        #expect(!files.contains { $0.contains("2017-to-2019") })
        // The same report as the published one.
        let published = try ExportRepo.text("Exports/diffs/in-it-together-2019-to-sandwell-2022.txt")
        #expect(try String(contentsOfFile: "\(out)/diffs/in-it-together-2019-to-sandwell-2022.txt", encoding: .utf8) == published)
    }

    @Test func unknownFormatExitsTwo() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--edition", "sandwell-2022", "--format", "pdf", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 2)
        #expect(run.text.contains("unknown format 'pdf'"))
        #expect(run.text.contains("json"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unknownEditionFailsWithAClearMessage() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--edition", "no-such-edition", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 1 || run.status == 2)
        #expect(run.text.contains("no-such-edition"))
        #expect(run.text.contains("error"))
        #expect(run.text.contains("known editions: national-workshops, sandwell-2022"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func exportWithoutAnEditionIsAUsageError() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 2)
        #expect(run.text.contains("--edition"))
        #expect(run.text.contains("--all"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func brokenProfileStopsTheExportAndLeavesOutputAlone() throws {
        let folder = try ExportTemporaryFolder()
        let original = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        let broken = original.replacingOccurrences(of: #"<statement competency="fpi-08">"#, with: #"<statement competency="fpi-88">"#)
        #expect(broken != original)
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": broken])
        let expected = try ExportText.position(of: #"competency="fpi-88""#, in: broken)

        let out = folder.path("out")
        try folder.write("out/sandwell-2022/sandwell-2022.json", "sentinel json\n")
        try folder.write("out/sandwell-2022/sandwell-2022.xml", "sentinel xml\n")
        try folder.write("out/notes.txt", "keep me\n")
        let before = try ExportTree.snapshot(under: out)

        let run = ExportCLI.run(["export", "--edition", "sandwell-2022", "--out", out, "--frameworks", frameworks])
        #expect(run.status == 1)
        let prefix = "\(frameworks)/editions/sandwell-2022.xml:\(expected.line):\(expected.column): error:"
        let line = run.lines.first { $0.hasPrefix(prefix) }
        #expect(line != nil, "no line starting \(prefix) in:\n\(run.text)")
        #expect(line?.contains("[ED101]") == true)
        #expect(line?.contains("fpi-88") == true)
        #expect(try ExportTree.snapshot(under: out) == before, "the output folder changed")
    }

    @Test func oneBrokenEditionStopsTheWholeExport() throws {
        let folder = try ExportTemporaryFolder()
        let sandwell = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        let broken = sandwell.replacingOccurrences(of: #"<exclude competencies="la-06">"#, with: #"<exclude competencies="la-66">"#)
        #expect(broken != sandwell)
        let frameworks = try folder.frameworks(profiles: [
            "national-workshops": try ExportRepo.text("Frameworks/editions/national-workshops.xml"),
            "sandwell-2022": broken,
        ])
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--all", "--format", "xml,json", "--out", out, "--frameworks", frameworks])
        #expect(run.status == 1)
        #expect(run.text.contains("[ED101]"))
        #expect(run.text.contains("no file was written"))
        // national-workshops built, but is not written either.
        #expect(try ExportTree.files(under: out).isEmpty)
    }

    @Test func aCopiedProfileWithAnUnchangedIDIsALocatedErrorAndNothingIsWritten() throws {
        let folder = try ExportTemporaryFolder()
        let sandwell = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        // A council copies Sandwell's profile to start its own and forgets the id.
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": sandwell, "worcestershire-2025": sandwell])
        let expected = try ExportText.position(of: #"id="sandwell-2022""#, in: sandwell)
        let out = folder.path("out")

        let validate = ExportCLI.run(["validate", "--frameworks", frameworks, folder.path("frameworks/editions/worcestershire-2025.xml")])
        #expect(validate.status == 1)
        let prefix = "\(frameworks)/editions/worcestershire-2025.xml:\(expected.line):\(expected.column): error:"
        let line = validate.lines.first { $0.hasPrefix(prefix) }
        #expect(line?.contains("[ED119]") == true, "no ED119 at the id attribute in:\n\(validate.text)")
        #expect(line?.contains("id=\"worcestershire-2025\"") == true)

        let export = ExportCLI.run(["export", "--all", "--format", "xml", "--out", out, "--frameworks", frameworks])
        #expect(export.status == 1)
        #expect(export.text.contains("[ED119]"))
        #expect(export.text.contains("no file was written"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func twoProfilesWithOneIDAreRefusedBeforeAnythingIsWritten() throws {
        let folder = try ExportTemporaryFolder()
        let sandwell = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": sandwell])
        try folder.write("elsewhere/sandwell-2022.xml", sandwell)
        let out = folder.path("out")
        let run = ExportCLI.run([
            "export", "--edition", "sandwell-2022", "--profile", folder.path("elsewhere/sandwell-2022.xml"),
            "--format", "xml", "--out", out, "--frameworks", frameworks,
        ])
        #expect(run.status == 1)
        #expect(run.text.contains("[ED120]"))
        #expect(run.text.contains("two profiles have the id 'sandwell-2022'"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func editionIDsCannotLeaveTheOutputFolder() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: [:])
        // A profile where `editions/../evil.xml` would find one.
        try folder.write("frameworks/evil.xml", ExportRepo.text("Frameworks/editions/sandwell-2022.xml"))
        let out = folder.path("work/out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path("")).sorted()
        let run = ExportCLI.run(["export", "--edition", "../evil", "--out", out, "--frameworks", frameworks])
        #expect(run.status != 0)
        #expect(run.text.contains("'../evil' is not an edition id"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.path("")).sorted() == before, "nothing is created anywhere")
    }

    @Test(arguments: ["../escaped.txt", "sub/../../escaped.txt", "..", "/ABSOLUTE"])
    func artifactPathsCannotLeaveTheEditionFolder(relativePath: String) throws {
        let folder = try ExportTemporaryFolder()
        let absolute = folder.path("absolute-escape.txt")
        let path = relativePath == "/ABSOLUTE" ? absolute : relativePath
        let formats = OutputFormatRegistry(formats: [EscapingFormat(relativePath: path)])
        let out = folder.path("work/out")
        let console = ExportConsoleBuffer()
        let status = CompetencyCommand.run(
            arguments: ["export", "--edition", "sandwell-2022", "--format", "escape", "--out", out, "--frameworks", ExportRepo.path("Frameworks")],
            console: console.console, formats: formats)
        #expect(status != 0)
        #expect(console.text.contains("refusing to write"), "\(console.text)")
        let written = try ExportTree.files(under: folder.path(""))
        #expect(written.isEmpty, "something was written: \(written)")
        #expect(!FileManager.default.fileExists(atPath: absolute))
    }

    /// A format that throws on a valid edition is a fault in the tool or the format, not in
    /// the input: ED190 and exit 2, where it used to be ED117 ("the edition breaks a rule")
    /// and the input's exit code.
    @Test func aFormatThatFailsIsED190AndExitsTwo() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let formats = OutputFormatRegistry(formats: [ThrowingFormat()])
        let console = ExportConsoleBuffer()
        let status = CompetencyCommand.run(
            arguments: ["export", "--edition", "sandwell-2022", "--format", "throw", "--out", out, "--frameworks", ExportRepo.path("Frameworks")],
            console: console.console, formats: formats)
        #expect(status == 2, "\(console.text)")
        let line = console.text.split(separator: "\n").first { $0.hasSuffix("[ED190]") }
        #expect(line?.contains("error: ") == true, "no ED190 error in:\n\(console.text)")
        #expect(line?.contains("sandwell-2022") == true && line?.contains("throw") == true, "the edition and the format are named: \(line ?? "")")
        #expect(!console.text.contains("[ED117]"))
        #expect(try ExportTree.files(under: out).isEmpty, "nothing is written when a format fails")
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        try folder.write("out/sandwell-2022/sandwell-2022.json", "old bytes to be replaced\n")
        let run = ExportCLI.run(["export", "--all", "--out", out, "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")
        let files = try ExportTree.files(under: out)
        #expect(files.count >= 4)
        #expect(files.allSatisfy { !$0.hasSuffix(".tmp") && !($0.components(separatedBy: "/").last ?? "").hasPrefix(".") }, "\(files)")
        let replaced = try String(contentsOfFile: "\(out)/sandwell-2022/sandwell-2022.json", encoding: .utf8)
        #expect(replaced.hasPrefix("{"))
    }
}

/// A format that cannot render anything, standing in for a bug in a real one.
struct ThrowingFormat: OutputFormat {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "the format is broken" }
    }

    let id = "throw"
    let summary = "Fails on every edition."

    func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        throw Broken()
    }
}

/// A format whose artifact tries to leave the edition's folder.
struct EscapingFormat: OutputFormat {
    var relativePath: String
    let id = "escape"
    let summary = "Writes outside the output folder, or tries to."

    func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        [Artifact(relativePath: "fine.txt", text: "fine\n"), Artifact(relativePath: relativePath, text: "escaped\n")]
    }
}

// MARK: - explain, validate, editions, plugins, formats

@Suite("competency explain, validate and listings")
struct EditionListingTests {
    @Test func explainShowsARenamedRolesNewNameAndAGroupsReasonOnce() throws {
        let run = ExportCLI.run(["explain", "sandwell-2022", "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")
        let lines = run.lines
        let role = try #require(lines.firstIndex(of: "  role caretaker"))
        #expect(lines[role + 1] == "    was \u{201C}Site staff and caretakers\u{201D}")
        #expect(lines[role + 2] == "    now \u{201C}Caretakers and premises staff in any setting\u{201D}")
        let profile = try #require(try EditionProfileLoader().load(contentsOf: ExportRepo.path("Frameworks/editions/sandwell-2022.xml")).profile)
        let core = try #require(profile.groupChanges.first { $0.group.id == "core" }?.rationale)
        let said = lines.filter { $0 == "    why: \(core)" }.count
        #expect(said == 2, "once among the localised changes and once among the added roles, not once per role: \(said)")
    }

    @Test func explainListsEveryChangeWithItsRationale() throws {
        let run = ExportCLI.run(["explain", "sandwell-2022", "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0, "\(run.text)")
        let profile = try #require(try EditionProfileLoader().load(contentsOf: ExportRepo.path("Frameworks/editions/sandwell-2022.xml")).profile)
        #expect(!profile.statementOverrides.isEmpty && !profile.additions.isEmpty)
        #expect(!profile.trainingOverrides.isEmpty && !profile.enhancementOverrides.isEmpty)

        let lines = run.lines
        /// Whether an entry for competency `id` gives `rationale` as its `why:`.
        func explained(_ id: String, _ rationale: String) -> Bool {
            lines.indices.contains { index in
                guard lines[index] == "  competency \(id)" || lines[index].hasPrefix("  competency \(id) [") else { return false }
                return lines[(index + 1)...].prefix { $0.hasPrefix("    ") }.contains("    why: \(rationale)")
            }
        }
        for override in profile.statementOverrides {
            #expect(explained(override.competency.id, override.rationale), "reworded \(override.competency.id)")
            #expect(lines.contains("    now: \(override.text)"))
        }
        for addition in profile.additions {
            #expect(explained(addition.competency.id, addition.rationale), "added \(addition.competency.id)")
            #expect(lines.contains("    \(addition.competency.statement)"))
        }
        for override in profile.trainingOverrides {
            #expect(explained(override.competency.id, override.rationale), "training for \(override.competency.id)")
        }
        for override in profile.enhancementOverrides {
            #expect(explained(override.competency.id, override.rationale), "enhancement for \(override.competency.id)")
        }
        for exclude in profile.excludes {
            #expect(lines.contains("    why: \(exclude.rationale ?? "")"))
        }
        #expect(lines.contains("  competency la-06"))
    }

    /// Every profile in Frameworks/editions/, so a council's new profile is checked too.
    static let shippedEditions: [String] = {
        let folder = ExportRepo.path("Frameworks/editions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test(arguments: shippedEditions)
    func validateAcceptsTheShippedProfiles(edition: String) {
        let run = ExportCLI.run(["validate", ExportRepo.path("Frameworks/editions/\(edition).xml")])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("no problems found"))
    }

    @Test func validateRejectsABrokenProfile() throws {
        let folder = try ExportTemporaryFolder()
        let original = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        let broken = original.replacingOccurrences(of: #"<training competency="cs-04">"#, with: #"<training competency="cs-44">"#)
        #expect(broken != original)
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": broken])
        let path = "\(frameworks)/editions/sandwell-2022.xml"
        let expected = try ExportText.position(of: #"competency="cs-44""#, in: broken)
        let run = ExportCLI.run(["validate", path])
        #expect(run.status == 1)
        #expect(run.lines.contains { $0.hasPrefix("\(path):\(expected.line):\(expected.column): error:") && $0.hasSuffix("[ED101]") }, "\(run.text)")
    }

    @Test func editionsListsTheShippedProfiles() {
        let run = ExportCLI.run(["editions", "--frameworks", ExportRepo.path("Frameworks")])
        #expect(run.status == 0)
        let ids = run.lines.filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: " ")[0]) }
        #expect(ids == ExportRepo.editionIDs())
        #expect(ids.contains("national-workshops") && ids.contains("sandwell-2022"))
        #expect(run.text.contains("plugin local-variant, base in-it-together@2019"))
        #expect(run.text.contains("plugin workshop-edition, base in-it-together@2019"))
    }

    @Test func pluginsListsTheBuiltInPlugins() {
        let run = ExportCLI.run(["plugins"])
        #expect(run.status == 0)
        let ids = run.lines.filter { !$0.hasPrefix(" ") }
        #expect(ids == PluginRegistry.builtIn.plugins.map(\.id))
        #expect(ids.contains("local-variant") && ids.contains("workshop-edition"))
        #expect(run.text.contains(LocalVariantPlugin().summary))
    }

    @Test func formatsListsEveryRegisteredFormat() {
        let run = ExportCLI.run(["formats"])
        #expect(run.status == 0)
        // Ids are indented two spaces, summaries six; headings are not indented.
        let ids = run.lines.filter { $0.hasPrefix("  ") && !$0.hasPrefix("      ") }
            .map { String($0.dropFirst(2).prefix { $0 != " " }) }
        #expect(ids == OutputFormatRegistry.builtIn.formats.map(\.id) + OutputFormatRegistry.builtIn.changeSetFormats.map(\.id))
        #expect(ids.contains("xml") && ids.contains("json") && ids.contains("markdown"))
    }
}

// MARK: - Support (this file's names for the shared helpers, and what only it needs)

/// Everything a run printed, standard output and error interleaved as a terminal shows them.
typealias ExportConsoleBuffer = CapturedConsole

extension CapturedConsole {
    var text: String { all }
}

struct ExportRun {
    var status: Int32
    var text: String
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}

enum ExportCLI {
    static func run(_ arguments: [String], plugins: PluginRegistry = .builtIn, formats: OutputFormatRegistry = .builtIn) -> ExportRun {
        let buffer = ExportConsoleBuffer()
        let status = CompetencyCommand.run(arguments: arguments, console: buffer.console, plugins: plugins, formats: formats)
        return ExportRun(status: status, text: buffer.text)
    }
}

enum ExportRepo: RepositoryFileAccess {
    static func editionIDs() -> [String] { RepositoryFiles.editionIDs }
}

typealias ExportTemporaryFolder = TemporaryFolder

extension TemporaryFolder {
    /// A frameworks folder holding a copy of the shipped base and the given profiles.
    func frameworks(profiles: [String: String]) throws -> String {
        let root = url.appendingPathComponent("frameworks")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("editions"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: ExportRepo.path("Frameworks/in-it-together"), toPath: root.appendingPathComponent("in-it-together").path)
        for (id, text) in profiles {
            try write("frameworks/editions/\(id).xml", text)
        }
        return root.path
    }
}

enum ExportTree {
    struct Entry: Equatable {
        var path: String
        var bytes: Data
        var modified: Date?
    }

    /// Every file under `root` (hidden ones included), relative and sorted.
    static func files(under root: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root) else { return [] }
        let all = try FileManager.default.subpathsOfDirectory(atPath: root)
        return all.filter { relative in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(relative), isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }.sorted()
    }

    static func snapshot(under root: String) throws -> [Entry] {
        try files(under: root).map { relative in
            let full = (root as NSString).appendingPathComponent(relative)
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            return Entry(
                path: relative, bytes: FileManager.default.contents(atPath: full) ?? Data(),
                modified: attributes[.modificationDate] as? Date)
        }
    }
}

enum ExportJSON {
    static func object(atPath path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path), "\(path) was not written")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func competencies(_ document: [String: Any]) throws -> [[String: Any]] {
        let framework = try #require(document["framework"] as? [String: Any])
        let areas = try #require(framework["areas"] as? [[String: Any]])
        return areas.flatMap { ($0["competencies"] as? [[String: Any]]) ?? [] }
    }
}

enum ExportText {
    /// The 1-based line and column (in Unicode scalars) where the only `needle` starts.
    static func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        #expect(text.components(separatedBy: needle).count == 2, "'\(needle)' must occur once")
        let range = try #require(text.range(of: needle))
        let before = text[..<range.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line, text[lineStart..<range.lowerBound].unicodeScalars.count + 1)
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
