import Foundation

/// The named styles CompetencyKit documents use. Built-in names (Title, Heading 1–3, List
/// Bullet …) keep Word's navigation pane, table of contents and accessibility checker
/// working; the rest are ours, prefixed so they never clash with a council's template.
enum WordStyles {
    static let normal = "Normal"
    static let title = "Title"
    static let subtitle = "Subtitle"
    static let tocHeading = "TOCHeading"
    static let listBullet = "ListBullet"
    static let listNumber = "ListNumber"
    static let hyperlink = "Hyperlink"
    static let table = "CKTable"
    static let tableHeader = "CKTableHeader"
    static let cellText = "CKCellText"
    static let enhancement = "CKEnhancement"
    static let afterTable = "CKAfterTable"
    static let tableEnd = "CKTableEnd"
    static let redlineTitle = "CKRedlineTitle"
    static let commentText = "CommentText"
    static let commentReference = "CommentReference"
    static let footer = "Footer"
    static let note = "CKNote"
    static let cellBullet = "CKCellBullet"
    static let cellNumber = "CKCellNumber"
    static let cellCentred = "CKCellCentred"
    static let training = "CKTraining"
    static let choice = "CKChoice"
    /// Word's built-in heading styles, by level (1 to 3 are defined below).
    static func heading(_ level: Int) -> String { "Heading\(level)" }

    /// Each style as a `<w:style>` element, keyed by style id, in a fixed order.
    static let definitions: [(id: String, xml: String)] = [
        (normal, """
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:style>
        """),
        (title, """
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="480"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr></w:style>
        """),
        (subtitle, """
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
        """),
        ("Heading1", """
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="160"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
        """),
        ("Heading2", """
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
        """),
        ("Heading3", """
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
        """),
        (tocHeading, """
        <w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
        """),
        ("TOC1", """
        <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="60"/></w:pPr></w:style>
        """),
        ("TOC2", """
        <w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="60"/><w:ind w:left="220"/></w:pPr></w:style>
        """),
        (listBullet, """
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>
        """),
        (listNumber, """
        <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="360"/></w:pPr></w:style>
        """),
        (hyperlink, """
        <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
        """),
        (footer, """
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
        """),
        (table, """
        <w:style w:type="table" w:styleId="CKTable"><w:name w:val="CompetencyKit Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/></w:tblBorders><w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>
        """),
        ("TableNormal", """
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
        """),
        (tableHeader, """
        <w:style w:type="paragraph" w:styleId="CKTableHeader"><w:name w:val="Table Header"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
        """),
        (cellText, """
        <w:style w:type="paragraph" w:styleId="CKCellText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
        """),
        (enhancement, """
        <w:style w:type="paragraph" w:styleId="CKEnhancement"><w:name w:val="Enhancement"/><w:basedOn w:val="CKCellText"/><w:qFormat/><w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="7030A0"/></w:pBdr><w:spacing w:before="60" w:after="40"/><w:ind w:left="160"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
        """),
        (afterTable, """
        <w:style w:type="paragraph" w:styleId="CKAfterTable"><w:name w:val="After Table"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/></w:pPr></w:style>
        """),
        (cellBullet, """
        <w:style w:type="paragraph" w:styleId="CKCellBullet"><w:name w:val="Table Bullet"/><w:basedOn w:val="CKCellText"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="20"/><w:ind w:left="240" w:hanging="240"/></w:pPr></w:style>
        """),
        (cellNumber, """
        <w:style w:type="paragraph" w:styleId="CKCellNumber"><w:name w:val="Table Number"/><w:basedOn w:val="CKCellText"/><w:qFormat/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:ind w:left="320" w:hanging="320"/></w:pPr></w:style>
        """),
        (cellCentred, """
        <w:style w:type="paragraph" w:styleId="CKCellCentred"><w:name w:val="Table Tick Box"/><w:basedOn w:val="CKCellText"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
        """),
        (training, """
        <w:style w:type="paragraph" w:styleId="CKTraining"><w:name w:val="Training Line"/><w:basedOn w:val="CKCellText"/><w:qFormat/><w:pPr><w:spacing w:before="60" w:after="40"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
        """),
        (choice, """
        <w:style w:type="paragraph" w:styleId="CKChoice"><w:name w:val="Choice"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="360"/><w:contextualSpacing/></w:pPr></w:style>
        """),
        (commentText, """
        <w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
        """),
        (commentReference, """
        <w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
        """),
        (redlineTitle, """
        <w:style w:type="paragraph" w:styleId="CKRedlineTitle"><w:name w:val="Redline Title"/><w:basedOn w:val="Title"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="240"/></w:pPr><w:rPr><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
        """),
        (tableEnd, """
        <w:style w:type="paragraph" w:styleId="CKTableEnd"><w:name w:val="Table End"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:style>
        """),
        (note, """
        <w:style w:type="paragraph" w:styleId="CKNote"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
        """),
    ]

    static func stylesXML(language: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<w:styles xmlns:w=\"\(WordNamespaces.main)\">"
        xml += "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
        xml += "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"\(language)\" w:eastAsia=\"\(language)\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
        xml += "<w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        for (_, definition) in definitions { xml += definition }
        xml += "</w:styles>"
        return xml
    }

    /// A council's styles.xml with any of our styles it lacks appended, as pandoc does with
    /// a reference document: their look wins, our structure still works.
    static func merging(reference: String) -> String {
        guard let end = reference.range(of: "</w:styles>", options: .backwards) else { return reference }
        var missing = ""
        for (id, definition) in definitions where !reference.contains("w:styleId=\"\(id)\"") {
            missing += definition
        }
        return reference.replacingCharacters(in: end, with: missing + "</w:styles>")
    }
}

enum WordNamespaces {
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let markupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    static let word2010 = "http://schemas.microsoft.com/office/word/2010/wordml"
}
