import Foundation
import XMLSupport

/// What a council's own .docx contributes, as pandoc's `--reference-doc` does: its styles,
/// page size and margins, header and footer. Content always comes from the edition.
///
/// The template is untrusted input. Only the entries needed are inflated, within
/// `BoundedZipReader`'s limits; every XML part used is parsed with the hardened XMLReader
/// (no DOCTYPE, bounded depth) before anything is taken from it; every relationship
/// target is resolved and must stay inside the package; and nothing copied may take the
/// name of a part CompetencyKit writes itself. Problems are `PackageError`s naming the
/// part and position, so the CLI can report `template.docx:word/styles.xml:3:5`.
public struct ReferenceDocument: Sendable, Hashable {
    var styles: String?
    var footer: String?
    var pageSetup = PageSetup()
    var extraParts: [OPCPackage.Part] = []
    var extraRelationships: [String] = []

    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let headerType = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    static let headerTypes: Set<String> = ["default", "first", "even"]

    /// The parts `WordDocument` writes (lower-cased, as OPC compares names). A part copied
    /// from the template under one of these names would give the .docx two entries of it.
    static let reservedNames: Set<String> = [
        "[content_types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
        "word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/footer1.xml",
        "word/_rels/footer1.xml.rels", "docprops/core.xml", "docprops/app.xml",
    ]

    /// Page sizes and margins in twips, as far as Word itself allows (22 inches). Values
    /// outside would give Word a page it cannot show, and would overflow the column
    /// widths computed from them.
    static let maximumTwips = 31_680

    public init(docx bytes: [UInt8]) throws {
        let template = try Template(bytes)
        guard let document = try template.xml("word/document.xml") else {
            throw PackageError("the reference document has no word/document.xml; is it a .docx? Re-save it from Word as .docx")
        }
        try Self.expect(document, "document", in: "word/document.xml")

        if let styles = try template.xml("word/styles.xml") {
            try Self.expect(styles, "styles", in: "word/styles.xml")
            let merged = WordStyles.merging(reference: Self.text(styles.bytes))
            // The merge is text surgery on the template's own markup; the result is parsed
            // again so nothing unparsed reaches the output.
            do {
                _ = try XMLReader().read(Array(merged.utf8))
            } catch {
                throw PackageError("CompetencyKit's styles could not be added to this styles.xml; re-save the template from Word", part: "word/styles.xml")
            }
            self.styles = merged
        }

        let relationships = try template.relationships(of: "word/document.xml")
        guard let body = document.root.children.first(where: { Self.isWord($0, "body") }),
              let section = body.children.last(where: { Self.isWord($0, "sectPr") })
        else { return }

        try readPageSetup(section)

        var copiedHeaders: [String: String] = [:]
        for reference in section.children where Self.isWord(reference, "headerReference") {
            let type = Self.wordAttribute(reference, "type") ?? "default"
            guard Self.headerTypes.contains(type) else {
                throw PackageError(
                    "w:headerReference has w:type '\(OPCPartName.shown(type))'; it must be default, first or even",
                    part: "word/document.xml", position: reference.position)
            }
            guard let id = Self.relationshipID(reference), let relationship = relationships.byID[id] else { continue }
            let name = try template.internalTarget(relationship, of: relationships)
            guard template.zip.contains(name) else { continue }
            let newID: String
            if let existing = copiedHeaders[name] {
                newID = existing
            } else {
                guard let header = try template.xml(name) else { continue }
                try Self.expect(header, "hdr", in: name)
                newID = "rIdReferenceHeader\(copiedHeaders.count + 1)"
                copiedHeaders[name] = newID
                extraParts.append(OPCPackage.Part(name: name, contentType: Self.headerType, bytes: Array(Self.text(header.bytes).utf8)))
                extraRelationships.append(
                    "<Relationship Id=\"\(newID)\" Type=\"\(Self.officeRelationships)/header\" Target=\"\(XMLWriter.escapeAttribute(Self.target(for: name, from: "word")))\"/>")
                try copyRelationships(of: name, to: Self.relationshipsName(of: name), from: template)
            }
            pageSetup.headerReferences.append("<w:headerReference w:type=\"\(type)\" r:id=\"\(newID)\"/>")
        }

        if let reference = section.children.first(where: { Self.isWord($0, "footerReference") && Self.wordAttribute($0, "type") == "default" }),
           let id = Self.relationshipID(reference), let relationship = relationships.byID[id] {
            let name = try template.internalTarget(relationship, of: relationships, mayBeOurs: true)
            if let footer = try template.xml(name) {
                try Self.expect(footer, "ftr", in: name)
                self.footer = Self.text(footer.bytes)
                try copyRelationships(of: name, to: "word/_rels/footer1.xml.rels", from: template)
            }
        }

        // Each step above keeps to its own names; this holds the whole set to the rule
        // that the output has no two parts with one name.
        var names = OPCPartNameSet()
        for reserved in Self.reservedNames where reserved != "[content_types].xml" { _ = names.insert(reserved) }
        for part in extraParts where !(part.name == "word/_rels/footer1.xml.rels" && footer != nil) {
            if let clash = names.insert(part.name) {
                throw PackageError("the template's part \(OPCPartName.shown(part.name)) cannot be copied: it \(clash.replacingOccurrences(of: "is used twice", with: "has the name of another part"))", part: part.name)
            }
        }
    }

