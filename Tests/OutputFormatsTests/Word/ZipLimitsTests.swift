import CompetencyModel
import Foundation
import FrameworkLoading
import OutputFormats
import Testing
import XMLSupport

// Zip inputs (review R12, R18) and the reference document's parts (R13).

/// Writes zip files byte by byte so a test can give an entry any method, checksum or
/// declared size, including ones no well-behaved zip library would write.
struct HandZip {
    struct Entry {
        var name: String
        /// The bytes as stored: deflated already when `method` is 8.
        var stored: [UInt8]
        var method: UInt16 = 0
        var crc: UInt32
        var uncompressedSize: UInt32
    }

    var entries: [Entry] = []

    /// A stored entry with its true checksum and size, unless told otherwise.
    mutating func add(_ name: String, _ bytes: [UInt8], crc: UInt32? = nil) {
        entries.append(Entry(name: name, stored: bytes, crc: crc ?? Self.crc32(bytes), uncompressedSize: UInt32(bytes.count)))
    }

    mutating func add(_ name: String, _ text: String) {
        add(name, Array(text.utf8))
    }

    /// A deflated entry from raw deflate bytes, with whatever checksum and size it claims.
    mutating func addDeflated(_ name: String, raw: [UInt8], crc: UInt32, uncompressedSize: UInt32) {
        entries.append(Entry(name: name, stored: raw, method: 8, crc: crc, uncompressedSize: uncompressedSize))
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: UInt32, _ into: inout [UInt8]) {
            into += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
        }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = UInt32(out.count)
            le32(0x0403_4B50, &out); le16(20, &out); le16(0x0800, &out); le16(Int(entry.method), &out); le16(0, &out); le16(0x21, &out)
            le32(entry.crc, &out); le32(UInt32(entry.stored.count), &out); le32(entry.uncompressedSize, &out)
            le16(name.count, &out); le16(0, &out)
            out += name + entry.stored
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0x0800, &central); le16(Int(entry.method), &central)
            le16(0, &central); le16(0x21, &central)
            le32(entry.crc, &central); le32(UInt32(entry.stored.count), &central); le32(entry.uncompressedSize, &central)
            le16(name.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
            le32(0, &central); le32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        le32(0x0605_4B50, &out); le16(0, &out); le16(0, &out); le16(entries.count, &out); le16(entries.count, &out)
        le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The council template as a hand-written zip, every part stored.
    static func template(replacing replacements: [String: String] = [:], adding extra: (inout HandZip) -> Void = { _ in }) -> [UInt8] {
        var zip = HandZip()
        for part in CouncilTemplate.package().parts {
            zip.add(part.name, replacements[part.name].map { Array($0.utf8) } ?? part.bytes)
        }
        extra(&zip)
        return zip.bytes
    }
}

/// The bytes a zip built by OPCPackage stores for `name`, with their offset, for tests that
/// patch a real deflated entry.
func deflatedEntry(_ name: String, in zip: [UInt8]) -> (offset: Int, crcOffset: Int, sizeOffset: Int)? {
    let needle = Array(name.utf8)
    var index = 0
    while index + 46 <= zip.count {
        if zip[index] == 0x50, zip[index + 1] == 0x4B, zip[index + 2] == 0x01, zip[index + 3] == 0x02 {
            let nameLength = Int(zip[index + 28]) | Int(zip[index + 29]) << 8
            if index + 46 + nameLength <= zip.count, Array(zip[(index + 46)..<(index + 46 + nameLength)]) == needle {
                return (index, index + 16, index + 24)
            }
        }
        index += 1
    }
    return nil
}

@Suite("zip inputs are read with limits")
struct ZipLimitsTests {
    @Test func readDocxChecksTheCRC() throws {
        var zip = HandZip()
        zip.add("word/document.xml", Array("<x/>".utf8), crc: 0x1234_5678)
        #expect(throws: (any Error).self) { try OPCPackage.readDocx(zip.bytes) }
    }

    @Test func readDocxStopsABombWhileInflating() throws {
        let bomb = try OPCPackage(parts: [.init(name: "zeros.bin", contentType: "application/octet-stream", bytes: [UInt8](repeating: 0, count: 4 << 20))]).docx()
        #expect(throws: (any Error).self) { try OPCPackage.readDocx(bomb) }
    }

