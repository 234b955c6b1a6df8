import CompetencyCLI
import Foundation
import Testing

/// Regression tests for the fuzz and fault report (`shared/reviews/fuzz-and-faults.md`):
/// each test names the defect it pins, and each failed (or crashed) on the code the report
/// was written against.
enum Hardening {
    static let frameworks = Bundled.repositoryRoot.appendingPathComponent("Frameworks").path

    static func profileText(_ id: String) throws -> String {
        try String(contentsOfFile: "\(frameworks)/editions/\(id).xml", encoding: .utf8)
    }

    /// A frameworks folder whose 2019 version (or a profile) is replaced by `text`.
    static func frameworksFolder(in directory: TemporaryDirectory, framework2019: String? = nil, profiles: [String: String] = [:]) throws -> String {
        let root = directory.url.appendingPathComponent("Frameworks")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("in-it-together"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("editions"), withIntermediateDirectories: true)
        for version in ["2017", "2019"] {
            let text = version == "2019" ? try framework2019 ?? Bundled.text(version) : try Bundled.text(version)
            try Data(text.utf8).write(to: root.appendingPathComponent("in-it-together/\(version).xml"))
        }
        for id in ["sandwell-2022", "national-workshops"] {
            let text = try profiles[id] ?? profileText(id)
            try Data(text.utf8).write(to: root.appendingPathComponent("editions/\(id).xml"))
        }
        return root.path
    }

    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    }
}

@Suite("hardening: values the schema accepts never trap")
struct ArithmeticOnUserValuesTests {
    /// R01: `xs:duration` accepted PT153722867280912930H; `validate` said clean and `export`
    /// trapped converting a Double to Int. The schema now bounds durations, so `validate`
    /// reports it, located, and `export` is never reached with it.
    @Test func aHugeTrainingDurationIsAValidateErrorAtItsLine() throws {
        let text = try Bundled.text("2019")
        let original = "<duration>PT30M</duration>"
        let line = try #require(Hardening.line(of: original, in: text))
        let hostile = text.replacingOccurrences(of: original, with: "<duration>PT153722867280912930H</duration>", options: [], range: text.range(of: original))
        let directory = try TemporaryDirectory()
        let path = try directory.write("huge-duration.xml", hostile)
        let result = run(["validate", path])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.err.contains("huge-duration.xml:\(line):"), "\(result.err)")
        #expect(result.err.contains("[FW005]"))
    }

    @Test func aHugeWorkshopDurationIsAValidateError() throws {
        let text = try Hardening.profileText("national-workshops")
        let hostile = text.replacingOccurrences(of: "<duration>PT2H</duration>", with: "<duration>PT153722867280912930H</duration>")
        let directory = try TemporaryDirectory()
        let path = try directory.write("national-workshops.xml", hostile)
        let result = run(["validate", "--frameworks", Hardening.frameworks, path])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.err.contains("[FW005]"), "\(result.err)")
    }

    /// R02: `minutes="9223372036854775807"` is a valid `xs:positiveInteger`; summing the
    /// segments overflowed and trapped in validate, explain and export.
    @Test(arguments: ["9223372036854775807", "9223372036854775808", "601"])
    func segmentMinutesBeyondTheLimitAreLocatedErrors(_ minutes: String) throws {
        let text = try Hardening.profileText("national-workshops")
        let original = "<segment minutes=\"10\" keyMessages=\"everyones-business\">"
        let line = try #require(Hardening.line(of: original, in: text))
        let hostile = text.replacingOccurrences(of: original, with: "<segment minutes=\"\(minutes)\" keyMessages=\"everyones-business\">")
        let directory = try TemporaryDirectory()
        let path = try directory.write("national-workshops.xml", hostile)
        for command in [["validate", path], ["explain", "--profile", path]] {
            let result = run(command + ["--frameworks", Hardening.frameworks])
            #expect(result.status == 1, "\(command): \(result.all)")
            #expect(result.err.contains("national-workshops.xml:\(line):"), "\(result.err)")
            #expect(result.err.contains("[FW005]"))
            #expect(result.err.contains("600") || result.err.contains("maximum"), "the message names the limit: \(result.err)")
        }
    }

    @Test func theLargestAllowedValuesBuildAnEdition() throws {
        var text = try Hardening.profileText("national-workshops")
        text = text.replacingOccurrences(of: "<duration>PT2H</duration>", with: "<duration>PT999H9999M</duration>")
        let directory = try TemporaryDirectory()
        let path = try directory.write("national-workshops.xml", text)
        let validated = run(["validate", "--frameworks", Hardening.frameworks, path])
        // The segments no longer add up to the duration: an ordinary, located ED110.
        #expect(validated.status == 1, "\(validated.all)")
        #expect(validated.err.contains("lasts 69939 minutes"), "\(validated.err)")
        #expect(validated.err.contains("[ED110]"))
    }
}

