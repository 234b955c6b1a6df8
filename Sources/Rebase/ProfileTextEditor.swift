import CompetencyModel

/// Edits a profile's XML text where it stands, so that everything a rebase does not touch,
/// comments, blank lines, attribute order and indentation included, stays byte for byte.
/// Edits are addressed by the locations the loader recorded (the `<` of an element or the
/// first letter of an attribute's name) and applied together at the end.
public struct ProfileTextEditor: Sendable {
    public let original: [UInt8]
    private let lineStarts: [Int]
    var lineStartOffsets: [Int] { lineStarts }
    private var edits: [TextEdit] = []

    struct TextEdit: Sendable {
        var range: Range<Int>
        var replacement: [UInt8]
        /// Of two edits starting at the same offset, insertions go first.
        var isInsertion: Bool { range.isEmpty }
    }

    public init(_ bytes: [UInt8]) {
        original = bytes
        // As the loader counts lines: a byte order mark is not part of line one, and a line
        // ends at LF, CR LF or a lone CR.
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x0A || (byte == 0x0D && (offset + 1 == bytes.count || bytes[offset + 1] != 0x0A)) {
                starts.append(offset + 1)
            }
        }
        lineStarts = starts
    }

    public var hasEdits: Bool { !edits.isEmpty }

    // MARK: - Finding things

    /// The byte offset of a 1-based line and a column counted in Unicode scalars.
    func offset(of location: SourceLocation) -> Int? {
        guard location.line >= 1, location.line <= lineStarts.count else { return nil }
        var offset = lineStarts[location.line - 1]
        var remaining = location.column - 1
        while remaining > 0, offset < original.count {
            offset += 1
            while offset < original.count, original[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// The `<` of the start tag holding `offset` (an attribute), or `offset` itself when it
    /// is a `<`. Attribute values cannot hold a raw `<`, so the nearest one before is it.
    func elementStart(at location: SourceLocation) -> Int? {
        guard var offset = offset(of: location) else { return nil }
        while offset >= 0 {
            if original[offset] == UInt8(ascii: "<") { return offset }
            offset -= 1
        }
        return nil
    }

    /// The end of the start tag beginning at `start` (just after its `>`), and whether it
    /// closes itself.
    func startTagEnd(from start: Int) -> (end: Int, selfClosing: Bool)? {
        var index = start + 1
        var quote: UInt8?
        while index < original.count {
            let byte = original[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return (index + 1, original[index - 1] == UInt8(ascii: "/"))
            }
            index += 1
        }
        return nil
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var index = start
        while index + pattern.count <= original.count {
            if original[index] == pattern[0], Array(original[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    /// The bytes of the element whose start tag begins at `start`, through its end tag.
    /// The profile has passed the XML parser, so it is well formed.
    func elementRange(from start: Int) -> Range<Int>? {
        guard let (afterStart, selfClosing) = startTagEnd(from: start) else { return nil }
        if selfClosing { return start..<afterStart }
        var depth = 1
        var index = afterStart
        while index < original.count {
            guard original[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let next = index + 1 < original.count ? original[index + 1] : 0
            if next == UInt8(ascii: "!") {
                let closing = original[index...].starts(with: Array("<!--".utf8)) ? "-->" : original[index...].starts(with: Array("<![CDATA[".utf8)) ? "]]>" : ">"
                guard let end = find(closing, from: index + 2) else { return nil }
                index = end + closing.utf8.count
            } else if next == UInt8(ascii: "?") {
                guard let end = find("?>", from: index + 2) else { return nil }
                index = end + 2
            } else if next == UInt8(ascii: "/") {
                guard let end = find(">", from: index) else { return nil }
                depth -= 1
                index = end + 1
                if depth == 0 { return start..<index }
            } else {
                guard let (end, closes) = startTagEnd(from: index) else { return nil }
                if !closes { depth += 1 }
                index = end
            }
        }
        return nil
    }

    /// The value of the attribute whose name starts at `location`, without its quotes.
    func attributeValueRange(at location: SourceLocation) -> Range<Int>? {
        guard var index = offset(of: location) else { return nil }
        while index < original.count, original[index] != UInt8(ascii: "=") { index += 1 }
        index += 1
        while index < original.count, original[index] == 0x20 || original[index] == 0x09 || original[index] == 0x0A || original[index] == 0x0D { index += 1 }
        guard index < original.count, original[index] == 0x22 || original[index] == 0x27 else { return nil }
        let quote = original[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < original.count, original[valueEnd] != quote { valueEnd += 1 }
        return valueStart..<valueEnd
    }

    /// Spaces and tabs before `offset` on its line, when nothing else is there.
    private func indentation(before offset: Int) -> (lineStart: Int, indent: [UInt8])? {
        var index = offset
        while index > 0, original[index - 1] == 0x20 || original[index - 1] == 0x09 { index -= 1 }
        guard index == 0 || original[index - 1] == 0x0A || original[index - 1] == 0x0D else { return nil }
        return (index, Array(original[index..<offset]))
    }

    /// The range of an element widened to whole lines when it has its lines to itself.
    private func wholeLines(_ range: Range<Int>) -> (range: Range<Int>, indent: [UInt8])? {
        guard let (lineStart, indent) = indentation(before: range.lowerBound) else { return nil }
        var end = range.upperBound
        while end < original.count, original[end] == 0x20 || original[end] == 0x09 { end += 1 }
        if end < original.count, original[end] == 0x0D { end += 1 }
        if end < original.count, original[end] == 0x0A { end += 1 }
        guard end == original.count || original[end - 1] == 0x0A || original[end - 1] == 0x0D else { return nil }
        return (lineStart..<end, indent)
    }

    // MARK: - Comments

    /// Text made safe inside `<!-- -->`: a comment may not hold `--` or end with `-`.
    static func commentSafe(_ text: String) -> String {
        var result = text
        while result.contains("--") { result = result.replacingOccurrences(of: "--", with: "- -") }
        if result.hasSuffix("-") { result += " " }
        return result
    }

    private static func comment(_ lines: [String], indent: String) -> String {
        let body = lines.map(commentSafe).joined(separator: "\n" + indent + "     ")
        return "<!-- " + body + " -->"
    }

    // MARK: - Edits

    /// Replaces an attribute's whole value.
    public mutating func setAttribute(at location: SourceLocation?, to value: String) -> Bool {
        guard let location, let range = attributeValueRange(at: location) else { return false }
        let escaped = value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
        edits.append(TextEdit(range: range, replacement: Array(escaped.utf8)))
        return true
    }

    /// Removes an attribute with the space before it.
    public mutating func removeAttribute(at location: SourceLocation?) -> Bool {
        guard let location, var start = offset(of: location), let value = attributeValueRange(at: location) else { return false }
        while start > 0, original[start - 1] == 0x20 || original[start - 1] == 0x09 { start -= 1 }
        edits.append(TextEdit(range: start..<(value.upperBound + 1), replacement: []))
        return true
    }

    /// Puts a comment on its own line just before the element at `location`.
    public mutating func mark(elementAt location: SourceLocation?, comment lines: [String]) -> Bool {
        guard let location, let start = elementStart(at: location) else { return false }
        if let (lineStart, indent) = indentation(before: start) {
            let text = String(decoding: indent, as: UTF8.self)
            edits.append(TextEdit(range: lineStart..<lineStart, replacement: Array((text + Self.comment(lines, indent: text) + "\n").utf8)))
        } else {
            edits.append(TextEdit(range: start..<start, replacement: Array((Self.comment(lines, indent: "") + " ").utf8)))
        }
        return true
    }

    /// Takes the element at `location` out, leaving a comment saying why.
    public mutating func drop(elementAt location: SourceLocation?, comment lines: [String]) -> Bool {
        guard let location, let start = elementStart(at: location), let range = elementRange(from: start) else { return false }
        if let (lines_, indent) = wholeLines(range) {
            let text = String(decoding: indent, as: UTF8.self)
            edits.append(TextEdit(range: lines_, replacement: Array((text + Self.comment(lines, indent: text) + "\n").utf8)))
        } else {
            edits.append(TextEdit(range: range, replacement: Array(Self.comment(lines, indent: "").utf8)))
        }
        return true
    }

    /// Turns the element at `location` into a comment that keeps its text, after an
    /// explanation, so the author can rework it and take the comment marks away.
    public mutating func switchOff(elementAt location: SourceLocation?, comment lines: [String]) -> Bool {
        guard let location, let start = elementStart(at: location), let range = elementRange(from: start) else { return false }
        let element = String(decoding: original[range], as: UTF8.self)
        if let (whole, indent) = wholeLines(range) {
            let text = String(decoding: indent, as: UTF8.self)
            let explanation = lines.map(Self.commentSafe).joined(separator: "\n" + text + "     ")
            let replacement = text + "<!-- " + explanation + "\n" + text + Self.commentSafe(element) + "\n" + text + "-->\n"
            edits.append(TextEdit(range: whole, replacement: Array(replacement.utf8)))
        } else {
            let replacement = "<!-- " + lines.map(Self.commentSafe).joined(separator: " ") + " " + Self.commentSafe(element) + " -->"
            edits.append(TextEdit(range: range, replacement: Array(replacement.utf8)))
        }
        return true
    }

    /// The text with every edit applied. An edit inside a part another edit replaced is
    /// moot (a reference renamed inside an override that is dropped) and is skipped.
    public func result() -> [UInt8] {
        let ordered = edits.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.range.lowerBound, lhs.element.isInsertion ? 0 : 1, lhs.offset)
            let right = (rhs.element.range.lowerBound, rhs.element.isInsertion ? 0 : 1, rhs.offset)
            return left < right
        }.map(\.element)
        var output: [UInt8] = []
        output.reserveCapacity(original.count + 1024)
        var cursor = 0
        for edit in ordered {
            // Skip an edit that starts inside the part already replaced.
            if edit.range.lowerBound < cursor { continue }
            output += original[cursor..<edit.range.lowerBound]
            output += edit.replacement
            cursor = edit.range.upperBound
        }
        output += original[cursor...]
        return output
    }
}

extension ProfileTextEditor {
    /// Where the attribute `name` of the element at `location` starts, for edits to it.
    func attributeLocation(named name: String, inElementAt location: SourceLocation?) -> SourceLocation? {
        guard let location, let start = elementStart(at: location), let (afterTag, _) = startTagEnd(from: start) else { return nil }
        let end = afterTag - 1
        let pattern = Array(name.utf8)
        var index = start + 1
        var quote: UInt8?
        while index < end {
            let byte = original[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if (original[index - 1] == 0x20 || original[index - 1] == 0x09 || original[index - 1] == 0x0A || original[index - 1] == 0x0D),
                      original[index...].starts(with: pattern) {
                var after = index + pattern.count
                while after < end, original[after] == 0x20 || original[after] == 0x09 { after += 1 }
                if original[after] == UInt8(ascii: "=") { return sourceLocation(ofOffset: index, file: location.file) }
            }
            index += 1
        }
        return nil
    }

    func sourceLocation(ofOffset offset: Int, file: String) -> SourceLocation {
        var low = 0
        var high = lineStartOffsets.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStartOffsets[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStartOffsets[low]
        while index < offset {
            if original[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: low + 1, column: column)
    }
}
