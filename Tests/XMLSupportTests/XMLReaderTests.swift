import Foundation
import Testing
@testable import XMLSupport

/// Reads `text` with `reader`, failing the test if it throws.
func parse(_ text: String, reader: XMLReader = XMLReader()) throws -> XMLElement {
    try reader.read(Array(text.utf8)).root
}

/// The failure `bytes` throws, or a recorded test failure (and nil) when it parses.
func failure(
    _ bytes: [UInt8], reader: XMLReader = XMLReader(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> XMLReadFailure? {
    do {
        _ = try reader.read(bytes)
        Issue.record("expected the document to be refused, but it parsed", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func failure(
    _ text: String, reader: XMLReader = XMLReader(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> XMLReadFailure? {
    failure(Array(text.utf8), reader: reader, sourceLocation: sourceLocation)
}

@Suite("XMLReader: parsing and positions")
struct XMLReaderPositionTests {
    // Columns below were counted by hand; each line is annotated in the comments.
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment with <fake attr="1"> markup and a > sign -->
        <?processing instruction <pseudo> ?>
        <root a="1" xmlns:p="urn:p">
          <![CDATA[ <notanelement x="1"> ]]>
          <one/><two x="y"/>
          <three
              attr="v"
            other='w'>text</three>
          <four>é€😀 <five b="2"/></four>
          <!-- <six/> --><p:seven p:q="1" r="2"/>
        </root>
        """

    @Test func wellFormedDocumentParses() throws {
        let root = try parse(Self.document)
        #expect(root.name == "root")
        #expect(root.namespaceURI == nil)
        #expect(root.children.map(\.name) == ["one", "two", "three", "four", "seven"])
        #expect(root.attribute("a")?.value == "1")
        #expect(root.child("three")?.text == "text")
        #expect(root.child("three")?.attribute("other")?.value == "w")
        #expect(root.child("seven")?.namespaceURI == "urn:p")
        #expect(root.child("four")?.children("five").count == 1)
    }

    @Test func rootPositionAfterCommentsAndProcessingInstructions() throws {
        let root = try parse(Self.document)
        #expect(root.position == XMLPosition(line: 4, column: 1))
        // `<root a="1"`: a starts at column 7.
        #expect(root.attribute("a")?.position == XMLPosition(line: 4, column: 7))
    }

    @Test func twoElementsOnOneLineAfterCDATA() throws {
        let root = try parse(Self.document)
        // Line 6 is `  <one/><two x="y"/>`: <one at 3, <two at 9, x at 14.
        #expect(root.child("one")?.position == XMLPosition(line: 6, column: 3))
        let two = try #require(root.child("two"))
        #expect(two.position == XMLPosition(line: 6, column: 9))
        #expect(two.attribute("x")?.position == XMLPosition(line: 6, column: 14))
    }

    @Test func multiLineStartTag() throws {
        let root = try parse(Self.document)
        let three = try #require(root.child("three"))
        #expect(three.position == XMLPosition(line: 7, column: 3))
        // `      attr="v"` and `    other='w'>text</three>`.
        #expect(three.attribute("attr")?.position == XMLPosition(line: 8, column: 7))
        #expect(three.attribute("other")?.position == XMLPosition(line: 9, column: 5))
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let root = try parse(Self.document)
        let four = try #require(root.child("four"))
        #expect(four.position == XMLPosition(line: 10, column: 3))
        // `  <four>` is columns 1–8; é (2 bytes) 9, € (3 bytes) 10, 😀 (4 bytes) 11,
        // space 12, `<five` 13, b 19.
        let five = try #require(four.child("five"))
        #expect(five.position == XMLPosition(line: 10, column: 13))
        #expect(five.attribute("b")?.position == XMLPosition(line: 10, column: 19))
        #expect(four.text == "é€😀 ")
    }

    @Test func elementAfterCommentOnSameLineAndPrefixedAttribute() throws {
        let root = try parse(Self.document)
        // `  <!-- <six/> --><p:seven p:q="1" r="2"/>`: <p:seven at 18, p:q at 27, r at 35.
        let seven = try #require(root.child("seven"))
        #expect(seven.position == XMLPosition(line: 11, column: 18))
        let q = try #require(seven.attributes.first { $0.name == "q" })
        #expect(q.namespaceURI == "urn:p")
        #expect(q.position == XMLPosition(line: 11, column: 27))
        #expect(seven.attribute("r")?.position == XMLPosition(line: 11, column: 35))
    }

    @Test func attributeValuesContainingMarkupCharactersDoNotConfuseTheScanner() throws {
        let text = """
            <r>
              <a title="x &gt; y" note='a "quoted" /word'/><b c="1"/>
            </r>
            """
        let root = try parse(text)
        #expect(root.child("a")?.attribute("title")?.value == "x > y")
        #expect(root.child("a")?.attribute("note")?.value == "a \"quoted\" /word")
        // `  <a title="x &gt; y" note='a "quoted" /word'/>` is 47 columns, so <b is at 48.
        #expect(root.child("b")?.position == XMLPosition(line: 2, column: 48))
        #expect(root.child("b")?.attribute("c")?.position == XMLPosition(line: 2, column: 51))
    }

    @Test func rawGreaterThanInAttributeValuesAndSpacesAroundEquals() throws {
        let text = """
            <r>
              <a t="x>y" u = 'p>q' ><b/></a><c d="1"/>
            </r>
            """
        let root = try parse(text)
        let a = try #require(root.child("a"))
        #expect(a.attribute("t")?.value == "x>y")
        #expect(a.attribute("u")?.position == XMLPosition(line: 2, column: 14))
        // `  <a t="x>y" u = 'p>q' >` is 24 columns: <b at 25, </a> then <c at 33, d at 36.
        #expect(a.child("b")?.position == XMLPosition(line: 2, column: 25))
        #expect(root.child("c")?.position == XMLPosition(line: 2, column: 33))
        #expect(root.child("c")?.attribute("d")?.position == XMLPosition(line: 2, column: 36))
    }

    @Test func positionsWithCRLFLineEndingsAndBOM() throws {
        let text = "\u{FEFF}<r>\r\n  <a/>\r\n\t<b/></r>"
        let root = try parse(text)
        #expect(root.position == XMLPosition(line: 1, column: 2) || root.position == XMLPosition(line: 1, column: 1))
        #expect(root.child("a")?.position == XMLPosition(line: 2, column: 3))
        #expect(root.child("b")?.position == XMLPosition(line: 3, column: 2))
    }
}

@Suite("XMLReader: text content")
struct XMLReaderTextTests {
    @Test func textConcatenatesTextAndCDATA() throws {
        let root = try parse("<t>a<![CDATA[<b> & ]]>c<![CDATA[]]>d</t>")
        #expect(root.text == "a<b> & cd")
        #expect(root.children.isEmpty)
    }

    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        let root = try parse("<t v=\"&quot;&apos;&#x263A;\">&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#233;&#x1F600;</t>")
        #expect(root.text == "<>&\"' ABé😀")
        #expect(root.attribute("v")?.value == "\"'☺")
    }

    @Test func textOfChildrenIsNotPartOfParentText() throws {
        let root = try parse("<t>x<c>inner</c>y</t>")
        #expect(root.text == "xy")
        #expect(root.child("c")?.text == "inner")
    }
}

@Suite("XMLReader: malformed and hostile input")
struct XMLReaderSafetyTests {
    @Test func truncatedDocumentReportsWhereItBroke() throws {
        let text = "<root>\n  <a>x</a>\n  <b attr=\"1\">text\n  <c"
        let error = try #require(failure(text))
        let issue = try #require(error.issues.first)
        #expect(error.issues.allSatisfy { $0.kind == .malformed })
        #expect(issue.level == .error)
        #expect(issue.position.line == 4)
        #expect(issue.position.column > 0)
        #expect(!issue.message.isEmpty)
    }

    @Test func mismatchedTagReportsItsLine() throws {
        let text = "<root>\n  <a>x</a>\n  <b>y</c>\n</root>\n"
        let error = try #require(failure(text))
        let issue = try #require(error.issues.first)
        #expect(issue.kind == .malformed)
        #expect(issue.position.line == 3)
        #expect(issue.position.column > 1)
    }

    @Test func emptyInputIsRefused() throws {
        let error = try #require(failure([]))
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { $0.kind == .malformed })
    }

    /// A file holding a secret that an external entity would pull into the document.
    struct SecretFile {
        let url: URL
        let secret: String

        init() throws {
            secret = "SECRET-\(UUID().uuidString)"
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            url = directory.appendingPathComponent("secret.txt")
            try Data(secret.utf8).write(to: url)
        }

        func remove() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

        func assertNotLeaked(_ error: XMLReadFailure, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            for issue in error.issues {
                #expect(!issue.message.contains(secret), "secret leaked: \(issue.message)", sourceLocation: sourceLocation)
                #expect(!issue.message.contains(String(secret.dropFirst(7).prefix(8))), sourceLocation: sourceLocation)
            }
        }
    }

    @Test func externalGeneralEntityIsRefusedWithoutLeaking() throws {
        let file = try SecretFile()
        defer { file.remove() }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM \"\(file.url.absoluteString)\">]>\n<r>&xxe;</r>\n"
        let error = try #require(failure(text))
        #expect(error.issues.contains { $0.kind == .doctype }, "issues: \(error.issues)")
        file.assertNotLeaked(error)
    }

    @Test func externalGeneralEntityInAttributeIsRefused() throws {
        let file = try SecretFile()
        defer { file.remove() }
        let text = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"\(file.url.absoluteString)\">]><r a=\"&xxe;\"/>"
        let error = try #require(failure(text))
        #expect(!error.issues.isEmpty)
        file.assertNotLeaked(error)
    }

    @Test func externalParameterEntityIsRefusedWithoutLeaking() throws {
        let file = try SecretFile()
        defer { file.remove() }
        let text = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(file.url.absoluteString)\"> %p;]>\n<r>x</r>"
        let error = try #require(failure(text))
        #expect(error.issues.contains { $0.kind == .doctype }, "issues: \(error.issues)")
        file.assertNotLeaked(error)
    }

    @Test func externalDTDIsRefusedWithoutLeaking() throws {
        let file = try SecretFile()
        defer { file.remove() }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"\(file.url.absoluteString)\">\n<r>x</r>"
        let error = try #require(failure(text))
        #expect(error.issues.contains { $0.kind == .doctype }, "issues: \(error.issues)")
        file.assertNotLeaked(error)
    }

    @Test func internalDoctypeIsRefusedAtItsPosition() throws {
        let text = "<?xml version=\"1.0\"?>\n  <!DOCTYPE r [<!ENTITY e \"x\">]>\n<r>&e;</r>"
        let error = try #require(failure(text))
        let issue = try #require(error.issues.first)
        #expect(issue.kind == .doctype)
        #expect(issue.position == XMLPosition(line: 2, column: 3))
    }

    @Test(.timeLimit(.minutes(1))) func billionLaughsIsRefusedPromptly() throws {
        var declarations = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...10 {
            let body = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(body)\">\n"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n\(declarations)]>\n<lolz>&lol10;</lolz>\n"
        let start = ContinuousClock.now
        let error = try #require(failure(text))
        let elapsed = ContinuousClock.now - start
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { [.doctype, .malformed].contains($0.kind) })
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        // Nothing was expanded into a message.
        #expect(error.issues.allSatisfy { $0.message.count < 2_000 })
    }

    @Test func invalidUTF8IsAnEncodingIssueAtItsPosition() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\n  <a>caf".utf8)
        bytes.append(0xE9)
        bytes += Array("</a>\n</r>\n".utf8)
        let error = try #require(failure(bytes))
        let issue = try #require(error.issues.first)
        #expect(issue.kind == .encoding)
        // `  <a>caf` is 8 columns; the bad byte is column 9 of line 3.
        #expect(issue.position == XMLPosition(line: 3, column: 9))
        #expect(issue.message.contains("E9"))
    }

    @Test func invalidUTF8AfterMultiByteCharactersCountsScalars() throws {
        var bytes = Array("<r>éé".utf8)
        bytes += [0xFF]
        bytes += Array("</r>".utf8)
        let error = try #require(failure(bytes))
        #expect(error.issues.first?.kind == .encoding)
        #expect(error.issues.first?.position == XMLPosition(line: 1, column: 6))
    }

    @Test func declaredNonUTF8EncodingIsRefused() throws {
        let text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>plain ascii</r>\n"
        let error = try #require(failure(text))
        let issue = try #require(error.issues.first)
        #expect(issue.kind == .encoding)
        #expect(issue.position.line == 1)
        #expect(issue.message.contains("ISO-8859-1"))
    }

    @Test func declaredUTF8InAnyCaseIsAccepted() throws {
        #expect(try parse("<?xml version='1.0' encoding='utf-8'?><r/>").name == "r")
        #expect(try parse("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><r/>").name == "r")
    }

    @Test func utf16DocumentIsAnEncodingIssue() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>x</r>".utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let error = try #require(failure(bytes))
        #expect(error.issues.first?.kind == .encoding)
        #expect(error.issues.first?.position.line == 1)
    }

    @Test func sizeCapRefusesLargerDocuments() throws {
        let text = "<r>" + String(repeating: "x", count: 193) + "</r>"
        #expect(text.utf8.count == 200)
        let error = try #require(failure(text, reader: XMLReader(maximumBytes: 100)))
        #expect(error.issues.map(\.kind) == [.tooLarge])
        #expect(error.issues.first?.message.contains("200") == true)
        // The same document is fine under a cap it fits.
        #expect(try parse(text, reader: XMLReader(maximumBytes: 200)).text.count == 193)
    }

    @Test func depthCapRefusesDeeperDocuments() throws {
        let names = (1...10).map { "e\($0)" }
        let text = names.map { "<\($0)>" }.joined(separator: "\n") + names.reversed().map { "</\($0)>" }.joined()
        let error = try #require(failure(text, reader: XMLReader(maximumDepth: 5)))
        let issue = try #require(error.issues.first)
        #expect(issue.kind == .tooDeep)
        // The sixth element, on line 6, is the first too deep.
        #expect(issue.position == XMLPosition(line: 6, column: 1))
        // Exactly at the cap is fine.
        let five = names.prefix(5)
        let shallow = five.map { "<\($0)>" }.joined() + five.reversed().map { "</\($0)>" }.joined()
        #expect(try parse(shallow, reader: XMLReader(maximumDepth: 5)).name == "e1")
    }

    @Test func libxml2DepthLimitOnTenThousandLevelsThrowsWithoutCrashing() throws {
        let text = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let error = try #require(failure(text))
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { [.malformed, .tooDeep].contains($0.kind) })
    }
}
