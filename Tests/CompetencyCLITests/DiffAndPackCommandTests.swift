import CompetencyCLI
import Foundation
import OutputFormats
import TestSupport
import Testing
import XMLSupport

// MARK: - This file's names for the target's shared helpers

typealias DiffPackConsole = CapturedConsole
typealias DiffPackResult = Run

enum DiffPackCLI {
    static func run(_ arguments: [String]) -> DiffPackResult {
        CompetencyCLITests.run(arguments)
    }
}

enum DiffPackRepo: RepositoryFileAccess {
    static var frameworks: String { path("Frameworks") }
    static var v2017: String { path("Frameworks/in-it-together/2017.xml") }
    static var v2019: String { path("Frameworks/in-it-together/2019.xml") }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}


/// An element tree without positions or prefixes: equal for equal XML however spelled.
struct DiffPackXML: Hashable {
    var name: String
    var namespace: String?
    var attributes: [String]
    var text: String
    var children: [DiffPackXML]

    init(_ element: XMLSupport.XMLElement) {
        name = element.name
        namespace = element.namespaceURI
        attributes = element.attributes.map { "{\($0.namespaceURI ?? "")}\($0.name)=\($0.value)" }.sorted()
        text = element.text
        children = element.children.map(DiffPackXML.init)
    }

    init(_ bytes: [UInt8]) throws {
        self.init(try XMLReader().read(bytes).root)
    }

}

/// Asserts two packages hold the same parts: names in order, content types, XML equal once
/// parsed, other parts byte for byte.
func diffPackExpectSameParts(_ actual: OPCPackage, _ expected: OPCPackage, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    #expect(actual.parts.map(\.name) == expected.parts.map(\.name), sourceLocation: sourceLocation)
    for part in expected.parts {
        let other = try #require(actual.part(named: part.name), sourceLocation: sourceLocation)
        #expect(other.contentType == part.contentType, "\(part.name)", sourceLocation: sourceLocation)
        if part.contentType.hasSuffix("xml") || part.name.hasSuffix(".rels") || part.name.hasSuffix(".xml") {
            #expect(try DiffPackXML(other.bytes) == DiffPackXML(part.bytes), "\(part.name) differs", sourceLocation: sourceLocation)
        } else {
            #expect(other.bytes == part.bytes, "\(part.name) differs", sourceLocation: sourceLocation)
        }
    }
}

// MARK: - competency diff

