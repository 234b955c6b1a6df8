import CompetencyModel
import FrameworkDiff

/// One output file: where it goes under the edition's folder, and its bytes.
public struct Artifact: Sendable, Hashable {
    public var relativePath: String
    public var bytes: [UInt8]

    public init(relativePath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.bytes = bytes
    }

    public init(relativePath: String, text: String) {
        self.init(relativePath: relativePath, bytes: Array(text.utf8))
    }
}

/// What every writer is told besides its input, as pandoc's `WriterOptions`: options are
/// passed to the one writer that uses them, so choosing a Word template never replaces the
/// formats a host package registered.
public struct WriterOptions: Sendable {
    /// Styles, page setup, header and footer for Word output (`--reference-docx`).
    public var referenceDocument: ReferenceDocument?
    /// The frameworks an edition may derive from, by reference: CASE links to the base's own
    /// records and dates each record from the versions before it.
    public var frameworks: [FrameworkReference: Framework]
    /// ANSI colour, for a text report shown on a terminal.
    public var colour: Bool

    public init(referenceDocument: ReferenceDocument? = nil, frameworks: [FrameworkReference: Framework] = [:], colour: Bool = false) {
        self.referenceDocument = referenceDocument
        self.frameworks = frameworks
        self.colour = colour
    }
}

/// Renders an edition to files. One type per format; register it in
/// `OutputFormatRegistry.builtIn` (or pass a registry of your own) and
/// `competency export --format` offers it.
public protocol OutputFormat: Sendable {
    /// The name `--format` takes.
    var id: String { get }
    var summary: String { get }
    /// - Parameters:
    ///   - edition: the adapted edition, already checked against the framework rules.
    ///   - options: what the run asked for; a format ignores what it does not use.
    /// - Returns: the files, by path under the edition's folder.
    /// - Throws: only for a fault in the format itself: a valid edition must render.
    func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact]
    /// Whether `export` writes it when no `--format` is given. Large publishing trees (the
    /// static CASE API) are written only on request.
    var includedByDefault: Bool { get }
    /// Whether it reads `WriterOptions.frameworks`. Loading every framework version costs a
    /// read of each file, so a run fills them in only when a chosen format asks.
    var usesFrameworks: Bool { get }
}

extension OutputFormat {
    public var includedByDefault: Bool { true }
    public var usesFrameworks: Bool { false }

    /// The edition with no options: no Word template, no frameworks for CASE lineage.
    public func render(_ edition: Edition) throws -> [Artifact] {
        try render(edition, options: WriterOptions())
    }
}

/// What a change report is written from: the change set and the two sides it compares.
public struct Comparison: Sendable {
    public var changes: ChangeSet
    public var old: Framework
    public var new: Framework
    /// The new side when it is an edition compared with its own base, so a report can show
    /// the edition's own content and its reasons.
    public var edition: Edition?

    public init(changes: ChangeSet, old: Framework, new: Framework, edition: Edition? = nil) {
        self.changes = changes
        self.old = old
        self.new = new
        self.edition = edition
    }
}

/// Renders a comparison to one file: the diff formats, registered beside the edition
/// formats so `competency diff --format`, `competency formats` and the change reports of
/// `export` all see the same list.
public protocol ChangeSetFormat: Sendable {
    /// The name `diff --format` takes.
    var id: String { get }
    var summary: String { get }
    /// The extension of the report files `export` writes to OUT/diffs/.
    var fileExtension: String { get }
    /// True for binary formats, which `diff` writes only to a file (`--out`).
    var needsFile: Bool { get }
    /// - Throws: only for a fault in the format itself.
    func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8]
}

extension ChangeSetFormat {
    public var needsFile: Bool { false }
}

public struct OutputFormatRegistry: Sendable {
    public private(set) var formats: [any OutputFormat]
    public private(set) var changeSetFormats: [any ChangeSetFormat]

    /// The shipped formats.
    public static let builtIn = OutputFormatRegistry(
        formats: [
            EditionXMLFormat(), EditionJSONFormat(), EditionCASEFormat(),
            EditionDocxFormat(), EditionFlatOPCFormat(),
            EditionCASEAPIFormat(), EditionHTMLFormat(),
        ],
        changeSetFormats: shippedChangeSetFormats)

    private static let shippedChangeSetFormats: [any ChangeSetFormat] = [
        ChangeSetTextFormat(), ChangeSetJSONFormat(), ChangeSetMarkdownFormat(), RedlineDocxFormat(),
    ]

    /// What `export` writes when no `--format` is given.
    public var defaultFormats: [any OutputFormat] {
        formats.filter(\.includedByDefault)
    }

    /// - Parameters:
    ///   - formats: the edition formats, in the order `competency formats` lists them.
    ///   - changeSetFormats: the diff formats; the shipped ones unless given.
    public init(formats: [any OutputFormat], changeSetFormats: [any ChangeSetFormat]? = nil) {
        self.formats = formats
        self.changeSetFormats = changeSetFormats ?? Self.shippedChangeSetFormats
    }

    /// This registry with one more edition format, as `PluginRegistry.adding` does for
    /// plugins: a host package keeps the shipped formats and adds its own.
    public func adding(_ format: any OutputFormat) -> OutputFormatRegistry {
        var registry = self
        registry.formats.append(format)
        return registry
    }

    /// This registry with one more change-set format, for `diff --format` and the reports
    /// `export` publishes.
    public func adding(_ format: any ChangeSetFormat) -> OutputFormatRegistry {
        var registry = self
        registry.changeSetFormats.append(format)
        return registry
    }

    public func format(id: String) -> (any OutputFormat)? {
        formats.first { $0.id == id }
    }

    public func changeSetFormat(id: String) -> (any ChangeSetFormat)? {
        changeSetFormats.first { $0.id == id }
    }

    /// Whether any chosen format publishes CASE, whose URIs need the edition's base URI.
    public static func publishesCASE(_ formats: [any OutputFormat]) -> Bool {
        formats.contains { $0 is EditionCASEFormat || $0 is EditionCASEAPIFormat }
    }

    /// Whether any chosen format reads the frameworks in `WriterOptions`.
    public static func usesFrameworks(_ formats: [any OutputFormat]) -> Bool {
        formats.contains(where: \.usesFrameworks)
    }
}

/// Provenance records of removed items, grouped so outputs can say how many were left out
/// and why without naming them: an excluded competency must not appear in its edition.
public struct RemovalSummary: Sendable, Hashable {
    public var itemKind: Provenance.ItemKind
    public var rationale: String
    public var count: Int

    public static func summarise(_ provenance: [Provenance]) -> [RemovalSummary] {
        var order: [String] = []
        var counts: [String: RemovalSummary] = [:]
        for record in provenance where record.change == .removed {
            let key = record.itemKind.rawValue + "\u{0}" + record.rationale
            if counts[key] == nil {
                order.append(key)
                counts[key] = RemovalSummary(itemKind: record.itemKind, rationale: record.rationale, count: 0)
            }
            counts[key]?.count += 1
        }
        return order.compactMap { counts[$0] }
    }
}
