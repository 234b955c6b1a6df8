import CompetencyCLI
import Foundation
import OutputFormats
import Testing
import XMLSupport

// Regression tests for `competency pack` on hostile Flat OPC (review R05–R08, R17).

/// A Flat OPC document built from raw `pkg:part` elements, so a test can spell names and
/// content types exactly as an attacker would.
enum HostileFlat {
    static let namespace = "http://schemas.microsoft.com/office/2006/xmlPackage"
    static let wordMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let documentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

    /// One part per line, starting on line 3, so part N is on line N + 2.
    static func document(_ parts: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pkg:package xmlns:pkg=\"\(namespace)\">\n"
            + parts.map { $0 + "\n" }.joined() + "</pkg:package>\n"
    }

    /// `name` and `type` go into the attributes as given: escape them yourself if needed.
    static func xmlPart(_ name: String, type: String = "application/xml", body: String = "<x/>") -> String {
        "<pkg:part pkg:name=\"\(name)\" pkg:contentType=\"\(type)\"><pkg:xmlData>\(body)</pkg:xmlData></pkg:part>"
    }

    static func binaryPart(_ name: String, type: String = "image/png", base64: String) -> String {
        "<pkg:part pkg:name=\"\(name)\" pkg:contentType=\"\(type)\" pkg:compression=\"store\"><pkg:binaryData>\(base64)</pkg:binaryData></pkg:part>"
    }

    static let mainDocument = xmlPart("/word/document.xml", type: documentType, body: "<w:document xmlns:w=\"\(wordMain)\"><w:body/></w:document>")
}

/// What `pack` did with a hostile document. Holding it keeps the test's folder alive.
struct HostilePackRun {
    var result: DiffPackResult
    var folder: DiffPackFolder
    var input: String
    var out: String
    var docx: [UInt8] { get throws { try DiffPackRepo.bytes(out) } }
}

/// Runs `pack` on `parts` in a fresh folder, writing out.docx.
func packHostile(_ parts: [String]) throws -> HostilePackRun {
    let folder = try DiffPackFolder()
    let input = try folder.write("in.flat.xml", HostileFlat.document(parts))
    let out = folder.path("out.docx")
    return HostilePackRun(result: DiffPackCLI.run(["pack", input, "--out", out]), folder: folder, input: input, out: out)
}

@Suite("pack hardening")
struct PackHardeningTests {
    static let small = HostileFlat.document([HostileFlat.mainDocument])

    // MARK: R08: never overwrite the input

