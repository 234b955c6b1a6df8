import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a document as the stream reader needs them for line and column: either
/// all of them (a document already in memory), or a file read in chunks, where libxml2
/// takes each chunk through `fill` and the same bytes stay here only until the start-tag
/// scanner has passed them. A 40 MB framework is then never held whole.
final class ByteWindow {
    private(set) var bytes: [UInt8]
    /// The offset in the document of `bytes[0]`.
    private(set) var base = 0
    /// Set when the file cannot be read, grows past the limit, or is not UTF-8: the
    /// stream then stops and the document is read the slow way for its diagnostics.
    private(set) var failed = false

    private let descriptor: Int32?
    private let maximumBytes: Int
    private var utf8 = UTF8Check()
    private var checkedDeclaration = false

    /// A document already in memory.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        descriptor = nil
        maximumBytes = Int.max
    }

    /// A file to be read as libxml2 asks for it.
    init(descriptor: Int32, maximumBytes: Int) {
        bytes = []
        bytes.reserveCapacity(1 << 16)
        self.descriptor = descriptor
        self.maximumBytes = maximumBytes
    }

    /// One past the last byte read so far.
    var end: Int { base + bytes.count }

    /// Whether the document starts with a UTF-8 byte order mark.
    var startsWithByteOrderMark: Bool {
        base == 0 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The byte at `offset` in the document, or nil when it is not in the window.
    subscript(offset: Int) -> UInt8? {
        let index = offset - base
        return index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    /// Whether the bytes at `offset` are `text`.
    func matches<Text: Collection<UInt8>>(_ text: Text, at offset: Int) -> Bool {
        let index = offset - base
        guard index >= 0, index + text.count <= bytes.count else { return false }
        var position = index
        for byte in text {
            if bytes[position] != byte { return false }
            position += 1
        }
        return true
    }

    /// Forgets the bytes before `offset`, once enough have gone by to be worth moving the
    /// rest.
    func release(before offset: Int) {
        guard descriptor != nil else { return }
        let drop = min(offset, served) - base
        guard drop >= 1 << 18, drop <= bytes.count else { return }
        bytes.removeFirst(drop)
        base += drop
    }

    /// How far libxml2 has been given the bytes.
    private var served = 0
    /// The file is read in large chunks; libxml2 asks for a few kilobytes at a time.
    private static let chunk = 1 << 18

    /// libxml2's read callback: up to `length` bytes of the file into `buffer`. The bytes
    /// are read into the window first and handed over from there.
    func fill(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int32) -> Int32 {
        guard descriptor != nil, !failed, length > 0 else { return failed ? -1 : 0 }
        if served == end, !readChunk() { return failed ? -1 : 0 }
        let count = min(Int(length), end - served)
        bytes.withUnsafeBufferPointer { window in
            guard let source = window.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: source + (served - base), byteCount: count)
        }
        served += count
        return Int32(count)
    }

    /// Reads the next chunk of the file into the window; false at the end or on a fault.
    private func readChunk() -> Bool {
        guard let descriptor else { return false }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: Self.chunk))
        var count = 0
        bytes.withUnsafeMutableBufferPointer { window in
            guard let base = window.baseAddress else { return }
            repeat {
                count = read(descriptor, base + start, Self.chunk)
            } while count < 0 && errno == EINTR
        }
        bytes.removeLast(Self.chunk - max(count, 0))
        guard count >= 0 else {
            failed = true
            return false
        }
        if count == 0 {
            // The end: a character cut short, or a declaration never finished, is a fault.
            if !utf8.isComplete || !checkedDeclaration && !declarationIsUTF8() { failed = true }
            checkedDeclaration = true
            return false
        }
        let fresh = bytes.withUnsafeBufferPointer { window in
            utf8.accept(UnsafeBufferPointer(rebasing: window[start...]))
        }
        guard end <= maximumBytes, fresh else {
            failed = true
            return false
        }
        if !checkedDeclaration && end >= 256 {
            checkedDeclaration = true
            if !declarationIsUTF8() {
                failed = true
                return false
            }
        }
        return true
    }

    /// The XML declaration names UTF-8, or none; the tree reader refuses anything else.
    private func declarationIsUTF8() -> Bool {
        guard let (name, _) = SourceText(Array(bytes.prefix(256)), indexingLines: false).declaredEncoding() else { return true }
        return ["utf-8", "utf8"].contains(name.lowercased())
    }
}

/// UTF-8 checked a chunk at a time, a character split between chunks included: the same
/// acceptance as the standard decoder (no overlong forms, surrogates or values past
/// U+10FFFF).
struct UTF8Check {
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { needed == 0 }

