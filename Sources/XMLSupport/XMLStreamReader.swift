import CLibXML2

/// An element start as the stream reader meets it: its name, its attributes with where each
/// name starts, and where the element starts. Positions come from one forward scan of the
/// source kept in step with libxml2, never from a second pass.
public struct StreamElement {
    public var name: String
    public var namespaceURI: String?
    public var attributes: [XMLAttribute]
    public var position: XMLPosition

    public func attribute(_ name: String) -> XMLAttribute? {
        attributes.first { $0.name == name }
    }
}

/// Receives a document's elements and text in document order.
public protocol XMLStreamHandler {
    mutating func start(_ element: StreamElement)
    /// The text directly inside the element most recently started and not yet ended.
    mutating func text(_ text: String)
    mutating func end()
}

/// Reads a document in one pass with libxml2's `xmlTextReader`, validating against a schema
/// as it goes: no libxml2 tree and no intermediate Swift tree, so time and memory stay close
/// to libxml2's own streaming validation.
///
/// The reader is a fast path for documents that are fine. At the first sign of anything
/// else (a parse error, a schema violation, a DOCTYPE, a limit) it stops and returns false,
/// and the caller reads the document with `XMLReader`, whose diagnostics are the contract.
public struct XMLStreamReader: Sendable {
    public var maximumBytes: Int
    public var maximumDepth: Int
    public var maximumTextBytes: Int

    public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 64, maximumTextBytes: Int = 10_000_000) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumTextBytes = maximumTextBytes
    }

    public init(matching reader: XMLReader) {
        self.init(maximumBytes: reader.maximumBytes, maximumDepth: reader.maximumDepth, maximumTextBytes: reader.maximumTextBytes)
    }

    /// Set from libxml2's error callback, which runs inside `xmlTextReaderRead`.
    private final class Trouble {
        var seen = false
    }

    /// Streams `bytes` into `handler`, validating against `schema`. Returns true when the
    /// whole document was read cleanly and valid; false when it must be read the slow way
    /// for its diagnostics (the handler's state is then incomplete and must be dropped).
    public func read<Handler: XMLStreamHandler>(_ bytes: [UInt8], schema: XMLSchema, into handler: inout Handler) -> Bool {
        guard bytes.count <= maximumBytes, !bytes.isEmpty else { return false }
        let source = SourceText(bytes)
        // The same refusals as the tree reader; its messages are the ones users see.
        guard source.firstInvalidUTF8() == nil else { return false }
        if let (name, _) = source.declaredEncoding(), !["utf-8", "utf8"].contains(name.lowercased()) { return false }

        LibXML.initialise()
        let trouble = Trouble()
        // libxml2 keeps pointers into the buffer for as long as the reader lives, so the
        // reader is created, used and freed inside the closure that pins the buffer.
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress, let length = Int32(exactly: buffer.count) else { return false }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer -> Bool in
                // NONET: no network. Not NOENT, DTDLOAD or DTDVALID: entities are neither
                // substituted nor loaded. BIG_LINES: lines past 65535. Not NOCDATA, unlike
                // the tree reader: merged into the text node before it, a CDATA section can
                // arrive after the reader has handed that node over; as its own node it
                // cannot be missed.
                let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
                guard let reader = xmlReaderForMemory(pointer, length, nil, "UTF-8", options) else { return false }
                defer { xmlFreeTextReader(reader) }
                // The collector must outlive every callback: it is released only after the
                // reader is freed (defers run in reverse order).
                let retained = Unmanaged.passRetained(trouble)
                defer { retained.release() }
                xmlTextReaderSetStructuredErrorHandler(reader, { userData, _ in
                    guard let userData else { return }
                    Unmanaged<Trouble>.fromOpaque(userData).takeUnretainedValue().seen = true
                }, retained.toOpaque())
                guard schema.attach(to: reader) else { return false }
                return stream(reader, source: source, trouble: trouble, into: &handler)
            }
        }
    }

    private func stream<Handler: XMLStreamHandler>(
        _ reader: xmlTextReaderPtr, source: SourceText, trouble: Trouble, into handler: inout Handler
    ) -> Bool {
        var scanner = StartTagScanner(source)
        var cursor = PositionCursor()
        var depth = 0
        // Bytes of text directly inside each open element, as the tree reader counts them.
        var textBytes: [Int] = [0]
        var names: [UnsafePointer<xmlChar>: String] = [:]
        func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
            // libxml2 interns names in the reader's dictionary, so one pointer is one name.
            guard let pointer else { return "" }
            if let known = names[pointer] { return known }
            let made = String(cString: pointer)
            names[pointer] = made
            return made
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if trouble.seen || status < 0 { return false }
            if status == 0 { break }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                depth += 1
                textBytes.append(0)
                guard depth <= maximumDepth, let tag = scanner.next() else { return false }
                let position = cursor.position(ofOffset: tag.offset, in: source)
                var attributes: [XMLAttribute] = []
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    let local = name(xmlTextReaderConstLocalName(reader))
                    let prefix = xmlTextReaderConstPrefix(reader).map { name($0) }
                    // Namespace declarations are not attributes of the vocabulary.
                    if prefix == "xmlns" || (prefix == nil && local == "xmlns") { continue }
                    let qualified = prefix.map { $0 + ":" + local } ?? local
                    guard let valuePointer = xmlTextReaderConstValue(reader) else { return false }
                    let value = String(cString: valuePointer)
                    if value.utf8.count > maximumTextBytes { return false }
                    let attributePosition = tag.attributeOffsets[qualified].map { cursor.position(ofOffset: $0, in: source) } ?? position
                    attributes.append(XMLAttribute(
                        name: local, namespaceURI: xmlTextReaderConstNamespaceUri(reader).map { name($0) },
                        value: value, position: attributePosition))
                }
                _ = xmlTextReaderMoveToElement(reader)
                handler.start(StreamElement(
                    name: name(xmlTextReaderConstLocalName(reader)), namespaceURI: xmlTextReaderConstNamespaceUri(reader).map { name($0) },
                    attributes: attributes, position: position))
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    depth -= 1
                    textBytes.removeLast()
                    handler.end()
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                depth -= 1
                textBytes.removeLast()
                handler.end()
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                let text = String(cString: value)
                textBytes[textBytes.count - 1] += text.utf8.count
                if textBytes[textBytes.count - 1] > maximumTextBytes { return false }
                handler.text(text)
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue),
                 Int32(XML_READER_TYPE_ENTITY.rawValue):
                // The tree reader refuses these with its own message.
                return false
            default:
                continue
            }
        }
        // The reader reports schema validity separately from its callbacks.
        return !trouble.seen && xmlTextReaderIsValid(reader) == 1 && depth == 0
    }
}

extension XMLSchema {
    /// Validates the reader's document against this schema as it is read.
    func attach(to reader: xmlTextReaderPtr) -> Bool {
        xmlTextReaderSetSchema(reader, compiled) == 0
    }
}
