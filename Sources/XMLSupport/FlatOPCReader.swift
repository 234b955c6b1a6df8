import CLibXML2

/// One part of a Flat OPC document: XML parts re-serialised as standalone documents,
/// binary parts as their decoded bytes.
public struct FlatOPCPart: Sendable, Hashable {
    public var name: String
    public var contentType: String
    public var bytes: [UInt8]
}

extension XMLReader {
    public static let flatOPCNamespace = "http://schemas.microsoft.com/office/2006/xmlPackage"
    /// At most this many parts: the most CompetencyKit's own zip reader takes, and far
    /// more than any Word document has. The zip writer's cost grows with the square of
    /// the entry count, so this also bounds the time a pack can take.
    public static let maximumFlatOPCParts = 10_000

    /// Reads the parts of a Flat OPC file (Word's single-file XML format), with the same
    /// safety as any other read, the depth cap included. Each XML part is copied into a
    /// document of its own with its namespaces declared, so it stands alone inside a .docx.
    /// Every name and content type is checked here, where the file's positions are known,
    /// so no part that could not be written into a zip gets past this point.
    public func readFlatOPC(_ bytes: [UInt8]) throws(XMLReadFailure) -> [FlatOPCPart] {
        try withDocument(bytes) { (document, source) throws(XMLReadFailure) -> [FlatOPCPart] in
            guard let root = xmlDocGetRootElement(document) else {
                throw XMLReadFailure(issues: [XMLIssue(kind: .malformed, message: "document has no root element", position: .init(line: 1, column: 1))])
            }
            // `withDocument` only parses; the depth cap lives in the tree walk, which
            // `read` does and this reader did not, so it is applied here over the whole
            // document, pkg:xmlData included.
            let positions = try Self.checkDepth(from: root, source: source, maximumDepth: maximumDepth)
            func failure(_ message: String, _ node: xmlNodePtr?, kind: XMLIssue.Kind = .schema) -> XMLReadFailure {
                let position = node.flatMap { positions[UnsafeMutableRawPointer($0)] }
                    ?? XMLPosition(line: node.map { max(Int(xmlGetLineNo($0)), 1) } ?? 1, column: 1)
                return XMLReadFailure(issues: [XMLIssue(kind: kind, message: message, position: position)])
            }
            guard Self.isPackageElement(root, "package") else {
                throw failure("not a Flat OPC document: the root element must be pkg:package in \(Self.flatOPCNamespace)", root)
            }
            var parts: [FlatOPCPart] = []
            var names = OPCPartNameSet()
            var child = root.pointee.children
            while let part = child {
                defer { child = part.pointee.next }
                guard part.pointee.type == XML_ELEMENT_NODE else { continue }
                guard Self.isPackageElement(part, "part") else { throw failure("unexpected element in pkg:package", part) }
                guard parts.count < Self.maximumFlatOPCParts else {
                    throw failure("pkg:package has more than \(Self.maximumFlatOPCParts) parts, the most a package can have here", part, kind: .tooLarge)
                }
                guard let name = Self.packageAttribute(part, "name"), let type = Self.packageAttribute(part, "contentType") else {
                    throw failure("pkg:part needs pkg:name and pkg:contentType", part)
                }
                let shown = OPCPartName.shown(name)
                guard name.hasPrefix("/"), !name.dropFirst().hasPrefix("/") else {
                    throw failure("pkg:part name '\(shown)' must start with a single '/'", part)
                }
                let partName = String(name.dropFirst())
                if let problem = OPCPartName.problem(with: partName) {
                    throw failure("pkg:part name '\(shown)' \(problem)", part)
                }
                if let clash = names.insert(partName) {
                    throw failure("pkg:part name '\(shown)' \(clash)", part)
                }
                guard OPCContentType.isValid(type) else {
                    throw failure("pkg:part \(shown) has content type '\(OPCPartName.shown(type))', which is not a type/subtype such as application/xml", part)
                }
                var data = part.pointee.children
                while let current = data, current.pointee.type != XML_ELEMENT_NODE { data = current.pointee.next }
                guard let payload = data else { throw failure("pkg:part \(shown) has no content", part) }
                if Self.isPackageElement(payload, "xmlData") {
                    let elements = Self.elementChildren(payload)
                    guard let element = elements.first else { throw failure("pkg:xmlData of \(shown) is empty", payload) }
                    guard elements.count == 1 else { throw failure("pkg:xmlData of \(shown) holds \(elements.count) elements; a part has exactly one root", elements[1]) }
                    parts.append(FlatOPCPart(name: partName, contentType: type, bytes: try Self.standalone(element, failure: { failure($0, $1) })))
                } else if Self.isPackageElement(payload, "binaryData") {
                    guard let decoded = Base64.decode(Self.content(payload)) else {
                        throw failure("pkg:binaryData of \(shown) is not base64: only A–Z, a–z, 0–9, '+' and '/' in groups of four, with '=' only as padding at the end (spaces and line breaks are ignored)", payload)
                    }
                    parts.append(FlatOPCPart(name: partName, contentType: type, bytes: decoded))
                } else {
                    throw failure("pkg:part \(shown) holds neither pkg:xmlData nor pkg:binaryData", payload)
                }
            }
            guard !parts.isEmpty else {
                throw failure("pkg:package has no parts; there is nothing to pack", root)
            }
            return parts
        }
    }