@Suite("hardening: profiles and diagnostics")
struct ProfileAndDiagnosticHardeningTests {
    /// R15: a second key message or workshop with the same id validated clean and was
    /// exported twice.
    @Test(arguments: [("keyMessage", "everyones-business"), ("workshop", "workshop-1")])
    func aRepeatedIdIsAnError(_ element: String, _ id: String) throws {
        let text = try Hardening.profileText("national-workshops")
        let start = try #require(text.range(of: "<\(element) id=\"\(id)\""))
        let lineStart = try #require(text[..<start.lowerBound].lastIndex(of: "\n")).utf16Offset(in: text) + 1
        let end = try #require(text.range(of: "</\(element)>\n", range: start.upperBound..<text.endIndex))
        let block = String(text[text.index(text.startIndex, offsetBy: lineStart)..<end.upperBound])
        var copy = text
        copy.insert(contentsOf: block, at: end.upperBound)
        let firstLine = try #require(Hardening.line(of: "<\(element) id=\"\(id)\"", in: text))
        let secondLine = firstLine + block.filter { $0 == "\n" }.count
        let directory = try TemporaryDirectory()
        let path = try directory.write("national-workshops.xml", copy)
        let result = run(["validate", "--frameworks", Hardening.frameworks, path])
        #expect(result.status == 1, "\(result.all)")
        let line = try #require(result.err.split(separator: "\n").first { $0.hasSuffix("[ED108]") }, "\(result.err)")
        #expect(line.contains("national-workshops.xml:\(secondLine):"), "\(line)")
        #expect(line.contains("'\(id)'"))
        #expect(result.err.contains("national-workshops.xml:\(firstLine):"), "the note points at the first: \(result.err)")
    }

