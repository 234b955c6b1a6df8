import Foundation
import CompetencyModel

/// Codes for problems found in a spreadsheet. Published codes never change meaning.
public enum SheetCode {
    /// The file cannot be read as a workbook or CSV at all.
    public static let unreadable = sheet("SH101", .error, "The file is not a workbook or CSV that can be read (another kind of file, damaged, or over a limit).")
    /// A sheet or a required column is missing.
    public static let missingSheetOrColumn = sheet("SH102", .error, "A sheet or a required column is missing.")
    /// A formula, error value or true/false where text or a number is expected.
    public static let formula = sheet("SH103", .error, "A formula or error value where a typed value belongs.")
    /// Merged cells in a sheet that is read row by row.
    public static let mergedCells = sheet("SH104", .error, "Merged cells in a sheet that is read row by row.")
    /// Two rows with the same id.
    public static let duplicateID = sheet("SH105", .error, "Two rows have the same id.")
    /// An id that names nothing of the kind expected (area, group, phase, training, …).
    public static let unknownReference = sheet("SH106", .error, "An id names nothing of the kind expected (area, group, phase, training, service, competency).")
    /// A required cell is empty.
    public static let emptyCell = sheet("SH107", .error, "A required cell is empty, including a change without its reason.")
    /// A value that does not parse: an id list, an id, a number, a date, a choice.
    public static let badValue = sheet("SH108", .error, "A value does not parse: an id, a list, a number, a date, Y/N or a choice.")
    /// An item of the framework has no row in the sheet; it is kept unless --prune.
    public static let missingRow = sheet("SH109", .warning, "Items with no row in their sheet; they are kept unless --prune.")
    /// The framework the sheet makes breaks a framework rule.
    public static let frameworkRule = sheet("SH110", .error, "The framework or edition the workbook makes breaks a rule or does not build.")

    /// Every code of this family, in code order, for the catalog.
    public static let descriptors: [DiagnosticDescriptor] = [
        unreadable, missingSheetOrColumn, formula, mergedCells, duplicateID, unknownReference,
        emptyCell, badValue, missingRow, frameworkRule,
    ]

    private static func sheet(_ code: String, _ severity: Diagnostic.Severity, _ summary: String) -> DiagnosticDescriptor {
        DiagnosticDescriptor(code: code, severity: severity, family: .spreadsheet, summary: summary)
    }
}

/// One sheet read as a table: a header row naming the columns (matched by name, ignoring
/// case, so columns may be reordered, hidden or added), then one row per item. Cell values
/// come out with their location; a formula, error or merged cell is reported rather than
/// read, since its text is not what the author wrote.
public struct SheetTable: Sendable {
    public var file: String
    /// Nil for a CSV file, whose locations are line:column.
    public var sheet: String?
    public var name: String
    /// Header (lower-cased) → column number.
    public var columns: [String: Int]
    public var headerRow: Int
    public var rows: [Row]
    /// Problems with the sheet as a whole (merged cells), reported with the import.
    public var problems: [Diagnostic] = []

    public struct Row: Sendable {
        public var number: Int
        public var cells: [Int: ReadCell]
        /// For CSV: where each field starts, by column.
        public var positions: [Int: (line: Int, column: Int)]
    }

    /// A table from a worksheet; merged ranges are reported once each.
    public static func from(_ sheet: ReadSheet, file: String) -> SheetTable {
        var problems: [Diagnostic] = []
        for merge in sheet.merges {
            problems.append(Diagnostic(
                severity: .error, code: SheetCode.mergedCells.code,
                message: "cells \(CellAddress.name(row: merge.top, column: merge.left)):\(CellAddress.name(row: merge.bottom, column: merge.right)) are merged; unmerge them and give every row its own values",
                location: .cell(file: file, sheet: sheet.name, row: merge.top, column: merge.left)))
        }
        let numbers = sheet.rowNumbers
        let header = numbers.first ?? 1
        var columns: [String: Int] = [:]
        for (column, cell) in sheet.cells[header] ?? [:] {
            let name = cell.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if !name.isEmpty, columns[name] == nil { columns[name] = column }
        }
        let rows = numbers.dropFirst().compactMap { number -> Row? in
            let cells = sheet.cells[number] ?? [:]
            // Rows whose cells are all blank (trailing rows a spreadsheet keeps) are not items.
            guard cells.values.contains(where: { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || $0.isFormula }) else { return nil }
            return Row(number: number, cells: cells, positions: [:])
        }
        return SheetTable(file: file, sheet: sheet.name, name: sheet.name, columns: columns, headerRow: header, rows: rows, problems: problems)
    }

    /// A table from CSV records (the first is the header).
    public static func from(csv records: [[CSVTable.Field]], file: String, name: String) -> SheetTable {
        var columns: [String: Int] = [:]
        for (index, field) in (records.first ?? []).enumerated() {
            let header = field.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if !header.isEmpty, columns[header] == nil { columns[header] = index + 1 }
        }
        let rows = records.dropFirst().enumerated().compactMap { offset, record -> Row? in
            guard record.contains(where: { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else { return nil }
            var cells: [Int: ReadCell] = [:]
            var positions: [Int: (Int, Int)] = [:]
            for (index, field) in record.enumerated() {
                cells[index + 1] = ReadCell(text: field.text)
                positions[index + 1] = (field.line, field.column)
            }
            return Row(number: offset + 2, cells: cells, positions: positions)
        }
        return SheetTable(file: file, sheet: nil, name: name, columns: columns, headerRow: 1, rows: rows)
    }

    public func has(_ column: String) -> Bool { columns[column] != nil }

    public func location(row: Row, column name: String) -> SourceLocation {
        let column = columns[name] ?? 1
        return location(row: row, columnNumber: column)
    }

    func location(row: Row, columnNumber column: Int) -> SourceLocation {
        if let sheet { return .cell(file: file, sheet: sheet, row: row.number, column: column) }
        let position = row.positions[column] ?? row.positions.values.min { $0.line < $1.line } ?? (row.number, 1)
        return SourceLocation(file: file, line: position.line, column: position.column)
    }

    public var headerLocation: SourceLocation {
        if let sheet { return .cell(file: file, sheet: sheet, row: headerRow, column: 1) }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// The cell's text, trimmed; nil when the column is absent (so the value is left as it
    /// was). A formula or error value is reported and read as absent.
    public func text(_ row: Row, _ name: String, diagnostics: inout [Diagnostic]) -> String? {
        guard let column = columns[name] else { return nil }
        guard let cell = row.cells[column] else { return "" }
        if cell.isFormula || cell.kind == .error {
            diagnostics.append(Diagnostic(
                severity: .error, code: SheetCode.formula.code,
                message: "\(name) holds a formula\(cell.kind == .error ? " that gives an error" : ""), not text; type the value itself (copy, then Paste Special → Values)",
                location: location(row: row, columnNumber: column)))
            return nil
        }
        return cell.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
