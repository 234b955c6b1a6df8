import CompetencyModel

/// A workbook to write: sheets of typed cells with the presentation a person editing it
/// needs (a frozen, styled header row, column widths, drop-down lists).
public struct Workbook: Sendable, Hashable {
    public var title: String
    /// The document's creation date (YYYY-MM-DD), taken from the content so the bytes do
    /// not depend on the clock.
    public var date: String
    public var sheets: [Worksheet]

    public init(title: String, date: String, sheets: [Worksheet]) {
        self.title = title
        self.date = date
        self.sheets = sheets
    }
}

public struct Worksheet: Sendable, Hashable {
    public var name: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Rows the drop-downs and formats cover beyond the data, so new rows get them too.
    public var spareRows: Int

    public init(name: String, columns: [Column], rows: [[Cell]], spareRows: Int = 500) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.spareRows = spareRows
    }
}

public struct Column: Sendable, Hashable {
    public var header: String
    /// Width in characters of the default font.
    public var width: Double
    /// Long text: wrapped, top-aligned.
    public var wraps: Bool
    public var choices: Choices?

    public init(_ header: String, width: Double, wraps: Bool = false, choices: Choices? = nil) {
        self.header = header
        self.width = width
        self.wraps = wraps
        self.choices = choices
    }
}

/// A drop-down list on a column.
public enum Choices: Sendable, Hashable {
    /// A fixed list of values, such as the competency kinds.
    case values([String])
    /// The ids in column A of another sheet, so the list follows what the author adds there.
    case idsIn(sheet: String)
    /// As `idsIn`, but the cell may hold several ids separated by commas: the drop-down
    /// offers one id and typing a list is not refused.
    case idListIn(sheet: String)
}

public enum Cell: Sendable, Hashable {
    case text(String)
    case number(Int)
    case empty
}

/// A cell address such as `F12`, and the sheet-qualified form diagnostics use.
public enum CellAddress {
    /// `A`, `B`, … `Z`, `AA` for a 1-based column number.
    public static func columnName(_ column: Int) -> String {
        SourceLocation.columnLetters(column)
    }

    /// The 1-based column number of `AB`, or nil if it is not letters.
    public static func columnNumber(_ letters: Substring) -> Int? {
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        var number = 0
        for scalar in letters.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { return nil }
            number = number * 26 + Int(scalar.value - 64)
        }
        return number
    }

    /// Splits `F12` into (row 12, column 6).
    public static func parse(_ reference: String) -> (row: Int, column: Int)? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }
        guard let column = columnNumber(Substring(letters.uppercased())),
              let row = Int(reference.dropFirst(letters.count)), row > 0 else { return nil }
        return (row, column)
    }

    public static func name(row: Int, column: Int) -> String {
        columnName(column) + String(row)
    }

    /// A sheet name as a formula writes it: quoted when it holds anything but letters,
    /// digits and underscores (`'Rating scale'`).
    public static func quotedSheet(_ name: String) -> String {
        SourceLocation.quotedSheetName(name)
    }
}

extension SourceLocation {
    /// A location in a workbook: `file:Sheet!F12`.
    public static func cell(file: String, sheet: String, row: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: row, column: column, sheet: sheet)
    }
}
