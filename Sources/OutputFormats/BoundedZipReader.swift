import Foundation
import ZIPFoundation

/// Reads entries of an untrusted zip (a .docx given as a reference document, an .xlsx)
/// with hard limits, inflating only the entries asked for.
///
/// The limits are enforced on the bytes actually produced while inflating, never on the
/// sizes an entry declares, which an attacker writes. Every entry's CRC-32 is checked.
///
/// The central directory and local headers are parsed here rather than by ZIPFoundation's
/// `Archive`: on Linux its inflate loop feeds zlib fixed-size chunks whatever their real
/// length and, on a stream that runs to the end of the file, keeps asking for more input
/// for ever. Inflating goes through `Data.decompress` with a provider that hands out only
/// the entry's own compressed bytes and fails once they are used up.
public final class BoundedZipReader {
    /// At most this many entries in the central directory (directories included).
    public static let maximumEntries = 10_000
    /// At most this many bytes inflated in total by one reader: 256 MiB.
    public static let maximumTotalBytes = 256 << 20
    /// At most this many bytes inflated from one entry: 64 MiB.
    public static let maximumEntryBytes = 64 << 20
    /// An entry may inflate to at most this many times its compressed size…
    public static let maximumCompressionRatio = 200
    /// …once it has produced more than this many bytes (1 MiB). Small, highly repetitive
    /// parts (a styles.xml of empty paragraphs) legitimately compress far better.
    public static let compressionRatioAppliesAbove = 1 << 20

    public struct Limits: Sendable, Hashable {
        public var entries: Int
        public var totalBytes: Int
        public var entryBytes: Int
        public var compressionRatio: Int
        public var compressionRatioAppliesAbove: Int

        public init(
            entries: Int = BoundedZipReader.maximumEntries,
            totalBytes: Int = BoundedZipReader.maximumTotalBytes,
            entryBytes: Int = BoundedZipReader.maximumEntryBytes,
            compressionRatio: Int = BoundedZipReader.maximumCompressionRatio,
            compressionRatioAppliesAbove: Int = BoundedZipReader.compressionRatioAppliesAbove
        ) {
            self.entries = entries
            self.totalBytes = totalBytes
            self.entryBytes = entryBytes
            self.compressionRatio = compressionRatio
            self.compressionRatioAppliesAbove = compressionRatioAppliesAbove
        }