    /// R11: a value holding a line break split a diagnostic over two lines, and could forge
    /// a `file:line:col: error:` line of its own.
    @Test(arguments: ["&#10;", "\u{2028}", "\u{85}", "&#13;"])
    func anEchoedValueCannotForgeADiagnosticLine(_ breaker: String) throws {
        let text = try Bundled.text("2019")
        let forged = "core\(breaker)Frameworks/in-it-together/2019.xml:1:1: error: forged diagnostic [FW000]"
        let hostile = text.replacingOccurrences(of: "group=\"core\"", with: "group=\"\(forged)\"", options: [], range: text.range(of: "group=\"core\""))
        let directory = try TemporaryDirectory()
        let path = try directory.write("forged.xml", hostile)
        let result = run(["validate", path])
        #expect(result.status == 1, "\(result.all)")
        for line in result.err.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            #expect(!line.hasPrefix("Frameworks/"), "a forged line: \(line)")
            // A diagnostic line, a note at a place, or a note without one (libxml2's own
            // wording kept under a plain-language message); each is one escaped line.
            let isDiagnostic = (line.hasPrefix(path) && (line.hasSuffix("]") || line.contains(": note: "))) || line.hasPrefix("note: ")
            #expect(isDiagnostic || line.hasPrefix("checked "), "not a whole diagnostic: \(line)")
        }
        for separator in ["\u{2028}", "\u{2029}", "\u{85}"] {
            #expect(!result.err.contains(separator))
        }
    }

    /// R16: a byte order mark counted as a column.
    @Test func aByteOrderMarkIsNotAColumn() throws {
        let document = "<framework xmlns=\"urn:competencykit:framework:1\" id=\"x\"/>\n"
        let directory = try TemporaryDirectory()
        let plain = run(["validate", try directory.write("plain.xml", document)])
        let marked = run(["validate", try directory.write("marked.xml", [0xEF, 0xBB, 0xBF] + Array(document.utf8))])
        #expect(plain.status == 1 && marked.status == 1, "\(plain.all)\n\(marked.all)")
        #expect(plain.err.contains("plain.xml:1:1: error:"), "\(plain.err)")
        #expect(marked.err.contains("marked.xml:1:1: error:"), "\(marked.err)")
    }

    @Test func aLoneCarriageReturnEndsALine() throws {
        let text = try Bundled.text("2019").replacingOccurrences(of: "\n", with: "\r")
        let broken = text.replacingOccurrences(of: "rank=\"3\"", with: "rank=\"4\"")
        let line = try #require(Hardening.line(of: "rank=\"3\"", in: try Bundled.text("2019")))
        let directory = try TemporaryDirectory()
        let result = run(["validate", try directory.write("cr.xml", broken)])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.err.contains("cr.xml:\(line):"), "\(result.err)")
    }
}

@Suite("hardening: the output folder after a failure")
struct OutputFolderFaultTests {
    /// R10: a failure part way through `export --all` left 17 of 26 files written. Now the
    /// whole set is staged first, so a file in the way of one edition leaves the folder as it
    /// was.
    @Test func aFileInTheWayOfOneEditionWritesNothingAtAll() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let blocker = out.appendingPathComponent("sandwell-2022")
        try Data("in the way".utf8).write(to: blocker)
        let result = run(["export", "--all", "--frameworks", Hardening.frameworks, "--out", out.path])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("a file of that name is in the way"), "\(result.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["sandwell-2022"])
        #expect(try Data(contentsOf: blocker) == Data("in the way".utf8))
    }

    /// Issue 9: a broken framework version used to drop out of `export --all` silently
    /// (exit 0, its change report gone), or be published with its errors.
    @Test(arguments: [
        ("<licence>Open Government Licence v3.0</licence>", "", 1),
        ("<framework ", "<frameworks ", 2),
    ])
    func aBrokenFrameworkStopsTheFullExport(_ find: String, _ replace: String, _ status: Int32) throws {
        let directory = try TemporaryDirectory()
        let broken = try Bundled.text("2017").replacingOccurrences(of: find, with: replace)
        let frameworks = try Hardening.frameworksFolder(in: directory, framework2019: nil)
        try Data(broken.utf8).write(to: URL(fileURLWithPath: frameworks).appendingPathComponent("in-it-together/2017.xml"))
        let out = directory.url.appendingPathComponent("out").path
        let result = run(["export", "--all", "--frameworks", frameworks, "--out", out])
        #expect(result.status == status, "\(result.all)")
        #expect(result.err.contains("2017.xml"), "\(result.err)")
        #expect(result.err.contains("no file was written"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aFailedExportKeepsThePreviousFilesExactly() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("out").path
        let first = run(["export", "--all", "--frameworks", Hardening.frameworks, "--out", out])
        #expect(first.status == 0, "\(first.all)")
        let before = try snapshot(out)
        // A changed framework would rewrite most files; a file in the way of one of them
        // must stop all of them.
        let changed = try Bundled.text("2019").replacingOccurrences(of: "<title>", with: "<title>Revised: ", options: [], range: try Bundled.text("2019").range(of: "<title>"))
        let frameworks = try Hardening.frameworksFolder(in: directory, framework2019: changed)
        let national = (out as NSString).appendingPathComponent("national-workshops")
        // The last file (not folder, such as site/) the export writes there.
        let victim = try #require(try FileManager.default.contentsOfDirectory(atPath: national).sorted().last { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: (national as NSString).appendingPathComponent(name), isDirectory: &isDirectory) && !isDirectory.boolValue
        })
        let victimPath = (national as NSString).appendingPathComponent(victim)
        try FileManager.default.removeItem(atPath: victimPath)
        try FileManager.default.createDirectory(atPath: victimPath + "/blocker", withIntermediateDirectories: true)
        let second = run(["export", "--all", "--frameworks", frameworks, "--out", out])
        #expect(second.status == 2, "\(second.all)")
        var after = try snapshot(out)
        after.removeValue(forKey: "national-workshops/\(victim)/blocker")
        var expected = before
        expected.removeValue(forKey: "national-workshops/\(victim)")
        #expect(after == expected, "files changed by a failed export: \(Set(after.keys).symmetricDifference(expected.keys))")
    }

    /// R09: a killed export left Foundation's `.dat.nosync…` temporaries, which no later
    /// export removed. Ours now carry the process id, and the next export clears those
    /// whose process is gone.
    @Test func theNextExportRemovesTemporariesOfAKilledRun() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("out").path
        let folder = (out as NSString).appendingPathComponent("sandwell-2022")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A process id above the kernel's maximum (4194304) can never be running.
        let dead = (folder as NSString).appendingPathComponent(".competency-sandwell-2022.json.4999999.tmp")
        let foundation = (folder as NSString).appendingPathComponent(".dat.nosync6878.lz0Edi")
        let live = (folder as NSString).appendingPathComponent(".competency-sandwell-2022.xml.1.tmp")
        for path in [dead, foundation, live] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)))
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: foundation)
        let result = run(["export", "--edition", "sandwell-2022", "--frameworks", Hardening.frameworks, "--out", out])
        #expect(result.status == 0, "\(result.all)")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(!FileManager.default.fileExists(atPath: foundation))
        // Process 1 is alive: its file might still be renamed into place, so it stays.
        #expect(FileManager.default.fileExists(atPath: live))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers == [".competency-sandwell-2022.xml.1.tmp"])
    }

    private func snapshot(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            } else if isDirectory.boolValue, (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true {
                files[relative] = Data()
            }
        }
        return files
    }
}