    private mutating func readPageSetup(_ section: XMLSupport.XMLElement) throws(PackageError) {
        func value(_ element: XMLSupport.XMLElement, _ name: String, _ range: ClosedRange<Int>, _ fallback: Int) throws(PackageError) -> Int {
            guard let attribute = element.attributes.first(where: { $0.name == name && $0.namespaceURI == Self.main }) else { return fallback }
            guard let number = Int(attribute.value), range.contains(number) else {
                throw PackageError(
                    "w:\(element.name) w:\(name) is '\(OPCPartName.shown(attribute.value))'; it must be a whole number of twips from \(range.lowerBound) to \(range.upperBound)",
                    part: "word/document.xml", position: attribute.position)
            }
            return number
        }
        let size = 1...Self.maximumTwips
        let unsigned = 0...Self.maximumTwips
        let signed = -Self.maximumTwips...Self.maximumTwips
        if let pageSize = section.children.first(where: { Self.isWord($0, "pgSz") }) {
            let width = try value(pageSize, "w", size, pageSetup.shortSide)
            let height = try value(pageSize, "h", size, pageSetup.longSide)
            pageSetup.shortSide = min(width, height)
            pageSetup.longSide = max(width, height)
        }
        if let margins = section.children.first(where: { Self.isWord($0, "pgMar") }) {
            let current = pageSetup.margin
            pageSetup.margin = .init(
                top: try value(margins, "top", signed, current.top), right: try value(margins, "right", unsigned, current.right),
                bottom: try value(margins, "bottom", signed, current.bottom), left: try value(margins, "left", unsigned, current.left),
                header: try value(margins, "header", unsigned, current.header), footer: try value(margins, "footer", unsigned, current.footer))
            if pageSetup.margin.left + pageSetup.margin.right >= pageSetup.shortSide {
                throw PackageError(
                    "the left and right margins (\(pageSetup.margin.left) + \(pageSetup.margin.right) twips) leave no room on a page \(pageSetup.shortSide) twips wide",
                    part: "word/document.xml", position: margins.position)
            }
        }
    }