    @Test func outThroughASymlinkedFolderCannotReachTheInput() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let input = try folder.write("in.flat.xml", Self.small)
        try FileManager.default.createSymbolicLink(atPath: folder.path("L"), withDestinationPath: ".")
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("L") + "/in.flat.xml"])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("refusing to overwrite"))
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.small, "the input was overwritten")
    }

    @Test func outThroughASymlinkAndAFolderNotYetMadeCannotReachTheInput() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let input = try folder.write("in.flat.xml", Self.small)
        try FileManager.default.createSymbolicLink(atPath: folder.path("L"), withDestinationPath: ".")
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("L") + "/new/../in.flat.xml"])
        #expect(result.status == 2, "\(result.all)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.small, "the input was overwritten")
    }

    @Test func inputGivenAsASymlinkToTheOutFileIsRefused() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let real = try folder.write("in.flat.xml", Self.small)
        try FileManager.default.createSymbolicLink(atPath: folder.path("link.flat.xml"), withDestinationPath: "in.flat.xml")
        let result = DiffPackCLI.run(["pack", folder.path("link.flat.xml"), "--out", real])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("refusing to overwrite"))
        #expect(try String(contentsOfFile: real, encoding: .utf8) == Self.small, "the input was overwritten")
    }

    @Test func outAsAHardLinkToTheInputIsRefused() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let input = try folder.write("in.flat.xml", Self.small)
        try FileManager.default.linkItem(atPath: input, toPath: folder.path("hard.docx"))
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("hard.docx")])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("refusing to overwrite"))
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.small)
    }

    @Test func outAsASymlinkToTheInputIsRefused() throws {
        let folder = try DiffPackFolder()
        defer { withExtendedLifetime(folder) {} }
        let input = try folder.write("in.flat.xml", Self.small)
        try FileManager.default.createSymbolicLink(atPath: folder.path("soft.docx"), withDestinationPath: "in.flat.xml")
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("soft.docx")])
        #expect(result.status == 2, "\(result.all)")
        #expect(result.err.contains("refusing to overwrite"))
        #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.small)
    }

    @Test func anOrdinaryOutIsStillWritten() throws {
        let run = try packHostile([HostileFlat.mainDocument])
        #expect(run.result.status == 0, "\(run.result.all)")
        #expect(run.folder.exists("out.docx"))
        #expect(try OPCPackage.readDocx(try run.docx).parts.map(\.name) == ["word/document.xml"])
    }

    // MARK: R05: part names longer than a zip entry name can be

    @Test func aPartNameOver65535BytesIsRefusedWithALocation() throws {
        let name = "/" + String(repeating: "a", count: 65_536) + ".xml"
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart(name)])
        #expect(run.result.status == 2, "\(run.result.all.prefix(300))")
        #expect(run.result.err.contains(run.input + ":4:"), "\(run.result.err.prefix(300))")
        #expect(run.result.err.contains("[FW005]"))
        #expect(run.result.err.contains("65535"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test func aPartNameOfExactly65535BytesIsPacked() throws {
        // The zip entry name is the part name without its leading slash.
        let name = "/" + String(repeating: "b", count: 65_535 - 4) + ".xml"
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart(name)])
        #expect(run.result.status == 0, "\(run.result.all.prefix(300))")
        let names = try OPCPackage.readDocx(try run.docx).parts.map(\.name)
        #expect(names.contains(String(name.dropFirst())))
    }

    // MARK: R06: [Content_Types].xml

    @Test func namesAndContentTypesAreEscapedInContentTypes() throws {
        // Both are legal, yet each holds a character that is markup in an attribute.
        let name = "/word/a&amp;b&quot;c&lt;d&gt;.xml"
        let type = "application/vnd.x&amp;y+xml"
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart(name, type: type)])
        #expect(run.result.status == 0, "\(run.result.all)")
        let package = try OPCPackage.readDocx(try run.docx)
        #expect(package.part(named: "word/a&b\"c<d>.xml")?.contentType == "application/vnd.x&y+xml")
        let types = try #require(try PackZipBytes.entry("[Content_Types].xml", in: try run.docx))
        let root = try XMLReader().read(types).root
        let overrides = root.children("Override")
        #expect(overrides.count == 2, "\(String(decoding: types, as: UTF8.self))")
        #expect(Set(overrides.compactMap { $0.attribute("PartName")?.value }) == ["/word/document.xml", "/word/a&b\"c<d>.xml"])
    }

    @Test func markupInAContentTypeIsRefused() throws {
        let type = "application/xml&quot;/&gt;&lt;Override PartName=&quot;/evil&quot; ContentType=&quot;x"
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart("/word/a.xml", type: type)])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains(run.input + ":4:"), "\(run.result.err)")
        #expect(run.result.err.contains("content type"))
        #expect(run.result.err.contains("[FW005]"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test(arguments: ["xml", "application/", "/xml", "application/xml; charset=utf-8", "text/plain ", "app lication/xml", "application/x\u{e9}"])
    func contentTypesThatAreNotTypeSlashSubtypeAreRefused(type: String) throws {
        let run = try packHostile([HostileFlat.binaryPart("/word/media/a.bin", type: type, base64: "QUJD")])
        #expect(run.result.status == 2, "'\(type)': \(run.result.all)")
        #expect(run.result.err.contains(run.input + ":3:"), "\(run.result.err)")
        #expect(!run.folder.exists("out.docx"))
    }

    // MARK: R07: duplicates and empty packages

    @Test(arguments: [
        ["/a.xml", "/a.xml"],
        ["/word/document.xml", "/Word/Document.XML"],
        ["/[Content_Types].xml"],
        ["/[content_types].XML"],
        ["/a", "/a/b.xml"],
    ])
    func duplicateOrReservedPartNamesAreRefused(names: [String]) throws {
        let parts = [HostileFlat.mainDocument] + names.filter { $0 != "/word/document.xml" }.map { HostileFlat.xmlPart($0) }
        let run = try packHostile(parts)
        #expect(run.result.status == 2, "\(names): \(run.result.all)")
        #expect(run.result.err.contains(run.input + ":"), "\(run.result.err)")
        #expect(run.result.err.contains("[FW005]"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test func anEmptyPackageIsRefused() throws {
        let run = try packHostile([])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains(run.input + ":2:"), "\(run.result.err)")
        #expect(run.result.err.contains("no parts"))
        #expect(!run.folder.exists("out.docx"))
    }

    // MARK: R17: leniency

    @Test func paddingInTheMiddleOfBase64IsRefused() throws {
        let run = try packHostile([HostileFlat.binaryPart("/word/media/a.png", base64: "QUJD=REVGR0hJ")])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains(run.input + ":3:"))
        #expect(run.result.err.contains("base64"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test(arguments: ["QUJ", "Q", "QUJD=", "QUJDRA===", "QU=D", "QUJD\u{A0}REVG", "QUJD\u{2028}REVG"])
    func malformedBase64IsRefused(text: String) throws {
        let run = try packHostile([HostileFlat.binaryPart("/word/media/a.png", base64: text)])
        #expect(run.result.status == 2, "'\(text)': \(run.result.all)")
        #expect(run.result.err.contains("base64"))
    }

    @Test func base64WithLineBreaksSpacesAndPaddingIsRead() throws {
        let parts = [
            HostileFlat.binaryPart("/word/media/a.png", base64: "QUJD\n  REVG\r\n\tR0hJ\n"),
            HostileFlat.binaryPart("/word/media/b.png", base64: "QUI="),
            HostileFlat.binaryPart("/word/media/c.png", base64: "QQ=="),
        ]
        let run = try packHostile(parts)
        #expect(run.result.status == 0, "\(run.result.all)")
        let package = try OPCPackage.readDocx(try run.docx)
        #expect(package.part(named: "word/media/a.png")?.bytes == Array("ABCDEFGHI".utf8))
        #expect(package.part(named: "word/media/b.png")?.bytes == Array("AB".utf8))
        #expect(package.part(named: "word/media/c.png")?.bytes == Array("A".utf8))
    }

    @Test(arguments: ["&#9;", "&#10;", "&#13;", "&#127;"])
    func controlCharactersInPartNamesAreRefused(character: String) throws {
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart("/word/a\(character)b.xml")])
        #expect(run.result.status == 2, "\(character): \(run.result.all)")
        #expect(run.result.err.contains(run.input + ":4:"), "\(run.result.err)")
        #expect(run.result.err.contains("control character"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test(arguments: ["/word/x.xml.", "/.../x.xml"])
    func segmentsEndingInADotAreRefusedWithALocation(name: String) throws {
        let run = try packHostile([HostileFlat.mainDocument, HostileFlat.xmlPart(name)])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains(run.input + ":4:"), "\(run.result.err)")
    }

    @Test func moreThan10000PartsAreRefused() throws {
        let parts = (0...10_000).map { HostileFlat.binaryPart("/p\($0).bin", type: "application/octet-stream", base64: "QQ==") }
        let run = try packHostile(parts)
        #expect(run.result.status == 2, "\(run.result.all.prefix(300))")
        #expect(run.result.err.contains(run.input + ":10003:"), "\(run.result.err.prefix(300))")
        #expect(run.result.err.contains("[FW004]"))
        #expect(!run.folder.exists("out.docx"))
    }

    /// The package, part and xmlData elements are three levels, so `levels` elements inside
    /// xmlData make a document `levels + 3` deep.
    static func nested(_ levels: Int) -> String {
        String(repeating: "<e>", count: levels) + String(repeating: "</e>", count: levels)
    }

    @Test func nestingDeeperThan64InsideXMLDataIsRefused() throws {
        let run = try packHostile([HostileFlat.xmlPart("/deep.xml", body: Self.nested(62))])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains("nested more than 64"))
        #expect(run.result.err.contains("[FW004]"))
        #expect(run.result.err.contains(run.input + ":3:"))
        #expect(!run.folder.exists("out.docx"))
    }

    @Test func nestingOfExactly64IsPacked() throws {
        let run = try packHostile([HostileFlat.xmlPart("/deep.xml", body: Self.nested(61))])
        #expect(run.result.status == 0, "\(run.result.all)")
    }

    @Test func theReviewersDepth253DocumentIsRefused() throws {
        let run = try packHostile([HostileFlat.xmlPart("/deep.xml", body: Self.nested(250))])
        #expect(run.result.status == 2, "\(run.result.all)")
        #expect(run.result.err.contains("[FW004]"))
    }
}

