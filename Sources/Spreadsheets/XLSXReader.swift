import CompetencyModel
import Foundation
import OutputFormats
import XMLSupport

/// A cell as read: its text as the author sees it, and what kind of value it held, so
/// the importer can refuse a formula where text belongs.
public struct ReadCell: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text, number, boolean, date, error
    }

    public var text: String
    public var kind: Kind
    /// The cell holds a formula; `text` is the value it last calculated, if saved.
    public var isFormula: Bool

    public init(text: String, kind: Kind = .text, isFormula: Bool = false) {
        self.text = text
        self.kind = kind
        self.isFormula = isFormula
    }
}

/// One worksheet as read: cells by row and column (1-based), and its merged ranges.
public struct ReadSheet: Sendable {
    public var name: String
    public var cells: [Int: [Int: ReadCell]]
    /// Merged ranges as (first row, first column, last row, last column).
    public var merges: [(top: Int, left: Int, bottom: Int, right: Int)]

    public init(name: String, cells: [Int: [Int: ReadCell]], merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []) {
        self.name = name
        self.cells = cells
        self.merges = merges
    }

    public var rowNumbers: [Int] { cells.keys.sorted() }

    public func cell(row: Int, column: Int) -> ReadCell? {
        cells[row]?[column]
    }
}

/// Reads the sheets of an .xlsx with the limits every untrusted input gets: the zip is read
/// through `BoundedZipReader` (entry count, inflated size, expansion ratio), every part
/// through the hardened `XMLReader` (no DTD, no entities, no network, bounded depth), and
/// the number of shared strings and cells is capped.
public struct XLSXReader: Sendable {
    /// More distinct strings than this is not a framework: refused before building them.
    public var maximumSharedStrings = 500_000
    /// At most this many non-empty cells across the workbook.
    public static let maximumCells = 2_000_000
    /// A workbook file larger than this is refused unread.
    public static let maximumFileBytes = 64 << 20

    public struct Failure: Error, Sendable {
        public var message: String
    }

    public init() {}

    public func read(bytes: [UInt8]) throws(Failure) -> [ReadSheet] {
        guard bytes.count <= Self.maximumFileBytes else {
            throw Failure(message: "the workbook is \(bytes.count >> 20) MiB; the limit is \(Self.maximumFileBytes >> 20) MiB")
        }
        let zip: BoundedZipReader
        do {
            zip = try BoundedZipReader(bytes: bytes)
        } catch {
            throw Failure(message: error.kind == .notAZip
                ? "this is not an .xlsx workbook (it is not a zip file); save it from Excel or LibreOffice as Excel 2007–365 (.xlsx)"
                : "the workbook cannot be read: \(error.message)")
        }
        func part(_ name: String) throws(Failure) -> XMLElement? {
            let data: [UInt8]?
            do {
                data = try zip.read(name)
            } catch {
                throw Failure(message: "the workbook cannot be read: \(error.message)")
            }
            guard let data else { return nil }
            do {
                return try XMLReader(maximumBytes: BoundedZipReader.maximumEntryBytes, maximumDepth: 32).read(data).root
            } catch {
                let first = error.issues.first
                throw Failure(message: "the part \(name) of the workbook is not readable XML (\(first.map { "\($0.position.line):\($0.position.column): \($0.message)" } ?? "no detail"))")
            }
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw Failure(message: "this zip has no xl/workbook.xml, so it is not an .xlsx workbook (a .docx or .ods, perhaps?)")
        }
        let targets = try Dictionary(
            (part("xl/_rels/workbook.xml.rels")?.children("Relationship") ?? []).compactMap { relationship -> (String, String)? in
                guard let id = relationship.attribute("Id")?.value, let target = relationship.attribute("Target")?.value else { return nil }
                return (id, target)
            }, uniquingKeysWith: { first, _ in first })
        let strings = try sharedStrings(part("xl/sharedStrings.xml"))
        let dateStyles = try Self.dateStyles(part("xl/styles.xml"))
        let uses1904 = workbook.child("workbookPr")?.attribute("date1904").map { $0.value == "1" || $0.value == "true" } ?? false

        var sheets: [ReadSheet] = []
        var cellCount = 0
        for sheet in workbook.child("sheets")?.children("sheet") ?? [] {
            // r:id is namespaced (transitional or strict OOXML relationships namespace).
            let relationship = sheet.attributes.first { $0.name == "id" && $0.namespaceURI != nil }
            guard let name = sheet.attribute("name")?.value, let id = relationship?.value, let target = targets[id] else { continue }
            guard let path = Self.partName(target) else {
                throw Failure(message: "the sheet '\(name)' points outside the workbook (\(target)); the file has been tampered with or is damaged")
            }
            guard let root = try part(path) else {
                throw Failure(message: "the sheet '\(name)' is listed but its part \(path) is missing")
            }
            sheets.append(try readSheet(root, name: name, strings: strings, dateStyles: dateStyles, uses1904: uses1904, cellCount: &cellCount))
        }
        return sheets
    }

    /// `worksheets/sheet1.xml` or `/xl/worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`;
    /// nil for anything that climbs out of the package.
    static func partName(_ target: String) -> String? {
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        return path
    }

    private func sharedStrings(_ root: XMLElement?) throws(Failure) -> [String] {
        guard let root else { return [] }
        let items = root.children("si")
        guard items.count <= maximumSharedStrings else {
            throw Failure(message: "the workbook has \(items.count) shared strings; the limit is \(maximumSharedStrings)")
        }
        return items.map(Self.text(ofStringItem:))
    }

