import CLibXML2

/// Reads untrusted XML safely: no network, no external entities, no DTDs, bounded size
/// and depth, errors collected per parse with their line and column. This type and
/// `XMLSchema` are the only code that touches libxml2 pointers.
public struct XMLReader: Sendable {
    /// Documents larger than this are refused before parsing.
    public var maximumBytes: Int
    /// Elements nested deeper than this are refused.
    public var maximumDepth: Int
    /// An element's text, or one attribute value, longer than this many bytes is refused.
    /// libxml2 refuses 10 MB text nodes itself, but not always (a single chunk slips
    /// through), so the cap is applied here where it is certain.
    public var maximumTextBytes: Int

    public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 64, maximumTextBytes: Int = 10_000_000) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumTextBytes = maximumTextBytes
    }

    public struct Result: Sendable {
        public var root: XMLElement
        /// Problems found by schema validation; empty when no schema was given.
        public var schemaIssues: [XMLIssue]
    }

    /// Parses `bytes`, then validates against `schema` if one is given. Throws when the
    /// document cannot be read at all; schema problems are returned, not thrown, so a
    /// caller can report them alongside its own checks.
    public func read(_ bytes: [UInt8], schema: XMLSchema? = nil) throws(XMLReadFailure) -> Result {
        try withDocument(bytes) { (document, source) throws(XMLReadFailure) -> Result in
            guard let rootNode = xmlDocGetRootElement(document) else {
                throw XMLReadFailure(issues: [XMLIssue(kind: .malformed, message: "document has no root element", position: .init(line: 1, column: 1))])
            }
            var converter = TreeConverter(source: source, maximumDepth: maximumDepth, maximumTextBytes: maximumTextBytes)
            let root = try converter.convert(rootNode, depth: 1)
            var schemaIssues: [XMLIssue] = []
            if let schema {
                schemaIssues = schema.validate(document, positions: converter.positions)
            }
            return Result(root: root, schemaIssues: schemaIssues)
        }
    }

    /// Parses safely and hands the libxml2 document to `body`; the document is freed after.
    func withDocument<T>(
        _ bytes: [UInt8], _ body: (xmlDocPtr, SourceText) throws(XMLReadFailure) -> T
    ) throws(XMLReadFailure) -> T {
        let source = SourceText(bytes)
        try checkPreconditions(source)

        LibXML.initialise()
        let collector = IssueCollector(kind: .malformed)
        guard let context = xmlNewParserCtxt() else {
            throw XMLReadFailure(issues: [
                XMLIssue(kind: .malformed, message: "libxml2 could not allocate a parser", position: .init(line: 1, column: 1))
            ])
        }
        defer { xmlFreeParserCtxt(context) }
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        context.pointee._private = retained.toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = context.pointee._private else { return }
            Unmanaged<IssueCollector>.fromOpaque(box).takeUnretainedValue().record(error.pointee)
        }

        // NONET: never touch the network. Not NOENT and not DTDLOAD/DTDATTR/DTDVALID, so
        // entities are neither substituted nor loaded. BIG_LINES: line numbers past 65535.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        // xmlCtxtReadMemory copies what it keeps into the document, so the buffer need
        // only outlive this call. An empty array may have no storage at all.
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress, let length = Int32(exactly: buffer.count) else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlCtxtReadMemory(context, pointer, length, nil, "UTF-8", options)
            }
        }
        let fatal = collector.issues.filter { $0.level == .error }
        guard let document = parsed, context.pointee.wellFormed != 0, fatal.isEmpty else {
            if let parsed { xmlFreeDoc(parsed) }
            throw XMLReadFailure(issues: fatal.isEmpty
                ? [XMLIssue(kind: .malformed, message: "document is not well-formed", position: .init(line: 1, column: 1))]
                : fatal)
        }
        defer { xmlFreeDoc(document) }

        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            let offset = source.indexOf(Array("<!DOCTYPE".utf8), from: 0, before: bytes.count) ?? 0
            throw XMLReadFailure(issues: [XMLIssue(
                kind: .doctype,
                message: "DOCTYPE declarations are not allowed: the format needs no DTD, and entity declarations are refused",
                position: source.position(ofOffset: offset))])
        }
        return try body(document, source)
    }

    private func checkPreconditions(_ source: SourceText) throws(XMLReadFailure) {
        if source.bytes.count > maximumBytes {
            throw XMLReadFailure(issues: [XMLIssue(
                kind: .tooLarge,
                message: "document is \(source.bytes.count) bytes, over the limit of \(maximumBytes) bytes",
                position: .init(line: 1, column: 1))])
        }
        if let (offset, byte) = source.firstInvalidUTF8() {
            let hex = String(byte, radix: 16, uppercase: true)
            throw XMLReadFailure(issues: [XMLIssue(
                kind: .encoding,
                message: "file is not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" + hex : hex)); save it as UTF-8",
                position: source.position(ofOffset: offset))])
        }
        if let (name, offset) = source.declaredEncoding() {
            let normalised = name.lowercased()
            if normalised != "utf-8" && normalised != "utf8" {
                throw XMLReadFailure(issues: [XMLIssue(
                    kind: .encoding,
                    message: "the XML declaration names encoding '\(name)'; only UTF-8 is accepted",
                    position: source.position(ofOffset: offset))])
            }
        }
    }
}

