import CompetencyModel
import Foundation
import XMLSupport

/// Loads canonical framework files: safe parse, schema validation, decoding, semantic rules.
public struct FrameworkLoader: Sendable {
    public var documentReader: DocumentReader
    public var rules: [ValidationRule]

    public init(documentReader: DocumentReader = DocumentReader(), rules: [ValidationRule] = FrameworkRules.all) {
        self.documentReader = documentReader
        self.rules = rules
    }

    /// The embedded framework schema, compiled once per process.
    public static let compiledSchema = EmbeddedSchemas.compile(EmbeddedSchemas.framework, name: "framework.xsd")

    /// The compiled schema, or the internal-error diagnostic saying why it is missing.
    public static func schema() throws(LoadFailure) -> XMLSchema {
        try compiledSchema.get()
    }

    public struct Result: Sendable {
        /// Nil when the document broke the schema, since its structure cannot be trusted.
        public var framework: Framework?
        public var diagnostics: [Diagnostic]
    }

    public func load(contentsOf path: String) throws(LoadFailure) -> Result {
        // A valid file streams from disk in chunks and is never held whole: at 100 000
        // competencies its bytes would be a quarter of the peak memory. Anything else is
        // read into memory and, if need be, as a tree, for its diagnostics.
        let schema = try Self.schema()
        ReadLog.shared.record(path)
        let background = BackgroundCompetencyPass()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var decoder = FrameworkStreamDecoder(path: path, background: background, expectedCompetencies: size / 512)
        if XMLStreamReader(matching: documentReader.reader).read(fileAt: path, schema: schema, into: &decoder) {
            return checked(Decoded(result: Result(framework: decoder.framework, diagnostics: []), pass: background))
        }
        return try checked(decode(bytes: documentReader.readBytes(atPath: path), path: path))
    }


    /// Throws only when the bytes cannot be read as XML at all; schema and semantic
    /// problems come back as diagnostics.
    public func load(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        try checked(decode(bytes: bytes, path: path))
    }

    /// The tree reader's way: every diagnostic the format promises, for any input.
    public func loadAsTree(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        try checked(Decoded(result: decodeAsTree(bytes: bytes, path: path)))
    }

    private func checked(_ decoded: Decoded) -> Result {
        guard let framework = decoded.result.framework else { return decoded.result }
        let diagnostics = ValidationRule.diagnose(rules, in: framework, pass: decoded.pass?.finish()).sortedByLocation()
        return Result(framework: framework, diagnostics: diagnostics)
    }

    private struct Decoded {
        var result: Result
        /// The competencies already walked for the rules, when the reader did it.
        var pass: BackgroundCompetencyPass?
    }

    private func decode(bytes: [UInt8], path: String) throws(LoadFailure) -> Decoded {
        let schema = try Self.schema()
        // A valid file is read in one streaming pass, straight into the model, with the
        // rules' walk over its competencies following area by area on another thread.
        // Anything else is read again as a tree, whose diagnostics (with their explanations
        // of order and neighbours) are the ones users see; only a file with problems pays
        // for both.
        let background = BackgroundCompetencyPass()
        // A competency takes about 500 bytes of XML, which sizes the walk's tables.
        var decoder = FrameworkStreamDecoder(path: path, background: background, expectedCompetencies: bytes.count / 512)
        if XMLStreamReader(matching: documentReader.reader).read(bytes, schema: schema, into: &decoder) {
            return Decoded(result: Result(framework: decoder.framework, diagnostics: []), pass: background)
        }
        return Decoded(result: try decodeAsTree(bytes: bytes, path: path))
    }

    private func decodeAsTree(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        let document = try documentReader.read(bytes: bytes, path: path, schema: Self.schema(), order: .framework)
        if !document.schemaDiagnostics.isEmpty {
            return Result(framework: nil, diagnostics: document.schemaDiagnostics.sortedByLocation())
        }
        return Result(framework: FrameworkXMLDecoder(document: document).decode(), diagnostics: [])
    }

    public func validate(_ framework: Framework) -> [Diagnostic] {
        ValidationRule.diagnose(rules, in: framework).sortedByLocation()
    }
}