        public static let standard = Limits()
    }

    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            /// No zip structure at all: not a zip, empty, or cut off before its directory.
            case notAZip
            /// A zip whose directory or entry data is inconsistent or cannot be inflated.
            case damaged
            /// An entry's data does not match its CRC-32.
            case checksum
            /// More entries or bytes than the limits allow.
            case limit
            /// Something valid in zip but not supported here (encryption, other methods).
            case unsupported
        }

        public var kind: Kind
        /// The entry concerned, if the problem is with one entry.
        public var entry: String?
        public var message: String

        public init(_ kind: Kind, entry: String? = nil, _ message: String) {
            self.kind = kind
            self.entry = entry
            self.message = message
        }

        public var description: String { message }
    }

    /// What the central directory says about one entry.
    private struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var isFile: Bool
    }

    public let limits: Limits
    private let bytes: [UInt8]
    private var entries: [String: Entry] = [:]
    /// File entries (not folders or symlinks), in the order the directory lists them.
    public private(set) var names: [String] = []
    /// Bytes inflated so far, counted against `limits.totalBytes`.
    public private(set) var bytesRead = 0

    public init(bytes: [UInt8], limits: Limits = .standard) throws(Failure) {
        self.bytes = bytes
        self.limits = limits
        try readDirectory()
    }

    public func contains(_ name: String) -> Bool {
        entries[name]?.isFile == true
    }

    /// The bytes of the file entry `name`, or nil if there is none.
    public func read(_ name: String) throws(Failure) -> [UInt8]? {
        guard let entry = entries[name], entry.isFile else { return nil }
        if entry.flags & 0x1 != 0 {
            throw Failure(.unsupported, entry: name, "\(name) is encrypted")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw Failure(.unsupported, entry: name, "\(name) uses compression method \(entry.method); only stored and deflated entries can be read")
        }
        let start = try dataOffset(of: entry)
        guard entry.compressedSize <= bytes.count - start else {
            throw Failure(.damaged, entry: name, "\(name) runs past the end of the file")
        }
        let stored = bytes[start..<(start + entry.compressedSize)]
        var output: [UInt8] = []
        var crc: UInt32 = 0
        if entry.method == 0 {
            try account(stored.count, entry: entry, produced: stored.count)
            output = Array(stored)
            crc = Data(output).crc32(checksum: 0)
        } else {
            crc = try inflate(stored, entry: entry, into: &output)
        }
        guard output.count == entry.uncompressedSize else {
            throw Failure(.damaged, entry: name, "\(name) holds \(output.count) bytes but its header says \(entry.uncompressedSize)")
        }
        guard crc == entry.crc else {
            throw Failure(.checksum, entry: name, "\(name) is damaged: its CRC-32 checksum does not match its contents")
        }
        bytesRead += output.count
        return output
    }

    /// Checks the limits against what has been produced so far for `entry`; called with
    /// every inflated chunk, so a bomb stops within one chunk of a limit.
    private func account(_ chunk: Int, entry: Entry, produced: Int) throws(Failure) {
        if produced > limits.entryBytes {
            throw Failure(.limit, entry: entry.name, "\(entry.name) inflates to more than \(limits.entryBytes) bytes, the limit for one entry")
        }
        if bytesRead + produced > limits.totalBytes {
            throw Failure(.limit, entry: entry.name, "the entries read inflate to more than \(limits.totalBytes) bytes in total, the limit for one file")
        }
        if produced > limits.compressionRatioAppliesAbove, produced / max(entry.compressedSize, 1) > limits.compressionRatio {
            throw Failure(.limit, entry: entry.name, "\(entry.name) inflates more than \(limits.compressionRatio) times its compressed size; it looks like a zip bomb")
        }
    }

    private func inflate(_ stored: ArraySlice<UInt8>, entry: Entry, into output: inout [UInt8]) throws(Failure) -> UInt32 {
        var offset = stored.startIndex
        var produced = 0
        var collected: [UInt8] = []
        collected.reserveCapacity(min(max(entry.uncompressedSize, 0), limits.entryBytes, 1 << 20))
        let checksum: UInt32
        do {
            checksum = try Data.decompress(
                size: Int64(stored.count), bufferSize: 64 << 10, skipCRC32: false,
                provider: { _, size in
                    // ZIPFoundation's Linux inflate tells zlib every chunk is `size` bytes
                    // long, so a short final chunk is padded; the stream's own end stops
                    // zlib before the padding, and a stream that does not end fails here.
                    guard offset < stored.endIndex else { throw Failure(.damaged, entry: entry.name, "\(entry.name) is damaged: its compressed data ends early") }
                    let end = min(offset + size, stored.endIndex)
                    var chunk = Data(stored[offset..<end])
                    offset = end
                    if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                    return chunk
                },
                consumer: { chunk in
                    produced += chunk.count
                    try account(chunk.count, entry: entry, produced: produced)
                    collected.append(contentsOf: chunk)
                })
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(.damaged, entry: entry.name, "\(entry.name) is damaged: its compressed data cannot be inflated")
        }
        output = collected
        return checksum
    }

    private func dataOffset(of entry: Entry) throws(Failure) -> Int {
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, readUInt32(at: header) == 0x0403_4B50 else {
            throw Failure(.damaged, entry: entry.name, "\(entry.name) has no local header where the directory says")
        }
        let start = header + 30 + Int(readUInt16(at: header + 26)) + Int(readUInt16(at: header + 28))
        guard start <= bytes.count else {
            throw Failure(.damaged, entry: entry.name, "\(entry.name) runs past the end of the file")
        }
        return start
    }

    // MARK: - The central directory

    private func readDirectory() throws(Failure) {
        guard let end = findEndOfCentralDirectory() else {
            throw Failure(.notAZip, "not a zip file: there is no zip directory at its end")
        }
        var count = Int(readUInt16(at: end + 10))
        var size = Int(readUInt32(at: end + 12))
        var offset = Int(readUInt32(at: end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            (count, size, offset) = try readZIP64End(before: end)
        }
        guard count <= limits.entries else {
            throw Failure(.limit, "the zip has \(count) entries; at most \(limits.entries) are read")
        }
        guard offset >= 0, size >= 0, offset <= end, size <= end - offset else {
            throw Failure(.damaged, "the zip directory lies outside the file")
        }
        var position = offset
        for _ in 0..<count {
            guard position <= offset + size - 46, readUInt32(at: position) == 0x0201_4B50 else {
                throw Failure(.damaged, "the zip directory is damaged")
            }
            let nameLength = Int(readUInt16(at: position + 28))
            let extraLength = Int(readUInt16(at: position + 30))
            let commentLength = Int(readUInt16(at: position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= offset + size else { throw Failure(.damaged, "the zip directory is damaged") }
            let flags = readUInt16(at: position + 8)
            let nameBytes = bytes[(position + 46)..<(position + 46 + nameLength)]
            // Bit 11 marks UTF-8; without it the name is CP437, whose ASCII half is the
            // same. Names outside ASCII never match a part CompetencyKit asks for.
            let name = String(decoding: nameBytes, as: UTF8.self)
            var entry = Entry(
                name: name, method: readUInt16(at: position + 10), flags: flags,
                crc: readUInt32(at: position + 16),
                compressedSize: Int(readUInt32(at: position + 20)),
                uncompressedSize: Int(readUInt32(at: position + 24)),
                localHeaderOffset: Int(readUInt32(at: position + 42)),
                isFile: !name.hasSuffix("/") && !Self.isSymlink(madeBy: readUInt16(at: position + 4), attributes: readUInt32(at: position + 38)))
            try applyZIP64(extra: (position + 46 + nameLength)..<(position + 46 + nameLength + extraLength), to: &entry)
            guard entries[name] == nil else {
                throw Failure(.damaged, entry: name, "the zip holds two entries named \(name)")
            }
            entries[name] = entry
            if entry.isFile { names.append(name) }
            position = next
        }
    }

    private static func isSymlink(madeBy: UInt16, attributes: UInt32) -> Bool {
        // Unix (3) and macOS (19) keep the file mode in the high half of the attributes.
        let system = madeBy >> 8
        return (system == 3 || system == 19) && (attributes >> 16) & 0o170000 == 0o120000
    }

    /// The end-of-central-directory record: the last 22 bytes, or up to 65,535 bytes of
    /// comment before them.
    private func findEndOfCentralDirectory() -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var position = bytes.count - 22
        while position >= lowest {
            if readUInt32(at: position) == 0x0605_4B50 { return position }
            position -= 1
        }
        return nil
    }

    private func readZIP64End(before end: Int) throws(Failure) -> (Int, Int, Int) {
        let locator = end - 20
        guard locator >= 56, readUInt32(at: locator) == 0x0706_4B50 else {
            throw Failure(.damaged, "the zip directory is damaged (a ZIP64 record is missing)")
        }
        let record = readUInt64(at: locator + 8)
        guard record <= UInt64(locator - 56), readUInt32(at: Int(record)) == 0x0606_4B50 else {
            throw Failure(.damaged, "the zip directory is damaged (a ZIP64 record is missing)")
        }
        let start = Int(record)
        // Out-of-range values are refused by the entry limit and the directory bounds.
        return (Int(clamping: readUInt64(at: start + 32)), Int(clamping: readUInt64(at: start + 40)), Int(clamping: readUInt64(at: start + 48)))
    }

    /// Applies the ZIP64 extra field, whose values replace those saturated at 0xFFFFFFFF.
    private func applyZIP64(extra: Range<Int>, to entry: inout Entry) throws(Failure) {
        var position = extra.lowerBound
        while position + 4 <= extra.upperBound {
            let id = readUInt16(at: position)
            let length = Int(readUInt16(at: position + 2))
            let body = position + 4
            guard body + length <= extra.upperBound else { break }
            if id == 0x0001 {
                var field = body
                func next() -> Int? {
                    guard field + 8 <= body + length else { return nil }
                    defer { field += 8 }
                    return Int(clamping: readUInt64(at: field))
                }
                if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = next() ?? entry.uncompressedSize }
                if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = next() ?? entry.compressedSize }
                if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = next() ?? entry.localHeaderOffset }
            }
            position = body + length
        }
        guard entry.localHeaderOffset <= bytes.count, entry.compressedSize <= bytes.count else {
            throw Failure(.damaged, entry: entry.name, "\(entry.name) lies outside the file")
        }
    }

    // Callers check bounds first; these read little-endian values at known-good offsets.
    private func readUInt16(at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func readUInt32(at offset: Int) -> UInt32 {
        UInt32(readUInt16(at: offset)) | UInt32(readUInt16(at: offset + 2)) << 16
    }

    private func readUInt64(at offset: Int) -> UInt64 {
        UInt64(readUInt32(at: offset)) | UInt64(readUInt32(at: offset + 4)) << 32
    }
}
