import CompetencyModel
import Foundation
import XMLSupport
import ZIPFoundation

/// An Open Packaging Conventions package (the container of .docx): named parts with
/// content types. Written either as a zip (.docx) or as one Flat OPC XML file that Word
/// opens directly; both hold the same parts with the same bytes.
public struct OPCPackage: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        /// The part name without a leading slash, such as `word/document.xml`.
        public var name: String
        public var contentType: String
        public var bytes: [UInt8]

        public init(name: String, contentType: String, bytes: [UInt8]) {
            self.name = name
            self.contentType = contentType
            self.bytes = bytes
        }

        public init(name: String, contentType: String, xml: String) {
            self.init(name: name, contentType: contentType, bytes: Array(xml.utf8))
        }

        var isXML: Bool { contentType.hasSuffix("xml") }
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    public func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The extension OPC matches `Default` content types on. NSString's `pathExtension`
    /// treats `.rels` as a hidden file with no extension, so this is done by hand.
    static func fileExtension(of name: String) -> String {
        let last = name.split(separator: "/").last ?? ""
        guard let dot = last.lastIndex(of: ".") else { return "" }
        return last[last.index(after: dot)...].lowercased()
    }

    /// Whether `name` (without its leading slash) is a valid OPC part name: segments that
    /// are not empty, `.` or `..`, with no backslash or control character, short enough
    /// for a zip entry. Anything else could name a file outside the package when unzipped.
    public static func isValidPartName(_ name: String) -> Bool {
        OPCPartName.problem(with: name) == nil
    }

    static let relationshipsType = "application/vnd.openxmlformats-package.relationships+xml"

    /// `[Content_Types].xml`: defaults for rels and xml, an override for every other XML
    /// part, and one for any other part its extension's default does not describe. Every
    /// value is escaped, though names and types are checked before this is written.
    func contentTypesXML() -> String {
        func attribute(_ value: String) -> String { XMLWriter.escapeAttribute(value) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"\(Self.relationshipsType)\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        var defaults = ["rels": Self.relationshipsType, "xml": "application/xml"]
        var added: [String: String] = [:]
        for part in parts where !part.isXML {
            let ext = Self.fileExtension(of: part.name)
            if !ext.isEmpty, defaults[ext] == nil, added[ext] == nil { added[ext] = part.contentType }
        }
        for ext in added.keys.sorted() {
            xml += "<Default Extension=\"\(attribute(ext))\" ContentType=\"\(attribute(added[ext] ?? ""))\"/>"
        }
        defaults.merge(added) { first, _ in first }
        for part in parts {
            let implied = defaults[Self.fileExtension(of: part.name)]
            // XML parts other than relationships always get an override, as they always
            // have, so the committed .docx files keep their bytes.
            let needsOverride = part.isXML
                ? part.contentType != Self.relationshipsType || implied != Self.relationshipsType
                : implied != part.contentType
            if needsOverride {
                xml += "<Override PartName=\"/\(attribute(part.name))\" ContentType=\"\(attribute(part.contentType))\"/>"
            }
        }
        xml += "</Types>"
        return xml
    }

    /// Refuses a package that could not be written faithfully: names a zip cannot hold or
    /// that could escape when unzipped, two parts with one name (OPC ignores case), and
    /// content types that are not `type/subtype`.
    func validate() throws(PackageError) {
        var names = OPCPartNameSet()
        for part in parts {
            let shown = OPCPartName.shown(part.name)
            if let problem = OPCPartName.problem(with: part.name) {
                throw PackageError("part name '\(shown)' \(problem)")
            }
            if let clash = names.insert(part.name) {
                throw PackageError("part name '\(shown)' \(clash)")
            }
            guard OPCContentType.isValid(part.contentType) else {
                throw PackageError("part \(shown) has content type '\(OPCPartName.shown(part.contentType))', which is not a type/subtype such as application/xml")
            }
        }
    }

    /// Midnight, 1 January 1980 UTC: the earliest time a zip entry can carry. Fixed, so the
    /// same document gives the same bytes whenever it is built.
    static let fixedTimestamp = Date(timeIntervalSince1970: 315_532_800)

    /// The .docx bytes: `[Content_Types].xml` first (as Word expects), then the parts in
    /// their given order, each deflated, with the fixed timestamp.
    public func docx() throws -> [UInt8] {
        try validate()
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ name: String, _ bytes: [UInt8]) throws {
            let data = Data(bytes)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                modificationDate: Self.fixedTimestamp, permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        try add("[Content_Types].xml", Array(contentTypesXML().utf8))
        for part in parts { try add(part.name, part.bytes) }
        guard let data = archive.data else { throw PackageError("the zip archive could not be finished") }
        return [UInt8](data)
    }

    /// The Flat OPC document: every part inline, XML parts as XML, others as base64.
    /// Built as bytes: parts are already UTF-8, and going through `String` search and
    /// trimming cost most of a large export's time.
    public func flatOPC() -> [UInt8] {
        var xml: [UInt8] = []
        xml.reserveCapacity(parts.reduce(4096) { $0 + $1.bytes.count + $1.bytes.count / 3 + 256 })
        func append(_ text: String) { xml.append(contentsOf: text.utf8) }
        append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        append("<?mso-application progid=\"Word.Document\"?>\n")
        append("<pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\">\n")
        for part in parts {
            append("<pkg:part pkg:name=\"/\(XMLWriter.escapeAttribute(part.name))\" pkg:contentType=\"\(XMLWriter.escapeAttribute(part.contentType))\"")
            if part.isXML {
                append("><pkg:xmlData>")
                xml.append(contentsOf: Self.withoutDeclaration(part.bytes))
                append("</pkg:xmlData></pkg:part>\n")
            } else {
                append(" pkg:compression=\"store\"><pkg:binaryData>")
                append(Data(part.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
                append("</pkg:binaryData></pkg:part>\n")
            }
        }
        append("</pkg:package>\n")
        return xml
    }

    /// The part's XML without its byte order mark, declaration and the white space around
    /// them: a BOM or a declaration is allowed at the start of a document, not inside
    /// pkg:xmlData.
    static func withoutDeclaration(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: Array("<?xml".utf8)) {
            guard let close = Self.firstIndex(of: [0x3F, 0x3E], in: body) else { return body }
            body = body[(close + 2)...]
        } else {
            return body
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while let first = body.first, isSpace(first) { body = body.dropFirst() }
        while let last = body.last, isSpace(last) { body = body.dropLast() }
        return body
    }

    private static func firstIndex(of pair: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == pair[0] && bytes[index + 1] == pair[1] { return index }
            index += 1
        }
        return nil
    }

    /// Reads the parts of a .docx (or any OPC zip) within `BoundedZipReader`'s limits,
    /// labelling each with its type from `[Content_Types].xml`, which is not itself a part.
    public static func readDocx(_ bytes: [UInt8]) throws -> OPCPackage {
        do {
            let zip = try BoundedZipReader(bytes: bytes)
            let types = try zip.read(ContentTypes.partName).map { bytes throws(PackageError) in try ContentTypes(bytes: bytes) } ?? ContentTypes()
            var parts: [Part] = []
            for name in zip.names where name != ContentTypes.partName {
                guard let bytes = try zip.read(name) else { continue }
                parts.append(Part(name: name, contentType: types.type(of: name), bytes: bytes))
            }
            return OPCPackage(parts: parts)
        } catch let failure as BoundedZipReader.Failure {
            throw PackageError(failure)
        }
    }
}

/// A problem with a package read or written: what is wrong, the code a diagnostic carries,
/// and, when the problem is inside one part, that part and the position in it.
public struct PackageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var code: String
    /// The part (zip entry) the problem is in, such as `word/styles.xml`.
    public var part: String?
    /// Where in `part`, for XML.
    public var position: XMLPosition?

    // The codes mean what FrameworkLoading's `DiagnosticCode` says they mean; OutputFormats
    // does not depend on FrameworkLoading, so they are spelled here (a test keeps them equal).
    public static let malformedCode = "FW001"
    public static let encodingCode = "FW002"
    public static let doctypeCode = "FW003"
    public static let limitsCode = "FW004"
    public static let structureCode = "FW005"

    public init(_ description: String, code: String = PackageError.structureCode, part: String? = nil, position: XMLPosition? = nil) {
        self.description = description
        self.code = code
        self.part = part
        self.position = position
    }

    init(_ failure: BoundedZipReader.Failure) {
        self.init(failure.message, code: failure.kind == .limit ? Self.limitsCode : Self.malformedCode)
    }

    /// The first problem XMLReader found in `part`.
    init(_ failure: XMLReadFailure, part: String) {
        let issue = failure.issues.first
        self.init(
            issue?.message ?? "\(part) cannot be read as XML", code: issue.map { Self.code(for: $0.kind) } ?? Self.malformedCode,
            part: part, position: issue?.position ?? XMLPosition(line: 1, column: 1))
    }

    static func code(for kind: XMLIssue.Kind) -> String {
        switch kind {
        case .malformed: malformedCode
        case .encoding: encodingCode
        case .doctype: doctypeCode
        case .tooLarge, .tooDeep: limitsCode
        case .schema, .schemaDefinition: structureCode
        }
    }

    /// As a diagnostic about `file`: at `file:part:line:col` when the problem is inside a
    /// part, else at `file:1:1`.
    public func diagnostic(file: String) -> Diagnostic {
        let line = position?.line ?? 1
        let column = position?.column ?? 1
        return Diagnostic(
            severity: .error, code: code, message: description,
            location: SourceLocation(file: part.map { "\(file):\($0)" } ?? file, line: line, column: column))
    }
}

