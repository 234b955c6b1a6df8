/// Comma-separated values as RFC 4180 writes them: fields quoted when they hold a comma,
/// quote or line break, quotes doubled, CRLF between records. Read back with the line and
/// column each field starts at, so errors can be located in the file.
public enum CSVTable {
    public static func write(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }

    public struct Field: Sendable, Hashable {
        public var text: String
        public var line: Int
        public var column: Int
    }

    public struct Failure: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
    }

    /// Records of fields. A byte order mark is skipped; line breaks inside quotes are kept
    /// as `\n`; empty records (blank lines) are dropped.
    public static func read(_ text: String) throws(Failure) -> [[Field]] {
        var records: [[Field]] = []
        var record: [Field] = []
        var field = ""
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1
        var quoted = false, wasQuoted = false
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var index = scalars.startIndex
        func endField() {
            record.append(Field(text: field, line: fieldLine, column: fieldColumn))
            field = ""
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].text.isEmpty) { records.append(record) }
            record = []
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.endIndex && scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                        column += 2
                        continue
                    }
                    quoted = false
                    column += 1
                    continue
                }
                if scalar == "\r" {
                    if index < scalars.endIndex && scalars[index] == "\n" { index += 1 }
                    field.unicodeScalars.append("\n")
                    line += 1; column = 1
                    continue
                }
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                field.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
                column += 1
            case "\"":
                throw Failure(message: "a quote inside an unquoted field; put the whole field in quotes and double the quote (\"\")", line: line, column: column)
            case ",":
                endField()
                column += 1
                fieldLine = line; fieldColumn = column
            case "\r", "\n":
                if scalar == "\r" && index < scalars.endIndex && scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1; column = 1
                fieldLine = line; fieldColumn = column
            default:
                if wasQuoted {
                    throw Failure(message: "text after a closing quote; a quoted field must end at the comma", line: line, column: column)
                }
                field.unicodeScalars.append(scalar)
                column += 1
            }
        }
        if quoted {
            throw Failure(message: "a quoted field is never closed; add the closing quote", line: fieldLine, column: fieldColumn)
        }
        if !field.isEmpty || !record.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
