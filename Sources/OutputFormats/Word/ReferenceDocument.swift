import Foundation

/// What a council's own .docx contributes, as pandoc's `--reference-doc` does: its styles,
/// page size and margins, header and footer. Content always comes from the edition.
public struct ReferenceDocument: Sendable, Hashable {
    var styles: String?
    var footer: String?
    var pageSetup = PageSetup()
    var extraParts: [OPCPackage.Part] = []
    var extraRelationships: [String] = []

    public init(docx bytes: [UInt8]) throws {
        let package = try OPCPackage.readDocx(bytes)
        func text(_ name: String) -> String? {
            package.part(named: name).map { String(decoding: $0.bytes, as: UTF8.self) }
        }
        guard let document = text("word/document.xml") else {
            throw PackageError("the reference document has no word/document.xml; is it a .docx?")
        }
        styles = text("word/styles.xml")
        let relationships = Self.relationships(text("word/_rels/document.xml.rels") ?? "")

        guard let sectionStart = document.range(of: "<w:sectPr", options: .backwards),
              let sectionEnd = document.range(of: "</w:sectPr>", range: sectionStart.lowerBound..<document.endIndex)
        else { return }
        let section = String(document[sectionStart.lowerBound..<sectionEnd.upperBound])

        if let size = Self.element("w:pgSz", in: section) {
            let width = Int(Self.attribute("w:w", in: size) ?? "") ?? pageSetup.shortSide
            let height = Int(Self.attribute("w:h", in: size) ?? "") ?? pageSetup.longSide
            pageSetup.shortSide = min(width, height)
            pageSetup.longSide = max(width, height)
        }
        if let margins = Self.element("w:pgMar", in: section) {
            func value(_ name: String, _ fallback: Int) -> Int { Int(Self.attribute(name, in: margins) ?? "") ?? fallback }
            let current = pageSetup.margin
            pageSetup.margin = .init(
                top: value("w:top", current.top), right: value("w:right", current.right),
                bottom: value("w:bottom", current.bottom), left: value("w:left", current.left),
                header: value("w:header", current.header), footer: value("w:footer", current.footer))
        }

        var index = 0
        for reference in Self.elements("w:headerReference", in: section) {
            guard let id = Self.attribute("r:id", in: reference), let target = relationships[id] else { continue }
            index += 1
            let name = "word/" + target
            guard let part = package.part(named: name) else { continue }
            let newID = "rIdReferenceHeader\(index)"
            let type = Self.attribute("w:type", in: reference) ?? "default"
            pageSetup.headerReferences.append("<w:headerReference w:type=\"\(type)\" r:id=\"\(newID)\"/>")
            extraParts.append(part)
            extraRelationships.append("<Relationship Id=\"\(newID)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"\(target)\"/>")
            copyRelatedParts(of: name, from: package)
        }
        for reference in Self.elements("w:footerReference", in: section) where Self.attribute("w:type", in: reference) == "default" {
            guard let id = Self.attribute("r:id", in: reference), let target = relationships[id] else { continue }
            footer = text("word/" + target)
            if let rels = package.part(named: Self.relationshipsName(of: "word/" + target)) {
                extraParts.append(OPCPackage.Part(name: "word/_rels/footer1.xml.rels", contentType: rels.contentType, bytes: rels.bytes))
                copyTargets(of: String(decoding: rels.bytes, as: UTF8.self), from: package)
            }
        }
    }

    private mutating func copyRelatedParts(of name: String, from package: OPCPackage) {
        guard let rels = package.part(named: Self.relationshipsName(of: name)) else { return }
        extraParts.append(rels)
        copyTargets(of: String(decoding: rels.bytes, as: UTF8.self), from: package)
    }

    /// Copies the package-internal targets (images, mostly) a header or footer refers to.
    private mutating func copyTargets(of rels: String, from package: OPCPackage) {
        for relationship in Self.elements("Relationship", in: rels) where Self.attribute("TargetMode", in: relationship) != "External" {
            guard let target = Self.attribute("Target", in: relationship) else { continue }
            let name = ("word/" + target as NSString).standardizingPath
            if let part = package.part(named: name), !extraParts.contains(where: { $0.name == name }) {
                extraParts.append(part)
            }
        }
    }

    static func relationshipsName(of name: String) -> String {
        let folder = (name as NSString).deletingLastPathComponent
        return folder + "/_rels/" + (name as NSString).lastPathComponent + ".rels"
    }

    static func relationships(_ xml: String) -> [String: String] {
        var result: [String: String] = [:]
        for element in elements("Relationship", in: xml) {
            if let id = attribute("Id", in: element), let target = attribute("Target", in: element) {
                result[id] = target
            }
        }
        return result
    }

    /// Start tags named `name` in `xml`. Reference documents are Word's own output, so a
    /// tag scan is enough for the handful of facts read here.
    static func elements(_ name: String, in xml: String) -> [String] {
        var result: [String] = []
        var search = xml.startIndex..<xml.endIndex
        while let start = xml.range(of: "<" + name, range: search) {
            guard let end = xml.range(of: ">", range: start.upperBound..<xml.endIndex) else { break }
            let next = xml[start.upperBound]
            if next == " " || next == "/" || next == ">" {
                result.append(String(xml[start.lowerBound..<end.upperBound]))
            }
            search = end.upperBound..<xml.endIndex
        }
        return result
    }

    static func element(_ name: String, in xml: String) -> String? {
        elements(name, in: xml).first
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " " + name + "=\"") else { return nil }
        let rest = tag[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
