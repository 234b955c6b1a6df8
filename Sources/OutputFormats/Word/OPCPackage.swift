import Foundation
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
    /// are not empty, `.` or `..`, with no backslash. Anything else could name a file
    /// outside the package when unzipped.
    public static func isValidPartName(_ name: String) -> Bool {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        return !name.isEmpty && !name.contains("\\") && !name.contains("\0")
            && segments.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasSuffix(".") }
    }

    static let relationshipsType = "application/vnd.openxmlformats-package.relationships+xml"

    /// `[Content_Types].xml`: defaults for rels and xml, an override for every other part.
    func contentTypesXML() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"\(Self.relationshipsType)\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        var defaults: [String: String] = [:]
        for part in parts where !part.isXML {
            let ext = Self.fileExtension(of: part.name)
            if !ext.isEmpty { defaults[ext] = part.contentType }
        }
        for ext in defaults.keys.sorted() {
            xml += "<Default Extension=\"\(ext)\" ContentType=\"\(defaults[ext]!)\"/>"
        }
        for part in parts where part.isXML && part.contentType != Self.relationshipsType {
            xml += "<Override PartName=\"/\(part.name)\" ContentType=\"\(part.contentType)\"/>"
        }
        xml += "</Types>"
        return xml
    }

    /// Midnight, 1 January 1980 UTC: the earliest time a zip entry can carry. Fixed, so the
    /// same document gives the same bytes whenever it is built.
    static let fixedTimestamp = Date(timeIntervalSince1970: 315_532_800)

    /// The .docx bytes: `[Content_Types].xml` first (as Word expects), then the parts in
    /// their given order, each deflated, with the fixed timestamp.
    public func docx() throws -> [UInt8] {
        if let bad = parts.first(where: { !Self.isValidPartName($0.name) }) {
            throw PackageError("'\(bad.name)' is not a valid part name; part names cannot contain empty, '.' or '..' segments")
        }
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
    public func flatOPC() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<?mso-application progid=\"Word.Document\"?>\n"
        xml += "<pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\">\n"
        for part in parts {
            xml += "<pkg:part pkg:name=\"/\(part.name)\" pkg:contentType=\"\(part.contentType)\""
            if part.isXML {
                xml += "><pkg:xmlData>"
                xml += Self.withoutDeclaration(String(decoding: part.bytes, as: UTF8.self))
                xml += "</pkg:xmlData></pkg:part>\n"
            } else {
                xml += " pkg:compression=\"store\"><pkg:binaryData>"
                xml += Data(part.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
                xml += "</pkg:binaryData></pkg:part>\n"
            }
        }
        xml += "</pkg:package>\n"
        return xml
    }

    static func withoutDeclaration(_ xml: String) -> String {
        guard xml.hasPrefix("<?xml"), let end = xml.range(of: "?>") else { return xml }
        return String(xml[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads the parts of a .docx (or any OPC zip), skipping `[Content_Types].xml`, whose
    /// types it uses to label the parts.
    public static func readDocx(_ bytes: [UInt8]) throws -> OPCPackage {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var contents: [(String, [UInt8])] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            contents.append((entry.path, [UInt8](data)))
        }
        let typesXML = contents.first { $0.0 == "[Content_Types].xml" }.map { String(decoding: $0.1, as: UTF8.self) } ?? ""
        let types = ContentTypes(xml: typesXML)
        return OPCPackage(parts: contents.filter { $0.0 != "[Content_Types].xml" }.map {
            Part(name: $0.0, contentType: types.type(of: $0.0), bytes: $0.1)
        })
    }
}

public struct PackageError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The few facts read back from `[Content_Types].xml`.
struct ContentTypes {
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]

    init(xml: String) {
        for tag in xml.components(separatedBy: "<").dropFirst() {
            func attribute(_ name: String) -> String? {
                guard let range = tag.range(of: name + "=\"") else { return nil }
                let rest = tag[range.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            if tag.hasPrefix("Default"), let ext = attribute("Extension"), let type = attribute("ContentType") {
                defaults[ext.lowercased()] = type
            } else if tag.hasPrefix("Override"), let name = attribute("PartName"), let type = attribute("ContentType") {
                overrides[String(name.drop { $0 == "/" })] = type
            }
        }
    }

    func type(of name: String) -> String {
        overrides[name] ?? defaults[OPCPackage.fileExtension(of: name)] ?? "application/octet-stream"
    }
}
