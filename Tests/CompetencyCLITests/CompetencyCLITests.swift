import CompetencyCLI
import Foundation
import FrameworkLoading
import TestSupport
import Testing

/// Collects what a command writes, separately for standard output and standard error.
final class CapturedConsole: @unchecked Sendable {
    // @unchecked: every access to the buffers holds `lock`.
    private let lock = NSLock()
    private var outBuffer = ""
    private var errBuffer = ""
    private var bothBuffer = ""

    var console: Console {
        Console(
            writeOutput: { [self] text in append(text, toError: false) },
            writeError: { [self] text in append(text, toError: true) },
            isTerminal: false)
    }

    private func append(_ text: String, toError: Bool) {
        lock.lock(); defer { lock.unlock() }
        if toError { errBuffer += text } else { outBuffer += text }
        bothBuffer += text
    }

    var out: String { lock.lock(); defer { lock.unlock() }; return outBuffer }
    var err: String { lock.lock(); defer { lock.unlock() }; return errBuffer }
    var all: String { lock.lock(); defer { lock.unlock() }; return bothBuffer }
}

struct Run {
    var status: Int32
    var out: String
    var err: String
    var all: String
}

func run(_ arguments: [String]) -> Run {
    let captured = CapturedConsole()
    let status = CompetencyCommand.run(arguments: arguments, console: captured.console)
    return Run(status: status, out: captured.out, err: captured.err, all: captured.all)
}

enum Bundled {
    static let repositoryRoot = RepositoryFiles.root
    static func path(_ version: String) -> String {
        repositoryRoot.appendingPathComponent("Frameworks/in-it-together/\(version).xml").path
    }
    static func text(_ version: String) throws -> String {
        try String(contentsOfFile: path(version), encoding: .utf8)
    }
}


@Suite("competency validate")
struct ValidateCommandTests {
    @Test(arguments: ["2017", "2019"])
    func bundledFrameworkIsClean(version: String) throws {
        try #require(FileManager.default.fileExists(atPath: Bundled.path(version)), "\(version).xml is missing")
        let result = run(["validate", Bundled.path(version)])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.err.isEmpty, "diagnostics printed: \(result.err)")
        #expect(!result.all.contains("[FW"))
        #expect(result.out.contains("no problems found"))
    }

    @Test func bothBundledFrameworksAtOnce() throws {
        let result = run(["validate", Bundled.path("2017"), Bundled.path("2019")])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.out.contains("checked 2 files"))
    }

    @Test func duplicatedCompetencyIsReportedAtTheDuplicate() throws {
        let text = try Bundled.text("2019")
        // The first <competency …>…</competency>, with its indentation and line break.
        let start = try #require(text.range(of: "<competency "))
        let lineStart = text[..<start.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let end = try #require(text.range(of: "</competency>\n", range: start.upperBound..<text.endIndex))
        let block = String(text[lineStart..<end.upperBound])
        var copy = text
        copy.insert(contentsOf: block, at: end.upperBound)

        let originalLine = text[..<start.lowerBound].filter { $0 == "\n" }.count + 1
        let duplicateLine = originalLine + block.filter { $0 == "\n" }.count
        let column = text.unicodeScalars.distance(from: lineStart, to: start.lowerBound) + 1

        let directory = try TemporaryDirectory()
        let path = try directory.write("copy.xml", copy)
        let result = run(["validate", path])
        #expect(result.status == 1, "\(result.all)")
        let lines = result.err.components(separatedBy: "\n")
        let fw101 = try #require(lines.first { $0.hasSuffix("[FW101]") }, "no FW101 in \(result.err)")
        #expect(fw101.hasPrefix("\(path):\(duplicateLine):\(column): error: "), "\(fw101)")
        #expect(result.err.contains("copy.xml:\(duplicateLine):\(column): error:"))
        // The note names the original.
        #expect(result.err.contains("copy.xml:\(originalLine):\(column): note:"))
        #expect(result.err.contains("error"))
    }

    @Test func truncatedFileExitsTwoWithFW001() throws {
        let bytes = Array(try Bundled.text("2019").utf8)
        let truncated = Array(bytes.prefix(bytes.count * 4 / 10))
        let directory = try TemporaryDirectory()
        let path = try directory.write("truncated.xml", truncated)
        let result = run(["validate", path])
        #expect(result.status == 2, "\(result.all)")
        let pattern = try Regex("truncated\\.xml:([0-9]+):([0-9]+): error: .*\\[FW001\\]")
        let match = try #require(result.err.firstMatch(of: pattern), "\(result.err)")
        let line = Int(String(match.output[1].substring ?? "")) ?? 0
        #expect(line > 1)
        #expect(line <= String(decoding: truncated, as: UTF8.self).filter { $0 == "\n" }.count + 1)
    }

    @Test func externalEntityNeverPrintsTheSecret() throws {
        let directory = try TemporaryDirectory()
        let secret = "CLI-SECRET-\(UUID().uuidString)"
        let secretPath = try directory.write("secret.txt", secret)
        let text = try Bundled.text("2019")
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try #require(text.hasPrefix(declaration))
        var hostile = declaration + "<!DOCTYPE framework [<!ENTITY xxe SYSTEM \"file://\(secretPath)\">]>\n" + text.dropFirst(declaration.count)
        let title = try #require(hostile.range(of: "<title>"))
        hostile.insert(contentsOf: "&xxe;", at: title.upperBound)
        let path = try directory.write("hostile.xml", hostile)
        for format in ["text", "json"] {
            let result = run(["validate", path, "--format", format])
            #expect(result.status != 0)
            #expect(!result.all.contains(secret), "the secret leaked: \(result.all)")
            #expect(result.all.contains("FW003"))
        }
    }

    @Test func werrorTurnsWarningsIntoFailures() throws {
        let text = try Bundled.text("2019")
        let end = try #require(text.range(of: "</trainingOptions>"))
        var copy = text
        copy.insert(contentsOf: """
            <trainingOption id="never-used" scope="local" format="resource">
                  <title>Never used</title>
                  <provider>Nobody</provider>
                  <url>https://example.org/never-used</url>
                </trainingOption>
              
            """, at: end.lowerBound)
        let directory = try TemporaryDirectory()
        let path = try directory.write("warning.xml", copy)

        let plain = run(["validate", path])
        #expect(plain.status == 0, "\(plain.all)")
        #expect(plain.err.contains("warning:"))
        #expect(plain.err.contains("[FW112]"))
        #expect(plain.err.contains("0 errors, 1 warning"))

        let strict = run(["validate", "--werror", path])
        #expect(strict.status == 1, "\(strict.all)")
        #expect(strict.err.contains("error: training option 'never-used'"))
        #expect(!strict.err.contains("warning:"))
    }

    @Test func jsonFormatIsParseable() throws {
        let text = try Bundled.text("2019")
        let directory = try TemporaryDirectory()
        let broken = try directory.write("broken.xml", text.replacingOccurrences(of: "rank=\"3\"", with: "rank=\"4\""))
        let result = run(["validate", "--format", "json", Bundled.path("2019"), broken])
        #expect(result.status == 1)
        #expect(result.err.isEmpty, "JSON mode writes only the document: \(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 0)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == [Bundled.path("2019"), broken])
        #expect((files[0]["diagnostics"] as? [Any])?.isEmpty == true)
        let diagnostics = try #require(files[1]["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["FW110"])
        #expect(diagnostics.first?["severity"] as? String == "error")
        let location = try #require(diagnostics.first?["location"] as? [String: Any])
        #expect(location["file"] as? String == broken)
        #expect((location["line"] as? Int ?? 0) > 1)
    }

    @Test func jsonForUnreadableFileStillParsesAndExitsTwo() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).xml").path
        let result = run(["validate", "--format", "json", missing])
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        let codes = (files.first?["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["FW006"])
    }

    @Test func missingFileExitsTwo() throws {
        let result = run(["validate", "/nonexistent/\(UUID().uuidString).xml"])
        #expect(result.status == 2)
        #expect(result.err.contains("[FW006]"))
    }
}

