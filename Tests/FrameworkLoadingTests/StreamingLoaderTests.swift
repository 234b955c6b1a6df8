import CompetencyModel
import Foundation
import FrameworkLoading
import Testing

/// The streaming loader must give exactly what the tree loader gives: the same framework,
/// every source location included (locations take no part in `==`, so they are compared
/// here one by one), and the same diagnostics.
@Suite("Streaming loader matches the tree loader")
struct StreamingLoaderTests {
    /// Every location the model keeps, in a fixed order, as text.
    static func locations(_ framework: Framework) -> [String] {
        var result: [String] = []
        func add(_ label: String, _ location: SourceLocation?) { result.append("\(label) \(location?.description ?? "-")") }
        add("framework", framework.location)
        add("derivedFrom", framework.metadata.derivedFromLocation)
        for phase in framework.phases { add("phase \(phase.id)", phase.location) }
        for group in framework.groups {
            add("group \(group.id)", group.location)
            add("rank \(group.id)", group.rankLocation)
            for role in group.roles { add("role \(role.id)", role.location) }
        }
        add("scale", framework.ratingScale.location)
        for point in framework.ratingScale.points { add("point \(point.value)", point.location) }
        for option in framework.trainingOptions {
            add("training \(option.id)", option.location)
            add("training url \(option.id)", option.urlLocation)
        }
        for service in framework.services {
            add("service \(service.id)", service.location)
            add("service url \(service.id)", service.urlLocation)
        }
        for area in framework.areas {
            add("area \(area.id)", area.location)
            for competency in area.competencies {
                add("competency \(competency.id)", competency.location)
                add("statement \(competency.id)", competency.statementLocation)
                for (name, location) in competency.attributeLocations.sorted(by: { $0.key < $1.key }) {
                    add("@\(name) \(competency.id)", location)
                }
                for reference in competency.trainingRefs { add("training ref \(competency.id) \(reference.id)", reference.location) }
                for reference in competency.serviceRefs { add("signpost \(competency.id) \(reference.id)", reference.location) }
            }
        }
        return result
    }

    static func bothWays(_ text: String, path: String = "test.xml") throws -> (stream: FrameworkLoader.Result, tree: FrameworkLoader.Result) {
        let loader = FrameworkLoader()
        return (try loader.load(bytes: Array(text.utf8), path: path), try loader.loadAsTree(bytes: Array(text.utf8), path: path))
    }

    static func expectSame(_ text: String, _ comment: Comment? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try expectSame(text, fromFile: false, comment, sourceLocation: sourceLocation)
        try expectSame(text, fromFile: true, comment, sourceLocation: sourceLocation)
    }