    /// Walks every element in document order, refusing any deeper than `maximumDepth`, and
    /// returns the positions of the package's own elements (depth 3 and less) for errors.
    /// Iterative, so a deep document costs no stack.
    private static func checkDepth(
        from root: xmlNodePtr, source: SourceText, maximumDepth: Int
    ) throws(XMLReadFailure) -> [UnsafeMutableRawPointer: XMLPosition] {
        var scanner = WindowTagScanner()
        let window = ByteWindow(bytes: source.bytes)
        var cursor = PositionCursor()
        var positions: [UnsafeMutableRawPointer: XMLPosition] = [:]
        var node: xmlNodePtr? = root
        var depth = 1
        while let current = node {
            // Start tags come in the same order as a pre-order walk of the elements.
            let position = scanner.next(in: window).map { cursor.position(ofOffset: $0.offset, in: source) }
                ?? XMLPosition(line: max(Int(xmlGetLineNo(current)), 1), column: 1)
            if depth > maximumDepth {
                throw XMLReadFailure(issues: [XMLIssue(kind: .tooDeep, message: "elements are nested more than \(maximumDepth) deep", position: position)])
            }
            if depth <= 3 { positions[UnsafeMutableRawPointer(current)] = position }
            if let first = firstElement(from: current.pointee.children) {
                node = first
                depth += 1
                continue
            }
            node = nil
            var climbing: xmlNodePtr? = current
            while let step = climbing, step != root {
                if let sibling = firstElement(from: step.pointee.next) {
                    node = sibling
                    break
                }
                climbing = step.pointee.parent
                depth -= 1
            }
        }
        return positions
    }

    private static func firstElement(from start: xmlNodePtr?) -> xmlNodePtr? {
        var node = start
        while let current = node, current.pointee.type != XML_ELEMENT_NODE { node = current.pointee.next }
        return node
    }

    private static func elementChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = firstElement(from: node.pointee.children)
        while let current = child {
            result.append(current)
            child = firstElement(from: current.pointee.next)
        }
        return result
    }

    private static func isPackageElement(_ node: xmlNodePtr, _ name: String) -> Bool {
        guard node.pointee.type == XML_ELEMENT_NODE, String(cString: node.pointee.name) == name,
              let ns = node.pointee.ns, let href = ns.pointee.href
        else { return false }
        return String(cString: href) == flatOPCNamespace
    }

    private static func packageAttribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNsProp(node, name, flatOPCNamespace) else { return nil }
        defer { ck_xml_free(value) }
        return String(cString: value)
    }

    private static func content(_ node: xmlNodePtr) -> String {
        guard let value = xmlNodeGetContent(node) else { return "" }
        defer { ck_xml_free(value) }
        return String(cString: value)
    }

    /// Copies `element` into a new document, declares the namespaces it uses on its root,
    /// and serialises it as UTF-8.
    private static func standalone(_ element: xmlNodePtr, failure: (String, xmlNodePtr?) -> XMLReadFailure) throws(XMLReadFailure) -> [UInt8] {
        guard let document = xmlNewDoc("1.0") else { throw failure("out of memory", element) }
        defer { xmlFreeDoc(document) }
        guard let copy = xmlDocCopyNode(element, document, 1) else { throw failure("could not copy a part", element) }
        xmlDocSetRootElement(document, copy)
        xmlReconciliateNs(document, copy)
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(document, &memory, &size, "UTF-8")
        guard let memory else { throw failure("could not serialise a part", element) }
        defer { ck_xml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }
}

