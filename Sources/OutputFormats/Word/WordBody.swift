import Foundation
import XMLSupport

/// Builds the body of `word/document.xml`. Every paragraph gets a named style, every table
/// a header row that repeats on each page, and every link a relationship, so the document
/// reads properly in Word and in assistive technology.
struct WordBody {
    enum Inline {
        case text(String)
        case bold(String)
        case italic(String)
        case link(String, url: String)
        /// A printed tick box: a ballot-box glyph, for forms that are only ever printed.
        case checkbox
        /// A tick box Word can tick (a `w14:checkbox` content control), tagged so a filled-in
        /// form can be read back; prints as an empty ballot box.
        case checkboxControl(tag: String, title: String)
        /// A plain-text content control, tagged; shows `placeholder` until filled in, so a
        /// form printed blank still shows where to write.
        case textControl(tag: String, title: String, placeholder: String)
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

    /// A paragraph not yet written, held back one step so that a table that follows can
    /// keep it on the same page as its first row.
    private struct Paragraph {
        var style: String
        var inlinesXML: String
        var keepWithNext: Bool
        var pageBreakBefore: Bool
        /// Keeps the paragraph's lines on one page (in a row that may split between its
        /// paragraphs, no paragraph breaks in the middle).
        var keepLines = false
        var spaceBefore: Int?
        var numbering: Int?
        var bookmark: (id: Int, name: String)?
    }

    enum Orientation { case portrait, landscape }

    private var written = ""
    private var pending: Paragraph?
    /// Whether the last thing written was a table: the next paragraph gets space above it
    /// instead of an empty spacer paragraph, and two tables in a row get one between them.
    private var afterTable = false
    /// How many numbered lists were started; each restarts at 1 (`w:num` 3, 4, …).
    private(set) var numberedLists = 0
    /// The numbering instance of the list `ListNumber` paragraphs inside table cells join.
    private var cellList: Int?
    /// The body XML so far; `finish` completes it.
    var xml: String { written + (pending.map(Self.render) ?? "") }
    /// External link targets in order of first use; their index gives the relationship id.
    private(set) var links: [String] = []
    /// Level-1 headings in order, for the contents list written at `finish`.
    private var headings: [(text: String, bookmark: String)] = []
    private let pageSetup: PageSetup
    private let footerRelationshipID: String
    /// Whether the first page is a cover that shows no footer.
    var coverWithoutFooter = false
    /// Abbreviations (term, expansion) spelled out at their first use in running text.
    var abbreviations: [(term: String, expansion: String)] = []
    private var abbreviationsSpelledOut: Set<String> = []

    init(pageSetup: PageSetup, footerRelationshipID: String) {
        self.pageSetup = pageSetup
        self.footerRelationshipID = footerRelationshipID
    }

    static func relationshipID(forLink index: Int) -> String { "rIdLink\(index + 1)" }

    mutating func paragraph(_ inlines: [Inline], style: String = WordStyles.normal, keepWithNext: Bool = false, pageBreakBefore: Bool = false) {
        let content = runs(inlines)
        hold(Paragraph(style: style, inlinesXML: content, keepWithNext: keepWithNext, pageBreakBefore: pageBreakBefore))
    }

    mutating func paragraph(_ text: String, style: String = WordStyles.normal, keepWithNext: Bool = false) {
        paragraph([.text(text)], style: style, keepWithNext: keepWithNext)
    }

    /// Headings always keep with what follows; a level-1 heading also gets a bookmark so the
    /// contents list can link to it.
    mutating func heading(_ text: String, level: Int, pageBreakBefore: Bool = false) {
        var paragraph = Paragraph(style: "Heading\(level)", inlinesXML: run(text), keepWithNext: true, pageBreakBefore: pageBreakBefore)
        if level == 1 {
            let bookmark = "_ck_heading_\(headings.count + 1)"
            headings.append((text, bookmark))
            paragraph.bookmark = (headings.count, bookmark)
        }
        hold(paragraph)
    }

    private mutating func hold(_ paragraph: Paragraph) {
        flush()
        var paragraph = paragraph
        if afterTable && paragraph.keepWithNext {
            // A table whose last rows keep together, followed at once by a paragraph that
            // keeps with the next (a heading), makes LibreOffice drop rows of the table
            // when the page breaks inside it. A one-point paragraph between them breaks
            // that chain; it has no text and takes no visible space.
            written += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.tableEnd)\"/></w:pPr></w:p>"
        } else if afterTable && !paragraph.style.hasPrefix("Heading") {
            paragraph.spaceBefore = 200
        }
        afterTable = false
        pending = paragraph
    }

    private mutating func flush() {
        if let pending { written += Self.render(pending) }
        pending = nil
    }

