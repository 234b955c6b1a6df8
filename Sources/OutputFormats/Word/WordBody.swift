import Foundation
import XMLSupport

/// Builds the body of `word/document.xml`. Every paragraph gets a named style, every table
/// a header row that repeats on each page, and every link a relationship, so the document
/// reads properly in Word and in assistive technology.
struct WordBody {
    enum Inline {
        case text(String)
        case bold(String)
        case link(String, url: String)
        case checkbox
        case field(instruction: String, placeholder: String)
    }

    struct Cell {
        var paragraphs: [(style: String, inlines: [Inline])]

        static func text(_ text: String, style: String = WordStyles.cellText) -> Cell {
            Cell(paragraphs: [(style, [.text(text)])])
        }
    }

    struct Column {
        var header: String
        /// Width in twentieths of a point.
        var width: Int
    }

    enum Orientation { case portrait, landscape }

    private(set) var xml = ""
    /// External link targets in order of first use; their index gives the relationship id.
    private(set) var links: [String] = []
    /// Level-1 headings in order, for the contents list written at `finish`.
    private var headings: [(text: String, bookmark: String)] = []
    private let pageSetup: PageSetup
    private let footerRelationshipID: String

    init(pageSetup: PageSetup, footerRelationshipID: String) {
        self.pageSetup = pageSetup
        self.footerRelationshipID = footerRelationshipID
    }

    static func relationshipID(forLink index: Int) -> String { "rIdLink\(index + 1)" }

    mutating func paragraph(_ inlines: [Inline], style: String = WordStyles.normal, keepWithNext: Bool = false) {
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>"
        if keepWithNext { xml += "<w:keepNext/>" }
        xml += "</w:pPr>" + runs(inlines) + "</w:p>"
    }

    mutating func paragraph(_ text: String, style: String = WordStyles.normal) {
        paragraph([.text(text)], style: style)
    }

    mutating func heading(_ text: String, level: Int) {
        guard level == 1 else {
            paragraph([.text(text)], style: "Heading\(level)", keepWithNext: true)
            return
        }
        // Level-1 headings carry a bookmark so the contents list can link to them.
        let bookmark = "_ck_heading_\(headings.count + 1)"
        let id = headings.count + 1
        headings.append((text, bookmark))
        xml += "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:keepNext/></w:pPr>"
        xml += "<w:bookmarkStart w:id=\"\(id)\" w:name=\"\(bookmark)\"/>"
        xml += "<w:r><w:t xml:space=\"preserve\">\(XMLWriter.escapeText(text))</w:t></w:r>"
        xml += "<w:bookmarkEnd w:id=\"\(id)\"/></w:p>"
    }

    mutating func bullets(_ items: [String]) {
        for item in items { paragraph([.text(item)], style: WordStyles.listBullet) }
    }

    mutating func numbered(_ items: [[Inline]]) {
        for item in items { paragraph(item, style: WordStyles.listNumber) }
    }

    /// Appends body XML built elsewhere (tracked changes in a redline).
    mutating func raw(_ xml: String) {
        self.xml += xml
    }

    mutating func pageBreak() {
        xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
    }

    /// A table of contents field. Its current result lists the level-1 headings (filled in
    /// at `finish`, once they are known) so the document has contents even before Word
    /// updates the field; Word asks to update it on opening, adding page numbers.
    mutating func tableOfContents(title: String) {
        paragraph([.text(title)], style: WordStyles.tocHeading)
        xml += Self.contentsPlaceholder
    }

    private static let contentsPlaceholder = "<!--ck:contents-->"

    private func contentsField() -> String {
        var field = ""
        for (index, heading) in headings.enumerated() {
            field += "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>"
            if index == 0 {
                field += "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>"
                field += "<w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-2\" \\h \\z \\u </w:instrText></w:r>"
                field += "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
            }
            field += "<w:hyperlink w:anchor=\"\(heading.bookmark)\" w:history=\"1\"><w:r><w:t xml:space=\"preserve\">\(XMLWriter.escapeText(heading.text))</w:t></w:r></w:hyperlink>"
            if index == headings.count - 1 {
                field += "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            }
            field += "</w:p>"
        }
        return field
    }

    /// Ends the current section with the given orientation; what follows starts a new page.
    mutating func endSection(_ orientation: Orientation) {
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.normal)\"/>" + sectionProperties(orientation) + "</w:pPr></w:p>"
    }

    /// The body's closing section properties, and the contents list; call once, last.
    mutating func finish(_ orientation: Orientation) {
        xml += sectionProperties(orientation)
        if let range = xml.range(of: Self.contentsPlaceholder) {
            xml.replaceSubrange(range, with: contentsField())
        }
    }