/// One entry of a .docx, `[Content_Types].xml` included (readDocx keeps that one to itself).
enum PackZipBytes {
    static func entry(_ name: String, in zip: [UInt8]) throws -> [UInt8]? {
        let package = try OPCPackage.readDocx(zip)
        if name == "[Content_Types].xml" {
            return try contentTypes(zip)
        }
        return package.part(named: name)?.bytes
    }

    /// `[Content_Types].xml` is not a part, so readDocx does not return it; renamed (same
    /// length, so every offset holds) it reads back as an ordinary part.
    private static func contentTypes(_ zip: [UInt8]) throws -> [UInt8]? {
        let renamed = rename("[Content_Types].xml", to: "(Content_Types).xml", in: zip)
        return try OPCPackage.readDocx(renamed).part(named: "(Content_Types).xml")?.bytes
    }

    /// Renames an entry in place (same length), in both its local and central headers.
    private static func rename(_ old: String, to new: String, in zip: [UInt8]) -> [UInt8] {
        precondition(old.utf8.count == new.utf8.count)
        var bytes = zip
        let needle = Array(old.utf8)
        var index = 0
        while index + needle.count <= bytes.count {
            if Array(bytes[index..<(index + needle.count)]) == needle {
                bytes.replaceSubrange(index..<(index + needle.count), with: Array(new.utf8))
                index += needle.count
            } else {
                index += 1
            }
        }
        return bytes
    }
}

