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

    /// Reads the parts of a Flat OPC file (Word's single-file XML format), with the same
    /// safety as any other read. Each XML part is copied into a document of its own with
    /// its namespaces declared, so it stands alone inside a .docx.
    public func readFlatOPC(_ bytes: [UInt8]) throws(XMLReadFailure) -> [FlatOPCPart] {
        try withDocument(bytes) { (document, _) throws(XMLReadFailure) -> [FlatOPCPart] in
            func failure(_ message: String, _ node: xmlNodePtr?) -> XMLReadFailure {
                XMLReadFailure(issues: [XMLIssue(kind: .schema, message: message, position: XMLPosition(line: node.map { Int(xmlGetLineNo($0)) } ?? 1, column: 1))])
            }
            guard let root = xmlDocGetRootElement(document), Self.isPackageElement(root, "package") else {
                throw failure("not a Flat OPC document: the root element must be pkg:package in \(Self.flatOPCNamespace)", xmlDocGetRootElement(document))
            }
            var parts: [FlatOPCPart] = []
            var child = root.pointee.children
            while let part = child {
                defer { child = part.pointee.next }
                guard part.pointee.type == XML_ELEMENT_NODE else { continue }
                guard Self.isPackageElement(part, "part") else { throw failure("unexpected element in pkg:package", part) }
                guard let name = Self.packageAttribute(part, "name"), let type = Self.packageAttribute(part, "contentType") else {
                    throw failure("pkg:part needs pkg:name and pkg:contentType", part)
                }
                var data = part.pointee.children
                while let current = data, current.pointee.type != XML_ELEMENT_NODE { data = current.pointee.next }
                guard let payload = data else { throw failure("pkg:part \(name) has no content", part) }
                guard name.hasPrefix("/"), !name.dropFirst().hasPrefix("/") else {
                    throw failure("pkg:part name '\(name)' must start with a single '/'", part)
                }
                let partName = String(name.dropFirst())
                let segments = partName.split(separator: "/", omittingEmptySubsequences: false)
                guard segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\") }) else {
                    throw failure("pkg:part name '\(name)' has an empty, '.' or '..' segment; it could escape the package", part)
                }
                if Self.isPackageElement(payload, "xmlData") {
                    var element = payload.pointee.children
                    while let current = element, current.pointee.type != XML_ELEMENT_NODE { element = current.pointee.next }
                    guard let element else { throw failure("pkg:xmlData of \(name) is empty", payload) }
                    parts.append(FlatOPCPart(name: partName, contentType: type, bytes: try Self.standalone(element, failure: failure)))
                } else if Self.isPackageElement(payload, "binaryData") {
                    let text = Self.content(payload).filter { !$0.isWhitespace }
                    guard let decoded = Base64.decode(text) else { throw failure("pkg:binaryData of \(name) is not base64", payload) }
                    parts.append(FlatOPCPart(name: partName, contentType: type, bytes: decoded))
                } else {
                    throw failure("pkg:part \(name) holds neither pkg:xmlData nor pkg:binaryData", payload)
                }
            }
            return parts
        }
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

/// Base64 decoding without Foundation, for Flat OPC binary parts.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        var table = [Int16](repeating: -1, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = Int16(index)
        }
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") { break }
            let value = table[Int(byte)]
            guard value >= 0 else { return nil }
            buffer = (buffer << 6) | Int(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return output
    }
}
