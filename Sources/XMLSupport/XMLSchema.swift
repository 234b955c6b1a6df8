import CLibXML2

/// A compiled XSD. Compile once and validate any number of documents: libxml2's compiled
/// schema is read-only after parsing, and each validation uses its own context.
public final class XMLSchema: @unchecked Sendable {
    // @unchecked: the pointer is written only in init and freed in deinit; libxml2 only
    // reads a compiled schema during validation.
    private let schema: xmlSchemaPtr
    var compiled: xmlSchemaPtr { schema }
    public let name: String

    /// Compiles `text`, an XSD document. Throws with libxml2's messages when it is not one.
    public init(text: String, name: String) throws(XMLReadFailure) {
        LibXML.initialise()
        self.name = name
        let collector = IssueCollector(kind: .schemaDefinition)
        let bytes = Array(text.utf8)
        // libxml2's schema parser reports XML syntax errors only through its global handler;
        // reading the text first reports them properly, with line and column.
        do {
            _ = try XMLReader(maximumBytes: Int.max).read(bytes)
        } catch {
            throw XMLReadFailure(issues: error.issues.map {
                XMLIssue(kind: .schemaDefinition, message: "\(name) is not well-formed: \($0.message)", position: $0.position)
            })
        }
        // libxml2 keeps the buffer pointer in the parser context and reads it only in
        // xmlSchemaParse, so the whole compilation must happen while the buffer is pinned:
        // a pointer that escapes withUnsafeBufferPointer points at freed memory (R04).
        let compiled: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buffer -> xmlSchemaPtr? in
            guard let base = buffer.baseAddress, let length = Int32(exactly: buffer.count) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer -> xmlSchemaPtr? in
                guard let parserContext = xmlSchemaNewMemParserCtxt(pointer, length) else { return nil }
                defer { xmlSchemaFreeParserCtxt(parserContext) }
                let retained = Unmanaged.passRetained(collector)
                defer { retained.release() }
                xmlSchemaSetParserStructuredErrors(parserContext, { userData, error in
                    guard let userData, let error else { return }
                    Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
                }, retained.toOpaque())
                return xmlSchemaParse(parserContext)
            }
        }
        guard let compiled else {
            throw XMLReadFailure(issues: collector.issues.isEmpty
                ? [XMLIssue(kind: .schemaDefinition, message: "\(name) is not a valid XML schema", position: .init(line: 1, column: 1))]
                : collector.issues)
        }
        schema = compiled
    }

    deinit {
        xmlSchemaFree(schema)
    }

    func validate(_ document: xmlDocPtr, positions: [UnsafeMutableRawPointer: XMLPosition]) -> [XMLIssue] {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [XMLIssue(kind: .schema, message: "could not create a validation context", position: .init(line: 1, column: 1))]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = IssueCollector(kind: .schema, positions: positions)
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            Unmanaged<IssueCollector>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
        }, retained.toOpaque())
        let result = xmlSchemaValidateDoc(context, document)
        if result != 0 && collector.issues.isEmpty {
            return [XMLIssue(kind: .schema, message: "document is not valid against \(name)", position: .init(line: 1, column: 1))]
        }
        return collector.issues
    }
}
