/// Where something was read from: a file path as given by the user and a 1-based line and
/// column, or, in a spreadsheet, a sheet with the row and column of a cell. Kept on every
/// model entity so rules can point at the exact place.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    /// The line, or the row of a spreadsheet cell.
    public var line: Int
    /// The column, or the column number of a spreadsheet cell (A = 1).
    public var column: Int
    /// The worksheet, when the location is a cell of a workbook.
    public var sheet: String?

    public init(file: String, line: Int, column: Int, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
    }

    /// `file:line:col`, or `file:Sheet!F12` for a cell, as spreadsheet users write it.
    public var description: String {
        guard let cell else { return "\(file):\(line):\(column)" }
        return "\(file):\(cell)"
    }

    /// `Sheet!F12` (the sheet quoted when it holds spaces), or nil outside a workbook.
    public var cell: String? {
        guard let sheet else { return nil }
        return Self.quotedSheetName(sheet) + "!" + Self.columnLetters(column) + String(line)
    }

    /// A sheet name as formulas and cell addresses write it: quoted when it holds anything
    /// but letters, digits and underscores (`'Rating scale'`).
    public static func quotedSheetName(_ sheet: String) -> String {
        sheet.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `A`, `B`, … `Z`, `AA` for a 1-based column number.
    public static func columnLetters(_ column: Int) -> String {
        var number = column
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    private enum CodingKeys: String, CodingKey { case file, line, column, sheet, cell }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        line = try container.decode(Int.self, forKey: .line)
        column = try container.decode(Int.self, forKey: .column)
        sheet = try container.decodeIfPresent(String.self, forKey: .sheet)
    }

    /// JSON keeps `line` and `column` for every location; a cell adds `sheet` and `cell`
    /// (`Competencies!F12`) so tools need not rebuild the address.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encodeIfPresent(sheet, forKey: .sheet)
        try container.encodeIfPresent(cell, forKey: .cell)
    }
}

/// Wraps a value that must not take part in equality or hashing. Source locations are
/// provenance, not content: a framework written out and read back is the same framework
/// even though every line number moved.
@propertyWrapper
public struct NotCompared<Value: Sendable>: Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
