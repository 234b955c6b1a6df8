import Foundation
import XMLSupport

/// A complete Word document: body, styles, numbering, settings, footer with page numbers
/// and core properties, packaged as OPC parts.
struct WordDocument {
    var title: String
    /// A short line for the footer; titles are too long to repeat on every page.
    var footerText: String
    var subject: String
    var creator: String
    var language: String
    /// ISO date from the framework or profile; never the clock's.
    var date: String
    var keywords: String
    var body: WordBody
    var reference: ReferenceDocument?
    /// Review comments anchored in the body (a redline's reasons for its changes).
    var comments: [Comment] = []

    struct Comment {
        var id: Int
        var author: String
        var date: String
        var text: String
    }

    static let documentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

    func package() -> OPCPackage {
        var parts: [OPCPackage.Part] = []
        parts.append(.init(name: "_rels/.rels", contentType: OPCPackage.relationshipsType, xml: rootRelationships()))
        parts.append(.init(name: "word/document.xml", contentType: Self.documentType, xml: documentXML()))
        parts.append(.init(name: "word/_rels/document.xml.rels", contentType: OPCPackage.relationshipsType, xml: documentRelationships()))
        let styles = reference?.styles.map(WordStyles.merging(reference:)) ?? WordStyles.stylesXML(language: language)
        parts.append(.init(name: "word/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", xml: styles))
        parts.append(.init(name: "word/numbering.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml", xml: numberingXML()))
        parts.append(.init(name: "word/settings.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml", xml: settingsXML()))
        parts.append(.init(name: "word/footer1.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml", xml: reference?.footer.map(Self.withPageNumbers) ?? footerXML()))
        if !comments.isEmpty {
            parts.append(.init(name: "word/comments.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml", xml: commentsXML()))
        }
        for extra in reference?.extraParts ?? [] { parts.append(extra) }
        parts.append(.init(name: "docProps/core.xml", contentType: "application/vnd.openxmlformats-package.core-properties+xml", xml: coreXML()))
        parts.append(.init(name: "docProps/app.xml", contentType: "application/vnd.openxmlformats-officedocument.extended-properties+xml", xml: appXML()))
        return OPCPackage(parts: parts)
    }

    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    private func rootRelationships() -> String {
        Self.declaration + "<Relationships xmlns=\"\(WordNamespaces.packageRelationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    private func documentXML() -> String {
        // w14 (tick-box content controls) is marked ignorable, so a reader that predates
        // Word 2010 shows the box as text instead of refusing the document.
        Self.declaration + "<w:document xmlns:w=\"\(WordNamespaces.main)\" xmlns:r=\"\(WordNamespaces.relationships)\" xmlns:mc=\"\(WordNamespaces.markupCompatibility)\" xmlns:w14=\"\(WordNamespaces.word2010)\" mc:Ignorable=\"w14\"><w:body>"
            + body.xml + "</w:body></w:document>"
    }

