import CompetencyModel
import FrameworkDiff
import XMLSupport

/// A Word document of the new version in which every change against the old one is a
/// tracked change, so a reviewer accepts or rejects each in Word: title, groups and roles,
/// phases, rating scale, competencies (statement, enhancements, and a line giving group,
/// phases and training), training and services. Additions and deletions are `w:ins` /
/// `w:del` (word by word for rewordings); moves between areas and within an area are
/// `w:moveFrom` / `w:moveTo`. The author and date come from the new version.
public struct RedlineComposer {
    public var old: Framework
    public var new: Framework
    public var changes: ChangeSet
    /// When the new side is an edition: its own content (workshops, key messages,
    /// questionnaire, strategies, dissemination plan) is shown as inserted, and each change
    /// carries the profile's reason as a comment.
    public var edition: Edition?
    /// The profile's first reason for each changed item, by kind and id: looked up for every
    /// item, so it is indexed once rather than searched each time.
    private let reasons: [String: String]

    public init(old: Framework, new: Framework, changes: ChangeSet, edition: Edition? = nil) {
        self.old = old
        self.new = new
        self.changes = changes
        self.edition = edition
        var reasons: [String: String] = [:]
        for record in edition?.provenance ?? [] where record.change != .unchanged {
            let key = "\(record.itemKind.rawValue):\(record.itemID)"
            if reasons[key] == nil { reasons[key] = record.rationale }
        }
        self.reasons = reasons
    }

    /// "In It Together (version 2019)": how readers know a version, never by its id.
    static func name(_ framework: Framework) -> String {
        "\(framework.metadata.title) (version \(framework.metadata.version))"
    }

    public func package() -> OPCPackage {
        var writer = TrackedWriter(author: new.metadata.publisher, date: "\(new.metadata.date)T00:00:00Z")
        var body = WordBody(pageSetup: PageSetup(), footerRelationshipID: "rIdFooter1")
        // A compact title, so the summary of changes fits on page 1.
        body.raw(writer.paragraph(style: WordStyles.redlineTitle, [.diff(WordDiff.compare(old.metadata.title, new.metadata.title))]))
        body.paragraph("Tracked changes from \(Self.name(old)), \(EditionDocumentComposer.longDate(old.metadata.date)), to \(Self.name(new)), \(EditionDocumentComposer.longDate(new.metadata.date)).")
        body.paragraph("Every difference from the earlier version is a tracked change. Use Review › Accept or Reject in Word; accepting all gives the new version, rejecting all gives the old one.\(edition == nil ? "" : " Where the edition gives a reason for a change, it is attached as a comment.")")
        summary(&body)
        body.raw(groups(&writer))
        body.raw(phasesAndScale(&writer))
        body.raw(competencies(&writer))
        body.raw(training(&writer))
        body.raw(services(&writer))
        if let edition { body.raw(editionContent(edition, &writer)) }
        body.finish(.portrait)
        return WordDocument(
            title: "Changes from \(Self.name(old)) to \(Self.name(new))",
            footerText: "Tracked changes: \(old.metadata.publisher) \(old.metadata.version) to \(new.metadata.publisher) \(new.metadata.version)",
            subject: new.metadata.title, creator: new.metadata.publisher, language: new.metadata.language,
            date: new.metadata.date, keywords: "tracked changes; \(new.metadata.title)", body: body, reference: nil,
            comments: writer.comments
        ).package()
    }

    // MARK: - Summary

    static let competencyKindMeaning: [CompetencyChange.Kind: String] = [
        .added: "new in this version",
        .removed: "left out of this version",
        .renamed: "given a new code",
        .reworded: "statement reworded",
        .moved: "moved to another area",
        .reordered: "moved within its area",
        .modified: "group, phases, enhancements or training changed",
    ]

