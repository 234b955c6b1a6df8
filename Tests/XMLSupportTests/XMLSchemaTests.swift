import Foundation
import Testing
import XMLSupport

@Suite("XMLSchema")
struct XMLSchemaTests {
    static let xsd = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   targetNamespace="urn:test" xmlns="urn:test" elementFormDefault="qualified">
          <xs:element name="library">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="book" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="title" type="xs:string"/>
                    </xs:sequence>
                    <xs:attribute name="year" type="xs:positiveInteger" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    static func compiled() throws -> XMLSchema {
        try XMLSchema(text: xsd, name: "library.xsd")
    }

    static func document(books: Int, validBookYear: Bool = true) -> String {
        var lines = ["<?xml version=\"1.0\"?>", "<library xmlns=\"urn:test\">"]
        for index in 0..<books {
            let year = validBookYear || index < books - 1 ? "\(1990 + index)" : "last"
            lines.append("  <book year=\"\(year)\"><title>Book \(index)</title></book>")
        }
        lines.append("</library>")
        return lines.joined(separator: "\n")
    }

    @Test func smallSchemaCompilesAndAcceptsAValidDocument() throws {
        let schema = try Self.compiled()
        #expect(schema.name == "library.xsd")
        let result = try XMLReader().read(Array(Self.document(books: 3).utf8), schema: schema)
        #expect(result.schemaIssues.isEmpty)
        #expect(result.root.children("book").count == 3)
    }

    @Test func readingWithoutASchemaReportsNoSchemaIssues() throws {
        let result = try XMLReader().read(Array(Self.document(books: 2, validBookYear: false).utf8))
        #expect(result.schemaIssues.isEmpty)
    }

    @Test func invalidSchemaTextThrowsSchemaDefinition() throws {
        let broken = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="a" type="xs:noSuchType"/>
            </xs:schema>
            """
        let error = try #require(throws: XMLReadFailure.self) { try XMLSchema(text: broken, name: "broken.xsd") }
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { $0.kind == .schemaDefinition })
    }

    @Test func schemaTextThatIsNotXMLThrowsSchemaDefinition() throws {
        let error = try #require(throws: XMLReadFailure.self) { try XMLSchema(text: "this is not <xml", name: "junk.xsd") }
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { $0.kind == .schemaDefinition })
    }

    /// XMLSchema promises libxml2's messages; when the XSD is not even well-formed, the
    /// parser's own message and line must reach the caller (not go to stderr).
    @Test func schemaThatIsNotWellFormedReportsLibxml2sMessageAndLine() throws {
        let broken = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="a" type="xs:string"/>
              <xs:element name="b" type="xs:string">
            </xs:schema>
            """
        let error = try #require(throws: XMLReadFailure.self) { try XMLSchema(text: broken, name: "broken.xsd") }
        #expect(error.issues.allSatisfy { $0.kind == .schemaDefinition })
        #expect(error.issues.contains { $0.position.line == 4 }, "issues: \(error.issues)")
        #expect(error.issues.contains { $0.message.contains("mismatch") }, "issues: \(error.issues)")
    }

    @Test func violationsAreSchemaIssuesAtTheElementsExactPosition() throws {
        let schema = try Self.compiled()
        let text = """
            <library xmlns="urn:test">
              <book year="2001"><title>Fine</title></book>
              <book year="2002"><title>Fine</title></book><book year="never"><title>Bad year</title></book>
              <book year="2003"><title>Fine</title><extra/></book>
            </library>
            """
        let result = try XMLReader().read(Array(text.utf8), schema: schema)
        #expect(result.schemaIssues.count == 2, "issues: \(result.schemaIssues)")
        #expect(result.schemaIssues.allSatisfy { $0.kind == .schema && $0.level == .error })
        // The second <book on line 3 starts at column 47; libxml2 reports the attribute's
        // problem against its element.
        let year = try #require(result.schemaIssues.first { $0.message.contains("year") })
        #expect(year.position.line == 3)
        #expect(year.position.column == 47)
        // `    <book year="2003"><title>Fine</title><extra/>`: <extra at 40.
        let extra = try #require(result.schemaIssues.first { $0.message.contains("extra") })
        #expect(extra.position == XMLPosition(line: 4, column: 40))
    }

    @Test func wrongRootElementIsASchemaIssue() throws {
        let schema = try Self.compiled()
        let result = try XMLReader().read(Array("<?xml version=\"1.0\"?>\n\n  <html xmlns=\"http://www.w3.org/1999/xhtml\"/>".utf8), schema: schema)
        let issue = try #require(result.schemaIssues.first)
        #expect(issue.kind == .schema)
        #expect(issue.position == XMLPosition(line: 3, column: 3))
    }

    @Test func oneCompiledSchemaValidatesManyDocumentsConcurrently() throws {
        let schema = try Self.compiled()
        let documents = (0..<16).map { index in
            Array(Self.document(books: 2 + index, validBookYear: index.isMultiple(of: 2)).utf8)
        }
        final class Results: @unchecked Sendable {
            // @unchecked: `storage` is only touched while holding `lock`.
            private let lock = NSLock()
            private var storage: [Int: Result<[XMLIssue], XMLReadFailure>] = [:]
            func set(_ iteration: Int, _ value: Result<[XMLIssue], XMLReadFailure>) {
                lock.lock(); defer { lock.unlock() }
                storage[iteration] = value
            }
            var all: [Int: Result<[XMLIssue], XMLReadFailure>] {
                lock.lock(); defer { lock.unlock() }
                return storage
            }
        }
        let results = Results()
        // Four rounds over the 16 documents, all sharing the one compiled schema.
        DispatchQueue.concurrentPerform(iterations: 64) { iteration in
            let index = iteration % 16
            results.set(iteration, Result { () throws(XMLReadFailure) -> [XMLIssue] in
                try XMLReader().read(documents[index], schema: schema).schemaIssues
            })
        }
        let all = results.all
        #expect(all.count == 64)
        for iteration in 0..<64 {
            let index = iteration % 16
            let issues = try #require(try all[iteration]?.get())
            if index.isMultiple(of: 2) {
                #expect(issues.isEmpty, "document \(index) is valid: \(issues)")
            } else {
                #expect(issues.count == 1, "document \(index): \(issues)")
                #expect(issues.first?.kind == .schema)
                #expect(issues.first?.message.contains("last") == true)
                // The bad book is the last, on line 2 + (2 + index).
                #expect(issues.first?.position == XMLPosition(line: 4 + index, column: 3))
            }
        }
    }
}
