import CompetencyCLI
import Foundation
import OutputFormats
import Testing
import XMLSupport

// Regression tests for `export --reference-docx` on hostile templates (review R12, R13, R18).

/// Writes zip files byte by byte, stored (not deflated), so a test can give an entry any
/// name, checksum or size, including ones no well-behaved zip library would write.
struct ReferenceZip {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// Nil: the real CRC-32 of `data`.
        var crc: UInt32?
    }

    var entries: [Entry] = []

    mutating func add(_ name: String, _ text: String, crc: UInt32? = nil) {
        entries.append(Entry(name: name, data: Array(text.utf8), crc: crc))
    }

    mutating func add(_ name: String, bytes: [UInt8]) {
        entries.append(Entry(name: name, data: bytes, crc: nil))
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
            let crc = entry.crc ?? ReferenceZip.crc32(entry.data)
            let offset = UInt32(out.count)
            le32(0x0403_4B50, &out); le16(20, &out); le16(0x0800, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
            le32(crc, &out); le32(UInt32(entry.data.count), &out); le32(UInt32(entry.data.count), &out)
            le16(name.count, &out); le16(0, &out)
            out += name + entry.data
            le32(0x0201_4B50, &central); le16(20, &central); le16(20, &central); le16(0x0800, &central); le16(0, &central)
            le16(0, &central); le16(0x21, &central)
            le32(crc, &central); le32(UInt32(entry.data.count), &central); le32(UInt32(entry.data.count), &central)
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
}

/// A council template small enough to read at a glance: a header with an image, a footer,
/// US Letter pages.
enum HostileTemplate {
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let officeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let headerText = "Template header 5521"
    static let footerText = "Template footer 9043"

    static func parts(headerType: String = "default", headerTarget: String = "header2.xml") -> [String: String] {
        [
            "[Content_Types].xml": declaration
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                + "<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
                + "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
                + "</Types>",
            "_rels/.rels": declaration
                + "<Relationships xmlns=\"\(packageRelationships)\"><Relationship Id=\"rId1\" Type=\"\(officeRelationships)/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
            "word/document.xml": declaration
                + "<w:document xmlns:w=\"\(main)\" xmlns:r=\"\(officeRelationships)\"><w:body><w:p/>\n"
                + "<w:sectPr><w:headerReference w:type=\"\(headerType)\" r:id=\"rIdH\"/><w:footerReference w:type=\"default\" r:id=\"rIdF\"/>"
                + "<w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>"
                + "</w:sectPr></w:body></w:document>",
            "word/_rels/document.xml.rels": declaration
                + "<Relationships xmlns=\"\(packageRelationships)\">\n"
                + "<Relationship Id=\"rIdH\" Type=\"\(officeRelationships)/header\" Target=\"\(headerTarget)\"/>\n"
                + "<Relationship Id=\"rIdF\" Type=\"\(officeRelationships)/footer\" Target=\"footer2.xml\"/>\n"
                + "</Relationships>",
            "word/styles.xml": declaration
                + "<w:styles xmlns:w=\"\(main)\"><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>",
            "word/header2.xml": declaration
                + "<w:hdr xmlns:w=\"\(main)\" xmlns:r=\"\(officeRelationships)\"><w:p><w:r><w:t>\(headerText)</w:t></w:r></w:p></w:hdr>",
            "word/_rels/header2.xml.rels": declaration
                + "<Relationships xmlns=\"\(packageRelationships)\"><Relationship Id=\"rIdImage\" Type=\"\(officeRelationships)/image\" Target=\"media/logo.png\"/></Relationships>",
            "word/footer2.xml": declaration
                + "<w:ftr xmlns:w=\"\(main)\"><w:p><w:r><w:t>\(footerText)</w:t></w:r></w:p></w:ftr>",
        ]
    }

    static let logo: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]

    static func zip(_ parts: [String: String] = parts(), extra: (inout ReferenceZip) -> Void = { _ in }) -> [UInt8] {
        var zip = ReferenceZip()
        for name in parts.keys.sorted() { zip.add(name, parts[name] ?? "") }
        zip.add("word/media/logo.png", bytes: logo)
        extra(&zip)
        return zip.bytes
    }
}