    /// The text of an `si` or `is`: a plain `t`, or the `t` of every rich-text run, without
    /// phonetic guides (`rPh`), which are not part of the value.
    static func text(ofStringItem item: XMLElement) -> String {
        if let plain = item.child("t") { return plain.text }
        return item.children("r").map { $0.child("t")?.text ?? "" }.joined()
    }

    /// Indices into `cellXfs` whose number format shows a date.
    private static func dateStyles(_ root: XMLElement?) -> Set<Int> {
        guard let root else { return [] }
        var dateFormats = Set(14...22).union(45...47)
        for format in root.child("numFmts")?.children("numFmt") ?? [] {
            guard let id = format.attribute("numFmtId").flatMap({ Int($0.value) }), let code = format.attribute("formatCode")?.value else { continue }
            // A custom format is a date when it uses day, month or year codes outside quoted text.
            let unquoted = code.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined().lowercased()
            if unquoted.contains("yy") || unquoted.contains("dd") || unquoted.contains("mmm") || unquoted.contains("d/m") || unquoted.contains("m/d") {
                dateFormats.insert(id)
            }
        }
        var styles = Set<Int>()
        for (index, format) in (root.child("cellXfs")?.children("xf") ?? []).enumerated() {
            if let id = format.attribute("numFmtId").flatMap({ Int($0.value) }), dateFormats.contains(id) { styles.insert(index) }
        }
        return styles
    }

    private func readSheet(
        _ root: XMLElement, name: String, strings: [String], dateStyles: Set<Int>, uses1904: Bool, cellCount: inout Int
    ) throws(Failure) -> ReadSheet {
        var cells: [Int: [Int: ReadCell]] = [:]
        var nextRow = 1
        for row in root.child("sheetData")?.children("row") ?? [] {
            let rowNumber = row.attribute("r").flatMap { Int($0.value) } ?? nextRow
            guard rowNumber > 0 && rowNumber <= 1_048_576 else { continue }
            nextRow = rowNumber + 1
            var nextColumn = 1
            for cell in row.children("c") {
                let position = cell.attribute("r").flatMap { CellAddress.parse($0.value) }
                let column = position?.column ?? nextColumn
                nextColumn = column + 1
                guard let read = Self.value(of: cell, strings: strings, dateStyles: dateStyles, uses1904: uses1904) else { continue }
                cellCount += 1
                guard cellCount <= Self.maximumCells else {
                    throw Failure(message: "the workbook has more than \(Self.maximumCells) filled cells; the limit is \(Self.maximumCells)")
                }
                cells[rowNumber, default: [:]][column] = read
            }
        }
        let merges = (root.child("mergeCells")?.children("mergeCell") ?? []).compactMap { merge -> (Int, Int, Int, Int)? in
            let corners = (merge.attribute("ref")?.value ?? "").split(separator: ":").compactMap { CellAddress.parse(String($0)) }
            guard corners.count == 2 else { return nil }
            return (corners[0].row, corners[0].column, corners[1].row, corners[1].column)
        }
        return ReadSheet(name: name, cells: cells, merges: merges)
    }

    /// A cell's value as text, or nil for a cell with nothing in it.
    static func value(of cell: XMLElement, strings: [String], dateStyles: Set<Int>, uses1904: Bool) -> ReadCell? {
        let type = cell.attribute("t")?.value ?? "n"
        let isFormula = cell.child("f") != nil
        let raw = cell.child("v")?.text
        switch type {
        case "s":
            guard let index = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), strings.indices.contains(index) else { return nil }
            return ReadCell(text: strings[index], isFormula: isFormula)
        case "inlineStr":
            guard let item = cell.child("is") else { return isFormula ? ReadCell(text: "", isFormula: true) : nil }
            return ReadCell(text: text(ofStringItem: item), isFormula: isFormula)
        case "str":
            return ReadCell(text: raw ?? "", isFormula: isFormula)
        case "b":
            return ReadCell(text: raw == "1" ? "TRUE" : "FALSE", kind: .boolean, isFormula: isFormula)
        case "e":
            return ReadCell(text: raw ?? "#ERROR", kind: .error, isFormula: isFormula)
        case "d":
            return ReadCell(text: String((raw ?? "").prefix(10)), kind: .date, isFormula: isFormula)
        default:
            guard let raw, let number = Double(raw.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                return isFormula ? ReadCell(text: "", kind: .number, isFormula: true) : nil
            }
            let style = cell.attribute("s").flatMap { Int($0.value) } ?? 0
            if dateStyles.contains(style), let date = isoDate(serial: number, uses1904: uses1904) {
                return ReadCell(text: date, kind: .date, isFormula: isFormula)
            }
            return ReadCell(text: numberText(number), kind: .number, isFormula: isFormula)
        }
    }

    /// 3 rather than 3.0, and 1.1 rather than 1.1000000000000001: what the cell shows.
    static func numberText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// The calendar date of a spreadsheet serial day number (the 1900 system counts the
    /// fictitious 29 February 1900, as Lotus did).
    static func isoDate(serial: Double, uses1904: Bool) -> String? {
        guard serial >= (uses1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        var day = Int(serial.rounded(.down))
        if !uses1904 && day >= 60 { day -= 1 }
        // Serial days count from 1899-12-31 (1900 system) or 1904-01-01, which is day 1461
        // of the 1900 count.
        let epochDays = uses1904 ? 1461 + day : day
        return civilDate(daysAfter18991231: epochDays)
    }

    private static func civilDate(daysAfter18991231 days: Int) -> String {
        // Days since 1970-01-01 for 1899-12-31 is -25568.
        let z = days - 25568 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
