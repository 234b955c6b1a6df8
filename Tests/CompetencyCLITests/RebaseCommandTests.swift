import CompetencyCLI
import Foundation
import Testing

/// `competency rebase` and `diff edition:ID@rebased`, run as a council would: a copy of the
/// frameworks folder with the fictional 2026 revision dropped in beside 2019.
@Suite("competency rebase")
struct RebaseCommandTests {
    static let nextVersion = Bundled.repositoryRoot.appendingPathComponent("Tests/RebaseTests/Fixtures/in-it-together/2026.xml").path

    /// A frameworks folder holding the bundled files and the fictional 2026 revision.
    static func library(in directory: TemporaryDirectory) throws -> String {
        let folder = directory.url.appendingPathComponent("Frameworks").path
        try FileManager.default.copyItem(atPath: Bundled.repositoryRoot.appendingPathComponent("Frameworks").path, toPath: folder)
        try FileManager.default.copyItem(atPath: nextVersion, toPath: folder + "/in-it-together/2026.xml")
        return folder
    }

    /// A JSON value without its source locations, which say where each side was read from
    /// (the base file, or an exported edition) rather than what changed.
    static func withoutLocations(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var result: [String: Any] = [:]
            for (key, member) in object {
                if let location = member as? [String: Any], location["file"] != nil, location["line"] != nil { continue }
                result[key] = withoutLocations(member)
            }
            return result
        }
        if let array = value as? [Any] { return array.map(withoutLocations) }
        return value
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("conflicts exit 1 with located RB diagnostics, and nothing is written without --write")
    func reportOnly() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let profile = library + "/editions/sandwell-2022.xml"
        let before = try Data(contentsOf: URL(fileURLWithPath: profile))
        let result = run(["rebase", "sandwell-2022", "--onto", "in-it-together@2026", "--frameworks", library])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.out.contains("Rebasing sandwell-2022 from in-it-together@2019 onto in-it-together@2026"))
        #expect(result.out.contains("\(profile):191:16: note: in-it-together@2026 renamed competency es-09 to es-11"))
        #expect(result.out.contains("[RB120]") && result.out.contains("[RB122]") && result.out.contains("[RB110]"))
        #expect(result.out.contains("Summary: 52 entries carry over unchanged; 1 follows a rename; 2 are now redundant; 8 conflicts."))
        #expect(try Data(contentsOf: URL(fileURLWithPath: profile)) == before)
    }

    @Test("onto the version already used: nothing to report, exit 0, file untouched even with --write")
    func sameVersion() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let profile = library + "/editions/national-workshops.xml"
        let before = try Data(contentsOf: URL(fileURLWithPath: profile))
        let result = run(["rebase", "national-workshops", "--onto", "in-it-together@2019", "--frameworks", library, "--write"])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.out == "national-workshops is already based on in-it-together@2019 and nothing in it needs to change.\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: profile)) == before)
    }

    @Test("JSON lists every finding with its class, resolution, location and three wordings")
    func jsonReport() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let result = run(["rebase", "national-workshops", "--onto", "in-it-together@2026", "--frameworks", library, "--format", "json"])
        #expect(result.status == 1)
        let document = try Self.json(result.out)
        #expect(document["from"] as? String == "in-it-together@2019")
        #expect(document["onto"] as? String == "in-it-together@2026")
        #expect(document["validates"] as? Bool == true)
        #expect(document["written"] as? Bool == false)
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 10)
        let le04 = try #require(findings.first { $0["entry"] as? String == "statement override of le-04" })
        #expect(le04["class"] as? String == "conflict")
        #expect(le04["code"] as? String == "RB120")
        #expect(le04["resolution"] as? String == "marked")
        let location = try #require(le04["location"] as? [String: Any])
        #expect(location["line"] as? Int == 83)
        let wording = try #require(le04["wording"] as? [String: Any])
        #expect((wording["baseNew"] as? String)?.hasPrefix("Realises when a worry") == true)
        #expect((wording["ourChange"] as? [[String: Any]])?.contains { $0["operation"] as? String == "insert" } == true)
    }

    @Test("--write rewrites the profile in place; it validates, and its export differs from the old edition exactly as the redline says", arguments: ["sandwell-2022", "national-workshops"])
    func writeThenExportMatchesRedline(id: String) throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let oldExport = directory.url.appendingPathComponent("old").path
        let newExport = directory.url.appendingPathComponent("new").path
        #expect(run(["export", "--edition", id, "--format", "xml", "--no-diffs", "--out", oldExport, "--frameworks", library]).status == 0)

        // The redline of the rebase, before anything is written.
        let redline = run(["diff", "edition:\(id)", "edition:\(id)@rebased", "--onto", "in-it-together@2026", "--format", "json", "--frameworks", library])
        #expect(redline.status == 1, "\(redline.all)")
        let docx = directory.url.appendingPathComponent("rebase.docx").path
        #expect(run(["diff", "edition:\(id)", "edition:\(id)@rebased", "--onto", "in-it-together@2026", "--format", "docx", "--out", docx, "--frameworks", library]).status == 1)
        #expect(FileManager.default.fileExists(atPath: docx))

        let written = run(["rebase", id, "--onto", "in-it-together@2026", "--frameworks", library, "--write"])
        #expect(written.status == 1, "conflicts remain to resolve: \(written.all)")
        #expect(written.out.contains("Wrote \(library)/editions/\(id).xml: now based on in-it-together@2026."))
        let text = try String(contentsOfFile: library + "/editions/\(id).xml", encoding: .utf8)
        #expect(text.contains("<base framework=\"in-it-together\" version=\"2026\"/>"))
        #expect(text.contains("rebase onto in-it-together@2026, CONFLICT RB122"))
        #expect(run(["validate", library + "/editions/\(id).xml", "--frameworks", library]).status == 0)

        #expect(run(["export", "--edition", id, "--format", "xml", "--no-diffs", "--out", newExport, "--frameworks", library]).status == 0)
        let exported = run(["diff", "\(oldExport)/\(id)/\(id).xml", "\(newExport)/\(id)/\(id).xml", "--format", "json"])
        #expect(exported.status == 1)
        // The two reports agree on every change; only the sides' labels and paths differ.
        var redlineChanges = try Self.json(redline.out)
        var exportChanges = try Self.json(exported.out)
        for key in ["old", "new"] {
            redlineChanges[key] = nil
            exportChanges[key] = nil
        }
        redlineChanges = try #require(Self.withoutLocations(redlineChanges) as? [String: Any])
        exportChanges = try #require(Self.withoutLocations(exportChanges) as? [String: Any])
        let left = String(decoding: try JSONSerialization.data(withJSONObject: redlineChanges, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
        let right = String(decoding: try JSONSerialization.data(withJSONObject: exportChanges, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
        // Compared as canonical text: Foundation on Linux does not compare nested Swift
        // collections inside NSDictionary reliably.
        #expect(left == right, "redline: \(redline.out)\nexport diff: \(exported.out)")
        #expect(((redlineChanges["competencyChanges"] as? [Any])?.count ?? 0) > 0)

        // Rebasing again onto the same version finds nothing left to do.
        let again = run(["rebase", id, "--onto", "in-it-together@2026", "--frameworks", library])
        #expect(again.status == 0, "\(again.all)")
    }

    @Test("--write writes nothing when the rebased profile would not validate")
    func refusesInvalidResult() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        // An outcome that develops only es-03: once es-03 is merged away the outcome has
        // nothing left and the schema rejects it.
        let path = library + "/editions/national-workshops.xml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let outcome = try #require(text.range(of: "<develops ref=\"es-02\"/>"))
        text.replaceSubrange(outcome, with: "")
        for id in ["es-04", "es-05", "es-07", "es-09"] {
            text = text.replacingOccurrences(of: "<develops ref=\"\(id)\"/>", with: "")
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(run(["validate", path, "--frameworks", library]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = run(["rebase", "national-workshops", "--onto", "in-it-together@2026", "--frameworks", library, "--write"])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.out.contains("[RB190]"))
        #expect(result.err.contains("nothing written"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(run(["diff", "edition:national-workshops", "edition:national-workshops@rebased", "--onto", "in-it-together@2026", "--frameworks", library]).status == 2)
    }

    @Test("trouble exits 2: an unknown version, a missing old base, a profile with errors")
    func trouble() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let unknown = run(["rebase", "sandwell-2022", "--onto", "in-it-together@2031", "--frameworks", library])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("in-it-together has no version 2031; versions: 2017, 2019, 2026"))
        #expect(run(["rebase", "no-such-edition", "--onto", "in-it-together@2026", "--frameworks", library]).status == 2)
        try FileManager.default.removeItem(atPath: library + "/in-it-together/2019.xml")
        let missing = run(["rebase", "sandwell-2022", "--onto", "in-it-together@2026", "--frameworks", library])
        #expect(missing.status == 2)
        #expect(missing.err.contains("[ED113]"))
        #expect(missing.err.contains("put that version back"))
        #expect(run(["diff", "edition:sandwell-2022", "edition:sandwell-2022@rebased", "--frameworks", library]).status == 2)
    }
}
