import OutputFormats

/// The text of a .docx's XML parts. A .docx is a zip whose parts are deflated, so a search
/// of the file's own bytes can never find a word of the document: read inside it instead.
package enum DocxText {
    /// Every XML part, by name, decoded as UTF-8.
    package static func parts(_ docx: [UInt8]) throws -> [String: String] {
        var parts: [String: String] = [:]
        for part in try OPCPackage.readDocx(docx).parts where part.name.hasSuffix(".xml") || part.name.hasSuffix(".rels") {
            parts[part.name] = String(decoding: part.bytes, as: UTF8.self)
        }
        return parts
    }

    /// The names of the parts in which `needle` occurs.
    package static func partsContaining(_ needle: String, in docx: [UInt8]) throws -> [String] {
        try parts(docx).filter { $0.value.contains(needle) }.map(\.key).sorted()
    }
}