    /// Copies the relationships of the copied part `source` to `destination`, and the
    /// package parts they point at (images, mostly). The relationships are written afresh,
    /// every value escaped, with targets that resolve from the copy's own folder.
    private mutating func copyRelationships(of source: String, to destination: String, from template: Template) throws(PackageError) {
        let relationships = try template.relationships(of: source)
        guard !relationships.all.isEmpty || template.zip.contains(relationships.part) else { return }
        let destinationFolder = Self.folder(ofRelationshipsPart: destination)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(Self.packageRelationships)\">"
        for relationship in relationships.all {
            var target = relationship.target
            if !relationship.isExternal {
                let name = try template.internalTarget(relationship, of: relationships)
                target = Self.target(for: name, from: destinationFolder)
                if template.zip.contains(name), !extraParts.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                    extraParts.append(try template.copiedPart(name))
                }
            }
            xml += "<Relationship Id=\"\(XMLWriter.escapeAttribute(relationship.id))\" Type=\"\(XMLWriter.escapeAttribute(relationship.type))\""
            xml += " Target=\"\(XMLWriter.escapeAttribute(target))\"\(relationship.isExternal ? " TargetMode=\"External\"" : "")/>"
        }
        xml += "</Relationships>"
        extraParts.append(OPCPackage.Part(name: destination, contentType: OPCPackage.relationshipsType, xml: xml))
    }

    // MARK: - Helpers

    static func isWord(_ element: XMLSupport.XMLElement, _ name: String) -> Bool {
        element.name == name && element.namespaceURI == main
    }

    static func wordAttribute(_ element: XMLSupport.XMLElement, _ name: String) -> String? {
        element.attributes.first { $0.name == name && $0.namespaceURI == main }?.value
    }

    static func relationshipID(_ element: XMLSupport.XMLElement) -> String? {
        element.attributes.first { $0.name == "id" && $0.namespaceURI == officeRelationships }?.value
    }

    static func expect(_ part: Template.Part, _ root: String, in name: String) throws(PackageError) {
        guard isWord(part.root, root) else {
            throw PackageError(
                "the root element is \(part.root.name), not w:\(root) in \(main)", part: name, position: part.root.position)
        }
    }

    /// The part's text without a byte order mark, which has no place inside another file.
    static func text(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    static func relationshipsName(of name: String) -> String {
        let folder = (name as NSString).deletingLastPathComponent
        let file = (name as NSString).lastPathComponent
        return folder.isEmpty ? "_rels/\(file).rels" : "\(folder)/_rels/\(file).rels"
    }

    /// The folder of the part a relationships part belongs to: `word` for
    /// `word/_rels/document.xml.rels`.
    static func folder(ofRelationshipsPart name: String) -> String {
        let relsFolder = (name as NSString).deletingLastPathComponent
        return (relsFolder as NSString).deletingLastPathComponent
    }

    /// `target` (a relationship's Target) as a part name, resolved against `folder`, or
    /// nil when it climbs above the package root.
    static func resolve(_ target: String, from folder: String) -> String? {
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : (folder.isEmpty ? target : folder + "/" + target)
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch segment {
            case ".": continue
            case "..": guard segments.popLast() != nil else { return nil }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// How a part in `folder` refers to `name`: relative when `name` is inside it (as
    /// Word writes), else from the package root.
    static func target(for name: String, from folder: String) -> String {
        let prefix = folder.isEmpty ? "" : folder + "/"
        return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : "/" + name
    }
}

/// The template's zip, with each needed entry read at most once and every failure turned
/// into a `PackageError` a user can act on.
struct Template {
    struct Part {
        var root: XMLSupport.XMLElement
        var bytes: [UInt8]
    }

    struct Relationship {
        var id: String
        var type: String
        var target: String
        var isExternal: Bool
        var position: XMLPosition
    }

    struct Relationships {
        /// The relationships part they were read from.
        var part: String
        /// The folder targets resolve from.
        var folder: String
        var all: [Relationship] = []
        var byID: [String: Relationship] = [:]
    }

    let zip: BoundedZipReader
    let types: ContentTypes

    init(_ bytes: [UInt8]) throws(PackageError) {
        do {
            zip = try BoundedZipReader(bytes: bytes)
        } catch {
            throw Self.problem(error)
        }
        var types = ContentTypes()
        do {
            if let bytes = try zip.read(ContentTypes.partName) { types = try ContentTypes(bytes: bytes) }
        } catch let failure as BoundedZipReader.Failure {
            throw Self.problem(failure)
        } catch let failure as PackageError {
            throw failure
        } catch {
            throw PackageError("\(ContentTypes.partName) cannot be read", part: ContentTypes.partName)
        }
        self.types = types
    }

    static func problem(_ failure: BoundedZipReader.Failure) -> PackageError {
        switch failure.kind {
        case .notAZip:
            return PackageError("is not a .docx (zip) file: re-save it from Word as .docx", code: PackageError.malformedCode)
        case .damaged, .checksum, .unsupported:
            return PackageError("is not a usable .docx: \(failure.message); re-save it from Word as .docx", code: PackageError.malformedCode)
        case .limit:
            return PackageError("\(failure.message); a Word template is far smaller, so this is not one (re-save it from Word as .docx)", code: PackageError.limitsCode)
        }
    }

    func bytes(_ name: String) throws(PackageError) -> [UInt8]? {
        do {
            return try zip.read(name)
        } catch {
            throw Self.problem(error)
        }
    }

    /// The part `name` parsed by the hardened reader, or nil when the zip has no such entry.
    func xml(_ name: String) throws(PackageError) -> Part? {
        guard let bytes = try bytes(name) else { return nil }
        do {
            return Part(root: try XMLReader().read(bytes).root, bytes: bytes)
        } catch {
            throw PackageError(error, part: name)
        }
    }

    /// The relationships of `source` (empty when it has none).
    func relationships(of source: String) throws(PackageError) -> Template.Relationships {
        let name = ReferenceDocument.relationshipsName(of: source)
        var result = Relationships(part: name, folder: (source as NSString).deletingLastPathComponent)
        guard let part = try xml(name) else { return result }
        guard part.root.name == "Relationships", part.root.namespaceURI == ReferenceDocument.packageRelationships else {
            throw PackageError("the root element is \(part.root.name), not Relationships in \(ReferenceDocument.packageRelationships)", part: name, position: part.root.position)
        }
        for element in part.root.children where element.name == "Relationship" && element.namespaceURI == ReferenceDocument.packageRelationships {
            guard let id = element.attribute("Id")?.value, let target = element.attribute("Target")?.value else {
                throw PackageError("a Relationship needs an Id and a Target", part: name, position: element.position)
            }
            let relationship = Relationship(
                id: id, type: element.attribute("Type")?.value ?? "", target: target,
                isExternal: element.attribute("TargetMode")?.value == "External", position: element.position)
            result.all.append(relationship)
            if result.byID[id] == nil { result.byID[id] = relationship }
        }
        return result
    }

    /// The part a relationship points at, refused when it is external, leaves the
    /// package, is no valid part name, or (unless `mayBeOurs`, for the footer, whose text
    /// is taken rather than its part) would replace a part CompetencyKit writes.
    func internalTarget(_ relationship: Relationship, of relationships: Relationships, mayBeOurs: Bool = false) throws(PackageError) -> String {
        func refuse(_ why: String) -> PackageError {
            PackageError(
                "relationship \(OPCPartName.shown(relationship.id)) targets '\(OPCPartName.shown(relationship.target))', \(why)",
                part: relationships.part, position: relationship.position)
        }
        guard !relationship.isExternal else { throw refuse("outside the package (TargetMode External); a header or footer must be inside it") }
        guard let name = ReferenceDocument.resolve(relationship.target, from: relationships.folder) else {
            throw refuse("outside the package; a template's parts must stay inside it")
        }
        if let problem = OPCPartName.problem(with: name) { throw refuse("and that part name \(problem)") }
        if !mayBeOurs, ReferenceDocument.reservedNames.contains(name.lowercased()) {
            throw refuse("which would replace the \(name) CompetencyKit writes itself")
        }
        return name
    }

    /// The entry `name` as a part to copy into the output: its type from the template,
    /// which must be a valid `type/subtype`, and, for XML, parsed first.
    func copiedPart(_ name: String) throws(PackageError) -> OPCPackage.Part {
        let entry = types.entry(for: name)
        let type = entry?.type ?? "application/octet-stream"
        guard OPCContentType.isValid(type) else {
            throw PackageError(
                "the content type of \(name), '\(OPCPartName.shown(type))', is not a type/subtype such as image/png",
                part: ContentTypes.partName, position: entry?.position)
        }
        guard let bytes = try bytes(name) else {
            throw PackageError("\(name) cannot be read", part: name)
        }
        let part = OPCPackage.Part(name: name, contentType: type, bytes: bytes)
        guard part.isXML || name.lowercased().hasSuffix(".xml") || name.lowercased().hasSuffix(".rels") else { return part }
        do {
            _ = try XMLReader().read(bytes)
        } catch {
            throw PackageError(error, part: name)
        }
        return OPCPackage.Part(name: name, contentType: type, bytes: Array(ReferenceDocument.text(bytes).utf8))
    }
}
