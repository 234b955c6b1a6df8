import CompetencyModel
import Foundation
import FrameworkLoading
import TestSupport
import Testing

/// Paths found from this file, so tests run from any working directory.
enum Paths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let ruleFixtures = fixtures.appendingPathComponent("rules")
    static let valid = fixtures.appendingPathComponent("valid.xml")
    static let repositoryRoot = RepositoryFiles.root
    static let schemaDirectory = repositoryRoot.appendingPathComponent("Frameworks/schema")
    static let bundled = repositoryRoot.appendingPathComponent("Frameworks/in-it-together")
}

func readText(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}

var validText: String {
    get throws { try readText(Paths.valid) }
}

/// `text` with `old` replaced by `new`; `old` must occur exactly once so a variant is
/// always the edit the test means.
func replacing(_ old: String, with new: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let occurrences = text.components(separatedBy: old).count - 1
    try #require(occurrences == 1, "'\(old)' occurs \(occurrences) times", sourceLocation: sourceLocation)
    return text.replacingOccurrences(of: old, with: new)
}

/// valid.xml with each replacement applied in turn.
func validVariant(_ replacements: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    var text = try validText
    for (old, new) in replacements {
        text = try replacing(old, with: new, in: text, sourceLocation: sourceLocation)
    }
    return text
}

func load(_ text: String, path: String = "variant.xml") throws(LoadFailure) -> FrameworkLoader.Result {
    try FrameworkLoader().load(bytes: Array(text.utf8), path: path)
}

/// The LoadFailure `body` throws, or a recorded failure when it does not throw.
func loadFailure(
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () throws(LoadFailure) -> FrameworkLoader.Result
) -> LoadFailure? {
    do {
        let result = try body()
        Issue.record("expected a LoadFailure, got \(result.diagnostics)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// 1-based number of the only line containing `needle`.
func line(of needle: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
    let lines = text.components(separatedBy: "\n")
    let matches = lines.indices.filter { lines[$0].contains(needle) }
    try #require(matches.count == 1, "'\(needle)' is on \(matches.count) lines", sourceLocation: sourceLocation)
    return matches[0] + 1
}

/// 1-based column, in Unicode scalars, where `needle` starts on its (only) line.
func column(of needle: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
    let number = try line(of: needle, in: text, sourceLocation: sourceLocation)
    let lineText = text.components(separatedBy: "\n")[number - 1]
    let range = try #require(lineText.range(of: needle), sourceLocation: sourceLocation)
    return lineText.unicodeScalars.distance(from: lineText.startIndex, to: range.lowerBound) + 1
}

/// `<!-- expect FW101 -->` comments: the code and the line each was written on.
func expectationMarkers(in text: String) -> [(code: String, line: Int)] {
    var markers: [(code: String, line: Int)] = []
    for (index, lineText) in text.components(separatedBy: "\n").enumerated() {
        for match in lineText.matches(of: /<!-- expect (FW[0-9]{3}) -->/) {
            markers.append((String(match.output.1), index + 1))
        }
    }
    return markers
}

/// `text` without the part from the start of `start` up to (not including) `end`.
func removing(from start: String, upTo end: String, in text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let lower = try #require(text.range(of: start), "'\(start)' not found", sourceLocation: sourceLocation).lowerBound
    let upper = try #require(text.range(of: end, range: lower..<text.endIndex), "'\(end)' not found", sourceLocation: sourceLocation).lowerBound
    var result = text
    result.removeSubrange(lower..<upper)
    return result
}