    /// `fromFile`: the file path, which streams the file from disk in chunks, rather than
    /// bytes already in memory.
    static func expectSame(_ text: String, fromFile: Bool, _ comment: Comment?, sourceLocation: Testing.SourceLocation) throws {
        var (stream, tree) = try bothWays(text)
        if fromFile {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString).xml")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            stream = try FrameworkLoader().load(contentsOf: url.path)
            tree = try FrameworkLoader().loadAsTree(bytes: Array(text.utf8), path: url.path)
        }
        let framework = try #require(tree.framework, "the tree loader rejects it: \(tree.diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
        #expect(stream.framework == framework, comment, sourceLocation: sourceLocation)
        #expect(stream.diagnostics == tree.diagnostics, comment, sourceLocation: sourceLocation)
        let streamed = try #require(stream.framework, sourceLocation: sourceLocation)
        let expected = locations(framework)
        let actual = locations(streamed)
        #expect(actual == expected, "first difference: \(zip(actual, expected).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "length \(actual.count) vs \(expected.count)")", sourceLocation: sourceLocation)
    }

    static var files: [URL] {
        let rules = (try? FileManager.default.contentsOfDirectory(at: Paths.ruleFixtures, includingPropertiesForKeys: nil)) ?? []
        return [Paths.valid, Paths.bundled.appendingPathComponent("2017.xml"), Paths.bundled.appendingPathComponent("2019.xml"),
                Paths.repositoryRoot.appendingPathComponent("Tests/RebaseTests/Fixtures/in-it-together/2026.xml")]
            + rules.filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
    }

    @Test("bundled frameworks, the rebase fixture and every rule fixture", arguments: files)
    func sameForFile(_ url: URL) throws {
        try Self.expectSame(try readText(url), "\(url.lastPathComponent)")
    }

    @Test("markup that changes where text and attributes sit")
    func awkwardMarkup() throws {
        let text = try validVariant([
            // An attribute list broken over lines, single quotes and a character reference.
            ("<group id=\"enhanced\" rank=\"2\">", "<group\n      id='enhanced'\n      rank=\"&#50;\">"),
            // Text split by a comment and a CDATA section, with entities and non-ASCII.
            ("<date>2020-01-31</date>", "<date>2020-<!-- month -->01<![CDATA[-31]]></date>"),
        ])
        let withStatement = try replacingFirstStatement(in: text, with: "Knows café &amp; crèche <![CDATA[<rules>]]> — and <!-- not this -->the rest.")
        try Self.expectSame(withStatement)
    }

    @Test("long texts and many elements, across libxml2's input chunks")
    func largeDocument() throws {
        var text = try validText
        // A description far longer than one parser chunk, with entities and a CDATA section
        // scattered through it so that text nodes end and start at many offsets.
        let sentence = "Staff notice &amp; listen; children\u{2019}s voices <![CDATA[<matter>]]> most. "
        let long = String(repeating: sentence, count: 4_000)
        text = try replacing("<description>A small framework used by the tests.</description>", with: "<description>\(long)</description>", in: text)
        // Many competencies: each copy of the first one gets a new id and code.
        let open = try #require(text.range(of: "<competency id=\"wb-01\""))
        let close = try #require(text.range(of: "</competency>", range: open.upperBound..<text.endIndex))
        let block = String(text[open.lowerBound..<close.upperBound])
        let copies = (1...3_000).map { number in
            block.replacingOccurrences(of: "id=\"wb-01\"", with: "id=\"copy-\(number)\"")
                .replacingOccurrences(of: "code=\"WB1\"", with: "code=\"CP\(number)\"")
        }
        text.insert(contentsOf: "\n      " + copies.joined(separator: "\n      "), at: close.upperBound)
        try Self.expectSame(text)
    }

    @Test("a byte order mark and CRLF line ends give the same columns")
    func byteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}" + (try validText).replacingOccurrences(of: "\n", with: "\r\n")
        try Self.expectSame(text)
    }

    @Test("a file that is not UTF-8 part way through, or names another encoding, is read the slow way with the same diagnostics", arguments: [
        [UInt8](repeating: 0x20, count: 300_000) + [0xC3, 0x28],
        Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8),
    ])
    func fileProblemsFallBack(_ bytes: [UInt8]) throws {
        var text = Array(try validText.utf8)
        if bytes.first == 0x20 {
            // Invalid UTF-8 well past the first chunks, inside the description.
            let marker = Array("<description>".utf8)
            let at = try #require((0..<text.count).first { text[$0...].starts(with: marker) }) + marker.count
            text.insert(contentsOf: bytes, at: at)
        } else {
            let declaration = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
            if text.starts(with: declaration) { text.removeFirst(declaration.count) }
            text = bytes + text
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString).xml")
        try Data(text).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var fromFile: [Diagnostic] = []
        var fromBytes: [Diagnostic] = []
        do { _ = try FrameworkLoader().load(contentsOf: url.path) } catch { fromFile = error.diagnostics }
        do { _ = try FrameworkLoader().loadAsTree(bytes: text, path: url.path) } catch { fromBytes = error.diagnostics }
        #expect(!fromBytes.isEmpty)
        #expect(fromFile == fromBytes)
        #expect(fromFile.first?.code == "FW002")
    }

    @Test("anything wrong is read as a tree, so the diagnostics are the tree loader's own", arguments: [
        "<!DOCTYPE framework>",
        "<!-- unclosed",
    ])
    func problemsFallBack(_ insert: String) throws {
        let text = try validText
        let broken = insert.hasPrefix("<!DOCTYPE") ? text.replacingOccurrences(of: "<framework ", with: insert + "\n<framework ") : text + insert
        let loader = FrameworkLoader()
        var streamed: [Diagnostic] = []
        var tree: [Diagnostic] = []
        do { _ = try loader.load(bytes: Array(broken.utf8), path: "t.xml") } catch { streamed = error.diagnostics }
        do { _ = try loader.loadAsTree(bytes: Array(broken.utf8), path: "t.xml") } catch { tree = error.diagnostics }
        #expect(!tree.isEmpty)
        #expect(streamed == tree)
    }

    @Test("schema errors come from the tree reader, with its explanations")
    func schemaErrorsFallBack() throws {
        let text = try validVariant([("<date>2020-01-31</date>", "<date>31/01/2020</date>")])
        let (stream, tree) = try Self.bothWays(text)
        #expect(stream.framework == nil)
        #expect(!stream.diagnostics.isEmpty)
        #expect(stream.diagnostics == tree.diagnostics)
    }

    private func replacingFirstStatement(in text: String, with statement: String) throws -> String {
        let open = try #require(text.range(of: "<statement>"))
        let close = try #require(text.range(of: "</statement>", range: open.upperBound..<text.endIndex))
        return text.replacingCharacters(in: open.upperBound..<close.lowerBound, with: statement)
    }
}