    @Test func aBombWhoseHeadersClaimItIsSmallIsStillStopped() throws {
        var bomb = try OPCPackage(parts: [.init(name: "zeros.bin", contentType: "application/octet-stream", bytes: [UInt8](repeating: 0, count: 4 << 20))]).docx()
        let entry = try #require(deflatedEntry("zeros.bin", in: bomb))
        // Declared uncompressed size: 100 bytes, in the central and the local header.
        for offset in [entry.sizeOffset] { bomb.replaceSubrange(offset..<(offset + 4), with: [100, 0, 0, 0]) }
        #expect(throws: (any Error).self) { try OPCPackage.readDocx(bomb) }
    }

    @Test func aDamagedEntryTheReferenceDoesNotNeedIsNeverInflated() throws {
        let bytes = HandZip.template { zip in
            // Block type 11 is invalid: inflating this fails at once.
            zip.addDeflated("word/media/unused.bin", raw: [0xFF, 0xFF, 0xFF, 0xFF], crc: 0, uncompressedSize: 10)
        }
        _ = try ReferenceDocument(docx: bytes)
    }

    @Test func aDeflateStreamThatRunsPastTheEndOfTheFileIsAnErrorNotAHang() throws {
        // A stored deflate block, not the final one, claiming 65,535 bytes: more than the
        // whole file holds, so the stream can only end by running out of input.
        let raw: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + [UInt8](repeating: 0x41, count: 10)
        var zip = HandZip()
        zip.add("word/document.xml", Array("<x/>".utf8))
        zip.addDeflated("word/styles.xml", raw: raw, crc: 0, uncompressedSize: 65_535)
        #expect(throws: (any Error).self) { try OPCPackage.readDocx(zip.bytes) }
    }

    @Test func twoReferencesToOneHeaderCopyItOnce() throws {
        let document = try #require(CouncilTemplate.package().part(named: "word/document.xml"))
        let text = String(decoding: document.bytes, as: UTF8.self).replacingOccurrences(
            of: "<w:headerReference w:type=\"default\" r:id=\"rIdHeaderA\"/>",
            with: "<w:headerReference w:type=\"default\" r:id=\"rIdHeaderA\"/><w:headerReference w:type=\"first\" r:id=\"rIdHeaderA\"/>")
        let reference = try ReferenceDocument(docx: HandZip.template(replacing: ["word/document.xml": text]))
        let artifacts = try EditionDocxFormat().render(try WordFixtures.edition(), options: WriterOptions(referenceDocument: reference))
        let main = try #require(artifacts.first { $0.relativePath == "\(WordFixtures.editionID).docx" })
        let names = try OPCPackage.readDocx(main.bytes).parts.map(\.name)
        #expect(names.filter { $0 == "word/header3.xml" }.count == 1, "\(names)")
        #expect(Set(names).count == names.count, "duplicate entries: \(names)")
    }

