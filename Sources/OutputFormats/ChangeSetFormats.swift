import CompetencyModel
import FrameworkDiff

/// The change report people read in a terminal: counts, then each change.
public struct ChangeSetTextFormat: ChangeSetFormat {
    public let id = "text"
    public let summary = "Plain text: counts by kind, then each change with its old and new wording."
    public let fileExtension = "txt"

    public init() {}

    public func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8] {
        Array(ChangeSetText.render(comparison.changes, colour: options.colour).utf8)
    }
}

/// The change set as JSON for other tools (schema: Frameworks/schema/changeset.schema.json).
public struct ChangeSetJSONFormat: ChangeSetFormat {
    public let id = "json"
    public let summary = "JSON for other tools: every change with its kind, ids, wordings and source locations."
    public let fileExtension = "json"

    public init() {}

    public func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8] {
        Array(ChangeSetJSON.document(comparison.changes).serialised().utf8)
    }
}

/// The report as Markdown, for a pull request or a board paper.
public struct ChangeSetMarkdownFormat: ChangeSetFormat {
    public let id = "markdown"
    public let summary = "Markdown: the text report with headings and tables, for pull requests and papers."
    public let fileExtension = "md"

    public init() {}

    public func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8] {
        Array(ChangeSetMarkdown.render(comparison.changes).utf8)
    }
}

/// A Word document with the changes as tracked changes, so a reviewer can accept or reject
/// each one in Word.
public struct RedlineDocxFormat: ChangeSetFormat {
    public let id = "docx"
    public let summary = "A Word redline: the changes as tracked insertions, deletions and moves, with a summary table."
    public let fileExtension = "docx"
    public let needsFile = true

    public init() {}

    public func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8] {
        try RedlineComposer(changes: comparison.changes, new: comparison.new, edition: comparison.edition).package().docx()
    }
}