/// Base64 decoding without Foundation, for Flat OPC binary parts. Strict, as
/// xs:base64Binary is: whole groups of four, `=` only as the final one or two characters,
/// and only XML whitespace between groups (Word wraps the text at 76 characters).
enum Base64 {
    private static let table: [Int16] = {
        var table = [Int16](repeating: -1, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = Int16(index)
        }
        return table
    }()

    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var buffer = 0
        var bits = 0
        var significant = 0
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "="):
                padding += 1
                significant += 1
                if padding > 2 { return nil }
            default:
                // Data after padding would be silently dropped by a lenient decoder.
                let value = table[Int(byte)]
                guard padding == 0, value >= 0 else { return nil }
                significant += 1
                buffer = ((buffer << 6) | Int(value)) & 0xFFFFFF
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8((buffer >> bits) & 0xFF))
                }
            }
        }
        guard significant % 4 == 0 else { return nil }
        return output
    }
}

/// The OPC rules for part names (ISO/IEC 29500-2, 9.1.1) that matter when the parts become
/// zip entries, shared by the Flat OPC reader and the .docx writer.
public enum OPCPartName {
    /// A zip entry name has a 16-bit length.
    public static let maximumBytes = 65_535

    /// Why `name` (without its leading slash) cannot name a part, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "is empty" }
        let count = name.utf8.count
        if count > maximumBytes {
            return "is \(count) bytes long; a part name can be at most \(maximumBytes) bytes (UTF-8), as a zip entry name can"
        }
        if let control = name.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let hex = String(control.value, radix: 16, uppercase: true)
            return "contains the control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex)"
        }
        if name.contains("\\") { return "contains a backslash; it could escape the package" }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        if !segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) {
            return "has an empty, '.' or '..' segment; it could escape the package"
        }
        if segments.contains(where: { $0.hasSuffix(".") }) {
            return "has a segment ending in '.', which OPC does not allow"
        }
        if name.lowercased() == "[content_types].xml" {
            return "is reserved: [Content_Types].xml is written by the package itself"
        }
        return nil
    }

    /// A name as it may be quoted in a message: long ones shortened.
    public static func shown(_ name: String) -> String {
        let limit = 80
        guard name.unicodeScalars.count > limit else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.prefix(limit))) + "…"
    }
}

/// The part names of one package so far. OPC compares names case-insensitively, and a
/// part cannot also be a folder of another (a zip could hold both; no file system can).
public struct OPCPartNameSet: Sendable {
    private var names: Set<String> = []
    private var folders: Set<String> = []

    public init() {}

    /// Adds `name`; returns why it clashes with a name already added, or nil.
    public mutating func insert(_ name: String) -> String? {
        let key = name.lowercased()
        if names.contains(key) { return "is used twice (part names are compared ignoring case)" }
        if folders.contains(key) { return "is also the folder of another part" }
        var ancestors: [String] = []
        var folder = Substring(key)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            ancestors.append(String(folder))
        }
        if ancestors.contains(where: names.contains) { return "lies inside another part" }
        names.insert(key)
        folders.formUnion(ancestors)
        return nil
    }
}

/// Media types as RFC 6838 (section 4.2) spells them: `type/subtype`, each a restricted
/// name. Parameters are not accepted; OPC content types for Word never carry any, and a
/// value that can only be letters, digits and a few marks cannot inject markup.
public enum OPCContentType {
    public static func isValid(_ type: String) -> Bool {
        let pieces = type.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return pieces.count == 2 && pieces.allSatisfy(isRestrictedName)
    }

    private static func isRestrictedName(_ name: Substring.UTF8View.SubSequence) -> Bool {
        guard let first = name.first, name.count <= 127, isAlphanumeric(first) else { return false }
        return name.allSatisfy { isAlphanumeric($0) || marks.contains($0) }
    }

    private static let marks = Set("!#$&-^_.+".utf8)

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
