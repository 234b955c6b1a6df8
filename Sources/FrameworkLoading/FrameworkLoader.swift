import CompetencyModel
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
        try load(bytes: documentReader.readBytes(atPath: path), path: path)
    }

    /// Throws only when the bytes cannot be read as XML at all; schema and semantic
    /// problems come back as diagnostics.
    public func load(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        let schema = try Self.schema()
        // A valid file is read in one streaming pass, straight into the model. Anything else
        // is read again as a tree, whose diagnostics (with their explanations of order and
        // neighbours) are the ones users see; only a file with problems pays for both.
        var decoder = FrameworkStreamDecoder(path: path)
        if XMLStreamReader(matching: documentReader.reader).read(bytes, schema: schema, into: &decoder) {
            let framework = decoder.framework
            return Result(framework: framework, diagnostics: validate(framework))
        }
        return try loadAsTree(bytes: bytes, path: path)
    }

    /// The tree reader's way: every diagnostic the format promises, for any input.
    public func loadAsTree(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        let document = try documentReader.read(bytes: bytes, path: path, schema: Self.schema(), order: .framework)
        if !document.schemaDiagnostics.isEmpty {
            return Result(framework: nil, diagnostics: document.schemaDiagnostics.sortedByLocation())
        }
        let framework = FrameworkXMLDecoder(document: document).decode()
        return Result(framework: framework, diagnostics: validate(framework))
    }

    public func validate(_ framework: Framework) -> [Diagnostic] {
        rules.flatMap { $0.diagnose(framework) }.sortedByLocation()
    }
}