    /// Page 1: how many changes of each kind, what each kind means, and where to find them.
    private func summary(_ body: inout WordBody) {
        body.heading("Summary of changes", level: 2)
        var rows: [[WordBody.Cell]] = []
        for (kind, count) in changes.competencyCounts {
            rows.append([.text("Competencies"), .text("\(count) \(kind.rawValue)"), .text(Self.competencyKindMeaning[kind] ?? "")])
        }
        for (entity, _) in changes.entityCounts {
            for kind in EntityChange.Kind.allCases {
                let count = changes.otherChanges.filter { $0.entity == entity && $0.kind == kind }.count
                guard count > 0 else { continue }
                rows.append([.text(Self.entityName(entity)), .text("\(count) \(kind.rawValue.replacingHyphens.lowercased())"), .text(Self.entityMeaning(entity, kind))])
            }
        }
        if let edition {
            var added: [String] = []
            if !edition.keyMessages.isEmpty { added.append("\(edition.keyMessages.count) key messages") }
            if !edition.workshops.isEmpty { added.append("\(edition.workshops.count) workshops with their outcomes and plans") }
            if edition.questionnaire != nil { added.append("the evaluation questionnaire") }
            if !edition.strategies.isEmpty { added.append("\(edition.strategies.count) local strategies") }
            if !edition.dissemination.isEmpty { added.append("the dissemination plan") }
            if !added.isEmpty {
                rows.append([.text("Edition content"), .text(added.joined(separator: "; ")), .text("content only this edition has, shown as inserted at the end")])
            }
        }
        guard !rows.isEmpty else {
            body.paragraph("The two versions are the same: nothing has changed.")
            return
        }
        body.table(
            caption: "Summary of changes: how many of each kind and what each kind means",
            columns: [.init(header: "What", width: 2200), .init(header: "Changes", width: 3000), .init(header: "What it means", width: 4400)],
            rows: rows, orientation: .portrait, keepTogether: rows.count <= 12)
        body.paragraph("The sections follow the order of the framework: groups and roles, phases and rating scale, competencies area by area, training and services\(edition == nil ? "" : ", then the edition's own content").")
    }

    static func entityName(_ entity: EntityChange.Entity) -> String {
        switch entity {
        case .metadata: return "Title and details"
        case .phase: return "Age phases"
        case .group: return "Groups"
        case .role: return "Suggested roles"
        case .area: return "Areas"
        case .training: return "Training"
        case .service: return "Services"
        case .ratingPoint: return "Rating scale"
        }
    }

    static func entityMeaning(_ entity: EntityChange.Entity, _ kind: EntityChange.Kind) -> String {
        switch kind {
        case .added: return "new in this version"
        case .removed: return "left out of this version"
        case .reordered: return "in a different order"
        case .linkChanged: return "the web address changed"
        case .modified: return entity == .metadata ? "the title, publisher or description changed" : "wording or details changed"
        }
    }

    /// The profile's reason for a change to an item, if the new side is an edition.
    private func reason(_ kind: Provenance.ItemKind, _ id: String) -> String? {
        reasons["\(kind.rawValue):\(id)"].map { "Why: " + EditionDocumentComposer.sentence($0) }
    }

    // MARK: - Competencies

    private func competencies(_ writer: inout TrackedWriter) -> String {
        var xml = ""
        let byNew = Dictionary(changes.competencyChanges.compactMap { change in change.newID.map { ($0, change) } }, uniquingKeysWith: { first, _ in first })
        var byOld: [String: CompetencyChange] = [:]
        for change in changes.competencyChanges {
            if let id = change.oldID { byOld[id] = change }
        }
        let oldCompetencies = Dictionary(old.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newAreaIDs = Set(new.areas.map(\.id))
        var moveNumber = 0
        var moveNames: [String: String] = [:]
        func moveName(_ oldID: String) -> String {
            if let name = moveNames[oldID] { return name }
            moveNumber += 1
            let name = "move\(moveNumber)"
            moveNames[oldID] = name
            return name
        }
        func isMove(_ change: CompetencyChange?) -> Bool {
            guard let change else { return false }
            return change.kinds.contains(.reordered) || (change.kinds.contains(.moved) && change.oldArea != change.newArea)
        }

        // Old competencies that stay in their area, in order, anchor the merge.
        func oldOnlyItems(of area: Area) -> [(anchor: String?, competency: Competency)] {
            var result: [(String?, Competency)] = []
            var lastAnchor: String?
            for competency in area.competencies {
                let change = byOld[competency.id]
                if change?.kinds.contains(.removed) == true || isMove(change) {
                    result.append((lastAnchor, competency))
                } else {
                    lastAnchor = change?.newID ?? competency.id
                }
            }
            return result
        }

        let oldAreas = Dictionary(old.areas.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // A deleted area stays where it stood: after the last area before it that survives.
        var deletedAfter: [String?: [Area]] = [:]
        var survivor: String?
        for area in old.areas {
            if newAreaIDs.contains(area.id) {
                survivor = area.id
            } else {
                deletedAfter[survivor, default: []].append(area)
            }
        }
        func deletedAreas(after anchor: String?) -> String {
            var xml = ""
            for area in deletedAfter[anchor] ?? [] {
                xml += writer.paragraph(style: "Heading1", mark: .deleted, [.deleted(area.name)], comment: reason(.area, area.id))
                for competency in area.competencies {
                    let change = byOld[competency.id]
                    xml += competencyParagraph(competency, mark: isMove(change) ? .movedFrom(moveName(competency.id)) : .deleted, &writer)
                }
            }
            return xml
        }
        xml += deletedAreas(after: nil)
        for area in new.areas {
            if let previous = oldAreas[area.id] {
                xml += writer.paragraph(style: "Heading1", [.diff(WordDiff.compare(previous.name, area.name))], comment: previous.name == area.name ? nil : reason(.area, area.id))
            } else {
                xml += writer.paragraph(style: "Heading1", mark: .inserted, [.inserted(area.name)], comment: reason(.area, area.id))
            }
            let pending = oldAreas[area.id].map(oldOnlyItems) ?? []
            func flush(after anchor: String?) -> String {
                pending.filter { $0.anchor == anchor }.map { item in
                    let change = byOld[item.competency.id]
                    if isMove(change) {
                        return competencyParagraph(item.competency, mark: .movedFrom(moveName(item.competency.id)), &writer)
                    }
                    return competencyParagraph(item.competency, mark: .deleted, &writer)
                }.joined()
            }
            xml += flush(after: nil)
            for competency in area.competencies {
                let change = byNew[competency.id]
                if change?.kinds.contains(.added) == true {
                    xml += competencyParagraph(competency, mark: .inserted, &writer)
                } else if isMove(change), let change, let oldID = change.oldID, let previous = oldCompetencies[oldID] {
                    xml += competencyParagraph(competency, mark: .movedTo(moveName(previous.id)), &writer)
                } else if let change, let oldID = change.oldID, let previous = oldCompetencies[oldID] {
                    xml += changedParagraph(previous, competency, &writer)
                    xml += flush(after: competency.id)
                } else {
                    xml += competencyParagraph(competency, mark: nil, &writer)
                    xml += flush(after: competency.id)
                }
            }
            xml += deletedAreas(after: area.id)
        }
        return xml
    }

    /// A whole competency under one mark: plain, inserted, deleted or moved.
    private func competencyParagraph(_ competency: Competency, mark: TrackedWriter.Mark?, _ writer: inout TrackedWriter) -> String {
        func piece(_ text: String) -> TrackedWriter.Piece {
            switch mark {
            case nil: .plain(text)
            case .inserted: .inserted(text)
            case .deleted: .deleted(text)
            case .movedFrom: .movedFrom(text)
            case .movedTo: .movedTo(text)
            }
        }
        let why = mark == nil ? nil : reason(.competency, competency.id)
        var xml = writer.paragraph(style: WordStyles.normal, mark: mark, [piece(competency.code + " "), piece(competency.statement)], boldFirst: true, comment: why)
        for enhancement in competency.enhancements {
            xml += writer.paragraph(style: WordStyles.enhancement, mark: mark, [piece(enhancement)])
        }
        let framework = mark.map { if case .deleted = $0 { return old } else if case .movedFrom = $0 { return old } else { return new } } ?? new
        xml += writer.paragraph(style: WordStyles.note, mark: mark, [piece(Self.details(competency, in: framework))])
        return xml
    }

    /// A matched competency whose code or wording changed: word-level tracked edits.
    private func changedParagraph(_ old: Competency, _ new: Competency, _ writer: inout TrackedWriter) -> String {
        var pieces: [TrackedWriter.Piece] = []
        if old.code == new.code {
            pieces.append(.plain(new.code + " "))
        } else {
            pieces += [.deleted(old.code), .inserted(new.code), .plain(" ")]
        }
        pieces.append(.diff(WordDiff.compare(old.statement, new.statement)))
        var xml = writer.paragraph(style: WordStyles.normal, pieces, boldFirst: true, comment: reason(.competency, new.id))
        let common = Set(old.enhancements).intersection(new.enhancements)
        for enhancement in old.enhancements where !common.contains(enhancement) {
            xml += writer.paragraph(style: WordStyles.enhancement, mark: .deleted, [.deleted(enhancement)])
        }
        for enhancement in new.enhancements {
            xml += common.contains(enhancement)
                ? writer.paragraph(style: WordStyles.enhancement, [.plain(enhancement)])
                : writer.paragraph(style: WordStyles.enhancement, mark: .inserted, [.inserted(enhancement)])
        }
        xml += writer.paragraph(style: WordStyles.note, [.diff(WordDiff.compare(Self.details(old, in: self.old), Self.details(new, in: self.new)))])
        return xml
    }

    /// Who a competency is for and how it is developed, as one line, so a change of group,
    /// phases or training shows as a tracked edit beside the statement.
    public static func details(_ competency: Competency, in framework: Framework) -> String {
        let group = framework.groups.first { $0.id == competency.groupID }?.name ?? competency.groupID
        let phases = competency.phaseIDs.map { id in framework.phases.first { $0.id == id }?.name ?? id }
        let training = competency.trainingRefs.map { reference in
            framework.trainingOptions.first { $0.id == reference.id }?.title ?? reference.id
        }
        return "For \(group) and above. Phases: \(phases.joined(separator: ", ")). Training: \(training.joined(separator: "; "))."
    }

    // MARK: - Groups, phases and the rating scale

    /// Paragraphs for items matched by id: a word diff where both sides have the item,
    /// an insertion or deletion where only one does.
    private func matched<Item>(
        _ oldItems: [Item], _ newItems: [Item], id: (Item) -> String, text: (Item) -> String,
        style: String, kind: Provenance.ItemKind? = nil, _ writer: inout TrackedWriter
    ) -> String {
        var xml = ""
        let oldByID = Dictionary(oldItems.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(newItems.map(id))
        func why(_ item: Item) -> String? { kind.flatMap { reason($0, id(item)) } }
        for item in newItems {
            if let previous = oldByID[id(item)] {
                let changed = text(previous) != text(item)
                xml += writer.paragraph(style: style, [.diff(WordDiff.compare(text(previous), text(item)))], comment: changed ? why(item) : nil)
            } else {
                xml += writer.paragraph(style: style, mark: .inserted, [.inserted(text(item))], comment: why(item))
            }
        }
        for item in oldItems where !newIDs.contains(id(item)) {
            xml += writer.paragraph(style: style, mark: .deleted, [.deleted(text(item))], comment: why(item))
        }
        return xml
    }

    private func groups(_ writer: inout TrackedWriter) -> String {
        var xml = writer.paragraph(style: "Heading1", [.plain("Competency groups and suggested roles")])
        let oldGroups = Dictionary(old.groups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.groups.map(\.id))
        for group in new.groupsByRank {
            guard let previous = oldGroups[group.id] else {
                xml += writer.paragraph(style: "Heading2", mark: .inserted, [.inserted(group.name)])
                xml += writer.paragraph(style: WordStyles.normal, mark: .inserted, [.inserted(group.description)], keepNext: !group.roles.isEmpty)
                xml += matched([], group.roles, id: \.id, text: \.name, style: WordStyles.listBullet, kind: .role, &writer)
                continue
            }
            xml += writer.paragraph(style: "Heading2", [.diff(WordDiff.compare(previous.name, group.name))])
            // The description introduces the list of roles: it stays on the page they start on.
            xml += writer.paragraph(style: WordStyles.normal, [.diff(WordDiff.compare(previous.description, group.description))],
                                    comment: previous.description == group.description ? nil : reason(.group, group.id),
                                    keepNext: !(previous.roles.isEmpty && group.roles.isEmpty))
            xml += matched(previous.roles, group.roles, id: \.id, text: \.name, style: WordStyles.listBullet, kind: .role, &writer)
        }
        for group in old.groupsByRank where !newIDs.contains(group.id) {
            xml += writer.paragraph(style: "Heading2", mark: .deleted, [.deleted(group.name)])
            xml += writer.paragraph(style: WordStyles.normal, mark: .deleted, [.deleted(group.description)], keepNext: !group.roles.isEmpty)
            xml += matched(group.roles, [], id: \.id, text: \.name, style: WordStyles.listBullet, &writer)
        }
        return xml
    }

    private func phasesAndScale(_ writer: inout TrackedWriter) -> String {
        var xml = writer.paragraph(style: "Heading1", [.plain("Age phases")])
        xml += matched(old.phases, new.phases, id: \.id, text: { $0.name + ($0.description.map { ": " + $0 } ?? "") }, style: WordStyles.listBullet, kind: .phase, &writer)
        xml += writer.paragraph(style: "Heading1", [.plain("Self-assessment rating scale")])
        xml += matched(old.ratingScale.points, new.ratingScale.points, id: { String($0.value) }, text: { "\($0.label): \($0.descriptor)" }, style: WordStyles.listBullet, &writer)
        return xml
    }

    private func services(_ writer: inout TrackedWriter) -> String {
        guard !old.services.isEmpty || !new.services.isEmpty else { return "" }
        var xml = writer.paragraph(style: "Heading1", [.plain("Signposting services")])
        xml += matched(old.services, new.services, id: \.id, text: { "\($0.name): \($0.description)" + ($0.url.map { " " + $0 } ?? "") }, style: WordStyles.listBullet, kind: .service, &writer)
        return xml
    }

    // MARK: - Training

    private func training(_ writer: inout TrackedWriter) -> String {
        var xml = writer.paragraph(style: "Heading1", [.plain("Training")])
        let oldByID = Dictionary(old.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.trainingOptions.map(\.id))
        for option in new.trainingOptions {
            if let previous = oldByID[option.id] {
                var pieces: [TrackedWriter.Piece] = [.diff(WordDiff.compare(previous.title, option.title)), .plain(": ")]
                pieces += previous.url == option.url ? [.plain(option.url)] : [.deleted(previous.url), .inserted(option.url)]
                xml += writer.paragraph(style: WordStyles.listBullet, pieces)
            } else {
                xml += writer.paragraph(style: WordStyles.listBullet, mark: .inserted, [.inserted("\(option.title): \(option.url)")], comment: reason(.training, option.id))
            }
        }
        for option in old.trainingOptions where !newIDs.contains(option.id) {
            xml += writer.paragraph(style: WordStyles.listBullet, mark: .deleted, [.deleted("\(option.title): \(option.url)")], comment: reason(.training, option.id))
        }
        return xml
    }

    // MARK: - The edition's own content

    /// What only the edition has, all inserted: accepting gives the edition, rejecting
    /// leaves none of it.
    private func editionContent(_ edition: Edition, _ writer: inout TrackedWriter) -> String {
        var xml = ""
        func inserted(_ text: String, style: String = WordStyles.normal, comment: String? = nil) {
            xml += writer.paragraph(style: style, mark: .inserted, [.inserted(text)], comment: comment)
        }
        let hasContent = !edition.keyMessages.isEmpty || !edition.workshops.isEmpty || edition.questionnaire != nil
            || !edition.strategies.isEmpty || !edition.dissemination.isEmpty
        guard hasContent else { return "" }
        xml += writer.paragraph(style: "Heading1", [.plain("Content this edition adds")])
        if !edition.keyMessages.isEmpty {
            inserted("Key messages", style: "Heading2")
            for message in edition.keyMessages { inserted("\(message.title). \(message.text)", style: WordStyles.listBullet) }
        }
        let competencies = Dictionary(new.competencies.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        for workshop in edition.workshops {
            inserted("Workshop \(workshop.number): \(workshop.title)", style: "Heading2")
            inserted("Length: \(DurationText.spoken(workshop.duration)). \(workshop.purpose)")
            for (number, outcome) in workshop.outcomes.enumerated() {
                let codes = outcome.competencyIDs.compactMap { competencies[$0] }
                inserted("Outcome \(number + 1): \(outcome.text)" + (codes.isEmpty ? "" : " (develops \(codes.joined(separator: ", ")))"), style: WordStyles.listBullet)
            }
            var elapsed = 0
            for segment in workshop.segments {
                let start = elapsed
                elapsed += segment.minutes
                inserted("\(EditionDocumentComposer.clock(start))–\(EditionDocumentComposer.clock(elapsed)): \(segment.activity)", style: WordStyles.listBullet)
            }
        }
        if let questionnaire = edition.questionnaire {
            inserted("Evaluation questionnaire", style: "Heading2")
            for section in questionnaire.sections {
                inserted("\(section.title): \(section.prompt)", style: "Heading3")
                for item in section.items { inserted(item.text, style: WordStyles.listBullet) }
            }
        }
        if !edition.strategies.isEmpty {
            inserted("Local strategies", style: "Heading2")
            for strategy in edition.strategies {
                inserted("\(strategy.name): \(strategy.description)", style: WordStyles.listBullet, comment: reason(.strategy, strategy.id))
            }
        }
        if !edition.dissemination.isEmpty {
            inserted("Dissemination plan", style: "Heading2")
            for step in edition.dissemination {
                inserted("\(step.audience): \(step.timescale)" + (step.note.map { " (\($0))" } ?? ""), style: WordStyles.listBullet)
            }
        }
        return xml
    }
}

/// Writes paragraphs with revision marks, numbering each revision uniquely.
struct TrackedWriter {
    enum Mark {
        case inserted, deleted
        case movedFrom(String), movedTo(String)
    }

    enum Piece {
        case plain(String), inserted(String), deleted(String), movedFrom(String), movedTo(String)
        case diff([WordDiff.Segment])
    }

    let author: String
    let date: String
    private var nextID = 1
    /// Comments anchored in the body, in id order: the reason for a change, from the profile.
    private(set) var comments: [WordDocument.Comment] = []

    init(author: String, date: String) {
        self.author = author
        self.date = date
    }

    /// Whether a reworded text is better read as one deletion and one insertion: when fewer
    /// than half the words of the longer version survive (a change of case only counts as
    /// surviving), word-by-word marks interleave into text nobody can read.
    static func isMostlyRewritten(_ segments: [WordDiff.Segment]) -> Bool {
        func words(_ text: String) -> [Substring] { text.split(whereSeparator: { $0.isWhitespace }) }
        var kept = 0, old = 0, new = 0
        var deleted: [String] = []
        for segment in segments {
            let count = words(segment.text).count
            switch segment.operation {
            case .equal: kept += count; old += count; new += count
            case .delete: old += count; deleted += words(segment.text).map { $0.lowercased() }
            case .insert:
                new += count
                // Case-only changes ("social" → "Social") keep the word.
                for word in words(segment.text) {
                    if let index = deleted.firstIndex(of: word.lowercased()) {
                        deleted.remove(at: index)
                        kept += 1
                    }
                }
            }
        }
        let longer = max(old, new)
        return longer > 0 && kept * 2 < longer
    }

    /// Segments as they are shown: word by word, or the old text deleted whole and the new
    /// inserted whole when most of it changed.
    static func readable(_ segments: [WordDiff.Segment]) -> [WordDiff.Segment] {
        guard isMostlyRewritten(segments) else { return segments }
        let old = segments.filter { $0.operation != .insert }.map(\.text).joined()
        let new = segments.filter { $0.operation != .delete }.map(\.text).joined()
        return [WordDiff.Segment(.delete, old), WordDiff.Segment(.insert, new)]
    }

    /// Anchors a comment around `xml` (runs inside one paragraph).
    mutating func commented(_ text: String, around xml: String) -> String {
        let id = comments.count
        comments.append(WordDocument.Comment(id: id, author: author, date: date, text: text))
        return "<w:commentRangeStart w:id=\"\(id)\"/>" + xml + "<w:commentRangeEnd w:id=\"\(id)\"/>"
            + "<w:r><w:rPr><w:rStyle w:val=\"\(WordStyles.commentReference)\"/></w:rPr><w:commentReference w:id=\"\(id)\"/></w:r>"
    }

    private mutating func revision() -> String {
        defer { nextID += 1 }
        return "w:id=\"\(nextID)\" w:author=\"\(XMLWriter.escapeAttribute(author))\" w:date=\"\(date)\""
    }

    /// A paragraph; `mark` also tracks the paragraph mark itself, so accepting a deletion
    /// or rejecting an insertion leaves no empty paragraph behind.
    /// - Parameter keepNext: keep the paragraph on the page of the next one, for a
    ///   paragraph that introduces a list.
    mutating func paragraph(style: String, mark: Mark? = nil, _ pieces: [Piece], boldFirst: Bool = false, comment: String? = nil, keepNext: Bool = false) -> String {
        var xml = "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>" + (keepNext ? "<w:keepNext/>" : "")
        var rangeEnd = ""
        var rangeStart = ""
        switch mark {
        case .inserted?: xml += "<w:rPr><w:ins \(revision())/></w:rPr>"
        case .deleted?: xml += "<w:rPr><w:del \(revision())/></w:rPr>"
        case .movedFrom(let name)?:
            xml += "<w:rPr><w:moveFrom \(revision())/></w:rPr>"
            let id = nextID
            rangeStart = "<w:moveFromRangeStart \(revision()) w:name=\"\(name)\"/>"
            rangeEnd = "<w:moveFromRangeEnd w:id=\"\(id)\"/>"
        case .movedTo(let name)?:
            xml += "<w:rPr><w:moveTo \(revision())/></w:rPr>"
            let id = nextID
            rangeStart = "<w:moveToRangeStart \(revision()) w:name=\"\(name)\"/>"
            rangeEnd = "<w:moveToRangeEnd w:id=\"\(id)\"/>"
        case nil: break
        }
        xml += "</w:pPr>" + rangeStart
        var content = ""
        for (index, piece) in pieces.enumerated() {
            let bold = boldFirst && index == 0
            switch piece {
            case .plain(let text): content += run(text, bold: bold)
            case .inserted(let text): content += "<w:ins \(revision())>" + run(text, bold: bold) + "</w:ins>"
            case .deleted(let text): content += "<w:del \(revision())>" + run(text, bold: bold, deleted: true) + "</w:del>"
            case .movedFrom(let text): content += "<w:moveFrom \(revision())>" + run(text, bold: bold) + "</w:moveFrom>"
            case .movedTo(let text): content += "<w:moveTo \(revision())>" + run(text, bold: bold) + "</w:moveTo>"
            case .diff(let segments):
                for segment in Self.readable(segments) {
                    switch segment.operation {
                    case .equal: content += run(segment.text, bold: bold)
                    case .insert: content += "<w:ins \(revision())>" + run(segment.text, bold: bold) + "</w:ins>"
                    case .delete: content += "<w:del \(revision())>" + run(segment.text, bold: bold, deleted: true) + "</w:del>"
                    }
                }
            }
        }
        if let comment { content = commented(comment, around: content) }
        return xml + content + rangeEnd + "</w:p>"
    }

    private func run(_ text: String, bold: Bool, deleted: Bool = false) -> String {
        let element = deleted ? "w:delText" : "w:t"
        return "<w:r>\(bold ? "<w:rPr><w:b/></w:rPr>" : "")<\(element) xml:space=\"preserve\">\(XMLWriter.escapeText(text))</\(element)></w:r>"
    }
}
