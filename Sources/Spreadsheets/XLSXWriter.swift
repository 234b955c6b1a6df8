import CompetencyModel
import OutputFormats
import XMLSupport

/// Writes a `Workbook` as an .xlsx (SpreadsheetML in an OPC zip), with the same package
/// writer as the .docx editions: fixed timestamps and part order, so the same workbook is
/// the same bytes.
public struct XLSXWriter: Sendable {
    public init() {}

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Cell formats in styles.xml, by index.
    enum Style: Int {
        case normal = 0, header, text, wrappedText, integer
    }

    public func write(_ workbook: Workbook) throws -> [UInt8] {
        try package(workbook).docx()
    }

    func package(_ workbook: Workbook) -> OPCPackage {
        var strings = SharedStrings()
        var sheetParts: [OPCPackage.Part] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            sheetParts.append(OPCPackage.Part(
                name: "xl/worksheets/sheet\(index + 1).xml",
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                xml: worksheetXML(sheet, selected: index == 0, strings: &strings)))
        }
        let officeDocument = Self.relationships + "/officeDocument"
        return OPCPackage(parts: [
            OPCPackage.Part(name: "_rels/.rels", contentType: "application/vnd.openxmlformats-package.relationships+xml", xml: Self.relationshipsXML([
                ("rId1", officeDocument, "xl/workbook.xml"),
                ("rId2", Self.packageRelationships + "/metadata/core-properties", "docProps/core.xml"),
                ("rId3", Self.relationships + "/extended-properties", "docProps/app.xml"),
            ])),
            OPCPackage.Part(name: "docProps/core.xml", contentType: "application/vnd.openxmlformats-package.core-properties+xml", xml: coreXML(workbook)),
            OPCPackage.Part(name: "docProps/app.xml", contentType: "application/vnd.openxmlformats-officedocument.extended-properties+xml", xml: appXML(workbook)),
            OPCPackage.Part(name: "xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", xml: workbookXML(workbook)),
            OPCPackage.Part(name: "xl/_rels/workbook.xml.rels", contentType: "application/vnd.openxmlformats-package.relationships+xml", xml: Self.relationshipsXML(
                workbook.sheets.indices.map { ("rId\($0 + 1)", Self.relationships + "/worksheet", "worksheets/sheet\($0 + 1).xml") } + [
                    ("rId\(workbook.sheets.count + 1)", Self.relationships + "/styles", "styles.xml"),
                    ("rId\(workbook.sheets.count + 2)", Self.relationships + "/sharedStrings", "sharedStrings.xml"),
                ])),
            OPCPackage.Part(name: "xl/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml", xml: Self.stylesXML),
            OPCPackage.Part(name: "xl/sharedStrings.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml", xml: strings.xml()),
        ] + sheetParts)
    }

    private static func relationshipsXML(_ entries: [(id: String, type: String, target: String)]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(packageRelationships)\">"
        for entry in entries {
            xml += "<Relationship Id=\"\(entry.id)\" Type=\"\(entry.type)\" Target=\"\(XMLWriter.escapeAttribute(entry.target))\"/>"
        }
        return xml + "</Relationships>"
    }

    private func coreXML(_ workbook: Workbook) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
        <dc:title>\(XMLWriter.escapeText(workbook.title))</dc:title>\
        <dc:language>en-GB</dc:language>\
        <dcterms:created xsi:type="dcterms:W3CDTF">\(XMLWriter.escapeText(workbook.date))T00:00:00Z</dcterms:created>\
        </cp:coreProperties>
        """
    }

    private func appXML(_ workbook: Workbook) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>CompetencyKit</Application></Properties>
        """
    }

    private func workbookXML(_ workbook: Workbook) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\">"
        xml += "<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in workbook.sheets.enumerated() {
            xml += "<sheet name=\"\(XMLWriter.escapeAttribute(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets><definedNames>"
        // The header row repeats on every printed page.
        for (index, sheet) in workbook.sheets.enumerated() {
            xml += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(XMLWriter.escapeText(SourceLocation.quotedSheetName(sheet.name)))!$1:$1</definedName>"
        }
        return xml + "</definedNames></workbook>"
    }

    private func worksheetXML(_ sheet: Worksheet, selected: Bool, strings: inout SharedStrings) -> String {
        let lastRow = sheet.rows.count + 1
        let lastColumn = CellAddress.columnName(max(sheet.columns.count, 1))
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\">"
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        xml += "<dimension ref=\"A1:\(lastColumn)\(lastRow)\"/>"
        xml += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (index, column) in sheet.columns.enumerated() {
            let style = column.wraps ? Style.wrappedText : Style.text
            // A column that does not wrap is widened to its longest value, so ids are never
            // cut off by the next column.
            let longest = column.wraps ? 0 : sheet.rows.reduce(0) { longest, row in
                guard index < row.count, case .text(let text) = row[index] else { return longest }
                return max(longest, text.count)
            }
            let width = max(column.width, min(Double(longest) + 2, 60))
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(Self.number(width))\" style=\"\(style.rawValue)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += "<row r=\"1\">"
        for (index, column) in sheet.columns.enumerated() {
            xml += cellXML(.text(column.header), row: 1, column: index + 1, style: .header, strings: &strings)
        }
        xml += "</row>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            // Spreadsheets size a row to its wrapped text only when asked to recalculate;
            // an estimated height makes every row readable on opening and in print.
            xml += "<row r=\"\(rowIndex + 2)\" ht=\"\(Self.number(Self.height(of: row, in: sheet.columns)))\">"
            for (index, cell) in row.enumerated() where index < sheet.columns.count {
                let style: Style = if case .number = cell { .integer } else if sheet.columns[index].wraps { .wrappedText } else { .text }
                xml += cellXML(cell, row: rowIndex + 2, column: index + 1, style: style, strings: &strings)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        let validations = sheet.columns.enumerated().compactMap { index, column in
            column.choices.map { validationXML($0, column: index + 1, through: lastRow + sheet.spareRows) }
        }
        if !validations.isEmpty {
            xml += "<dataValidations count=\"\(validations.count)\">" + validations.joined() + "</dataValidations>"
        }
        xml += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        xml += "<headerFooter><oddFooter>&amp;L\(XMLWriter.escapeText(sheet.name.replacingOccurrences(of: "&", with: "&&")))&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>"
        return xml + "</worksheet>"
    }

    private func cellXML(_ cell: Cell, row: Int, column: Int, style: Style, strings: inout SharedStrings) -> String {
        let reference = CellAddress.name(row: row, column: column)
        switch cell {
        case .empty:
            return ""
        case .number(let value):
            return "<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(value)</v></c>"
        case .text(let text):
            guard !text.isEmpty else { return "" }
            return "<c r=\"\(reference)\" s=\"\(style.rawValue)\" t=\"s\"><v>\(strings.index(of: text))</v></c>"
        }
    }

    private func validationXML(_ choices: Choices, column: Int, through lastRow: Int) -> String {
        let letters = CellAddress.columnName(column)
        let range = "\(letters)2:\(letters)\(lastRow)"
        let formula: String
        var strict = true
        switch choices {
        case .values(let values):
            formula = "\"" + values.joined(separator: ",") + "\""
        case .idsIn(let sheet):
            formula = "\(SourceLocation.quotedSheetName(sheet))!$A$2:$A$\(lastRow + 1000)"
        case .idListIn(let sheet):
            formula = "\(SourceLocation.quotedSheetName(sheet))!$A$2:$A$\(lastRow + 1000)"
            strict = false
        }
        let error = strict ? " errorTitle=\"Not in the list\" error=\"Choose a value from the list.\"" : ""
        return "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"\(strict ? 1 : 0)\"\(error) sqref=\"\(range)\">"
            + "<formula1>\(XMLWriter.escapeText(formula))</formula1></dataValidation>"
    }

    /// Points for a row: 15 per line of its tallest wrapped cell, counting a line per
    /// explicit break and per column-width of text (a character of the default font is
    /// about one width unit; 0.9 leaves room for words that do not split evenly).
    static func height(of row: [Cell], in columns: [Column]) -> Double {
        var lines = 1
        for (index, cell) in row.enumerated() where index < columns.count && columns[index].wraps {
            guard case .text(let text) = cell else { continue }
            let perLine = max(Int(columns[index].width * 0.9), 1)
            let cellLines = text.split(separator: "\n", omittingEmptySubsequences: false)
                .reduce(0) { $0 + max(1, ($1.count + perLine - 1) / perLine) }
            lines = max(lines, cellLines)
        }
        return Double(lines) * 15
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left/><right/><top/><bottom style="thin"><color rgb="FF1F3864"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}

/// The shared-strings table: each distinct text once, in first-use order.
struct SharedStrings {
    private var indices: [String: Int] = [:]
    private var texts: [String] = []
    private var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indices[text] { return index }
        indices[text] = texts.count
        texts.append(text)
        return texts.count - 1
    }

    func xml() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<sst xmlns=\"\(XLSXWriter.main)\" count=\"\(uses)\" uniqueCount=\"\(texts.count)\">"
        for text in texts {
            xml += "<si><t xml:space=\"preserve\">\(XMLWriter.escapeText(text))</t></si>"
        }
        return xml + "</sst>"
    }
}
