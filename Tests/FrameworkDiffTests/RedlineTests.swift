import CompetencyModel
import Foundation
import FrameworkDiff
import OutputFormats
import Testing
import XMLSupport

/// 2019 against a copy with one competency reworded, one added, one removed, one moved to
/// another area and one reordered, published by someone else on another date.
enum RedlineFixture {
    static let publisher = "Redline Council & Partners"
    static let date = "2024-03-15"
    static let reworded = (id: "ws-02", new: "Knows who leads on mental health and wellbeing in the organisation and how to reach them quickly.")
    static let added = Competency(
        id: "ws-10", code: "WS.10", groupID: "core", kind: .skill, phaseIDs: ["primary"],
        statement: "Plants a calm garden with the children every spring and talks with them about growing.")
    static let removedID = "ws-09"
    static let movedID = "ws-04"
    static let movedToArea = "development-attachment"
    static let reorderedArea = "early-signs"

    static func frameworks() throws -> (old: Framework, new: Framework) {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.metadata.publisher = publisher
        new.metadata.date = date
        new.metadata.version = "2024"
        try new.update(reworded.id) { $0.statement = reworded.new }
        try new.insert(added, inArea: "whole-setting", at: 2)
        try new.removeCompetency(removedID)
        let moving = try new.removeCompetency(movedID)
        try new.insert(moving, inArea: movedToArea, at: 1)
        let area = try #require(new.areas.firstIndex { $0.id == reorderedArea })
        let first = new.areas[area].competencies.removeFirst()
        new.areas[area].competencies.append(first)
        return (old, new)
    }

    /// Parses XML with XMLReader, one-line Word parts included.
    static func read(_ bytes: [UInt8]) throws -> XMLSupport.XMLElement {
        try XMLReader().read(bytes).root
    }

    static func package() throws -> (old: Framework, new: Framework, changes: ChangeSet, package: OPCPackage) {
        let (old, new) = try frameworks()
        let changes = FrameworkComparison().compare(old, new)
        return (old, new, changes, RedlineComposer(changes: changes, new: new).package())
    }
}

/// Every element in a tree, depth first.
func allElements(_ element: XMLSupport.XMLElement) -> [XMLSupport.XMLElement] {
    [element] + element.children.flatMap(allElements)
}

let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

extension XMLSupport.XMLElement {
    /// The value of a `w:` attribute.
    func word(_ name: String) -> String? {
        attributes.first { $0.name == name && $0.namespaceURI == wordNamespace }?.value
    }
}