/// Runs `export --reference-docx` with `reference` written to ref.docx.
func exportWithReference(_ reference: [UInt8]) throws -> (result: DiffPackResult, folder: DiffPackFolder, ref: String) {
    let folder = try DiffPackFolder()
    let ref = try folder.write("ref.docx", reference)
    let result = DiffPackCLI.run([
        "export", "--frameworks", DiffPackRepo.frameworks, "--edition", "sandwell-2022",
        "--format", "docx,flat-opc", "--out", folder.path("out"), "--reference-docx", ref,
    ])
    return (result, folder, ref)
}

@Suite("reference docx hardening")
struct ReferenceDocxHardeningTests {
    static let zipEnumNames = ["missingEndOfCentralDirectoryRecord", "corruptedData", "invalidCRC32", "unreadableArchive", "ArchiveError"]

    func expectRefused(_ run: (result: DiffPackResult, folder: DiffPackFolder, ref: String), at prefix: String, code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(run.result.status == 2, "\(run.result.all)", sourceLocation: sourceLocation)
        #expect(run.result.err.hasPrefix(run.ref + prefix), "\(run.result.err)", sourceLocation: sourceLocation)
        #expect(run.result.err.contains(": error: "), sourceLocation: sourceLocation)
        #expect(run.result.err.contains("[\(code)]"), "\(run.result.err)", sourceLocation: sourceLocation)
        for name in Self.zipEnumNames {
            #expect(!run.result.err.contains(name), "\(run.result.err)", sourceLocation: sourceLocation)
        }
        #expect(!run.folder.exists("out"), "something was written", sourceLocation: sourceLocation)
    }

    // MARK: R18: messages

    @Test(arguments: [Array("this is not a zip file".utf8), [], Array(repeating: 0, count: 4096)])
    func aFileThatIsNotAZipIsRefusedWithAPlainMessage(bytes: [UInt8]) throws {
        let run = try exportWithReference(bytes)
        expectRefused(run, at: ":1:1: error: ", code: "FW001")
        #expect(run.result.err.contains("is not a .docx (zip) file: re-save it from Word as .docx"), "\(run.result.err)")
    }

    @Test func aTruncatedZipIsRefusedWithAPlainMessage() throws {
        let whole = HostileTemplate.zip()
        let run = try exportWithReference(Array(whole.prefix(whole.count / 2)))
        expectRefused(run, at: ":1:1: error: ", code: "FW001")
        #expect(run.result.err.contains("re-save it from Word as .docx"))
    }

    @Test func aCRCMismatchIsAnError() throws {
        var parts = HostileTemplate.parts()
        let document = parts["word/document.xml"] ?? ""
        parts.removeValue(forKey: "word/document.xml")
        let bytes = HostileTemplate.zip(parts) { zip in
            zip.add("word/document.xml", document, crc: ReferenceZip.crc32(Array(document.utf8)) ^ 0xFF)
        }
        let run = try exportWithReference(bytes)
        expectRefused(run, at: ":1:1: error: ", code: "FW001")
        #expect(run.result.err.contains("word/document.xml"))
        #expect(run.result.err.contains("checksum"))
    }

    @Test func aHeaderRelationshipThatEscapesThePackageIsALocatedError() throws {
        let escaping = "../../../../tmp/ESCAPED-3.xml"
        let bytes = HostileTemplate.zip(HostileTemplate.parts(headerTarget: escaping)) { zip in
            zip.add("word/" + escaping, "<w:hdr xmlns:w=\"\(HostileTemplate.main)\"/>")
        }
        let run = try exportWithReference(bytes)
        expectRefused(run, at: ":word/_rels/document.xml.rels:3:1: error: ", code: "FW005")
        #expect(run.result.err.contains("outside the package"), "\(run.result.err)")
    }

    // MARK: R12: zip bombs