/// Collects libxml2's structured errors for one parse or validation.
final class IssueCollector {
    let kind: XMLIssue.Kind
    var issues: [XMLIssue] = []
    var positions: [UnsafeMutableRawPointer: XMLPosition] = [:]

    init(kind: XMLIssue.Kind, positions: [UnsafeMutableRawPointer: XMLPosition] = [:]) {
        self.kind = kind
        self.positions = positions
    }

    func record(_ error: xmlError) {
        let level: XMLIssue.Level
        switch error.level {
        case XML_ERR_WARNING: level = .warning
        case XML_ERR_NONE: return
        default: level = .error
        }
        var message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last?.isWhitespace == true { message.removeLast() }
        var position = XMLPosition(line: max(Int(error.line), 1), column: max(Int(error.int2), 1))
        if let node = error.node, let known = positions[node] {
            position = known
        }
        issues.append(XMLIssue(kind: kind, level: level, message: message, position: position))
    }
}

/// Copies libxml2's tree into `XMLElement` values, recovering columns from the source.
struct TreeConverter {
    private var scanner = WindowTagScanner()
    private let window: ByteWindow
    private var cursor = PositionCursor()
    private let source: SourceText
    private let maximumDepth: Int
    private let maximumTextBytes: Int
    private(set) var positions: [UnsafeMutableRawPointer: XMLPosition] = [:]

    init(source: SourceText, maximumDepth: Int, maximumTextBytes: Int) {
        self.source = source
        self.window = ByteWindow(bytes: source.bytes)
        self.maximumDepth = maximumDepth
        self.maximumTextBytes = maximumTextBytes
    }

    private func tooLong(_ what: String, bytes: Int, at position: XMLPosition) -> XMLReadFailure {
        XMLReadFailure(issues: [XMLIssue(
            kind: .tooLarge,
            message: "\(what) is \(bytes) bytes, over the limit of \(maximumTextBytes) bytes; no field needs that much, so shorten it or split it",
            position: position)])
    }

    mutating func convert(_ node: xmlNodePtr, depth: Int) throws(XMLReadFailure) -> XMLElement {
        let tag = scanner.next(in: window)
        let position = tag.map { cursor.position(ofOffset: $0.offset, in: source) }
            ?? XMLPosition(line: Int(xmlGetLineNo(node)), column: 1)
        positions[UnsafeMutableRawPointer(node)] = position
        if depth > maximumDepth {
            throw XMLReadFailure(issues: [XMLIssue(
                kind: .tooDeep,
                message: "elements are nested more than \(maximumDepth) deep",
                position: position)])
        }

        var attributes: [XMLAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            let qualified = current.pointee.ns.flatMap { ns in ns.pointee.prefix.map { String(cString: $0) + ":" + name } } ?? name
            var value = ""
            if let raw = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                value = String(cString: raw)
                ck_xml_free(raw)
            }
            let attributePosition = tag?.offset(ofAttribute: qualified, in: window).map { cursor.position(ofOffset: $0, in: source) } ?? position
            if value.utf8.count > maximumTextBytes {
                throw tooLong("the value of attribute '\(qualified)'", bytes: value.utf8.count, at: attributePosition)
            }
            attributes.append(XMLAttribute(
                name: name,
                namespaceURI: current.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
                value: value,
                position: attributePosition))
            attribute = current.pointee.next
        }

        var children: [XMLElement] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(try convert(current, depth: depth + 1))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    let length = Int(xmlStrlen(content))
                    if text.utf8.count + length > maximumTextBytes {
                        throw tooLong("the text of <\(String(cString: node.pointee.name))>", bytes: text.utf8.count + length, at: position)
                    }
                    text += String(cString: content)
                }
            default:
                break
            }
            child = current.pointee.next
        }

        return XMLElement(
            name: String(cString: node.pointee.name),
            namespaceURI: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
            attributes: attributes,
            children: children,
            text: text,
            position: position)
    }
}

enum LibXML {
    /// libxml2 wants one initialisation per process. The external entity loader is a
    /// process-wide setting in libxml2 2.9; refusing every load is the policy this tool
    /// wants everywhere, so it is set here once rather than per parse.
    static func initialise() {
        _ = once
    }

    private static let once: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, context in
            if let context {
                context.pointee.wellFormed = 0
            }
            return nil
        }
    }()
}