/// The facts read back from `[Content_Types].xml`, with where each was written.
struct ContentTypes {
    static let partName = "[Content_Types].xml"
    static let namespace = "http://schemas.openxmlformats.org/package/2006/content-types"

    struct Entry {
        var type: String
        var position: XMLPosition?
    }

    /// Keyed by lower-cased extension.
    var defaults: [String: Entry] = [:]
    /// Keyed by lower-cased part name without its slash: OPC compares names ignoring case.
    var overrides: [String: Entry] = [:]

    init() {}

    init(bytes: [UInt8]) throws(PackageError) {
        let root: XMLSupport.XMLElement
        do {
            root = try XMLReader().read(bytes).root
        } catch {
            throw PackageError(error, part: Self.partName)
        }
        guard root.name == "Types", root.namespaceURI == Self.namespace else {
            throw PackageError("the root element is not Types in \(Self.namespace)", part: Self.partName, position: root.position)
        }
        for element in root.children where element.namespaceURI == Self.namespace {
            guard let type = element.attribute("ContentType")?.value else { continue }
            let entry = Entry(type: type, position: element.position)
            if element.name == "Default", let ext = element.attribute("Extension")?.value {
                defaults[ext.lowercased()] = entry
            } else if element.name == "Override", let name = element.attribute("PartName")?.value {
                overrides[String(name.drop { $0 == "/" }).lowercased()] = entry
            }
        }
    }

    func entry(for name: String) -> Entry? {
        overrides[name.lowercased()] ?? defaults[OPCPackage.fileExtension(of: name)]
    }

    func type(of name: String) -> String {
        entry(for: name)?.type ?? "application/octet-stream"
    }
}
