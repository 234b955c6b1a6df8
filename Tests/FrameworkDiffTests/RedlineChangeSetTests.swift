import CompetencyModel
import Foundation
import FrameworkDiff
import OutputFormats
import Testing
import XMLSupport

/// 2019 against a copy with a change of nearly every kind the change set knows, including
/// those the text and JSON reports list apart: reorders of phases, training, services and
/// competencies, and link changes of training and services.
enum ChangeSetRedlineFixture {
    static func frameworks() throws -> (old: Framework, new: Framework) {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.metadata.version = "2025"
        new.metadata.date = "2025-01-31"
        new.metadata.description = "A shorter description of the framework, for the redline test."

        // Two neighbours swapped: one phase out of order.
        new.phases.swapAt(0, 1)

        let core = try #require(new.groups.firstIndex { $0.id == "core" })
        let enhanced = try #require(new.groups.firstIndex { $0.id == "enhanced" })
        new.groups[core].description = "Everyone who meets children and young people at work, however briefly."
        new.groups[core].roles[0].name = "Premises and site teams"
        let volunteer = try #require(new.groups[core].roles.firstIndex { $0.id == "volunteer" })
        new.groups[enhanced].roles.append(new.groups[core].roles.remove(at: volunteer))

        new.ratingScale.points[1].descriptor = "I am learning this and can do it with help."

        new.trainingOptions[0].url = "https://training.example.org/minded/anxiety"
        new.trainingOptions.insert(new.trainingOptions.removeLast(), at: 0)
        new.trainingOptions.append(TrainingOption(
            id: "calm-garden", scope: .local, format: .workshop, title: "Growing a calm garden with children",
            provider: "Redline Council", duration: "PT2H", url: "https://training.example.org/calm-garden"))

        let childline = try #require(new.services.firstIndex { $0.id == "childline" })
        new.services[childline].url = "https://help.example.org/childline"
        let theMix = try #require(new.services.firstIndex { $0.id == "the-mix" })
        new.services[theMix].description = "Free, confidential support for anyone under 25, by phone or online chat."
        new.services.insert(new.services.removeLast(), at: 0)

        let attachment = try #require(new.areas.firstIndex { $0.id == "development-attachment" })
        new.areas[attachment].description = "How children develop socially and emotionally, and why trusted relationships matter."

        try new.update("ws-02") { $0.statement = "Knows who leads on mental health and wellbeing in the organisation and how to reach them quickly." }
        try new.update("ws-03") { $0.enhancements.append("Greets children who arrive late as warmly as those who arrive on time.") }
        try new.update("ws-05") { $0.phaseIDs = ["secondary", "college"] }
        try new.update("es-02") { $0.serviceRefs.append(Reference("childline")) }
        try new.removeCompetency("ws-09")
        let moving = try new.removeCompetency("ws-04")
        try new.insert(moving, inArea: "development-attachment", at: 1)
        try new.insert(RedlineFixture.added, inArea: "whole-setting", at: 2)
        let earlySigns = try #require(new.areas.firstIndex { $0.id == "early-signs" })
        new.areas[earlySigns].competencies.append(new.areas[earlySigns].competencies.removeFirst())
        return (old, new)
    }

    /// 2019 against a copy in which whole lists change place: an area (with a competency
    /// reworded, one added and one removed inside it) and a group (with a role added and
    /// one removed).
    static func movedLists() throws -> (old: Framework, new: Framework) {
        let old = try DiffRepo.framework("2019")
        var new = old
        let earlySigns = try #require(new.areas.firstIndex { $0.id == "early-signs" })
        new.areas.insert(new.areas.remove(at: earlySigns), at: 0)
        try new.update("es-02") { $0.statement = "Knows the common signs that a child or young person may be anxious, such as avoiding things or often feeling unwell." }
        try new.removeCompetency("es-03")
        try new.insert(RedlineFixture.added, inArea: "early-signs", at: 1)
        let targeted = try #require(new.groups.firstIndex { $0.id == "targeted" })
        new.groups.insert(new.groups.remove(at: targeted), at: 0)
        new.groups[0].roles.remove(at: 1)
        new.groups[0].roles.append(Role(id: "wellbeing-champion", name: "Wellbeing champions"))
        return (old, new)
    }

    static func comparison(_ frameworks: () throws -> (old: Framework, new: Framework) = frameworks) throws -> (old: Framework, new: Framework, changes: ChangeSet, paragraphs: [RedlineParagraph]) {
        let (old, new) = try frameworks()
        let changes = FrameworkComparison().compare(old, new)
        let package = RedlineComposer(changes: changes, new: new).package()
        let document = try #require(package.part(named: "word/document.xml"))
        return (old, new, changes, RedlineParagraph.read(try RedlineFixture.read(document.bytes)))
    }
}

