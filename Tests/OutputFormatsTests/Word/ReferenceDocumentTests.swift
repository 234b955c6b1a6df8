import CompetencyModel
import Foundation
import OutputFormats
import Testing
import XMLSupport

/// A small council template: US Letter pages with one-inch margins, its own Heading 1, a
/// footer and a header, as Word would save them.
enum CouncilTemplate {
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let relationshipsType = "application/vnd.openxmlformats-package.relationships+xml"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let heading1 = #"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:rFonts w:ascii="Gill Sans Council" w:hAnsi="Gill Sans Council" w:cs="Gill Sans Council"/><w:color w:val="7A1E5B"/><w:sz w:val="40"/></w:rPr></w:style>"#
    static let normal = #"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Verdana" w:hAnsi="Verdana"/><w:lang w:val="en-GB"/></w:rPr></w:style>"#
    static let footerText = "Sandwell Council template footer 7421"
    static let headerText = "OFFICIAL: council template header 3319"

    static func package() -> OPCPackage {
        OPCPackage(parts: [
            .init(name: "_rels/.rels", contentType: relationshipsType, xml: declaration
                + "<Relationships xmlns=\"\(packageRelationships)\"><Relationship Id=\"rId1\" Type=\"\(officeRelationships)/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            .init(name: "word/document.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", xml: declaration
                + "<w:document xmlns:w=\"\(main)\" xmlns:r=\"\(officeRelationships)\"><w:body>"
                + "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Template heading</w:t></w:r></w:p>"
                + "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeaderA\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooterB\"/>"
                + "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"
                + "<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>"
                + "</w:sectPr></w:body></w:document>"),
            .init(name: "word/_rels/document.xml.rels", contentType: relationshipsType, xml: declaration
                + "<Relationships xmlns=\"\(packageRelationships)\">"
                + "<Relationship Id=\"rIdStylesX\" Type=\"\(officeRelationships)/styles\" Target=\"styles.xml\"/>"
                + "<Relationship Id=\"rIdHeaderA\" Type=\"\(officeRelationships)/header\" Target=\"header3.xml\"/>"
                + "<Relationship Id=\"rIdFooterB\" Type=\"\(officeRelationships)/footer\" Target=\"footer2.xml\"/>"
                + "</Relationships>"),
            .init(name: "word/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", xml: declaration
                + "<w:styles xmlns:w=\"\(main)\">" + normal + heading1 + "</w:styles>"),
            .init(name: "word/footer2.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml", xml: declaration
                + "<w:ftr xmlns:w=\"\(main)\"><w:p><w:r><w:t>\(footerText)</w:t></w:r></w:p></w:ftr>"),
            .init(name: "word/header3.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml", xml: declaration
                + "<w:hdr xmlns:w=\"\(main)\"><w:p><w:r><w:t>\(headerText)</w:t></w:r></w:p></w:hdr>"),
        ])
    }

    static func reference() throws -> ReferenceDocument {
        try ReferenceDocument(docx: try package().docx())
    }
}

@Suite("Word output with a reference document")
struct ReferenceDocumentTests {
    static func rendered() throws -> OPCPackage {
        let edition = try WordFixtures.edition()
        let artifacts = try EditionDocxFormat().render(edition, options: WriterOptions(referenceDocument: try CouncilTemplate.reference()))
        let main = try #require(artifacts.first { $0.relativePath == "\(WordFixtures.editionID).docx" })
        return try OPCPackage.readDocx(main.bytes)
    }

    @Test func theReferenceStylesWinAndOursAreAdded() throws {
        let styles = try Self.rendered().wordXML("word/styles.xml")
        #expect(styles.contains(CouncilTemplate.heading1))
        #expect(styles.contains(CouncilTemplate.normal))
        #expect(styles.components(separatedBy: "w:styleId=\"Heading1\"").count - 1 == 1, "Heading1 is defined twice")
        #expect(styles.components(separatedBy: "w:styleId=\"Normal\"").count - 1 == 1)
        for id in ["CKTable", "CKEnhancement", "CKCellText", "Heading2", "Title"] {
            #expect(styles.contains("w:styleId=\"\(id)\""), "styles.xml lacks \(id)")
        }
        _ = try XMLReader().read(Array(styles.utf8))
    }

    @Test func pagesTakeTheReferenceSizeAndMargins() throws {
        let root = try Self.rendered().wordTree("word/document.xml")
        let sizes = wordElements(root).filter { $0.name == "pgSz" }
        #expect(sizes.count >= 2)
        var portrait = 0
        var landscape = 0
        for size in sizes {
            if size.w("orient") == "landscape" {
                landscape += 1
                #expect(size.w("w") == "15840" && size.w("h") == "12240")
            } else {
                portrait += 1
                #expect(size.w("w") == "12240" && size.w("h") == "15840")
            }
        }
        #expect(portrait > 0 && landscape > 0)
        for margin in wordElements(root).filter({ $0.name == "pgMar" }) {
            #expect(margin.w("top") == "1440" && margin.w("left") == "1440" && margin.w("header") == "708")
        }
    }

    @Test func theFooterAndHeaderAreTheReferences() throws {
        let package = try Self.rendered()
        let footer = try package.wordTree("word/footer1.xml")
        // The template's footer, with page numbers added because it has none of its own.
        #expect(footer.runTexts.joined().hasPrefix(CouncilTemplate.footerText))
        let footerXML = try package.wordXML("word/footer1.xml")
        #expect(footerXML.contains("w:instr=\" PAGE \"") && footerXML.contains("w:instr=\" NUMPAGES \""))
        let header = try package.wordTree("word/header3.xml")
        #expect(header.runTexts.joined() == CouncilTemplate.headerText)

        let relationships = try package.wordXML("word/_rels/document.xml.rels")
        #expect(relationships.contains("Target=\"footer1.xml\""))
        #expect(relationships.contains("Target=\"header3.xml\""))
        #expect(package.part(named: "word/header3.xml")?.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml")

        // Every section points at the footer and the copied header through relationships
        // that exist.
        let ids = Set(try package.wordTree("word/_rels/document.xml.rels").children.compactMap { $0.attribute("Id")?.value })
        let root = try package.wordTree("word/document.xml")
        let sections = wordElements(root).filter { $0.name == "sectPr" }
        #expect(sections.count >= 2)
        for section in sections {
            let footerID = try #require(section.children.first { $0.name == "footerReference" }?.attributes.first { $0.name == "id" }?.value)
            let headerID = try #require(section.children.first { $0.name == "headerReference" }?.attributes.first { $0.name == "id" }?.value)
            #expect(ids.contains(footerID))
            #expect(ids.contains(headerID))
        }
    }

    @Test func withoutAReferenceThePageIsA4() throws {
        let root = try WordFixtures.package().wordTree("word/document.xml")
        for size in wordElements(root).filter({ $0.name == "pgSz" }) {
            #expect(Set([size.w("w"), size.w("h")]) == Set(["11906", "16838"]))
        }
    }

    @Test func aPackageWithoutADocumentIsRefused() throws {
        let package = OPCPackage(parts: [.init(name: "word/styles.xml", contentType: "application/xml", xml: "<x/>")])
        #expect(throws: PackageError.self) { try ReferenceDocument(docx: try package.docx()) }
    }
}
