import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element start as the stream reader meets it: its name, its attributes with where each
/// name starts, and where the element starts. Positions come from one forward scan of the
/// source kept in step with libxml2, never from a second pass.
public struct StreamElement {
    public var name: String
    /// A small number standing for `name` throughout one document (or -1): a handler can
    /// keep what it derives from a name in an array indexed by it instead of hashing the
    /// name at every element.
    public var nameNumber: Int
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
    /// Whether the element now open keeps its text; when false, its text is counted against
    /// the limits but never made into a string.
    var wantsText: Bool { get }
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
        let source = SourceText(bytes, indexingLines: false)
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
                return stream(reader, window: ByteWindow(bytes: source.bytes), trouble: trouble, into: &handler)
            }
        }
    }

    /// Streams the file at `path` into `handler`, reading it in chunks: the file is never
    /// held whole, and each byte is read from disk once (libxml2 and the position scanner
    /// share the chunks). False, as for bytes, when it must be read the slow way.
    public func read<Handler: XMLStreamHandler>(fileAt path: String, schema: XMLSchema, into handler: inout Handler) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0, Int(status.st_size) <= maximumBytes else {
            return false
        }
        LibXML.initialise()
        let trouble = Trouble()
        let window = ByteWindow(descriptor: descriptor, maximumBytes: maximumBytes)
        // Both objects must outlive every callback, so they are released only after the
        // reader is freed (defers run in reverse order).
        let retainedWindow = Unmanaged.passRetained(window)
        defer { retainedWindow.release() }
        let retainedTrouble = Unmanaged.passRetained(trouble)
        defer { retainedTrouble.release() }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        guard let reader = xmlReaderForIO(
            { context, buffer, length in
                guard let context, let buffer else { return -1 }
                return Unmanaged<ByteWindow>.fromOpaque(context).takeUnretainedValue().fill(buffer, length)
            },
            { _ in 0 },
            retainedWindow.toOpaque(), nil, "UTF-8", options)
        else { return false }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, { userData, _ in
            guard let userData else { return }
            Unmanaged<Trouble>.fromOpaque(userData).takeUnretainedValue().seen = true
        }, retainedTrouble.toOpaque())
        guard schema.attach(to: reader) else { return false }
        return stream(reader, window: window, trouble: trouble, into: &handler) && !window.failed
    }

    private func stream<Handler: XMLStreamHandler>(
        _ reader: xmlTextReaderPtr, window: ByteWindow, trouble: Trouble, into handler: inout Handler
    ) -> Bool {
        var scanner = WindowTagScanner()
        var cursor = WindowPositionCursor(window: window)
        var depth = 0
        // Bytes of text directly inside each open element, as the tree reader counts them.
        var textBytes: [Int] = [0]
        var names = InternedNames()
        func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            return names.name(pointer).name
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if trouble.seen || status < 0 || window.failed { return false }
            if status == 0 { break }
            if names.dictionary == nil { names.dictionary = xmlTextReaderCurrentDoc(reader)?.pointee.dict }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                depth += 1
                textBytes.append(0)
                guard depth <= maximumDepth, let tag = scanner.next(in: window) else { return false }
                let position = cursor.position(ofOffset: tag.offset, in: window)
                // The element's attributes are read from the node libxml2 has just built
                // for it, valid until the next read; going through the reader's attribute
                // cursor costs several calls per attribute.
                guard let node = xmlTextReaderCurrentNode(reader) else { return false }
                var attributes: [XMLAttribute] = []
                var attribute = node.pointee.properties
                // Sized once: growing by appending would allocate three or four times for
                // a competency's five attributes.
                var attributeCount = 0
                while let current = attribute {
                    attributeCount += 1
                    attribute = current.pointee.next
                }
                attributes.reserveCapacity(attributeCount)
                attribute = node.pointee.properties
                while let current = attribute {
                    attribute = current.pointee.next
                    let local = name(current.pointee.name)
                    let namespace = current.pointee.ns
                    let qualified = namespace.flatMap { $0.pointee.prefix }.map { name($0) + ":" + local } ?? local
                    let value: String
                    if let child = current.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
                       let content = child.pointee.content {
                        value = String(cString: content)
                    } else if let raw = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                        value = String(cString: raw)
                        ck_xml_free(raw)
                    } else {
                        value = ""
                    }
                    if value.utf8.count > maximumTextBytes { return false }
                    let attributePosition = tag.offset(ofAttribute: qualified, in: window).map { cursor.position(ofOffset: $0, in: window) } ?? position
                    attributes.append(XMLAttribute(
                        name: local, namespaceURI: namespace.flatMap { $0.pointee.href }.map { name($0) },
                        value: value, position: attributePosition))
                }
                let elementName: (name: String, number: Int) = node.pointee.name.map { names.name($0) } ?? ("", -1)
                handler.start(StreamElement(
                    name: elementName.name, nameNumber: elementName.number,
                    namespaceURI: node.pointee.ns.flatMap { $0.pointee.href }.map { name($0) },
                    attributes: attributes, position: position))
                // Everything before this element's start is behind both cursors now.
                window.release(before: min(cursor.offset, scanner.offset))
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
                textBytes[textBytes.count - 1] += Int(xmlStrlen(value))
                if textBytes[textBytes.count - 1] > maximumTextBytes { return false }
                if handler.wantsText { handler.text(String(cString: value)) }
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

/// Element and attribute names by libxml2's pointer to them. libxml2 interns names in the
/// reader's dictionary, so one pointer is one name; a vocabulary has a few dozen names and
/// a document millions of them, so a small open-addressed table beats hashing each pointer
/// through `Hasher`. Past eight probes (a document with very many distinct names) a name
/// is simply made again.
private struct InternedNames {
    private static let slots = 1_024
    private var keys = [UnsafePointer<xmlChar>?](repeating: nil, count: InternedNames.slots)
    private var values = [String](repeating: "", count: InternedNames.slots)
    /// Names that live in libxml2's dictionary until the reader is freed: for those, the
    /// pointer alone is proof of the name and the bytes need no second look.
    private var interned = [Bool](repeating: false, count: InternedNames.slots)
    var dictionary: xmlDictPtr?

    /// The name and its number (its slot, or -1 past the table).
    mutating func name(_ pointer: UnsafePointer<xmlChar>) -> (name: String, number: Int) {
        let mask = Self.slots - 1
        var slot = Int(truncatingIfNeeded: UInt(bitPattern: pointer) >> 3 &* 0x9E37_79B9) & mask
        for _ in 0..<8 {
            if keys[slot] == pointer {
                // A pointer is one name while libxml2 keeps the string; checking the bytes
                // makes a string freed and its memory reused harmless.
                if interned[slot] || Self.same(values[slot], pointer) { return (values[slot], slot) }
                // Another name at a reused address: it gets no number, and the slot stays
                // the old name's so that number never means two names.
                return (String(cString: pointer), -1)
            }
            if keys[slot] == nil {
                let made = String(cString: pointer)
                keys[slot] = pointer
                values[slot] = made
                interned[slot] = dictionary.map { xmlDictOwns($0, pointer) == 1 } ?? false
                return (made, slot)
            }
            slot = (slot + 1) & mask
        }
        return (String(cString: pointer), -1)
    }

    private static func same(_ text: String, _ pointer: UnsafePointer<xmlChar>) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in 0..<bytes.count where pointer[index] != bytes[index] { return false }
            return pointer[bytes.count] == 0
        }
    }
}