@Suite("Word redline")
struct RedlineTests {
    @Test func theFixtureHasEachKindOfChange() throws {
        let (_, _, changes, _) = try RedlineFixture.package()
        #expect(changes.kindsByID == [
            RedlineFixture.reworded.id: [.reworded], RedlineFixture.added.id: [.added], RedlineFixture.removedID: [.removed],
            RedlineFixture.movedID: [.moved], "es-01": [.reordered],
        ])
    }

    @Test func trackedChangesCarryTheNewAuthorAndDate() throws {
        let (old, _, _, package) = try RedlineFixture.package()
        let part = try #require(package.part(named: "word/document.xml"))
        let text = String(decoding: part.bytes, as: UTF8.self)
        for tag in ["<w:ins ", "<w:del ", "<w:delText", "<w:moveFrom ", "<w:moveTo ", "<w:moveFromRangeStart ", "<w:moveToRangeStart "] {
            #expect(text.contains(tag), "document.xml has no \(tag)")
        }
        let root = try RedlineFixture.read(part.bytes)
        let revisions = allElements(root).filter {
            $0.namespaceURI == wordNamespace && ["ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart"].contains($0.name)
        }
        #expect(revisions.count > 5)
        for revision in revisions {
            #expect(revision.word("author") == RedlineFixture.publisher)
            #expect(revision.word("date") == RedlineFixture.date + "T00:00:00Z")
            #expect(revision.word("author") != old.metadata.publisher)
        }
        let ids = revisions.compactMap { $0.word("id") }
        #expect(ids.count == revisions.count)
        #expect(Set(ids).count == ids.count, "revision ids must be unique")

        // Deleted text is w:delText, never w:t.
        for deletion in allElements(root).filter({ $0.name == "del" && $0.namespaceURI == wordNamespace }) {
            let texts = allElements(deletion).filter { $0.namespaceURI == wordNamespace }.map(\.name)
            #expect(!texts.contains("t"))
        }
        #expect(allElements(root).contains { $0.name == "delText" && $0.text == "setting" })
    }

    @Test func eachMoveHasMatchingNamedRangesOnBothSides() throws {
        let (_, _, _, package) = try RedlineFixture.package()
        let root = try RedlineFixture.read(try #require(package.part(named: "word/document.xml")).bytes)
        let elements = allElements(root)
        let fromNames = elements.filter { $0.name == "moveFromRangeStart" }.compactMap { $0.word("name") }
        let toNames = elements.filter { $0.name == "moveToRangeStart" }.compactMap { $0.word("name") }
        // One move between areas and one reorder within an area: two named moves, each
        // with as many source ranges (statement, enhancements) as destination ranges.
        #expect(Set(fromNames).count == 2)
        #expect(fromNames.sorted() == toNames.sorted())
        // Each range start has its end, by id.
        for (start, end) in [("moveFromRangeStart", "moveFromRangeEnd"), ("moveToRangeStart", "moveToRangeEnd")] {
            let startIDs = elements.filter { $0.name == start }.compactMap { $0.word("id") }
            let endIDs = elements.filter { $0.name == end }.compactMap { $0.word("id") }
            #expect(startIDs.sorted() == endIDs.sorted())
        }
    }

    @Test func acceptingGivesTheNewVersionAndRejectingTheOld() throws {
        let (old, new, _, package) = try RedlineFixture.package()
        let oldStatements = Set(old.competencies.map(\.statement))
        let newStatements = Set(new.competencies.map(\.statement))
        let oldOnly = oldStatements.subtracting(newStatements)
        let newOnly = newStatements.subtracting(oldStatements)
        #expect(oldOnly.count == 2)  // the removed one and the reworded one's old wording
        #expect(newOnly.count == 2)  // the added one and the new wording

        // XML level: the tracked text of deletions and insertions.
        let root = try RedlineFixture.read(try #require(package.part(named: "word/document.xml")).bytes)
        let inserted = allElements(root).filter { $0.name == "ins" }.flatMap(allElements).filter { $0.name == "t" }.map(\.text).joined()
        let deleted = allElements(root).filter { $0.name == "del" }.flatMap(allElements).filter { $0.name == "delText" }.map(\.text).joined()
        #expect(inserted.contains(RedlineFixture.added.statement))
        #expect(deleted.contains(try #require(old.competency(withID: RedlineFixture.removedID)).statement))

        guard commandAvailable("pandoc") else {
            #expect(!commandAvailable("pandoc"), "pandoc is not installed; accept/reject checked at the XML level only")
            return
        }
        let folder = try DiffTemporaryFolder()
        let path = try folder.write("redline.docx", try package.docx())
        func plain(_ mode: String) throws -> String {
            let result = try runProcess("pandoc", ["-f", "docx", "-t", "plain", "--wrap=none", "--track-changes=\(mode)", path])
            #expect(result.status == 0, "\(result.error)")
            return result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        func normalised(_ statement: String) -> String {
            statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let accepted = try plain("accept")
        let rejected = try plain("reject")
        for statement in newStatements {
            #expect(accepted.contains(normalised(statement)), "accepting all lacks: \(statement)")
        }
        for statement in oldOnly {
            #expect(!accepted.contains(normalised(statement)), "accepting all still has: \(statement)")
        }
        for statement in oldStatements {
            #expect(rejected.contains(normalised(statement)), "rejecting all lacks: \(statement)")
        }
        for statement in newOnly {
            #expect(!rejected.contains(normalised(statement)), "rejecting all still has: \(statement)")
        }
        // Moved statements appear exactly once either way.
        let moved = normalised(try #require(old.competency(withID: RedlineFixture.movedID)).statement)
        #expect(accepted.components(separatedBy: moved).count - 1 == 1)
        #expect(rejected.components(separatedBy: moved).count - 1 == 1)
    }

    @Test func theRedlineIsAReadableDocx() throws {
        let (_, new, _, package) = try RedlineFixture.package()
        let bytes = try package.docx()
        let reread = try OPCPackage.readDocx(bytes)
        #expect(reread.parts.map(\.name) == package.parts.map(\.name))
        #expect(reread.parts.map(\.bytes) == package.parts.map(\.bytes))
        #expect(reread.part(named: "word/document.xml")?.contentType == package.part(named: "word/document.xml")?.contentType)
        let core = String(decoding: try #require(reread.part(named: "docProps/core.xml")).bytes, as: UTF8.self)
        #expect(core.contains("<dc:creator>Redline Council &amp; Partners</dc:creator>"))
        #expect(core.contains(">\(new.metadata.date)T00:00:00Z</dcterms:created>"))
        #expect(try package.docx() == bytes)
    }
}

@Suite("redline: the rest of the framework")
struct RedlineCoverageTests {
    /// Role renames, group descriptions, phase lists and training mappings are changes too;
    /// each must be tracked, so rejecting everything in Word gives the old wording back.
    @Test func rolesGroupsAndCompetencyDetailsAreTracked() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let core = try #require(new.groups.firstIndex { $0.id == "core" })
        new.groups[core].roles[0].name = "Premises teams"
        new.groups[core].description = "Everyone who meets children and young people at work."
        try new.update("es-02") { $0.phaseIDs = ["secondary", "college"] }
        let changes = FrameworkComparison().compare(old, new)
        let document = try #require(RedlineComposer(changes: changes, new: new).package().part(named: "word/document.xml"))
        let xml = String(decoding: document.bytes, as: UTF8.self)
        let accepted = Self.text(xml, accepting: true)
        let rejected = Self.text(xml, accepting: false)

        let oldRole = old.groups[core].roles[0].name
        #expect(accepted.contains("Premises teams") && !accepted.contains(oldRole))
        #expect(rejected.contains(oldRole) && !rejected.contains("Premises teams"))
        #expect(accepted.contains(new.groups[core].description))
        #expect(rejected.contains(old.groups[core].description))
        let es02Old = RedlineComposer.details(CompetencySnapshot(try #require(old.competency(withID: "es-02")), names: .init(old)))
        let es02New = RedlineComposer.details(CompetencySnapshot(try #require(new.competency(withID: "es-02")), names: .init(new)))
        #expect(es02Old != es02New)
        #expect(accepted.contains(es02New) && !accepted.contains(es02Old))
        #expect(rejected.contains(es02Old) && !rejected.contains(es02New))
    }

    /// The document's text with every revision accepted or rejected, the way Word would
    /// apply them: paragraphs joined by newlines.
    static func text(_ xml: String, accepting: Bool) -> String {
        func removing(_ pattern: String, from text: String) -> String {
            text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        var body = xml
        if accepting {
            body = removing("<w:del [^>]*>.*?</w:del>", from: body)
            body = removing("<w:moveFrom [^>]*>.*?</w:moveFrom>", from: body)
        } else {
            body = removing("<w:ins [^>]*>.*?</w:ins>", from: body)
            body = removing("<w:moveTo [^>]*>.*?</w:moveTo>", from: body)
            body = body.replacingOccurrences(of: "w:delText", with: "w:t")
        }
        var paragraphs: [String] = []
        for paragraph in body.components(separatedBy: "</w:p>") {
            var text = ""
            var rest = paragraph[...]
            while let open = rest.range(of: "<w:t xml:space=\"preserve\">"), let close = rest.range(of: "</w:t>", range: open.upperBound..<rest.endIndex) {
                text += rest[open.upperBound..<close.lowerBound]
                rest = rest[close.upperBound...]
            }
            paragraphs.append(text.replacingOccurrences(of: "&amp;", with: "&"))
        }
        return paragraphs.joined(separator: "\n")
    }
}
