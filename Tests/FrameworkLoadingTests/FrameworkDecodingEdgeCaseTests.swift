import CompetencyModel
import Foundation
import FrameworkLoading
import Testing

/// Inputs the schema accepts that the decoder and message clean-up must not misread.
@Suite("FrameworkLoader: schema-valid edge cases")
struct FrameworkDecodingEdgeCaseTests {
    /// xs:positiveInteger collapses whitespace, so `rank=" 2 "` is a valid rank 2. The
    /// decoder must read what the schema accepted, not turn it into 0.
    @Test func groupRankWithSurroundingWhitespaceIsRankTwo() throws {
        let text = try validVariant([("<group id=\"enhanced\" rank=\"2\">", "<group id=\"enhanced\" rank=\" 2 \">")])
        let result = try load(text)
        let framework = try #require(result.framework, "the schema accepts the rank: \(result.diagnostics.map(\.formatted))")
        #expect(framework.groups.map(\.rank) == [1, 2, 3])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    }

    @Test func ratingPointValueWithSurroundingWhitespaceIsItsValue() throws {
        let text = try validVariant([("<point value=\"2\">", "<point value=\"\n        2\">")])
        let result = try load(text)
        let framework = try #require(result.framework, "the schema accepts the value: \(result.diagnostics.map(\.formatted))")
        #expect(framework.ratingScale.points.map(\.value) == [1, 2, 3, 4])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
    }

    @Test func leadingZerosAndPlusSignInIntegersAreAccepted() throws {
        let text = try validVariant([
            ("<group id=\"targeted\" rank=\"3\">", "<group id=\"targeted\" rank=\"03\">"),
            ("<point value=\"4\">", "<point value=\"+4\">"),
        ])
        let result = try load(text)
        #expect(result.framework?.groups.map(\.rank) == [1, 2, 3])
        #expect(result.framework?.ratingScale.points.map(\.value) == [1, 2, 3, 4])
        #expect(result.diagnostics.isEmpty)
    }

    /// Only libxml2's `{namespace}name` notation is to be removed from schema messages;
    /// braces in the author's own text are what they need to see to find the mistake.
    @Test func schemaMessagesKeepBracesThatAreTheAuthorsText() throws {
        let text = try validVariant([("<date>2020-01-31</date>", "<date>{2020}-01-31</date>")])
        let result = try load(text)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == "FW005")
        #expect(!diagnostic.message.contains("{urn:competencykit"))
        #expect(diagnostic.message.contains("{2020}-01-31"), "the offending value is lost: \(diagnostic.message)")
    }

    @Test func schemaMessagesNameElementsWithoutNamespace() throws {
        let text = try validVariant([("<date>2020-01-31</date>", "<date>31/01/2020</date>")])
        let diagnostic = try #require(try load(text).diagnostics.first)
        #expect(diagnostic.message.contains("Element 'date'"), "\(diagnostic.message)")
        #expect(diagnostic.message.contains("31/01/2020"))
        #expect(!diagnostic.message.contains("urn:competencykit"))
    }

    @Test func fileOverTheCapIsRefusedBeforeItIsRead() throws {
        let small = FrameworkLoader(documentReader: DocumentReader(reader: .init(maximumBytes: 100)))
        let error = try #require(loadFailure { () throws(LoadFailure) in try small.load(contentsOf: Paths.valid.path) })
        #expect(error.diagnostics.map(\.code) == ["FW004"])
        // DocumentReader's own check ("file is …") rather than the parser's ("document is …").
        #expect(error.diagnostics.first?.message.hasPrefix("file is") == true, "\(error.diagnostics)")
        #expect(error.diagnostics.first?.location == SourceLocation(file: Paths.valid.path, line: 1, column: 1))
    }
}