/// One paragraph of a redline: its style, the revision mark on the paragraph itself, and
/// its text in pieces, each with the revision it sits in.
struct RedlineParagraph {
    enum Mark: String { case ins, del, moveFrom, moveTo }

    var style: String
    var paragraphMark: Mark?
    var pieces: [(mark: Mark?, text: String)] = []

    var isMarked: Bool { paragraphMark != nil || pieces.contains { $0.mark != nil } }
    var marks: Set<Mark> { Set(pieces.compactMap(\.mark) + (paragraphMark.map { [$0] } ?? [])) }
    /// The text once every revision is accepted: what the new version says.
    var accepted: String { pieces.filter { $0.mark != .del && $0.mark != .moveFrom }.map(\.text).joined() }
    /// The text once every revision is rejected: what the old version said.
    var rejected: String { pieces.filter { $0.mark != .ins && $0.mark != .moveTo }.map(\.text).joined() }
    func text(_ marks: Mark...) -> String {
        pieces.filter { $0.mark.map(marks.contains) ?? false }.map(\.text).joined()
    }

    static func read(_ root: XMLSupport.XMLElement) -> [RedlineParagraph] {
        allElements(root).filter { $0.name == "p" && $0.namespaceURI == wordNamespace }.map { element in
            let properties = element.child("pPr")
            var paragraph = RedlineParagraph(
                style: properties?.child("pStyle")?.word("val") ?? "",
                paragraphMark: properties?.child("rPr")?.children.compactMap { Mark(rawValue: $0.name) }.first)
            func walk(_ node: XMLSupport.XMLElement, _ mark: Mark?) {
                for child in node.children where child.namespaceURI == wordNamespace {
                    switch child.name {
                    case "pPr", "rPr": continue
                    case "t", "delText": paragraph.pieces.append((mark, child.text))
                    default: walk(child, Mark(rawValue: child.name) ?? mark)
                    }
                }
            }
            walk(element, nil)
            return paragraph
        }
    }
}

/// What a paragraph of the redline is about: a competency, or another item of the
/// framework, named as the change set names it.
enum RedlineItem: Hashable, CustomStringConvertible {
    case competency(String)
    case entity(EntityChange.Entity, String)

    var description: String {
        switch self {
        case .competency(let id): "competency \(id)"
        case .entity(let entity, let id): "\(entity.rawValue) \(id)"
        }
    }

    init(_ change: EntityChange) { self = .entity(change.entity, change.id) }
    init(_ change: CompetencyChange) { self = .competency(change.id) }
}

/// Finds which item each paragraph of a redline belongs to, from the text of the two
/// versions rather than from the code under test: an item's first paragraph is known by its
/// wording (a competency by its code, a training option by its title, and so on), and the
/// paragraphs after it (enhancements, details, descriptions) belong to it until the next.
struct RedlineReader {
    let old: Framework
    let new: Framework

    enum Lead { case item(RedlineItem), none }