    private static func render(_ paragraph: Paragraph) -> String {
        var xml = "<w:p><w:pPr><w:pStyle w:val=\"\(paragraph.style)\"/>"
        if paragraph.keepWithNext { xml += "<w:keepNext/>" }
        if paragraph.keepLines { xml += "<w:keepLines/>" }
        if paragraph.pageBreakBefore { xml += "<w:pageBreakBefore/>" }
        if let list = paragraph.numbering { xml += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(list)\"/></w:numPr>" }
        if let before = paragraph.spaceBefore { xml += "<w:spacing w:before=\"\(before)\"/>" }
        xml += "</w:pPr>"
        if let bookmark = paragraph.bookmark {
            xml += "<w:bookmarkStart w:id=\"\(bookmark.id)\" w:name=\"\(bookmark.name)\"/>" + paragraph.inlinesXML + "<w:bookmarkEnd w:id=\"\(bookmark.id)\"/>"
        } else {
            xml += paragraph.inlinesXML
        }
        return xml + "</w:p>"
    }

    mutating func bullets(_ items: [String]) {
        keepPendingWithNext()
        for item in items { paragraph([.text(item)], style: WordStyles.listBullet) }
    }

    /// The paragraph just before a list or table introduces it: keep them on one page.
    private mutating func keepPendingWithNext() {
        if var introduction = pending, !introduction.style.hasPrefix("List") {
            introduction.keepWithNext = true
            pending = introduction
        }
    }

    /// A numbered list that starts at 1, whatever lists came before it.
    mutating func numbered(_ items: [[Inline]]) {
        keepPendingWithNext()
        let list = startNumberedList()
        for item in items {
            var paragraph = Paragraph(style: WordStyles.listNumber, inlinesXML: runs(item), keepWithNext: false, pageBreakBefore: false)
            paragraph.numbering = list
            hold(paragraph)
        }
    }

    /// Starts a numbered list that `ListNumber` paragraphs in the next table's cells join,
    /// so a table can number its rows as a real list.
    mutating func numberCellsOfNextTable() {
        cellList = startNumberedList()
    }

    private mutating func startNumberedList() -> Int {
        numberedLists += 1
        return WordBody.firstRestartingList + numberedLists - 1
    }

    /// `w:num` ids 1 and 2 are the plain bullet and number lists of the List styles.
    static let firstRestartingList = 3

    /// Appends body XML built elsewhere (tracked changes in a redline).
    mutating func raw(_ xml: String) {
        flush()
        afterTable = false
        written += xml
    }

    mutating func pageBreak() {
        flush()
        afterTable = false
        written += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
    }

    /// A table of contents field. Its current result lists the level-1 headings (filled in
    /// at `finish`, once they are known) so the document has contents even before Word
    /// updates the field; Word asks to update it on opening, adding page numbers.
    mutating func tableOfContents(title: String) {
        paragraph([.text(title)], style: WordStyles.tocHeading)
        flush()
        written += Self.contentsPlaceholder
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
    /// The first section's first page (the cover) has no footer.
    mutating func endSection(_ orientation: Orientation) {
        flush()
        afterTable = false
        written += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.normal)\"/>" + sectionProperties(orientation) + "</w:pPr></w:p>"
        sections += 1
    }

    private var sections = 0

    /// The body's closing section properties, and the contents list; call once, last.
    mutating func finish(_ orientation: Orientation) {
        flush()
        // A table cannot end the body: Word wants a paragraph after it.
        if afterTable { written += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.afterTable)\"/></w:pPr></w:p>" }
        afterTable = false
        written += sectionProperties(orientation)
        sections += 1
        if let range = written.range(of: Self.contentsPlaceholder) {
            written.replaceSubrange(range, with: contentsField())
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
        // A first-page footer that is never defined leaves the cover without one.
        if sections == 0 && coverWithoutFooter { xml += "<w:titlePg/>" }
        xml += "</w:sectPr>"
        return xml
    }

    func usableWidth(_ orientation: Orientation) -> Int {
        orientation == .portrait
            ? pageSetup.shortSide - pageSetup.margin.left - pageSetup.margin.right
            : pageSetup.longSide - pageSetup.margin.left - pageSetup.margin.right
    }

