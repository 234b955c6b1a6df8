/// The raw bytes of a document with the indexes needed to turn byte offsets into
/// line:column positions. libxml2 reports a line for tree nodes but no column, so columns
/// are recovered here by scanning the source in document order.
struct SourceText {
    let bytes: [UInt8]
    private let lineStarts: [Int]

    /// - Parameter indexingLines: false for a reader that only walks forward and counts
    ///   lines as it goes (`ForwardPositionCursor`), which then saves a pass and an index.
    init(_ bytes: [UInt8], indexingLines: Bool = true) {
        self.bytes = bytes
        guard indexingLines else {
            lineStarts = [0]
            return
        }
        // A byte order mark is not a character of the first line, so that line's columns
        // count from after it.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var starts = [bytes.starts(with: bom) ? bom.count : 0]
        starts.reserveCapacity(bytes.count / 32)
        // XML ends a line at LF, CR LF or a lone CR (XML 1.0, section 2.11).
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        for (offset, byte) in bytes.enumerated() {
            if byte == lineFeed || (byte == carriageReturn && (offset + 1 == bytes.count || bytes[offset + 1] != lineFeed)) {
                starts.append(offset + 1)
            }
        }
        lineStarts = starts
    }

    func position(ofOffset offset: Int) -> XMLPosition {
        var cursor = PositionCursor()
        return cursor.position(ofOffset: offset, in: self)
    }

    func lineIndex(ofOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    func lineStart(_ index: Int) -> Int { lineStarts[index] }

    var lineCount: Int { lineStarts.count }

    /// Unicode scalars in `bytes[from..<to]`: continuation bytes belong to the scalar
    /// already counted.
    func scalarCount(from: Int, to: Int) -> Int {
        var count = 0
        var index = from
        while index < to {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    /// The first position at which the bytes stop being UTF-8, if they do. Runs of ASCII,
    /// most of any framework, are skipped eight bytes at a time.
    func firstInvalidUTF8() -> (offset: Int, byte: UInt8)? {
        bytes.withUnsafeBufferPointer { buffer -> (offset: Int, byte: UInt8)? in
            var offset = 0
            let count = buffer.count
            while offset < count {
                if buffer[offset] < 0x80 {
                    if offset + 8 <= count, let base = buffer.baseAddress {
                        let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                        if word & 0x8080_8080_8080_8080 == 0 {
                            offset += 8
                            continue
                        }
                    }
                    offset += 1
                    continue
                }
                // One scalar that is not ASCII, checked by the standard decoder.
                var iterator = buffer[offset..<min(count, offset + 4)].makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                switch parser.parseScalar(from: &iterator) {
                case .valid(let scalar): offset += scalar.count
                case .emptyInput, .error: return (offset, buffer[offset])
                }
            }
            return nil
        }
    }

    /// The encoding named in the XML declaration, if there is one.
    func declaredEncoding() -> (name: String, offset: Int)? {
        let prefix = Array("<?xml".utf8)
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        guard bytes.count >= start + prefix.count,
              Array(bytes[start..<(start + prefix.count)]) == prefix
        else { return nil }
        let limit = min(bytes.count, start + 256)
        guard let end = indexOf(Array("?>".utf8), from: start, before: limit) else { return nil }
        guard let key = indexOf(Array("encoding".utf8), from: start, before: end) else { return nil }
        var index = key + 8
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x3D || bytes[index] == 0x09 {
            index += 1
        }
        guard index < end, bytes[index] == 0x22 || bytes[index] == 0x27 else { return nil }
        let quote = bytes[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < end, bytes[valueEnd] != quote { valueEnd += 1 }
        return (String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), key)
    }

    func indexOf(_ needle: [UInt8], from start: Int, before limit: Int) -> Int? {
        guard !needle.isEmpty, limit - start >= needle.count else { return nil }
        var index = start
        while index + needle.count <= limit {
            if bytes[index] == needle[0] {
                var matched = true
                for k in 1..<needle.count where bytes[index + k] != needle[k] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

/// Turns offsets into positions, remembering the last one: offsets asked for in document
/// order on one long line (Word writes whole parts on one line) then cost only the
/// distance from the previous offset, not from the start of the line.
struct PositionCursor {
    private var lastOffset = 0
    private var lastLine = 0
    private var lastColumn = 1

    mutating func position(ofOffset offset: Int, in source: SourceText) -> XMLPosition {
        let clamped = max(0, min(offset, source.bytes.count))
        let line: Int
        if clamped >= lastOffset {
            // Offsets asked for in document order: walk forward from the last line, so a
            // whole document costs one pass over its line starts, not a search per position.
            var next = lastLine
            while next + 1 < source.lineCount, source.lineStart(next + 1) <= clamped { next += 1 }
            line = next
        } else {
            line = source.lineIndex(ofOffset: clamped)
        }
        let column: Int
        if line == lastLine && clamped >= lastOffset && lastOffset >= source.lineStart(line) {
            column = lastColumn + source.scalarCount(from: lastOffset, to: clamped)
        } else {
            column = 1 + source.scalarCount(from: source.lineStart(line), to: clamped)
        }
        lastOffset = clamped
        lastLine = line
        lastColumn = column
        return XMLPosition(line: line + 1, column: column)
    }
}

/// Turns offsets into positions for a reader that only moves forward: lines are counted
/// as the cursor passes them, so no index of line starts is built and no byte is looked at
/// twice.
struct ForwardPositionCursor {
    private var offset = 0
    private var line = 1
    private var column = 1

    init(source: SourceText) {
        // A byte order mark is not a character of the first line.
        if source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The position of `target`, which must not be before the last one asked for.
    mutating func position(ofOffset target: Int, in source: SourceText) -> XMLPosition {
        let end = min(max(target, offset), source.bytes.count)
        source.bytes.withUnsafeBufferPointer { bytes in
            while offset < end {
                let byte = bytes[offset]
                if byte == 0x0A || (byte == 0x0D && (offset + 1 == bytes.count || bytes[offset + 1] != 0x0A)) {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                    column += 1
                }
                offset += 1
            }
        }
        return XMLPosition(line: line, column: column)
    }
}