@Suite("competency diff")
struct DiffCommandTests {
    @Test func aFileComparedWithItselfIsIdentical() {
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2019, DiffPackRepo.v2019])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.out.contains("identical"))
        #expect(result.err.isEmpty)
    }

    @Test func from2017To2019ListsOnlyTrainingLinkChanges() {
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.out.hasPrefix("Comparing in-it-together@2017 (2017-09-01) with in-it-together@2019 (2019-12-02)\n"))
        #expect(result.out.contains("competencies: none changed"))
        #expect(result.out.contains("training: 7 (7 link-changed)"))
        #expect(!result.out.contains("Competency changes"))
        let changeLines = result.out.split(separator: "\n").filter { $0.hasPrefix("  ~ ") || $0.hasPrefix("  + ") || $0.hasPrefix("  - ") }
        #expect(changeLines.count == 7)
        for line in changeLines {
            #expect(line.hasPrefix("  ~ training ") && line.hasSuffix(": link-changed"), "\(line)")
        }
        #expect(!result.out.contains("\u{1B}"), "no colour when the console is not a terminal")
    }

    @Test func frameworkAtVersionNamesAVersionInTheLibrary() {
        let byName = DiffPackCLI.run(["diff", "in-it-together@2017", "in-it-together@2019", "--frameworks", DiffPackRepo.frameworks])
        let byPath = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019])
        #expect(byName.status == 1, "\(byName.all)")
        #expect(byName.out == byPath.out)
        let missing = DiffPackCLI.run(["diff", "in-it-together@2017", "in-it-together@2020", "--frameworks", DiffPackRepo.frameworks])
        #expect(missing.status == 2)
        #expect(missing.err.contains("in-it-together has no version 2020; versions: 2017, 2019"))
    }

    @Test func jsonOutputParses() throws {
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["identical"] as? Bool == false)
        #expect((object["competencyChanges"] as? [Any])?.isEmpty == true)
        let other = try #require(object["otherChanges"] as? [[String: Any]])
        #expect(other.count == 7)
        #expect(other.allSatisfy { $0["kind"] as? String == "link-changed" && $0["entity"] as? String == "training" })

        let same = DiffPackCLI.run(["diff", DiffPackRepo.v2019, DiffPackRepo.v2019, "--format", "json"])
        #expect(same.status == 0)
        let sameObject = try #require(try JSONSerialization.jsonObject(with: Data(same.out.utf8)) as? [String: Any])
        #expect(sameObject["identical"] as? Bool == true)
    }

    @Test func markdownOutput() {
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019, "--format", "markdown"])
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("# Changes from in-it-together@2017 to in-it-together@2019\n"))
        #expect(result.out.contains("| What | Changes |"))
        #expect(result.out.contains("| Competencies | none |"))
        #expect(result.out.contains("| Training | 7: 7 link-changed |"))
    }

    @Test func docxNeedsAnOutputFile() {
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019, "--format", "docx"])
        #expect(result.status == 2)
        #expect(result.err.contains("--out"))
        #expect(result.out.isEmpty, "no binary on standard output")
    }

    @Test func docxIsWrittenToTheOutputFile() throws {
        let folder = try DiffPackFolder()
        let out = folder.path("redline.docx")
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019, "--format", "docx", "--out", out])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.err.contains("7 changes; wrote \(out)"))
        let package = try OPCPackage.readDocx(try DiffPackRepo.bytes(out))
        let document = String(decoding: try #require(package.part(named: "word/document.xml")).bytes, as: UTF8.self)
        #expect(document.contains("<w:del "))
        #expect(document.contains("https://learning.nspcc.org.uk/training/child-protection-introduction"))
        #expect(package.part(named: "docProps/core.xml") != nil)
    }

    @Test func anEditionAgainstItsBase() throws {
        let result = DiffPackCLI.run(["diff", "--edition", "sandwell-2022", "--base", "--frameworks", DiffPackRepo.frameworks])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.out.hasPrefix("Comparing in-it-together@2019 (2019-12-02) with sandwell-2022@2022 (2022-12-07)\n"))
        // The text report names no file locations, so it is the published one exactly.
        let published = String(decoding: try DiffPackRepo.bytes(DiffPackRepo.path("Exports/diffs/in-it-together-2019-to-sandwell-2022.txt")), as: UTF8.self)
        #expect(result.out == published)
    }

    @Test func anEditionsRedlineShowsItsOwnContentAsInsertedAndItsReasonsAsComments() throws {
        let folder = try DiffPackFolder()
        let out = folder.path("sandwell.docx")
        let result = DiffPackCLI.run(["diff", "--edition", "sandwell-2022", "--base", "--frameworks", DiffPackRepo.frameworks, "--format", "docx", "--out", out])
        #expect(result.status == 1, "\(result.all)")
        let package = try OPCPackage.readDocx(try DiffPackRepo.bytes(out))
        let document = String(decoding: try #require(package.part(named: "word/document.xml")).bytes, as: UTF8.self)
        let comments = String(decoding: try #require(package.part(named: "word/comments.xml")).bytes, as: UTF8.self)
        let relationships = String(decoding: try #require(package.part(named: "word/_rels/document.xml.rels")).bytes, as: UTF8.self)
        #expect(relationships.contains("relationships/comments\" Target=\"comments.xml\""))
        #expect(document.contains("Content this edition adds"))
        #expect(document.contains("Sandwell Suicide Prevention Strategy"))
        #expect(document.contains("<w:commentReference w:id=\"0\"/>"))
        // The reason Sandwell gives for adding its Charter Mark service, from the profile.
        #expect(comments.contains("Why: "))
        #expect(comments.components(separatedBy: "<w:comment ").count > 10)
        #expect(!document.contains("sandwell-2022@") && !document.contains("in-it-together@"))
    }

    @Test func twoEditions() {
        let result = DiffPackCLI.run(["diff", "edition:sandwell-2022", "edition:national-workshops", "--frameworks", DiffPackRepo.frameworks])
        #expect(result.status == 1, "\(result.all)")
        #expect(result.out.hasPrefix("Comparing sandwell-2022@"))
        #expect(result.out.contains("with national-workshops@"))
    }

    @Test func baseOperandsAreTheFrameworkAnEditionAdapts() {
        let result = DiffPackCLI.run(["diff", "base:sandwell-2022", DiffPackRepo.v2019, "--frameworks", DiffPackRepo.frameworks])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.out.contains("identical"))
    }

    @Test func aMissingFileCannotBeCompared() throws {
        let folder = try DiffPackFolder()
        let missing = folder.path("no-such-framework.xml")
        let result = DiffPackCLI.run(["diff", missing, DiffPackRepo.v2019])
        #expect(result.status == 2)
        #expect(result.err.contains(missing))
        #expect(result.out.isEmpty)
    }

    @Test func aFolderCannotBeCompared() throws {
        let folder = try DiffPackFolder()
        let result = DiffPackCLI.run(["diff", DiffPackRepo.v2019, folder.url.path])
        #expect(result.status == 2)
        #expect(result.err.contains(folder.url.path))
    }

    @Test func anUnknownEditionCannotBeCompared() {
        let result = DiffPackCLI.run(["diff", "edition:no-such-edition", DiffPackRepo.v2019, "--frameworks", DiffPackRepo.frameworks])
        #expect(result.status == 2)
        #expect(result.err.contains("no-such-edition"))
    }

    @Test func aTruncatedFileIsReportedWithItsPosition() throws {
        let folder = try DiffPackFolder()
        let text = String(decoding: try DiffPackRepo.bytes(DiffPackRepo.v2019), as: UTF8.self)
        let truncated = try folder.write("truncated.xml", String(text.prefix(3000)))
        let result = DiffPackCLI.run(["diff", truncated, DiffPackRepo.v2019])
        #expect(result.status == 2)
        let pattern = try Regex("\(NSRegularExpression.escapedPattern(for: truncated)):[0-9]+:[0-9]+: error: ")
        #expect(result.err.contains(pattern), "\(result.err)")
    }

    @Test func baseTakesExactlyOneEdition() {
        let two = DiffPackCLI.run(["diff", "--base", "--edition", "sandwell-2022", "--edition", "national-workshops", "--frameworks", DiffPackRepo.frameworks])
        #expect(two.status == 2)
        #expect(two.err.contains("--base"))
        let withOperand = DiffPackCLI.run(["diff", "--base", "--edition", "sandwell-2022", DiffPackRepo.v2019, "--frameworks", DiffPackRepo.frameworks])
        #expect(withOperand.status == 2)
    }

    @Test func exactlyTwoThingsAreCompared() {
        #expect(DiffPackCLI.run(["diff", DiffPackRepo.v2019]).status == 2)
        #expect(DiffPackCLI.run(["diff", DiffPackRepo.v2017, DiffPackRepo.v2019, DiffPackRepo.v2019]).status == 2)
    }
}

// MARK: - competency export --all: change reports

@Suite("published change reports")
struct PublishedDiffTests {
    @Test func exportAllWritesTheCommittedChangeReports() throws {
        let folder = try DiffPackFolder()
        let out = folder.path("out")
        let result = DiffPackCLI.run(["export", "--all", "--out", out, "--frameworks", DiffPackRepo.frameworks])
        #expect(result.status == 0, "\(result.all)")
        let diffs = (out as NSString).appendingPathComponent("diffs")
        let written = try FileManager.default.contentsOfDirectory(atPath: diffs).sorted()
        let pairs = ["in-it-together-2017-to-2019", "in-it-together-2019-to-sandwell-2022", "in-it-together-2019-to-national-workshops"]
        let expected = pairs.flatMap { pair in ["txt", "json", "md", "docx"].map { "\(pair).\($0)" } }.sorted()
        #expect(written == expected)
        let committed = DiffPackRepo.path("Exports/diffs")
        #expect(try FileManager.default.contentsOfDirectory(atPath: committed).filter { !$0.hasPrefix(".") }.sorted() == expected)
        for name in expected {
            let fresh = try DiffPackRepo.bytes((diffs as NSString).appendingPathComponent(name))
            let published = try DiffPackRepo.bytes((committed as NSString).appendingPathComponent(name))
            // A size-and-equality check keeps a stale file's failure message readable.
            #expect(fresh.count == published.count && fresh == published, "\(name) differs from the committed Exports/diffs/\(name)")
        }
        // The reports name files relative to the library, not this machine's checkout.
        let json = String(decoding: try DiffPackRepo.bytes((diffs as NSString).appendingPathComponent("in-it-together-2017-to-2019.json")), as: UTF8.self)
        #expect(json.contains("\"file\": \"Frameworks/in-it-together/2019.xml\""))
        #expect(!json.contains(DiffPackRepo.root.path))
    }
}

// MARK: - competency pack

@Suite("competency pack")
struct PackCommandTests {
    static var committedFlat: String { DiffPackRepo.path("Exports/sandwell-2022/sandwell-2022.flat.xml") }
    static var committedDocx: String { DiffPackRepo.path("Exports/sandwell-2022/sandwell-2022.docx") }

    @Test func packingTheCommittedFlatOPCGivesTheCommittedDocxParts() throws {
        let folder = try DiffPackFolder()
        let out = folder.path("packed.docx")
        let result = DiffPackCLI.run(["pack", Self.committedFlat, "--out", out])
        #expect(result.status == 0, "\(result.all)")
        #expect(result.out.contains("wrote \(out)"))
        let packed = try OPCPackage.readDocx(try DiffPackRepo.bytes(out))
        let committed = try OPCPackage.readDocx(try DiffPackRepo.bytes(Self.committedDocx))
        #expect(packed.parts.count == 9)
        try diffPackExpectSameParts(packed, committed)
    }

    @Test func withoutOutTheDocxGoesBesideTheInput() throws {
        let folder = try DiffPackFolder()
        let input = try folder.write("edited.flat.xml", try DiffPackRepo.bytes(Self.committedFlat))
        let result = DiffPackCLI.run(["pack", input])
        #expect(result.status == 0, "\(result.all)")
        #expect(folder.exists("edited.docx"))
        _ = try OPCPackage.readDocx(try DiffPackRepo.bytes(folder.path("edited.docx")))
    }

    @Test func packRefusesToOverwriteItsInput() throws {
        let folder = try DiffPackFolder()
        let original = try DiffPackRepo.bytes(Self.committedFlat)
        let input = try folder.write("input.flat.xml", original)
        for out in [input, folder.url.path + "/./input.flat.xml", folder.url.path + "/sub/../input.flat.xml"] {
            let result = DiffPackCLI.run(["pack", input, "--out", out])
            #expect(result.status == 2, "--out \(out): \(result.all)")
            #expect(result.err.contains("refusing to overwrite"))
            #expect(try DiffPackRepo.bytes(input) == original, "the input was changed")
        }
    }

    @Test func aFileThatIsNotFlatOPCIsRefused() throws {
        let folder = try DiffPackFolder()
        let out = folder.path("framework.docx")
        let result = DiffPackCLI.run(["pack", DiffPackRepo.v2019, "--out", out])
        #expect(result.status == 2)
        #expect(result.err.contains("not a Flat OPC document"))
        #expect(result.err.contains(DiffPackRepo.v2019 + ":"))
        #expect(!folder.exists("framework.docx"))
    }

    @Test func malformedXMLIsRefused() throws {
        let folder = try DiffPackFolder()
        let input = try folder.write("broken.flat.xml", "<pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\"><pkg:part>")
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("broken.docx")])
        #expect(result.status == 2)
        #expect(result.err.contains(input + ":1:"))
        #expect(!folder.exists("broken.docx"))
    }

    @Test func aDoctypeWithAnExternalEntityIsRefusedAndNeverRead() throws {
        let folder = try DiffPackFolder()
        let secret = "SECRET-CONTENT-8842-do-not-leak"
        let secretPath = try folder.write("secret.txt", secret)
        let input = try folder.write("entity.flat.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE pkg:package [<!ENTITY leak SYSTEM "file://\(secretPath)">]>
            <pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
            <pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"><pkg:xmlData><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&leak;</w:t></w:r></w:p></w:body></w:document></pkg:xmlData></pkg:part>
            </pkg:package>
            """)
        let out = folder.path("entity.docx")
        let result = DiffPackCLI.run(["pack", input, "--out", out])
        #expect(result.status == 2)
        #expect(result.err.contains("DOCTYPE"))
        #expect(result.err.contains(input + ":2:"))
        #expect(!result.all.contains(secret))
        #expect(!folder.exists("entity.docx"))
    }

    @Test func anInternalEntityDeclarationIsRefusedToo() throws {
        let folder = try DiffPackFolder()
        let input = try folder.write("internal.flat.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE pkg:package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"><pkg:part pkg:name="/x.xml" pkg:contentType="application/xml"><pkg:xmlData><x>&b;</x></pkg:xmlData></pkg:part></pkg:package>
            """)
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("internal.docx")])
        #expect(result.status == 2)
        #expect(result.err.contains("DOCTYPE"))
        #expect(!folder.exists("internal.docx"))
    }

    @Test func invalidBase64IsRefused() throws {
        let folder = try DiffPackFolder()
        let input = try folder.write("binary.flat.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"><pkg:part pkg:name="/word/media/image1.png" pkg:contentType="image/png" pkg:compression="store"><pkg:binaryData>not*base64!</pkg:binaryData></pkg:part></pkg:package>
            """)
        let result = DiffPackCLI.run(["pack", input, "--out", folder.path("binary.docx")])
        #expect(result.status == 2)
        #expect(result.err.contains("base64"))
    }

    @Test func partNamesThatClimbOutOfThePackageAreRefused() throws {
        // OPC part names may not have "." or ".." segments; a zip entry named
        // "../../evil.xml" is a zip-slip for whoever unpacks the .docx.
        let folder = try DiffPackFolder()
        let input = try folder.write("climb.flat.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
            <pkg:part pkg:name="/../../evil.xml" pkg:contentType="application/xml"><pkg:xmlData><evil/></pkg:xmlData></pkg:part>
            <pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"><pkg:xmlData><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/></pkg:xmlData></pkg:part>
            </pkg:package>
            """)
        let out = folder.path("climb.docx")
        let result = DiffPackCLI.run(["pack", input, "--out", out])
        #expect(result.status == 2, "pack accepted a part named /../../evil.xml: \(result.all)")
        if folder.exists("climb.docx") {
            let names = try OPCPackage.readDocx(try DiffPackRepo.bytes(out)).parts.map(\.name)
            #expect(!names.contains { $0.split(separator: "/").contains("..") }, "the .docx has entries \(names)")
        }
    }
}

typealias DiffPackFolder = TemporaryFolder
