import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func keysAreSortedByUTF8Bytes() {
        let value = JSONValue.object([
            "b": .integer(1), "a": .integer(2), "B": .integer(3), "aa": .integer(4), "é": .integer(5),
            // U+FF61 sorts before U+1F600 by UTF-8 bytes, after it by UTF-16 code units.
            "\u{1F600}": .integer(6), "\u{FF61}": .integer(7), "Z": .integer(8), "_": .integer(9),
        ])
        #expect(value.serialised() == """
            {
              "B": 3,
              "Z": 8,
              "_": 9,
              "a": 2,
              "aa": 4,
              "b": 1,
              "é": 5,
              "\u{FF61}": 7,
              "\u{1F600}": 6
            }

            """)
    }

    @Test func nestedValuesAreIndentedByTwoSpaces() {
        let value = JSONValue.object([
            ("list", .array([.integer(-5), .bool(false), .null, .strings(["x"])])),
            ("child", .object([("k", .string("v"))])),
        ])
        #expect(value.serialised() == """
            {
              "child": {
                "k": "v"
              },
              "list": [
                -5,
                false,
                null,
                [
                  "x"
                ]
              ]
            }

            """)
    }

    @Test func nilMembersAreLeftOut() {
        let value = JSONValue.object([("absent", nil), ("present", .optional("yes")), ("alsoAbsent", .optional(nil))])
        #expect(value == .object(["present": .string("yes")]))
        #expect(value.serialised() == "{\n  \"present\": \"yes\"\n}\n")
    }

    @Test func emptyContainersAreWrittenOnOneLine() {
        #expect(JSONValue.object([String: JSONValue]()).serialised() == "{}\n")
        #expect(JSONValue.array([]).serialised() == "[]\n")
        #expect(JSONValue.object([("o", .object([String: JSONValue]())), ("a", .array([]))]).serialised()
            == "{\n  \"a\": [],\n  \"o\": {}\n}\n")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        let text = "say \"hi\" \\ back\nslash\r\t\u{0}\u{1}\u{8}\u{C}\u{1F}"
        #expect(JSONValue.string(text).serialised() == #""say \"hi\" \\ back\nslash\r\t\u0000\u0001\u0008\u000c\u001f""# + "\n")
    }

    @Test func nonASCIIIsKeptAsUTF8() {
        let text = "café – “quoted” 😀 日本 \u{7F} /"
        let serialised = JSONValue.string(text).serialised()
        #expect(serialised == "\"\(text)\"\n")
        #expect(!serialised.contains("\\u"))
        #expect(Array(serialised.utf8).contains(0xF0), "the emoji is written as its 4 UTF-8 bytes")
    }

    @Test func outputParsesBackToTheSameStrings() throws {
        let strings = ["plain", "q\"uote", "back\\slash", "line\nbreak", "\u{0}\u{1}\u{1F}", "é😀", "\u{2028}\u{2029}"]
        let value = JSONValue.object(Dictionary(uniqueKeysWithValues: strings.enumerated().map { ("k\($0.offset)", JSONValue.string($0.element)) }))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.serialised().utf8)) as? [String: String])
        for (index, string) in strings.enumerated() {
            #expect(parsed["k\(index)"] == string)
        }
    }

    @Test func everyDocumentEndsWithExactlyOneNewline() {
        for value: JSONValue in [.null, .bool(true), .integer(0), .string("x"), .array([.integer(1)]), .object(["a": .null])] {
            let text = value.serialised()
            #expect(text.hasSuffix("\n"))
            #expect(!text.hasSuffix("\n\n"))
            #expect(!text.contains("\r"))
        }
        #expect(JSONValue.string("x").serialised() == "\"x\"\n")
        #expect(JSONValue.integer(-12).serialised() == "-12\n")
    }
}

@Suite("edition JSON format")
struct EditionJSONFormatTests {
    @Test(arguments: Shipped.ids)
    func outputParsesAndMatchesTheEdition(id: String) throws {
        let edition = try Shipped.build(id)
        let artifacts = try EditionJSONFormat().render(edition)
        #expect(artifacts.map(\.relativePath) == ["\(id).json"])
        let bytes = try #require(artifacts.first).bytes
        #expect(bytes.last == UInt8(ascii: "\n"))

        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(Set(document.keys) == ["formatVersion", "edition", "framework"])
        #expect(document["formatVersion"] as? Int == 1)
        #expect(EditionJSONFormat.formatVersion == 1)

        let info = try #require(document["edition"] as? [String: Any])
        #expect(info["id"] as? String == id)
        #expect(info["plugin"] as? String == edition.info.pluginID)

        let framework = try #require(document["framework"] as? [String: Any])
        #expect(framework["id"] as? String == id)
        let derived = try #require(framework["derivedFrom"] as? [String: Any])
        #expect(derived["framework"] as? String == "in-it-together")
        #expect(derived["version"] as? String == "2019")
        let areas = try #require(framework["areas"] as? [[String: Any]])
        let competencies = areas.flatMap { ($0["competencies"] as? [[String: Any]]) ?? [] }
        #expect(competencies.count == edition.framework.competencies.count)
        #expect(competencies.compactMap { $0["id"] as? String } == edition.framework.competencies.map(\.id))
        #expect(competencies.compactMap { $0["statement"] as? String } == edition.framework.competencies.map(\.statement))
        for competency in competencies {
            let ref = competency["id"] as? String ?? ""
            #expect(competency["provenance"] as? String == edition.change(of: .competency, ref).rawValue)
        }
        #expect((framework["groups"] as? [[String: Any]])?.compactMap { $0["rank"] as? Int } == edition.framework.groups.map(\.rank))
    }

    @Test func workshopEditionCarriesItsWorkshopsAndQuestionnaire() throws {
        let edition = try Shipped.build("national-workshops")
        let bytes = try #require(try EditionJSONFormat().render(edition).first).bytes
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let info = try #require(document["edition"] as? [String: Any])
        let workshops = try #require(info["workshops"] as? [[String: Any]])
        #expect(workshops.compactMap { $0["minutes"] as? Int } == [120, 120, 120])
        let questionnaire = try #require(info["questionnaire"] as? [String: Any])
        let sections = try #require(questionnaire["sections"] as? [[String: Any]])
        let items = sections.flatMap { ($0["items"] as? [[String: Any]]) ?? [] }
        #expect(items.count == edition.questionnaire?.items.count)
    }

    @Test func outputIsSerialisedFromTheDocumentValue() throws {
        let edition = try Shipped.build("sandwell-2022")
        let text = EditionJSONFormat.document(for: edition).serialised()
        #expect(try EditionJSONFormat().render(edition).first?.bytes == Array(text.utf8))
    }
}
