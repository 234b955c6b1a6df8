import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import TestSupport
import Testing

/// Files of the repository, found from this file so tests run from any working directory.
enum Repo: RepositoryFileAccess {
}

/// The shipped base framework and profiles, and small profiles written in tests.
enum Fixtures {
    static func base(_ version: String = "2019") throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: Repo.path("Frameworks/in-it-together/\(version).xml"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.framework)
    }

    static func shippedProfile(_ id: String) throws -> EditionProfile {
        let result = try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/\(id).xml"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.profile)
    }

    /// A profile of `in-it-together@2019` with `body` (elements after <description>) inside.
    static func profileXML(id: String = "test-edition", plugin: String = "local-variant", body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <edition xmlns="urn:competencykit:edition:1" id="\(id)" plugin="\(plugin)">
          <base framework="in-it-together" version="2019"/>
          <title>Test edition</title>
          <publisher>Test publisher</publisher>
          <version>1</version>
          <date>2024-01-01</date>
          <audience>Testers</audience>
          <description>A small profile written by a test.</description>
        \(body)
        </edition>
        """
    }

    /// Loads profile text; the text must pass the edition schema.
    static func profile(_ text: String, path: String = "profiles/test-edition.xml") throws -> EditionProfile {
        let result = try EditionProfileLoader().load(bytes: Array(text.utf8), path: path)
        #expect(result.diagnostics.isEmpty, "profile breaks the schema: \(result.diagnostics.map(\.formatted))")
        return try #require(result.profile)
    }
}

/// The 1-based line and column (in Unicode scalars) where the `occurrence`th `needle` starts.
func position(of needle: String, in text: String, occurrence: Int = 1) throws -> (line: Int, column: Int) {
    var searchStart = text.startIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        found = text.range(of: needle, range: searchStart..<text.endIndex)
        guard let range = found else { break }
        searchStart = range.upperBound
    }
    let range = try #require(found, "'\(needle)' does not occur \(occurrence) time(s)")
    let before = text[text.startIndex..<range.lowerBound]
    let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    let column = text[lineStart..<range.lowerBound].unicodeScalars.count + 1
    return (line, column)
}

/// `text` with `old` replaced by `new`; `old` must occur exactly once.
func replacingOnce(_ old: String, with new: String, in text: String) throws -> String {
    let occurrences = text.components(separatedBy: old).count - 1
    try #require(occurrences == 1, "'\(old)' occurs \(occurrences) times")
    return text.replacingOccurrences(of: old, with: new)
}

extension Framework {
    func competency(_ id: String) -> Competency? {
        competencies.first { $0.id == id }
    }

    func area(containing id: String) -> Area? {
        areas.first { $0.competencies.contains { $0.id == id } }
    }

    func group(_ id: String) -> CompetencyGroup? {
        groups.first { $0.id == id }
    }
}

extension Edition {
    func records(_ kind: Provenance.ItemKind, _ id: String) -> [Provenance] {
        provenance.filter { $0.itemKind == kind && $0.itemID == id }
    }
}
