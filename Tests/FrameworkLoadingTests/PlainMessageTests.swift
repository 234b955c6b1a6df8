import CompetencyModel
import Foundation
@testable import FrameworkLoading
import Testing

/// libxml2's messages rewritten in words an author can act on, at the same place, with
/// libxml2's own text kept as a note.
@Suite("plain-language parser and schema messages")
struct PlainMessageTests {
    static let framework = try? String(contentsOfFile: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Frameworks/in-it-together/2019.xml").path, encoding: .utf8)

    static func first(_ text: String) throws -> (message: String, line: Int, column: Int, notes: [String]) {
        let diagnostics: [Diagnostic]
        do throws(LoadFailure) {
            diagnostics = try FrameworkLoader().load(bytes: Array(text.utf8), path: "f.xml").diagnostics
        } catch {
            diagnostics = error.diagnostics
        }
        let found = try #require(diagnostics.first { $0.severity == .error })
        return (found.message, found.location?.line ?? 0, found.location?.column ?? 0, found.notes.map(\.message))
    }

    @Test func aBareAmpersandSaysToWriteTheEntity() throws {
        let text = try #require(Self.framework).replacingOccurrences(of: "<publisher>Yorkshire and the Humber", with: "<publisher>Yorkshire & the Humber")
        let found = try Self.first(text)
        #expect(found.message.contains("write &amp; for an ampersand"))
        #expect(found.line == 5)
        #expect(found.notes.first?.hasPrefix("libxml2: ") == true)
    }

    @Test func aMismatchedEndTagNamesBothTags() throws {
        let found = try Self.first("<?xml version=\"1.0\"?>\n<framework>\n<title>A</title>\n</frameworks>\n")
        #expect(found.message == "the end tag </frameworks> does not match <framework>, opened on line 2; close <framework> with </framework> first")
        #expect(found.line == 4)
    }

    @Test func aTruncatedFileSaysWhatIsOpen() throws {
        let found = try Self.first("<?xml version=\"1.0\"?>\n<framework>\n<title>A</title>\n")
        #expect(found.message.hasPrefix("the file ends before <framework>, opened on line 2, is closed"))
    }

    static func line(of prefix: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
    }

    @Test func anElementOutOfOrderNamesWhatMustComeFirst() throws {
        var text = try #require(Self.framework)
        let licence = try #require(text.range(of: "  <licence>Open Government Licence v3.0</licence>\n"))
        text.removeSubrange(licence)
        let found = try Self.first(text)
        #expect(found.message == "<licenceURL> is not allowed here; <licence> must come first (a misspelt name, or elements out of order?)")
        #expect(found.line == Self.line(of: "  <licenceURL>", in: text))
    }

    @Test func swappedElementsSayWhichComesFirstAndTheWholeOrder() throws {
        let original = try #require(Self.framework)
        let text = original.replacingOccurrences(
            of: "  <language>en-GB</language>\n  <baseURI>",
            with: "  <baseURI>")
            .replacingOccurrences(of: "  <licence>Open Government Licence v3.0</licence>\n", with: "  <language>en-GB</language>\n  <licence>Open Government Licence v3.0</licence>\n")
        #expect(text != original)
        let found = try Self.first(text)
        #expect(found.message.hasPrefix("<language> must come after <licence>; inside <framework> the order is: title, shortTitle, publisher, date, licence, licenceURL, language, baseURI"))
        #expect(found.line == Self.line(of: "  <language>", in: text))
        #expect(found.column == 3)
    }

    @Test func aMisspeltElementSuggestsTheNameTheParentHolds() throws {
        let text = try #require(Self.framework)
            .replacingOccurrences(of: "<credit>", with: "<credits>").replacingOccurrences(of: "</credit>", with: "</credits>")
        let found = try Self.first(text)
        #expect(found.message == "<credits> is not an element <framework> can hold; did you mean <credit>?")
        #expect(found.line == Self.line(of: "  <credits>", in: text))
    }

    @Test func aPrintedCodeWhereAnIDBelongsSaysWhichID() throws {
        let text = try #require(Self.framework).replacingOccurrences(of: "<group id=\"core\" rank=\"1\">", with: "<group id=\"CS.1\" rank=\"1\">")
        let found = try Self.first(text)
        #expect(found.message.contains("'CS.1' is a printed code"))
        #expect(found.message.contains("'cs-01'"))
    }
}

@Suite("empty text in a profile")
struct EmptyProfileTextTests {
    @Test func anEmptyOverrideTextIsReportedInTheProfileNotTheBase() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let original = try String(contentsOfFile: root.appendingPathComponent("Frameworks/editions/sandwell-2022.xml").path, encoding: .utf8)
        let statement = "<text>Helps children and young people learn about feelings and wellbeing in ways that suit their age, whether in lessons, group sessions or activities.</text>"
        let empty = original.replacingOccurrences(of: statement, with: "<text>   </text>")
        #expect(empty != original)
        let result = try EditionProfileLoader().load(bytes: Array(empty.utf8), path: "sandwell-2022.xml")
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        let lines = original.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains(statement) }) + 1
        #expect(error.location?.file == "sandwell-2022.xml")
        #expect(error.location?.line == line)
        #expect(error.message == "<text> is empty; write its text")
    }
}

/// Profile sections out of order: the order listed is the schema's, without the sections
/// the profile's plugin ignores.
@Suite("profile sections out of order")
struct ProfileOrderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func moving(_ section: String, after other: String, in id: String) throws -> (diagnostic: Diagnostic, line: Int) {
        let original = try String(contentsOfFile: root.appendingPathComponent("Frameworks/editions/\(id).xml").path, encoding: .utf8)
        func block(_ name: String) throws -> String {
            let start = try #require(original.range(of: "  <\(name)>"))
            let end = try #require(original.range(of: "</\(name)>\n", range: start.upperBound..<original.endIndex))
            return String(original[start.lowerBound..<end.upperBound])
        }
        let moved = try block(section), anchor = try block(other)
        let text = original.replacingOccurrences(of: moved, with: "").replacingOccurrences(of: anchor, with: anchor + moved)
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: [
            "local-variant": ["keyMessages", "workshops", "evaluation"], "workshop-edition": ["dissemination"],
        ])
        let result = try loader.load(bytes: Array(text.utf8), path: "\(id).xml")
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  <\(section)>") }) + 1
        return (try #require(result.diagnostics.first { $0.severity == .error }), line)
    }

    @Test func aLocalVariantListsOnlyItsOwnSections() throws {
        let (error, line) = try Self.moving("trainingOptions", after: "services", in: "sandwell-2022")
        #expect(error.message.hasPrefix("<trainingOptions> must come before <services>; inside <edition> the order is: base, title,"))
        #expect(error.message.contains("phases, trainingOptions, services, strategies, overrides, additions, dissemination"))
        #expect(!error.message.contains("workshops"))
        #expect(error.location?.line == line)
        #expect(error.location?.column == 3)
        #expect(error.notes.first?.message.hasPrefix("libxml2: ") == true)
    }

    @Test func aWorkshopEditionListsWorkshopsButNotDissemination() throws {
        let (error, line) = try Self.moving("keyMessages", after: "workshops", in: "national-workshops")
        #expect(error.message.hasPrefix("<keyMessages> must come before <workshops>;"))
        #expect(error.message.contains("keyMessages, workshops, evaluation"))
        #expect(!error.message.contains("dissemination"))
        #expect(error.location?.line == line)
    }
}