    func lead(_ paragraph: RedlineParagraph) -> Lead? {
        let texts = [paragraph.accepted, paragraph.rejected].filter { !$0.isEmpty }
        func any(_ test: (String) -> Bool) -> Bool { texts.contains(where: test) }
        let frameworks = [new, old]
        switch paragraph.style {
        case "CKRedlineTitle":
            return .item(.entity(.metadata, new.metadata.id))
        case "Heading1":
            for framework in frameworks {
                if let area = framework.areas.first(where: { area in any { $0 == area.name } }) { return .item(.entity(.area, area.id)) }
            }
            return Lead.none
        case "Heading2":
            for framework in frameworks {
                if let group = framework.groups.first(where: { group in any { $0 == group.name } }) { return .item(.entity(.group, group.id)) }
            }
            return Lead.none
        case "Heading3":
            return Lead.none
        case "ListBullet":
            for framework in frameworks {
                if let role = framework.groups.flatMap(\.roles).first(where: { role in any { $0 == role.name } }) { return .item(.entity(.role, role.id)) }
                if let phase = framework.phases.first(where: { phase in any { $0 == phase.name || $0.hasPrefix(phase.name + ":") } }) { return .item(.entity(.phase, phase.id)) }
                if let point = framework.ratingScale.points.first(where: { point in any { $0.hasPrefix(point.label + ":") } }) { return .item(.entity(.ratingPoint, String(point.value))) }
                if let option = framework.trainingOptions.first(where: { option in any { $0.hasPrefix(option.title + " (") || $0.hasPrefix(option.title + ":") } }) { return .item(.entity(.training, option.id)) }
                if let service = framework.services.first(where: { service in any { $0.hasPrefix(service.name + " (") || $0.hasPrefix(service.name + ":") } }) { return .item(.entity(.service, service.id)) }
            }
            if any({ text in ["Publisher:", "Licence:", "Language:"].contains { text.hasPrefix($0) } }) { return .item(.entity(.metadata, new.metadata.id)) }
            return Lead.none
        case "Normal":
            for framework in frameworks {
                if let competency = framework.competencies.first(where: { competency in any { $0.hasPrefix(competency.code + " ") } }) {
                    return .item(.competency(competency.id))
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// Each paragraph with the item it belongs to; nil for the introduction, the summary
    /// and section headings.
    func owners(_ paragraphs: [RedlineParagraph]) -> [(paragraph: RedlineParagraph, item: RedlineItem?)] {
        var current: RedlineItem?
        return paragraphs.map { paragraph in
            switch lead(paragraph) {
            case .item(let item)?: current = item
            case .none?: current = nil
            case nil: break
            }
            return (paragraph, current)
        }
    }
}

@Suite("Word redline: renders the change set")
struct RedlineChangeSetTests {
    @Test func theFixtureHasReordersAndLinkChanges() throws {
        let (_, _, changes, _) = try ChangeSetRedlineFixture.comparison()
        let kinds = Set(changes.otherChanges.map { "\($0.entity.rawValue) \($0.kind.rawValue)" })
        for expected in ["phase reordered", "training reordered", "service reordered", "training link-changed", "service link-changed",
                         "training added", "service modified", "role modified", "group modified", "area modified", "rating-point modified", "metadata modified"] {
            #expect(kinds.contains(expected), "the fixture has no \(expected)")
        }
        #expect(changes.kindsByID == [
            "ws-02": [.reworded], "ws-03": [.modified], "ws-05": [.moved], "es-02": [.modified], "ws-09": [.removed],
            "ws-04": [.moved], "ws-10": [.added], "es-01": [.reordered],
        ])
    }

    /// Every line of the text report, reorders and link changes included, is a tracked
    /// change in the Word redline, of the kind the report names.
    @Test func everyChangeTheTextReportListsIsTrackedInTheRedline() throws {
        let (old, new, changes, paragraphs) = try ChangeSetRedlineFixture.comparison()
        let report = ChangeSetText.render(changes)
        let owned = RedlineReader(old: old, new: new).owners(paragraphs)
        func of(_ item: RedlineItem) -> [RedlineParagraph] { owned.filter { $0.item == item }.map(\.paragraph) }
        func removedText(_ paragraphs: [RedlineParagraph]) -> String { paragraphs.map { $0.text(.del, .moveFrom) }.joined(separator: "\n").lowercased() }
        func addedText(_ paragraphs: [RedlineParagraph]) -> String { paragraphs.map { $0.text(.ins, .moveTo) }.joined(separator: "\n").lowercased() }
        func accepted(_ paragraphs: [RedlineParagraph]) -> String { paragraphs.map(\.accepted).joined(separator: "\n").lowercased() }
        func rejected(_ paragraphs: [RedlineParagraph]) -> String { paragraphs.map(\.rejected).joined(separator: "\n").lowercased() }
        func moved(_ paragraphs: [RedlineParagraph]) -> Bool {
            paragraphs.contains { $0.marks.contains(.moveFrom) } && paragraphs.contains { $0.marks.contains(.moveTo) }
        }

        for change in changes.otherChanges {
            #expect(report.contains("\(change.entity.rawValue) \(change.id): \(change.kind.rawValue)"))
            let item = RedlineItem(change)
            let shown = of(item)
            #expect(shown.contains { $0.isMarked }, "\(item) (\(change.kind.rawValue)) has no tracked change in the redline")
            switch change.kind {
            case .added:
                #expect(shown.allSatisfy { $0.paragraphMark == .ins }, "\(item) is not shown inserted")
            case .removed:
                #expect(shown.allSatisfy { $0.paragraphMark == .del }, "\(item) is not shown deleted")
            case .reordered:
                #expect(moved(shown), "\(item) is not shown moved")
            case .linkChanged, .modified:
                for field in change.fields {
                    // Values the redline spells differently (an ISO duration, a rank) need
                    // only a tracked change; text must read old when rejected, new when accepted.
                    guard ["name", "title", "description", "label", "descriptor", "provider", "url", "publisher", "licence", "language"].contains(field.field) else { continue }
                    if let value = field.old { #expect(rejected(shown).contains(value.lowercased()), "\(item): the old \(field.field) is not in the redline") }
                    if let value = field.new { #expect(accepted(shown).contains(value.lowercased()), "\(item): the new \(field.field) is not in the redline") }
                    if change.kind == .linkChanged {
                        // A link is replaced whole, so the reader sees both addresses intact.
                        #expect(removedText(shown).contains(field.old?.lowercased() ?? "\u{0}"), "\(item): the old link is not shown deleted")
                        #expect(addedText(shown).contains(field.new?.lowercased() ?? "\u{0}"), "\(item): the new link is not shown inserted")
                    }
                }
                if change.fields.contains(where: { $0.field == "group" }) {
                    #expect(moved(shown), "\(item) changed group but is not shown moved")
                }
            }
        }

        let names = ChangeSetRedlineFixture.names(old, new)
        for change in changes.competencyChanges {
            #expect(report.contains(change.id))
            let item = RedlineItem(change)
            let shown = of(item)
            #expect(shown.contains { $0.isMarked }, "\(item) (\(change.orderedKinds.map(\.rawValue))) has no tracked change in the redline")
            if change.kinds.contains(.added) {
                #expect(shown.allSatisfy { $0.paragraphMark == .ins }, "\(item) is not shown inserted")
            }
            if change.kinds.contains(.removed) {
                #expect(shown.allSatisfy { $0.paragraphMark == .del }, "\(item) is not shown deleted")
            }
            if change.kinds.contains(.reordered) || change.fields.contains(where: { $0.field == "area" }) {
                #expect(moved(shown), "\(item) is not shown moved")
            }
            if let statement = change.oldStatement { #expect(rejected(shown).contains(statement.lowercased()), "\(item): old statement missing") }
            if let statement = change.newStatement { #expect(accepted(shown).contains(statement.lowercased()), "\(item): new statement missing") }
            for field in change.fields where field.field != "area" {
                let before = Set(names(field.field, field.old)), after = Set(names(field.field, field.new))
                for value in before.subtracting(after) { #expect(rejected(shown).contains(value.lowercased()), "\(item): old \(field.field) '\(value)' missing") }
                for value in after.subtracting(before) { #expect(accepted(shown).contains(value.lowercased()), "\(item): new \(field.field) '\(value)' missing") }
            }
        }
    }

    /// Items the change set does not list are shown without revision marks, and those it
    /// lists with them: the redline invents nothing and leaves nothing out.
    @Test func theRedlineMarksExactlyTheItemsTheChangeSetLists() throws {
        let (old, new, changes, paragraphs) = try ChangeSetRedlineFixture.comparison()
        let owned = RedlineReader(old: old, new: new).owners(paragraphs)
        let unowned = owned.filter { $0.item == nil && $0.paragraph.isMarked }.map(\.paragraph.accepted)
        #expect(unowned.isEmpty, "tracked changes outside any item: \(unowned)")
        let marked = Set(owned.filter(\.paragraph.isMarked).compactMap(\.item))
        let listed = Set(changes.competencyChanges.map(RedlineItem.init) + changes.otherChanges.map(RedlineItem.init))
        #expect(marked.subtracting(listed).map(\.description).sorted() == [], "marked in the redline but not in the change set")
        #expect(listed.subtracting(marked).map(\.description).sorted() == [], "in the change set but not marked in the redline")
    }

    /// Accepting every change reads as the new version and rejecting every change as the
    /// old, item by item and in order: a reorder or a move is shown at both ends, and old
    /// copies stand where they stood, also when a whole area or group moves.
    @Test(arguments: ["each kind", "moved lists"])
    func acceptingAllGivesTheNewOrderAndRejectingAllTheOld(_ fixture: String) throws {
        let (old, new, changes, paragraphs) = try ChangeSetRedlineFixture.comparison(
            fixture == "each kind" ? ChangeSetRedlineFixture.frameworks : ChangeSetRedlineFixture.movedLists)
        if fixture == "moved lists" {
            #expect(Set(changes.otherChanges.filter { $0.kind == .reordered }.map { "\($0.entity.rawValue) \($0.id)" }) == ["area early-signs", "group targeted"])
        }
        #expect(ChangeSetRedlineFixture.sequence(paragraphs.map(\.accepted), paragraphs, of: new) == ChangeSetRedlineFixture.expected(new))
        #expect(ChangeSetRedlineFixture.sequence(paragraphs.map(\.rejected), paragraphs, of: old) == ChangeSetRedlineFixture.expected(old))
    }

    /// A change set rendered with a framework it was not made from (a caller's mistake)
    /// still shows every change, at the end, rather than dropping those it cannot place.
    @Test func aChangeTheLayoutCannotPlaceIsStillShown() throws {
        let (old, new) = try RedlineFixture.frameworks()
        let changes = FrameworkComparison().compare(old, new)
        let package = RedlineComposer(changes: changes, new: old).package()
        let paragraphs = RedlineParagraph.read(try RedlineFixture.read(try #require(package.part(named: "word/document.xml")).bytes))
        #expect(paragraphs.contains { $0.text(.ins).contains(RedlineFixture.added.statement) })
        #expect(paragraphs.contains { $0.accepted == "Other changes" })
    }

    /// The same comparison from a framework to itself: nothing to mark.
    @Test func anUnchangedFrameworkHasNoTrackedChanges() throws {
        let framework = try DiffRepo.framework("2019")
        let changes = FrameworkComparison().compare(framework, framework)
        let package = RedlineComposer(changes: changes, new: framework).package()
        let paragraphs = RedlineParagraph.read(try RedlineFixture.read(try #require(package.part(named: "word/document.xml")).bytes))
        #expect(!paragraphs.contains { $0.isMarked })
    }
}

extension ChangeSetRedlineFixture {
    /// The items of each kind in the order the document shows them, read from the text of
    /// each paragraph (as accepted or as rejected) against one version's wording.
    static func sequence(_ texts: [String], _ paragraphs: [RedlineParagraph], of framework: Framework) -> [String: [String]] {
        let statements = Dictionary(framework.competencies.map { ("\($0.code) \($0.statement)", $0.id) }, uniquingKeysWith: { first, _ in first })
        let roles = Dictionary(framework.groups.flatMap(\.roles).map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        var result: [String: [String]] = [:]
        for (text, paragraph) in zip(texts, paragraphs) where !text.isEmpty {
            switch paragraph.style {
            case "Heading1":
                if let area = framework.areas.first(where: { $0.name == text }) { result["areas", default: []].append(area.id) }
            case "Heading2":
                if let group = framework.groups.first(where: { $0.name == text }) { result["groups", default: []].append(group.id) }
            case "Normal":
                if let id = statements[text] { result["competencies", default: []].append(id) }
            case "ListBullet":
                if let id = roles[text] {
                    result["roles", default: []].append(id)
                } else if let phase = framework.phases.first(where: { text.hasPrefix($0.name + ":") }) {
                    result["phases", default: []].append(phase.id)
                } else if let option = framework.trainingOptions.first(where: { text.hasPrefix($0.title + " (") }) {
                    result["training", default: []].append(option.id)
                } else if let service = framework.services.first(where: { text.hasPrefix($0.name + " (") }) {
                    result["services", default: []].append(service.id)
                }
            default:
                break
            }
        }
        return result
    }

    static func expected(_ framework: Framework) -> [String: [String]] {
        [
            "areas": framework.areas.map(\.id), "groups": framework.groups.map(\.id), "competencies": framework.competencies.map(\.id),
            "roles": framework.groups.flatMap(\.roles).map(\.id), "phases": framework.phases.map(\.id),
            "training": framework.trainingOptions.map(\.id), "services": framework.services.map(\.id),
        ]
    }

    /// A competency field's value as the names a reader sees: ids of groups, phases,
    /// training and services become their names on either side; lists split into items.
    static func names(_ old: Framework, _ new: Framework) -> (String, String?) -> [String] {
        { field, value in
            guard let value else { return [] }
            func name(_ id: String) -> String {
                for framework in [new, old] {
                    switch field {
                    case "group": if let group = framework.groups.first(where: { $0.id == id }) { return group.name }
                    case "phases": if let phase = framework.phases.first(where: { $0.id == id }) { return phase.name }
                    case "training": if let option = framework.trainingOptions.first(where: { $0.id == id }) { return option.title }
                    case "signposts": if let service = framework.services.first(where: { $0.id == id }) { return service.name }
                    default: return id
                    }
                }
                return id
            }
            switch field {
            case "enhancements", "training", "signposts", "topics": return value.split(separator: "\n").map { name(String($0)) }
            case "phases": return value.split(separator: " ").map { name(String($0)) }
            default: return [name(value)]
            }
        }
    }
}