@Suite("hardening: resource bounds")
struct ResourceBoundTests {
    /// R14: an 11 MB statement validated clean (xmllint refuses it) and took 23 s and 234 MB
    /// of output to export. Fields are now capped at 1 MiB, at the element's start tag.
    @Test func anOverlongTextIsRefusedAtItsElement() throws {
        let text = try Bundled.text("2019")
        let statement = try #require(text.range(of: "<statement>"))
        let line = text[..<statement.lowerBound].filter { $0 == "\n" }.count + 1
        var hostile = text
        hostile.insert(contentsOf: String(repeating: "calm ", count: 220_000), at: statement.upperBound)
        let directory = try TemporaryDirectory()
        let path = try directory.write("huge-text.xml", hostile)
        let result = run(["validate", path])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("huge-text.xml:\(line):"), "\(result.err)")
        #expect(result.err.contains("over the limit of 1048576 bytes"))
        #expect(result.err.contains("[FW004]"))
    }

    @Test func anOverlongAttributeIsRefusedAtTheAttribute() throws {
        let text = try Bundled.text("2019")
        let hostile = text.replacingOccurrences(of: "phases=\"early-years primary secondary college\"", with: "phases=\"\(String(repeating: "primary ", count: 140_000))\"", options: [], range: text.range(of: "phases=\"early-years primary secondary college\""))
        let directory = try TemporaryDirectory()
        let result = run(["validate", try directory.write("huge-attribute.xml", hostile)])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("attribute 'phases'"), "\(result.err)")
        #expect(result.err.contains("[FW004]"))
    }
}
