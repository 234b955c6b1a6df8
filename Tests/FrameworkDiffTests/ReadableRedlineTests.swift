import CompetencyModel
import Foundation
import FrameworkDiff
@testable import OutputFormats
import Testing
import XMLSupport

/// A redline a board can read: rewritten sentences as one deletion and one insertion, a
/// summary on page 1, names rather than ids, deleted areas where they stood.
@Suite("Word redline: readable")
struct ReadableRedlineTests {
    static func paragraphs(_ package: OPCPackage) throws -> [XMLSupport.XMLElement] {
        let root = try RedlineFixture.read(try #require(package.part(named: "word/document.xml")).bytes)
        return allElements(root).filter { $0.name == "p" && $0.namespaceURI == wordNamespace }
    }

    static func text(_ element: XMLSupport.XMLElement) -> String {
        allElements(element).filter { $0.name == "t" || $0.name == "delText" }.map(\.text).joined()
    }

    @Test func aSentenceRewrittenByMoreThanHalfIsOneDeletionAndOneInsertion() {
        let old = "Teaches about mental health and emotional wellbeing in a way that suits the age of the class."
        let new = "Helps children and young people learn about feelings and wellbeing in ways that suit their age."
        let shown = TrackedWriter.readable(WordDiff.compare(old, new))
        #expect(shown.map(\.operation) == [.delete, .insert])
        #expect(shown.map(\.text) == [old, new])
    }

    @Test func aSmallEditStaysWordByWord() {
        let segments = WordDiff.compare(
            "Knows who leads on mental health in the setting and how to contact them.",
            "Knows who leads on mental health in the organisation and how to contact them.")
        let shown = TrackedWriter.readable(segments)
        #expect(shown == segments)
        #expect(shown.filter { $0.operation == .equal }.count >= 2)
    }

    @Test func changesOfCaseOnlyDoNotCountAsRewriting() {
        let segments = WordDiff.compare("social, emotional and mental health competencies", "Social, Emotional and Mental Health Competencies")
        #expect(!TrackedWriter.isMostlyRewritten(segments))
    }

    @Test func theRedlineOfAHeavilyRewrittenStatementShowsItWhole() throws {
        let (old, start) = try RedlineFixture.frameworks()
        var new = start
        let rewritten = "Sets out, with the children, a weekly time to talk about how the group is getting on together."
        try new.update("ws-03") { $0.statement = rewritten }
        let original = try #require(old.competencies.first { $0.id == "ws-03" }).statement
        let package = RedlineComposer(changes: FrameworkComparison().compare(old, new), new: new).package()
        let paragraph = try #require(try Self.paragraphs(package).first { Self.text($0).contains(rewritten) })
        let deletions = allElements(paragraph).filter { $0.name == "del" }
        let insertions = allElements(paragraph).filter { $0.name == "ins" }
        #expect(deletions.count == 1 && insertions.count == 1)
        #expect(Self.text(try #require(deletions.first)) == original)
        #expect(Self.text(try #require(insertions.first)) == rewritten)
    }

    /// With Liberation (Arial-metric) fonts, LibreOffice ended pages with a group's
    /// description and began its list of roles on the next.
    @Test func aGroupsDescriptionStaysWithItsRoles() throws {
        let (_, new, _, package) = try RedlineFixture.package()
        let paragraphs = try Self.paragraphs(package)
        for group in new.groups where !group.roles.isEmpty {
            let description = try #require(paragraphs.first { Self.text($0) == group.description }, "\(group.id)")
            let properties = try #require(description.child("pPr"))
            #expect(properties.child("keepNext") != nil, "\(group.id)'s description does not keep with its roles")
        }
    }

    @Test func page1SummarisesTheChangesByKindBeforeAnyArea() throws {
        let (old, new, changes, package) = try RedlineFixture.package()
        let texts = try Self.paragraphs(package).map(Self.text)
        let summary = try #require(texts.firstIndex(of: "Summary of changes"))
        let firstAreaName = try #require(new.areas.first).name
        let firstArea = try #require(texts.firstIndex(of: firstAreaName))
        #expect(summary < firstArea)
        for (kind, count) in changes.competencyCounts {
            #expect(texts.contains("\(count) \(kind.rawValue)"), "no summary row for \(kind)")
        }
        // Names, not ids, wherever a reader looks.
        let document = String(decoding: try #require(package.part(named: "word/document.xml")).bytes, as: UTF8.self)
        let core = String(decoding: try #require(package.part(named: "docProps/core.xml")).bytes, as: UTF8.self)
        let footer = String(decoding: try #require(package.part(named: "word/footer1.xml")).bytes, as: UTF8.self)
        for text in [document, core, footer] {
            #expect(!text.contains("\(old.metadata.id)@"))
            #expect(!text.contains("@\(new.metadata.version)"))
        }
        #expect(core.contains("<dc:title>Changes from \(old.metadata.title) (version 2019)"))
    }

    @Test func aDeletedAreaStaysWhereItStood() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let removed = old.areas[2]
        new.areas.remove(at: 2)
        let package = RedlineComposer(changes: FrameworkComparison().compare(old, new), new: new).package()
        let headings = try Self.paragraphs(package)
            .filter { $0.children.first { $0.name == "pPr" }?.children.first { $0.name == "pStyle" }?.word("val") == "Heading1" }
            .map(Self.text)
        let before = try #require(headings.firstIndex(of: old.areas[1].name))
        let deleted = try #require(headings.firstIndex(of: removed.name))
        let after = try #require(headings.firstIndex(of: old.areas[3].name))
        #expect(before < deleted && deleted < after)
    }
}