    private func sectionProperties(_ orientation: Orientation) -> String {
        let (width, height) = orientation == .portrait
            ? (pageSetup.shortSide, pageSetup.longSide) : (pageSetup.longSide, pageSetup.shortSide)
        var xml = "<w:sectPr>"
        for reference in pageSetup.headerReferences { xml += reference }
        xml += "<w:footerReference w:type=\"default\" r:id=\"\(footerRelationshipID)\"/>"
        xml += "<w:pgSz w:w=\"\(width)\" w:h=\"\(height)\"\(orientation == .landscape ? " w:orient=\"landscape\"" : "")/>"
        xml += "<w:pgMar w:top=\"\(pageSetup.margin.top)\" w:right=\"\(pageSetup.margin.right)\" w:bottom=\"\(pageSetup.margin.bottom)\" w:left=\"\(pageSetup.margin.left)\" w:header=\"\(pageSetup.margin.header)\" w:footer=\"\(pageSetup.margin.footer)\" w:gutter=\"0\"/>"
        xml += "</w:sectPr>"
        return xml
    }

    func usableWidth(_ orientation: Orientation) -> Int {
        orientation == .portrait
            ? pageSetup.shortSide - pageSetup.margin.left - pageSetup.margin.right
            : pageSetup.longSide - pageSetup.margin.left - pageSetup.margin.right
    }

    /// A table whose first row is a repeating header row. `caption` becomes the table's
    /// description for screen readers.
    mutating func table(caption: String, columns: [Column], rows: [[Cell]], orientation: Orientation) {
        let available = usableWidth(orientation)
        let requested = columns.map(\.width).reduce(0, +)
        let widths = columns.map { $0.width * available / max(requested, 1) }
        xml += "<w:tbl><w:tblPr><w:tblStyle w:val=\"\(WordStyles.table)\"/>"
        xml += "<w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
        xml += "<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>"
        xml += "<w:tblCaption w:val=\"\(XMLWriter.escapeAttribute(caption))\"/>"
        xml += "</w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"
        xml += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        for (index, column) in columns.enumerated() {
            xml += cell(Cell(paragraphs: [(WordStyles.tableHeader, [.text(column.header)])]), width: widths[index], header: true)
        }
        xml += "</w:tr>"
        for row in rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (index, value) in row.enumerated() where index < widths.count {
                xml += cell(value, width: widths[index], header: false)
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
        // Word requires a paragraph between a table and whatever follows it.
        xml += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.afterTable)\"/></w:pPr></w:p>"
    }

    private mutating func cell(_ cell: Cell, width: Int, header: Bool) -> String {
        var xml = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if header { xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/>" }
        xml += "</w:tcPr>"
        let paragraphs = cell.paragraphs.isEmpty ? [(WordStyles.cellText, [Inline.text("")])] : cell.paragraphs
        for (style, inlines) in paragraphs {
            xml += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>" + runs(inlines) + "</w:p>"
        }
        xml += "</w:tc>"
        return xml
    }

    private mutating func runs(_ inlines: [Inline]) -> String {
        var xml = ""
        for inline in inlines {
            switch inline {
            case .text(let text):
                xml += run(text)
            case .bold(let text):
                xml += run(text, properties: "<w:b/>")
            case .checkbox:
                // A box drawn as text, not colour: printable, and read out as "ballot box".
                xml += run("\u{2610}", properties: "<w:rFonts w:ascii=\"Segoe UI Symbol\" w:hAnsi=\"Segoe UI Symbol\" w:cs=\"Segoe UI Symbol\"/>")
            case .link(let text, let url):
                let index = links.firstIndex(of: url) ?? {
                    links.append(url)
                    return links.count - 1
                }()
                xml += "<w:hyperlink r:id=\"\(Self.relationshipID(forLink: index))\" w:history=\"1\">"
                xml += run(text, properties: "<w:rStyle w:val=\"\(WordStyles.hyperlink)\"/>")
                xml += "</w:hyperlink>"
            case .field(let instruction, let placeholder):
                xml += "<w:fldSimple w:instr=\" \(XMLWriter.escapeAttribute(instruction)) \">" + run(placeholder) + "</w:fldSimple>"
            }
        }
        return xml
    }

    private func run(_ text: String, properties: String = "") -> String {
        let rPr = properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>"
        return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(XMLWriter.escapeText(text))</w:t></w:r>"
    }
}

/// Page size and margins in twips, and header references; A4 with 2 cm margins unless a
/// reference document says otherwise.
struct PageSetup: Sendable, Hashable {
    struct Margin: Sendable, Hashable {
        var top = 1134, right = 1134, bottom = 1134, left = 1134, header = 567, footer = 567
    }

    var shortSide = 11906
    var longSide = 16838
    var margin = Margin()
    /// `<w:headerReference …/>` elements taken from a reference document, if any.
    var headerReferences: [String] = []
}