@Suite("competency usage")
struct UsageTests {
    @Test func validateWithoutPathsIsAUsageError() {
        let result = run(["validate"])
        #expect(result.status == 2)
        #expect(!result.err.isEmpty)
    }

    @Test func unknownSubcommandIsAUsageError() {
        let result = run(["frobnicate"])
        #expect(result.status == 2)
        #expect(!result.err.isEmpty)
    }

    @Test func unknownOptionIsAUsageError() {
        #expect(run(["validate", "--no-such-option", Bundled.path("2019")]).status == 2)
        #expect(run(["validate", "--format", "yaml", Bundled.path("2019")]).status == 2)
    }

    @Test func validateHelpHasExamples() {
        let result = run(["validate", "--help"])
        #expect(result.status == 0)
        #expect(result.out.contains("Examples"))
        #expect(result.out.contains("--werror"))
        #expect(result.err.isEmpty)
    }

    @Test func rulesListsEveryRule() {
        let result = run(["rules"])
        #expect(result.status == 0)
        let lines = result.out.components(separatedBy: "\n")
        for rule in FrameworkRules.all {
            let line = lines.first { $0.hasPrefix(rule.code + " ") }
            #expect(line != nil, "\(rule.code) is not listed")
            #expect(line?.contains(rule.name) == true)
            #expect(line?.contains(rule.severity.rawValue) == true)
        }
        for code in ["FW001", "FW002", "FW003", "FW004", "FW005", "FW006"] + (101...110).map({ "SH\($0)" })
            + ["RB101", "RB110", "RB111", "RB112", "RB120", "RB121", "RB122", "RB123", "RB124", "RB125", "RB190"] {
            #expect(lines.contains { $0.hasPrefix(code + " ") }, "\(code) is not listed")
        }
    }
}

typealias TemporaryDirectory = TemporaryFolder
