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

    public init(old: Framework, new: Framework, changes: ChangeSet) {
        self.old = old
        self.new = new
        self.changes = changes
    }

    public func package() -> OPCPackage {
        var writer = TrackedWriter(author: new.metadata.publisher, date: "\(new.metadata.date)T00:00:00Z")
        var body = WordBody(pageSetup: PageSetup(), footerRelationshipID: "rIdFooter1")
        body.raw(writer.paragraph(style: WordStyles.title, [.diff(WordDiff.compare(old.metadata.title, new.metadata.title))]))
        body.paragraph("Tracked changes from \(changes.old.label) (\(changes.old.date)) to \(changes.new.label) (\(changes.new.date))", style: WordStyles.subtitle)
        body.paragraph("Every difference from the earlier version is a tracked change. Use Review › Accept or Reject in Word; accepting all gives the new version, rejecting all gives the old one.")
        body.raw(groups(&writer))
        body.raw(phasesAndScale(&writer))
        body.raw(competencies(&writer))
        body.raw(training(&writer))
        body.raw(services(&writer))
        body.finish(.portrait)
        return WordDocument(
            title: "Changes: \(changes.old.label) to \(changes.new.label)",
            footerText: "Tracked changes, \(changes.old.label) to \(changes.new.label)",
            subject: new.metadata.title, creator: new.metadata.publisher, language: new.metadata.language,
            date: new.metadata.date, keywords: "tracked changes; \(new.metadata.id)", body: body, reference: nil
        ).package()
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
        for area in new.areas {
            if let previous = oldAreas[area.id] {
                xml += writer.paragraph(style: "Heading1", [.diff(WordDiff.compare(previous.name, area.name))])
            } else {
                xml += writer.paragraph(style: "Heading1", mark: .inserted, [.inserted(area.name)])
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
        }
        for area in old.areas where !newAreaIDs.contains(area.id) {
            xml += writer.paragraph(style: "Heading1", mark: .deleted, [.deleted(area.name)])
            for competency in area.competencies {
                let change = byOld[competency.id]
                xml += competencyParagraph(competency, mark: isMove(change) ? .movedFrom(moveName(competency.id)) : .deleted, &writer)
            }
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
        var xml = writer.paragraph(style: WordStyles.normal, mark: mark, [piece(competency.code + " "), piece(competency.statement)], boldFirst: true)
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
        var xml = writer.paragraph(style: WordStyles.normal, pieces, boldFirst: true)
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
        style: String, _ writer: inout TrackedWriter
    ) -> String {
        var xml = ""
        let oldByID = Dictionary(oldItems.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(newItems.map(id))
        for item in newItems {
            if let previous = oldByID[id(item)] {
                xml += writer.paragraph(style: style, [.diff(WordDiff.compare(text(previous), text(item)))])
            } else {
                xml += writer.paragraph(style: style, mark: .inserted, [.inserted(text(item))])
            }
        }
        for item in oldItems where !newIDs.contains(id(item)) {
            xml += writer.paragraph(style: style, mark: .deleted, [.deleted(text(item))])
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
                xml += writer.paragraph(style: WordStyles.normal, mark: .inserted, [.inserted(group.description)])
                xml += matched([], group.roles, id: \.id, text: \.name, style: WordStyles.listBullet, &writer)
                continue
            }
            xml += writer.paragraph(style: "Heading2", [.diff(WordDiff.compare(previous.name, group.name))])
            xml += writer.paragraph(style: WordStyles.normal, [.diff(WordDiff.compare(previous.description, group.description))])
            xml += matched(previous.roles, group.roles, id: \.id, text: \.name, style: WordStyles.listBullet, &writer)
        }
        for group in old.groupsByRank where !newIDs.contains(group.id) {
            xml += writer.paragraph(style: "Heading2", mark: .deleted, [.deleted(group.name)])
            xml += writer.paragraph(style: WordStyles.normal, mark: .deleted, [.deleted(group.description)])
            xml += matched(group.roles, [], id: \.id, text: \.name, style: WordStyles.listBullet, &writer)
        }
        return xml
    }

    private func phasesAndScale(_ writer: inout TrackedWriter) -> String {
        var xml = writer.paragraph(style: "Heading1", [.plain("Age phases")])
        xml += matched(old.phases, new.phases, id: \.id, text: { $0.name + ($0.description.map { ": " + $0 } ?? "") }, style: WordStyles.listBullet, &writer)
        xml += writer.paragraph(style: "Heading1", [.plain("Self-assessment rating scale")])
        xml += matched(old.ratingScale.points, new.ratingScale.points, id: { String($0.value) }, text: { "\($0.label): \($0.descriptor)" }, style: WordStyles.listBullet, &writer)
        return xml
    }

    private func services(_ writer: inout TrackedWriter) -> String {
        guard !old.services.isEmpty || !new.services.isEmpty else { return "" }
        var xml = writer.paragraph(style: "Heading1", [.plain("Signposting services")])
        xml += matched(old.services, new.services, id: \.id, text: { "\($0.name): \($0.description)" + ($0.url.map { " " + $0 } ?? "") }, style: WordStyles.listBullet, &writer)
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
                xml += writer.paragraph(style: WordStyles.listBullet, mark: .inserted, [.inserted("\(option.title): \(option.url)")])
            }
        }
        for option in old.trainingOptions where !newIDs.contains(option.id) {
            xml += writer.paragraph(style: WordStyles.listBullet, mark: .deleted, [.deleted("\(option.title): \(option.url)")])
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

    init(author: String, date: String) {
        self.author = author
        self.date = date
    }

    private mutating func revision() -> String {
        defer { nextID += 1 }
        return "w:id=\"\(nextID)\" w:author=\"\(XMLWriter.escapeAttribute(author))\" w:date=\"\(date)\""
    }

    /// A paragraph; `mark` also tracks the paragraph mark itself, so accepting a deletion
    /// or rejecting an insertion leaves no empty paragraph behind.
    mutating func paragraph(style: String, mark: Mark? = nil, _ pieces: [Piece], boldFirst: Bool = false) -> String {
        var xml = "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>"
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
        for (index, piece) in pieces.enumerated() {
            let bold = boldFirst && index == 0
            switch piece {
            case .plain(let text): xml += run(text, bold: bold)
            case .inserted(let text): xml += "<w:ins \(revision())>" + run(text, bold: bold) + "</w:ins>"
            case .deleted(let text): xml += "<w:del \(revision())>" + run(text, bold: bold, deleted: true) + "</w:del>"
            case .movedFrom(let text): xml += "<w:moveFrom \(revision())>" + run(text, bold: bold) + "</w:moveFrom>"
            case .movedTo(let text): xml += "<w:moveTo \(revision())>" + run(text, bold: bold) + "</w:moveTo>"
            case .diff(let segments):
                for segment in segments {
                    switch segment.operation {
                    case .equal: xml += run(segment.text, bold: bold)
                    case .insert: xml += "<w:ins \(revision())>" + run(segment.text, bold: bold) + "</w:ins>"
                    case .delete: xml += "<w:del \(revision())>" + run(segment.text, bold: bold, deleted: true) + "</w:del>"
                    }
                }
            }
        }
        return xml + rangeEnd + "</w:p>"
    }

    private func run(_ text: String, bold: Bool, deleted: Bool = false) -> String {
        let element = deleted ? "w:delText" : "w:t"
        return "<w:r>\(bold ? "<w:rPr><w:b/></w:rPr>" : "")<\(element) xml:space=\"preserve\">\(XMLWriter.escapeText(text))</\(element)></w:r>"
    }
}