    @Test func aStylesBombIsStoppedWhileInflating() throws {
        var parts: [OPCPackage.Part] = HostileTemplate.parts().map { .init(name: $0.key, contentType: "application/xml", xml: $0.value) }
        parts.removeAll { $0.name == "word/styles.xml" || $0.name == "[Content_Types].xml" }
        let padding = String(repeating: " ", count: 8 << 20)
        parts.append(.init(name: "word/styles.xml", contentType: "application/xml", xml: "<w:styles xmlns:w=\"\(HostileTemplate.main)\">\(padding)</w:styles>"))
        let run = try exportWithReference(try OPCPackage(parts: parts).docx())
        expectRefused(run, at: ":1:1: error: ", code: "FW004")
        #expect(run.result.err.contains("word/styles.xml"))
    }

    // MARK: R13: parts taken from the template are parsed first

    @Test func malformedStylesAreALocatedError() throws {
        var parts = HostileTemplate.parts()
        parts["word/styles.xml"] = HostileTemplate.declaration + "<w:styles xmlns:w=\"\(HostileTemplate.main)\">\n<w:style>\n    <oops></w:styles>"
        let run = try exportWithReference(HostileTemplate.zip(parts))
        expectRefused(run, at: ":word/styles.xml:", code: "FW001")
        #expect(run.result.err.range(of: #"ref\.docx:word/styles\.xml:[34]:\d+: error: "#, options: .regularExpression) != nil, "\(run.result.err)")
    }

    @Test func aDoctypeInStylesIsRefusedAndNeverRead() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let secret = "SECRET-7730-never-published"
        let secretPath = try folder.write("secret.txt", secret)
        var parts = HostileTemplate.parts()
        parts["word/styles.xml"] = HostileTemplate.declaration
            + "<!DOCTYPE w:styles [<!ENTITY x SYSTEM \"file://\(secretPath)\">]>\n"
            + "<w:styles xmlns:w=\"\(HostileTemplate.main)\"><w:style>&x;</w:style></w:styles>"
        let run = try exportWithReference(HostileTemplate.zip(parts))
        expectRefused(run, at: ":word/styles.xml:2:", code: "FW003")
        #expect(!run.result.all.contains(secret))
    }

    @Test func aMalformedHeaderIsALocatedError() throws {
        var parts = HostileTemplate.parts()
        parts["word/header2.xml"] = "<w:hdr xmlns:w=\"\(HostileTemplate.main)\"><w:p></w:hdr>"
        let run = try exportWithReference(HostileTemplate.zip(parts))
        expectRefused(run, at: ":word/header2.xml:1:", code: "FW001")
    }

    @Test(arguments: ["x&amp;y&lt;z", "odd", ""])
    func aHeaderTypeOtherThanDefaultFirstOrEvenIsRefused(type: String) throws {
        let run = try exportWithReference(HostileTemplate.zip(HostileTemplate.parts(headerType: type)))
        expectRefused(run, at: ":word/document.xml:3:", code: "FW005")
        #expect(run.result.err.contains("default, first or even"), "\(run.result.err)")
    }

    @Test func aGoodTemplateGivesWellFormedOutputs() throws {
        let run = try exportWithReference(HostileTemplate.zip())
        defer { withExtendedLifetime(run.folder) {} }
        #expect(run.result.status == 0, "\(run.result.all)")
        let folder = run.folder.path("out/sandwell-2022")
        let docx = try OPCPackage.readDocx(try DiffPackRepo.bytes(folder + "/sandwell-2022.docx"))
        for part in docx.parts where part.name.hasSuffix(".xml") || part.name.hasSuffix(".rels") {
            _ = try DiffPackXML(part.bytes)
        }
        #expect(docx.part(named: "word/media/logo.png")?.bytes == HostileTemplate.logo)
        let header = String(decoding: docx.part(named: "word/header2.xml")?.bytes ?? [], as: UTF8.self)
        let footer = String(decoding: docx.part(named: "word/footer1.xml")?.bytes ?? [], as: UTF8.self)
        #expect(header.contains(HostileTemplate.headerText))
        #expect(footer.contains(HostileTemplate.footerText))
        _ = try DiffPackXML(try DiffPackRepo.bytes(folder + "/sandwell-2022.flat.xml"))
    }
}