/// `pack` and `validate` read XML through one reader and must name the same problem with
/// the same code (review B2: `pack` kept its own table and said FW001 for both of these).
@Suite("pack reports the codes validate reports")
struct PackCodeTests {
    /// The code of the first `[CODE]` in `text`.
    private static func firstCode(in text: String) -> String? {
        text.firstMatch(of: /\[([A-Z]{2}[0-9]{3})\]/).map { String($0.output.1) }
    }

    private static func expectSameCode(_ bytes: [UInt8], _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let folder = try DiffPackFolder()
        let input = try folder.write("in.flat.xml", bytes)
        let packed = DiffPackCLI.run(["pack", input, "--out", folder.path("out.docx")])
        #expect(packed.status == 2, "\(packed.all)", sourceLocation: sourceLocation)
        #expect(Self.firstCode(in: packed.err) == expected, "pack said: \(packed.err)", sourceLocation: sourceLocation)
        #expect(packed.err.hasPrefix(input + ":"), "not located in the input: \(packed.err)", sourceLocation: sourceLocation)
        #expect(!folder.exists("out.docx"), sourceLocation: sourceLocation)
        let validated = DiffPackCLI.run(["validate", input])
        #expect(Self.firstCode(in: validated.all) == expected, "validate said: \(validated.all)", sourceLocation: sourceLocation)
    }

    @Test func aDoctypeIsFW003() throws {
        let text = HostileFlat.document([HostileFlat.mainDocument])
            .replacingOccurrences(of: "<pkg:package", with: "<!DOCTYPE pkg:package [<!ENTITY x \"y\">]>\n<pkg:package")
        try Self.expectSameCode(Array(text.utf8), "FW003")
    }

    @Test func aLatin1DeclarationIsFW002() throws {
        let text = HostileFlat.document([HostileFlat.mainDocument])
            .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        try Self.expectSameCode(Array(text.utf8), "FW002")
    }

    @Test func utf16TextIsFW002() throws {
        let text = HostileFlat.document([HostileFlat.mainDocument])
        try Self.expectSameCode([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, "FW002")
    }

    @Test func aZipIsFW008() throws {
        try Self.expectSameCode([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 40), "FW008")
    }
}