    @Test(arguments: [
        #"<w:pgSz w:w="9223372036854775807" w:h="15840"/>"#,
        #"<w:pgSz w:w="0" w:h="15840"/>"#,
        #"<w:pgSz w:w="12240" w:h="-5"/>"#,
    ])
    func pageSizesOutsideWhatWordAllowsAreRefused(size: String) throws {
        let document = try #require(CouncilTemplate.package().part(named: "word/document.xml"))
        let text = String(decoding: document.bytes, as: UTF8.self).replacingOccurrences(of: #"<w:pgSz w:w="12240" w:h="15840"/>"#, with: size)
        let error = try #require(throws: PackageError.self) { try ReferenceDocument(docx: HandZip.template(replacing: ["word/document.xml": text])) }
        #expect(error.part == "word/document.xml" && error.code == "FW005" && error.position != nil, "\(error)")
    }

    @Test(arguments: [
        #"w:left="-9223372036854775807" w:header"#,
        #"w:left="11000" w:header"#,
    ])
    func marginsThatLeaveNoRoomAreRefused(margin: String) throws {
        let document = try #require(CouncilTemplate.package().part(named: "word/document.xml"))
        let text = String(decoding: document.bytes, as: UTF8.self).replacingOccurrences(of: #"w:left="1440" w:header"#, with: margin)
        #expect(text != String(decoding: document.bytes, as: UTF8.self))
        let error = try #require(throws: PackageError.self) { try ReferenceDocument(docx: HandZip.template(replacing: ["word/document.xml": text])) }
        #expect(error.part == "word/document.xml" && error.code == "FW005", "\(error)")
    }

    @Test(arguments: ["styles.xml", "document.xml", "footer1.xml", "../[Content_Types].xml"])
    func aHeaderThatWouldReplaceOneOfOurPartsIsRefused(target: String) throws {
        let rels = try #require(CouncilTemplate.package().part(named: "word/_rels/document.xml.rels"))
        let text = String(decoding: rels.bytes, as: UTF8.self).replacingOccurrences(of: "Target=\"header3.xml\"", with: "Target=\"\(target)\"")
        let bytes = HandZip.template(replacing: ["word/_rels/document.xml.rels": text]) { zip in
            if target == "footer1.xml" { zip.add("word/footer1.xml", "<w:hdr xmlns:w=\"\(CouncilTemplate.main)\"/>") }
        }
        let error = try #require(throws: PackageError.self) { try ReferenceDocument(docx: bytes) }
        #expect(error.part == "word/_rels/document.xml.rels" && error.code == "FW005" && error.position != nil, "\(error)")
    }

    @Test func stylesThatAreNotWordStylesAreRefused() throws {
        let bytes = HandZip.template(replacing: ["word/styles.xml": "<styles/>"])
        let error = try #require(throws: PackageError.self) { try ReferenceDocument(docx: bytes) }
        #expect(error.part == "word/styles.xml" && error.code == "FW005", "\(error)")
    }

    @Test func aFooterWhoseRelationshipsEscapeIsRefused() throws {
        let bytes = HandZip.template { zip in
            zip.add("word/_rels/footer2.xml.rels", CouncilTemplate.declaration
                + "<Relationships xmlns=\"\(CouncilTemplate.packageRelationships)\"><Relationship Id=\"rId1\" Type=\"\(CouncilTemplate.officeRelationships)/image\" Target=\"../../ESC-image.png\"/></Relationships>")
            zip.add("word/../../ESC-image.png", [1, 2, 3])
        }
        let error = try #require(throws: PackageError.self) { try ReferenceDocument(docx: bytes) }
        #expect(error.part == "word/_rels/footer2.xml.rels" && error.description.contains("outside the package"), "\(error)")
    }
}

/// Bytes that deflate hardly at all, so a size limit, not the ratio limit, is what stops them.
func incompressible(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

func deflatedZip(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
    try OPCPackage(parts: entries.map { .init(name: $0.0, contentType: "application/octet-stream", bytes: $0.1) }).docx()
}

@Suite("BoundedZipReader")
struct BoundedZipReaderTests {
    func failure(_ body: () throws -> Void) -> BoundedZipReader.Failure? {
        do {
            try body()
            return nil
        } catch let failure as BoundedZipReader.Failure {
            return failure
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func theLimitsAreTheDocumentedOnes() {
        #expect(BoundedZipReader.maximumEntries == 10_000)
        #expect(BoundedZipReader.maximumTotalBytes == 256 * 1024 * 1024)
        #expect(BoundedZipReader.maximumEntryBytes == 64 * 1024 * 1024)
        #expect(BoundedZipReader.maximumCompressionRatio == 200)
        #expect(BoundedZipReader.compressionRatioAppliesAbove == 1024 * 1024)
        #expect(BoundedZipReader.Limits.standard == BoundedZipReader.Limits())
    }

    @Test func moreThan10000EntriesAreRefusedBeforeAnyIsRead() {
        var zip = HandZip()
        for index in 0...10_000 { zip.add("e\(index)", [UInt8]()) }
        let bytes = zip.bytes
        #expect(failure { _ = try BoundedZipReader(bytes: bytes) }?.kind == .limit)
        var fewer = HandZip()
        for index in 0..<10_000 { fewer.add("e\(index)", [UInt8]()) }
        #expect((try? BoundedZipReader(bytes: fewer.bytes))?.names.count == 10_000)
    }

    @Test func anEntryOverItsLimitIsStoppedWhileInflating() throws {
        let zip = try deflatedZip([("big.bin", incompressible(3 << 20))])
        let reader = try BoundedZipReader(bytes: zip, limits: .init(entryBytes: 1 << 20))
        let stopped = failure { _ = try reader.read("big.bin") }
        #expect(stopped?.kind == .limit && stopped?.entry == "big.bin", "\(String(describing: stopped))")
        #expect(reader.bytesRead == 0)
    }

    @Test func anEntryWhoseHeaderUnderstatesItsSizeIsStillStopped() throws {
        var zip = try deflatedZip([("big.bin", incompressible(3 << 20))])
        let entry = try #require(deflatedEntry("big.bin", in: zip))
        zip.replaceSubrange(entry.sizeOffset..<(entry.sizeOffset + 4), with: [0x10, 0, 0, 0])
        let reader = try BoundedZipReader(bytes: zip, limits: .init(entryBytes: 1 << 20))
        #expect(failure { _ = try reader.read("big.bin") }?.kind == .limit)
    }

    @Test func theTotalIsCappedAcrossEntries() throws {
        let zip = try deflatedZip((0..<4).map { ("part\($0).bin", incompressible(1 << 20, seed: UInt64($0 + 1))) })
        let reader = try BoundedZipReader(bytes: zip, limits: .init(totalBytes: 3 << 20))
        for index in 0..<3 { #expect(try reader.read("part\(index).bin")?.count == 1 << 20) }
        #expect(failure { _ = try reader.read("part3.bin") }?.kind == .limit)
        #expect(reader.bytesRead == 3 << 20)
    }

    @Test func theRatioLimitAppliesAboveOneMebibyte() throws {
        let zip = try deflatedZip([("small.bin", [UInt8](repeating: 0, count: 512 << 10)), ("bomb.bin", [UInt8](repeating: 0, count: 3 << 20))])
        let reader = try BoundedZipReader(bytes: zip)
        #expect(try reader.read("small.bin")?.count == 512 << 10)
        let stopped = failure { _ = try reader.read("bomb.bin") }
        #expect(stopped?.kind == .limit && stopped?.message.contains("zip bomb") == true, "\(String(describing: stopped))")
    }

    @Test func aCRCMismatchIsAnError() throws {
        var zip = HandZip()
        zip.add("a.xml", Array("<a/>".utf8), crc: 7)
        let reader = try BoundedZipReader(bytes: zip.bytes)
        #expect(failure { _ = try reader.read("a.xml") }?.kind == .checksum)
    }

    @Test func aCRCMismatchInADeflatedEntryIsAnError() throws {
        var zip = try deflatedZip([("a.bin", incompressible(5000))])
        let entry = try #require(deflatedEntry("a.bin", in: zip))
        zip[entry.crcOffset] ^= 0xFF
        let reader = try BoundedZipReader(bytes: zip)
        #expect(failure { _ = try reader.read("a.bin") }?.kind == .checksum)
    }

    @Test(arguments: [[UInt8](), Array("PK not really".utf8), [UInt8](repeating: 0x50, count: 100)])
    func whatIsNotAZipSaysSo(bytes: [UInt8]) {
        #expect(failure { _ = try BoundedZipReader(bytes: bytes) }?.kind == .notAZip)
    }

    @Test func aTruncatedZipIsRefused() throws {
        let zip = try deflatedZip([("a.bin", incompressible(5000)), ("b.bin", incompressible(5000))])
        for cut in [10, zip.count / 2, zip.count - 1] {
            #expect(failure { _ = try BoundedZipReader(bytes: Array(zip.prefix(cut))) } != nil, "cut at \(cut)")
        }
    }

    @Test func twoEntriesWithOneNameAreRefused() {
        var zip = HandZip()
        zip.add("a.xml", "<a/>")
        zip.add("a.xml", "<b/>")
        #expect(failure { _ = try BoundedZipReader(bytes: zip.bytes) }?.kind == .damaged)
    }

    @Test func onlyTheEntriesAskedForAreInflated() throws {
        var zip = HandZip()
        zip.addDeflated("broken.bin", raw: [0xFF, 0xFF, 0xFF], crc: 0, uncompressedSize: 3)
        zip.add("good.xml", "<good/>")
        let reader = try BoundedZipReader(bytes: zip.bytes)
        #expect(reader.names == ["broken.bin", "good.xml"])
        #expect(try reader.read("good.xml") == Array("<good/>".utf8))
        #expect(try reader.read("missing.xml") == nil)
        #expect(reader.bytesRead == 7)
        #expect(failure { _ = try reader.read("broken.bin") }?.kind == .damaged)
    }

    @Test func encryptedEntriesAreNotRead() throws {
        var zip = HandZip()
        zip.add("secret.xml", "<a/>")
        var bytes = zip.bytes
        let entry = try #require(deflatedEntry("secret.xml", in: bytes))
        bytes[entry.offset + 8] |= 1
        let reader = try BoundedZipReader(bytes: bytes)
        #expect(failure { _ = try reader.read("secret.xml") }?.kind == .unsupported)
    }
}

@Suite("OPC package writing")
struct OPCPackageWritingTests {
    @Test func theErrorCodesAreTheLoadersCodes() {
        #expect(PackageError.malformedCode == DiagnosticCode.malformed.code)
        #expect(PackageError.encodingCode == DiagnosticCode.encoding.code)
        #expect(PackageError.doctypeCode == DiagnosticCode.doctype.code)
        #expect(PackageError.limitsCode == DiagnosticCode.limits.code)
        #expect(PackageError.structureCode == DiagnosticCode.schema.code)
    }

    @Test func aNameTooLongForAZipIsAnErrorNotATrap() {
        let package = OPCPackage(parts: [.init(name: String(repeating: "n", count: 70_000), contentType: "application/xml", xml: "<x/>")])
        #expect(throws: PackageError.self) { try package.docx() }
    }

    @Test(arguments: [["a.xml", "A.XML"], ["[Content_Types].xml"], ["a", "a/b.xml"], ["a\tb.xml"]])
    func duplicateReservedOrControlNamesAreRefused(names: [String]) {
        let package = OPCPackage(parts: names.map { .init(name: $0, contentType: "application/xml", xml: "<x/>") })
        #expect(throws: PackageError.self) { try package.docx() }
    }

    @Test func aContentTypeThatIsNotTypeSlashSubtypeIsRefused() {
        let package = OPCPackage(parts: [.init(name: "a.xml", contentType: "application/xml\"/><Override PartName=\"/evil\" ContentType=\"x", xml: "<x/>")])
        #expect(throws: PackageError.self) { try package.docx() }
    }

    @Test func namesAndTypesWithMarkupCharactersRoundTrip() throws {
        let name = "word/a&b\"c<d>'.xml"
        let package = OPCPackage(parts: [
            .init(name: name, contentType: "application/vnd.x&y+xml", xml: "<x/>"),
            .init(name: "media/q&a.png", contentType: "image/png", bytes: [1, 2, 3]),
        ])
        let reread = try OPCPackage.readDocx(try package.docx())
        #expect(reread.part(named: name)?.contentType == "application/vnd.x&y+xml")
        #expect(reread.part(named: "media/q&a.png")?.contentType == "image/png")
        let flat = package.flatOPC()
        _ = try XMLReader().read(flat)
        let parts = try XMLReader().readFlatOPC(flat)
        #expect(parts.map(\.name) == [name, "media/q&a.png"])
        #expect(parts.map(\.contentType) == ["application/vnd.x&y+xml", "image/png"])
    }

    @Test func everyPartKeepsItsOwnContentType() throws {
        let package = OPCPackage(parts: [
            .init(name: "a.png", contentType: "image/png", bytes: [1]),
            .init(name: "b.png", contentType: "image/x-other", bytes: [2]),
            .init(name: "noextension", contentType: "application/x-thing", bytes: [3]),
            .init(name: "data.xml", contentType: "application/octet-stream", bytes: [4]),
            .init(name: "odd.rels", contentType: "application/octet-stream", bytes: [5]),
        ])
        let reread = try OPCPackage.readDocx(try package.docx())
        for part in package.parts {
            #expect(reread.part(named: part.name)?.contentType == part.contentType, "\(part.name)")
        }
    }
}
