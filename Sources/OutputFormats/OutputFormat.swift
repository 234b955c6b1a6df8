import CompetencyModel

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

/// Renders an edition to bytes. One type per format; register it in
/// `OutputFormatRegistry.builtIn` and `competency export --format` offers it.
public protocol OutputFormat: Sendable {
    /// The name `--format` takes.
    var id: String { get }
    var summary: String { get }
    func render(_ edition: Edition) throws -> [Artifact]
    /// Whether `export` writes it when no `--format` is given. Large publishing trees (the
    /// static CASE API) are written only on request.
    var includedByDefault: Bool { get }
}

extension OutputFormat {
    public var includedByDefault: Bool { true }
}

public struct OutputFormatRegistry: Sendable {
    public private(set) var formats: [any OutputFormat]

    public static let builtIn = builtIn(reference: nil)

    /// The shipped formats, with Word output styled from `reference` when one is given.
    public static func builtIn(reference: ReferenceDocument?) -> OutputFormatRegistry {
        OutputFormatRegistry(formats: [
            EditionXMLFormat(), EditionJSONFormat(), EditionCASEFormat(),
            EditionDocxFormat(reference: reference), EditionFlatOPCFormat(reference: reference),
            EditionCASEAPIFormat(), EditionHTMLFormat(),
        ])
    }

    /// The formats with the CASE ones given the frameworks editions derive from, for
    /// lineage links to the base and per-record change dates.
    public func withFrameworkLibrary(_ library: [FrameworkReference: Framework]) -> OutputFormatRegistry {
        OutputFormatRegistry(formats: formats.map { format in
            if format is EditionCASEFormat { return EditionCASEFormat(library: library) }
            if format is EditionCASEAPIFormat { return EditionCASEAPIFormat(library: library) }
            return format
        })
    }

    /// What `export` writes when no `--format` is given.
    public var defaultFormats: [any OutputFormat] {
        formats.filter(\.includedByDefault)
    }

    public init(formats: [any OutputFormat]) {
        self.formats = formats
    }

    public func format(id: String) -> (any OutputFormat)? {
        formats.first { $0.id == id }
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