    private func documentRelationships() -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var xml = Self.declaration + "<Relationships xmlns=\"\(WordNamespaces.packageRelationships)\">"
        xml += "<Relationship Id=\"rIdStyles\" Type=\"\(base)styles\" Target=\"styles.xml\"/>"
        xml += "<Relationship Id=\"rIdNumbering\" Type=\"\(base)numbering\" Target=\"numbering.xml\"/>"
        xml += "<Relationship Id=\"rIdSettings\" Type=\"\(base)settings\" Target=\"settings.xml\"/>"
        xml += "<Relationship Id=\"rIdFooter1\" Type=\"\(base)footer\" Target=\"footer1.xml\"/>"
        if !comments.isEmpty { xml += "<Relationship Id=\"rIdComments\" Type=\"\(base)comments\" Target=\"comments.xml\"/>" }
        for relationship in reference?.extraRelationships ?? [] { xml += relationship }
        for (index, url) in body.links.enumerated() {
            xml += "<Relationship Id=\"\(WordBody.relationshipID(forLink: index))\" Type=\"\(base)hyperlink\" Target=\"\(XMLWriter.escapeAttribute(url))\" TargetMode=\"External\"/>"
        }
        xml += "</Relationships>"
        return xml
    }

    private func commentsXML() -> String {
        var xml = Self.declaration + "<w:comments xmlns:w=\"\(WordNamespaces.main)\">"
        for comment in comments {
            let initials = comment.author.split(separator: " ").compactMap(\.first).prefix(3).map(String.init).joined()
            xml += "<w:comment w:id=\"\(comment.id)\" w:author=\"\(XMLWriter.escapeAttribute(comment.author))\" w:date=\"\(comment.date)\" w:initials=\"\(XMLWriter.escapeAttribute(initials))\">"
            xml += "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.commentText)\"/></w:pPr>"
            xml += "<w:r><w:rPr><w:rStyle w:val=\"\(WordStyles.commentReference)\"/></w:rPr><w:annotationRef/></w:r>"
            xml += "<w:r><w:t xml:space=\"preserve\">\(XMLWriter.escapeText(comment.text))</w:t></w:r></w:p></w:comment>"
        }
        return xml + "</w:comments>"
    }

    private func numberingXML() -> String {
        func level(_ format: String, _ text: String) -> String {
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/><w:lvlText w:val=\"\(text)\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl>"
        }
        return Self.declaration + "<w:numbering xmlns:w=\"\(WordNamespaces.main)\">"
            + "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>" + level("bullet", "\u{2022}") + "</w:abstractNum>"
            + "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>" + level("decimal", "%1.") + "</w:abstractNum>"
            + "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
            + "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
            + restartingLists()
            + "</w:numbering>"
    }

    /// One numbering instance per numbered list in the body, each starting again at 1.
    private func restartingLists() -> String {
        (0..<body.numberedLists).map { offset in
            "<w:num w:numId=\"\(WordBody.firstRestartingList + offset)\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
        }.joined()
    }

    /// Settings in the order the schema requires (Word rejects some out-of-order files).
    private func settingsXML() -> String {
        Self.declaration + "<w:settings xmlns:w=\"\(WordNamespaces.main)\">"
            + "<w:defaultTabStop w:val=\"720\"/>"
            + "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
            + "<w:updateFields w:val=\"true\"/>"
            // Without a compatibility mode Word opens the file in Compatibility Mode; 15 is
            // Word 2013 and later, the current layout engine.
            + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
            + "<w:themeFontLang w:val=\"\(language)\"/><w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/>"
            + "</w:settings>"
    }

    private func footerXML() -> String {
        Self.declaration + "<w:ftr xmlns:w=\"\(WordNamespaces.main)\" xmlns:r=\"\(WordNamespaces.relationships)\">"
            // One line: a positional tab (relative to the margin, not a fixed tab stop) puts
            // the page number at the right margin in portrait and landscape sections alike.
            + "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.footer)\"/></w:pPr>"
            + "<w:r><w:t xml:space=\"preserve\">\(XMLWriter.escapeText(footerText))</w:t></w:r>"
            + "<w:r><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/></w:r>"
            + Self.pageNumberRuns
            + "</w:p></w:ftr>"
    }

    /// "Page N of M" as fields Word and LibreOffice fill in.
    static let pageNumberRuns = "<w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>"
        + "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
        + "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>"
        + "<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"

    /// A council's own footer, with a right-aligned "Page N of M" line added when it has
    /// no page number of its own, so documents built on a template stay numbered.
    static func withPageNumbers(_ footer: String) -> String {
        let hasPageField = footer.range(of: #"(instr="\s*PAGE\b|instrText[^>]*>\s*PAGE\b)"#, options: .regularExpression) != nil
        guard !hasPageField, footer.contains("xmlns:w=\"\(WordNamespaces.main)\""),
              let end = footer.range(of: "</w:ftr>", options: .backwards) else { return footer }
        return footer.replacingCharacters(
            in: end,
            with: "<w:p><w:pPr><w:pStyle w:val=\"\(WordStyles.footer)\"/><w:jc w:val=\"right\"/></w:pPr>" + pageNumberRuns + "</w:p></w:ftr>")
    }

    private func coreXML() -> String {
        let timestamp = "\(date)T00:00:00Z"
        return Self.declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XMLWriter.escapeText(title))</dc:title>"
            + "<dc:subject>\(XMLWriter.escapeText(subject))</dc:subject>"
            + "<dc:creator>\(XMLWriter.escapeText(creator))</dc:creator>"
            + "<cp:keywords>\(XMLWriter.escapeText(keywords))</cp:keywords>"
            + "<dc:language>\(XMLWriter.escapeText(language))</dc:language>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(timestamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(timestamp)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    private func appXML() -> String {
        Self.declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>CompetencyKit</Application><DocSecurity>0</DocSecurity>"
            + "</Properties>"
    }
}
