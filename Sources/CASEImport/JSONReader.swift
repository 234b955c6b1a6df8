import CompetencyModel

/// A JSON value as read, with where it started, so a problem can be reported by JSON
/// pointer and line:column.
public struct JSONNode: Sendable {
    public indirect enum Value: Sendable {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public var value: Value
    public var line: Int
    public var column: Int
    /// The RFC 6901 pointer to this value, such as `/CFItems/12/fullStatement`.
    public var pointer: String

    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    public var integer: Int? {
        if case .number(let text) = value { return Int(text) ?? Double(text).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil } }
        return nil
    }

    public var array: [JSONNode] {
        if case .array(let values) = value { return values }
        return []
    }

    public var members: [(key: String, value: JSONNode)] {
        if case .object(let members) = value { return members }
        return []
    }

    public var strings: [String] { array.compactMap(\.string) }
}

/// Reads untrusted JSON: bounded size and depth, strict RFC 8259 syntax, positions kept.
/// Foundation's parser gives neither positions nor a depth limit we choose.
public struct JSONReader: Sendable {
    public var maximumBytes: Int
    public var maximumDepth: Int

    public init(maximumBytes: Int = 64 << 20, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    public struct Failure: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
    }

    public func read(_ bytes: [UInt8]) throws(Failure) -> JSONNode {
        guard bytes.count <= maximumBytes else {
            throw Failure(message: "the file is \(bytes.count) bytes, over the limit of \(maximumBytes)", line: 1, column: 1)
        }
        var parser = Parser(bytes: bytes, maximumDepth: maximumDepth)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipSpace()
        let node = try parser.value(pointer: "", depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.failure("there is more after the JSON value ends") }
        return node
    }

    struct Parser {
        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        /// The column last computed, and where: columns are counted forward from there, so a
        /// long single-line file costs linear time, not quadratic.
        var countedTo = 0
        var countedColumn = 1

        /// Columns count characters, not bytes: continuation bytes do not advance them.
        mutating func column() -> Int {
            if countedTo < lineStart || countedTo > index {
                countedTo = lineStart
                countedColumn = 1
            }
            let end = min(index, bytes.count)
            while countedTo < end {
                if bytes[countedTo] & 0xC0 != 0x80 { countedColumn += 1 }
                countedTo += 1
            }
            return countedColumn
        }

        mutating func failure(_ message: String) -> Failure {
            Failure(message: message, line: line, column: column())
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                default: return
                }
            }
        }

        static func escape(_ key: String) -> String {
            key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }

        mutating func value(pointer: String, depth: Int) throws(Failure) -> JSONNode {
            guard depth <= maximumDepth else { throw failure("the JSON nests more than \(maximumDepth) levels deep") }
            guard index < bytes.count else { throw failure("the JSON ends where a value was expected") }
            let startLine = line, startColumn = column()
            func node(_ value: JSONNode.Value) -> JSONNode {
                JSONNode(value: value, line: startLine, column: startColumn, pointer: pointer)
            }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: JSONNode)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return node(.object(members))
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a quoted member name") }
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after the member name \"\(key)\"") }
                    index += 1
                    skipSpace()
                    members.append((key, try value(pointer: pointer + "/" + Self.escape(key), depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the JSON ends inside an object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return node(.object(members)) }
                    throw failure("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                index += 1
                var values: [JSONNode] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return node(.array(values))
                }
                while true {
                    skipSpace()
                    values.append(try value(pointer: pointer + "/\(values.count)", depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the JSON ends inside an array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return node(.array(values)) }
                    throw failure("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                return node(.string(try string()))
            case UInt8(ascii: "t"): try literal("true"); return node(.bool(true))
            case UInt8(ascii: "f"): try literal("false"); return node(.bool(false))
            case UInt8(ascii: "n"): try literal("null"); return node(.null)
            default:
                return node(.number(try number()))
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw failure("unexpected text; expected a JSON value")
            }
            index += expected.count
        }

        mutating func number() throws(Failure) -> String {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits() -> Int {
                let from = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - from
            }
            guard digits() > 0 else { throw failure("unexpected text; expected a JSON value") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw failure("a number has no digits after its decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw failure("a number has no digits in its exponent") }
            }
            guard index - start <= 64 else { throw failure("a number of more than 64 characters") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run = index
            func flush(_ end: Int) throws(Failure) {
                guard run < end else { return }
                guard let text = String(validating: bytes[run..<end], as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    try flush(index)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw failure("a control character inside a string; write it as an escape such as \\n") }
                if byte == UInt8(ascii: "\\") {
                    try flush(index)
                    index += 1
                    guard index < bytes.count else { break }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw failure("a \\u escape pairs a high surrogate with something else") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw failure("a \\u escape names a lone surrogate") }
                        scalars.append(scalar)
                    default:
                        throw failure("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
                    }
                    run = index
                    continue
                }
                index += 1
            }
            throw failure("a string is never closed")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard bytes.count - index >= 4, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw failure("a \\u escape needs four hex digits")
            }
            index += 4
            return value
        }
    }
}