    mutating func accept(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            // Runs of ASCII, most of any framework, go eight bytes at a time.
            if needed == 0, index + 8 <= bytes.count, let base = bytes.baseAddress,
               UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            if needed == 0 {
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: (needed, lower, upper) = (1, 0x80, 0xBF)
                case 0xE0: (needed, lower, upper) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (needed, lower, upper) = (2, 0x80, 0xBF)
                case 0xED: (needed, lower, upper) = (2, 0x80, 0x9F)
                case 0xF0: (needed, lower, upper) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (needed, lower, upper) = (3, 0x80, 0xBF)
                case 0xF4: (needed, lower, upper) = (3, 0x80, 0x8F)
                default: return false
                }
            } else {
                guard byte >= lower && byte <= upper else { return false }
                needed -= 1
                (lower, upper) = (0x80, 0xBF)
            }
        }
        return true
    }
}

/// The start tags of a document in order, with where each attribute's name is, read from
/// a `ByteWindow`. Markup characters cannot occur raw in text or attribute values of
/// well-formed XML, so a plain forward scan is exact; libxml2 has read every byte up to
/// the end of a start tag before it reports the element, so the bytes are there.
struct WindowTagScanner {
    private(set) var offset = 0

    struct StartTag {
        var offset: Int
        var attributeNames: [Range<Int>]

        func offset(ofAttribute name: String, in window: ByteWindow) -> Int? {
            var name = name
            return name.withUTF8 { wanted in
                attributeNames.first { range in
                    range.count == wanted.count && window.matches(wanted, at: range.lowerBound)
                }?.lowerBound
            }
        }
    }

    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
    private static let piClose = Array("?>".utf8)

    private func find(_ text: [UInt8], from start: Int, in window: ByteWindow) -> Int? {
        var index = start
        while index + text.count <= window.end {
            if window.matches(text, at: index) { return index }
            index += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    mutating func next(in window: ByteWindow) -> StartTag? {
        // The array is read directly (it is not changed while the scanner runs), not
        // through the window's optional subscript.
        let bytes = window.bytes
        let base = window.base
        func byte(_ at: Int) -> UInt8? {
            let index = at - base
            return index >= 0 && index < bytes.count ? bytes[index] : nil
        }
        while offset - base < bytes.count {
            guard offset >= base else { return nil }
            if bytes[offset - base] != UInt8(ascii: "<") {
                // Text runs to the next '<'; libc's memchr finds it far faster than a loop.
                let from = offset - base
                let found = bytes.withUnsafeBufferPointer { buffer -> Int? in
                    guard let start = buffer.baseAddress else { return nil }
                    return memchr(start + from, Int32(UInt8(ascii: "<")), buffer.count - from)
                        .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - start }
                }
                guard let found else {
                    offset = base + bytes.count
                    return nil
                }
                offset = base + found
            }
            switch byte(offset + 1) {
            case UInt8(ascii: "!"):
                let (open, close) = window.matches(Self.commentOpen, at: offset) ? (4, Self.commentClose)
                    : window.matches(Self.cdataOpen, at: offset) ? (9, Self.cdataClose) : (1, [UInt8(ascii: ">")])
                guard let found = find(close, from: offset + open, in: window) else { return nil }
                offset = found + close.count
            case UInt8(ascii: "?"):
                guard let found = find(Self.piClose, from: offset + 2, in: window) else { return nil }
                offset = found + 2
            case UInt8(ascii: "/"):
                offset += 2
            case nil:
                return nil
            default:
                return readStartTag(bytes, base: base)
            }
        }
        return nil
    }

    private mutating func readStartTag(_ bytes: [UInt8], base: Int) -> StartTag? {
        let start = offset
        var index = offset + 1 - base
        var names: [Range<Int>] = []
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != 0x3E, bytes[index] != 0x2F { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x3E {
                offset = index + 1 + base
                return StartTag(offset: start, attributeNames: names)
            }
            if Self.isSpace(byte) || byte == 0x2F {
                index += 1
                continue
            }
            let nameStart = index
            while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != 0x3D { index += 1 }
            names.append((nameStart + base)..<(index + base))
            while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x27 { index += 1 }
            guard index < bytes.count else { return nil }
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            index += 1
        }
        return nil
    }
}

/// Line and column for offsets asked for in document order, counted as the cursor passes
/// the bytes (see `ForwardPositionCursor`), over a `ByteWindow`.
struct WindowPositionCursor {
    private(set) var offset = 0
    private var line = 1
    private var column = 1

    init(window: ByteWindow) {
        if window.startsWithByteOrderMark { offset = 3 }
    }

    mutating func position(ofOffset target: Int, in window: ByteWindow) -> XMLPosition {
        let bytes = window.bytes
        let base = window.base
        let stop = min(target, base + bytes.count)
        guard offset >= base else { return XMLPosition(line: line, column: column) }
        while offset < stop {
            let byte = bytes[offset - base]
            if byte == 0x0A || (byte == 0x0D && (offset + 1 - base >= bytes.count || bytes[offset + 1 - base] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            offset += 1
        }
        return XMLPosition(line: line, column: column)
    }
}