    /// A table whose first row is a repeating header row. `caption` becomes the table's
    /// description for screen readers. Rows never split across pages, the header row keeps
    /// with the first row and the last two rows keep together, so no page holds a lone row;
    /// `keepTogether` keeps the whole table on one page (short forms). `minimumRowHeight`
    /// (twips) leaves room to write by hand.
    mutating func table(caption: String, columns: [Column], rows: [[Cell]], orientation: Orientation, keepTogether: Bool = false, minimumRowHeight: Int? = nil, rowsMaySplit: Bool = false) {
        keepPendingWithNext()
        flush()
        if afterTable {
            // Two tables in a row would merge into one; Word needs a paragraph between.
            written += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.afterTable)\"/></w:pPr></w:p>"
        }
        let available = usableWidth(orientation)
        let requested = columns.map(\.width).reduce(0, +)
        let widths = columns.map { $0.width * available / max(requested, 1) }
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"\(WordStyles.table)\"/>"
        xml += "<w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
        xml += "<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>"
        xml += "<w:tblCaption w:val=\"\(XMLWriter.escapeAttribute(caption))\"/>"
        xml += "</w:tblPr><w:tblGrid>"
        for width in widths { xml += "<w:gridCol w:w=\"\(width)\"/>" }
        xml += "</w:tblGrid>"
        xml += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        for (index, column) in columns.enumerated() {
            xml += cell(Cell(paragraphs: [(WordStyles.tableHeader, [.text(column.header)])]), width: widths[index], header: true, keepWithNext: true)
        }
        xml += "</w:tr>"
        let height = minimumRowHeight.map { "<w:trHeight w:val=\"\($0)\" w:hRule=\"atLeast\"/>" } ?? ""
        for (number, row) in rows.enumerated() {
            // The first two rows keep together too, so a heading never sits over one row.
            let keep = number < rows.count - 1 && (keepTogether || number == rows.count - 2 || (number == 0 && !rowsMaySplit))
            xml += "<w:tr><w:trPr>\(rowsMaySplit ? "" : "<w:cantSplit/>")\(height)</w:trPr>"
            for (index, value) in row.enumerated() where index < widths.count {
                xml += cell(value, width: widths[index], header: false, keepWithNext: keep, keepLines: rowsMaySplit)
            }
            xml += "</w:tr>"
        }
        xml += "</w:tbl>"
        written += xml
        cellList = nil
        afterTable = true
    }

    private mutating func cell(_ cell: Cell, width: Int, header: Bool, keepWithNext: Bool, keepLines: Bool = false) -> String {
        var xml = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if header { xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/>" }
        xml += "</w:tcPr>"
        let paragraphs = cell.paragraphs.isEmpty ? [(WordStyles.cellText, [Inline.text("")])] : cell.paragraphs
        for (style, inlines) in paragraphs {
            var paragraph = Paragraph(style: style, inlinesXML: runs(inlines), keepWithNext: keepWithNext, pageBreakBefore: false)
            paragraph.keepLines = keepLines
            if style == WordStyles.listNumber || style == WordStyles.cellNumber { paragraph.numbering = cellList }
            xml += Self.render(paragraph)
        }
        xml += "</w:tc>"
        return xml
    }

    private mutating func runs(_ inlines: [Inline]) -> String {
        var xml = ""
        for inline in inlines {
            switch inline {
            case .text(let text):
                xml += run(expandingAbbreviations(text))
            case .bold(let text):
                xml += run(text, properties: "<w:b/>")
            case .italic(let text):
                xml += run(expandingAbbreviations(text), properties: "<w:i/>")
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
            case .checkboxControl(let tag, let title):
                xml += "<w:sdt><w:sdtPr><w:alias w:val=\"\(XMLWriter.escapeAttribute(title))\"/><w:tag w:val=\"\(XMLWriter.escapeAttribute(tag))\"/>"
                xml += "<w14:checkbox><w14:checked w14:val=\"0\"/><w14:checkedState w14:val=\"2612\" w14:font=\"Segoe UI Symbol\"/><w14:uncheckedState w14:val=\"2610\" w14:font=\"Segoe UI Symbol\"/></w14:checkbox>"
                xml += "</w:sdtPr><w:sdtContent>"
                xml += run("\u{2610}", properties: "<w:rFonts w:ascii=\"Segoe UI Symbol\" w:hAnsi=\"Segoe UI Symbol\" w:cs=\"Segoe UI Symbol\"/>")
                xml += "</w:sdtContent></w:sdt>"
            case .textControl(let tag, let title, let placeholder):
                // The placeholder is the control's own text, flagged as a placeholder, so it
                // prints as a writing line and disappears when someone types.
                xml += "<w:sdt><w:sdtPr><w:alias w:val=\"\(XMLWriter.escapeAttribute(title))\"/><w:tag w:val=\"\(XMLWriter.escapeAttribute(tag))\"/>"
                xml += "<w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>"
                xml += run(placeholder, properties: "<w:color w:val=\"595959\"/>")
                xml += "</w:sdtContent></w:sdt>"
            }
        }
        return xml
    }

    /// The text with each abbreviation's first use in the document written out in full,
    /// "special educational needs and disabilities (SEND)"; later uses stay short.
    private mutating func expandingAbbreviations(_ text: String) -> String {
        var result = text
        for (term, expansion) in abbreviations where !abbreviationsSpelledOut.contains(term) {
            guard let range = Self.wholeWord(term, in: result) else { continue }
            // A text that already spells it out ("… disabilities (SEND)") needs no more.
            let before = result[..<range.lowerBound]
            if !before.hasSuffix("(") {
                result.replaceSubrange(range, with: "\(expansion) (\(term))")
            }
            abbreviationsSpelledOut.insert(term)
        }
        return result
    }

    private static func wholeWord(_ term: String, in text: String) -> Range<String.Index>? {
        var searchFrom = text.startIndex
        while let range = text.range(of: term, range: searchFrom..<text.endIndex) {
            let beforeOK = range.lowerBound == text.startIndex || !text[text.index(before: range.lowerBound)].isLetter
            let afterOK = range.upperBound == text.endIndex || !(text[range.upperBound].isLetter || text[range.upperBound].isNumber)
            if beforeOK && afterOK { return range }
            searchFrom = range.upperBound
        }
        return nil
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
