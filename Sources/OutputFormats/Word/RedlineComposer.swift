import CompetencyModel
import FrameworkDiff
import XMLSupport

/// A Word document of the new version in which every change in a `ChangeSet` is a tracked
/// change, so a reviewer accepts or rejects each in Word, and the redline shows what the
/// text, JSON and Markdown reports list: title and details, groups and roles, phases,
/// rating scale, competencies area by area (statement, enhancements, and a line giving
/// kind, group, phases, training, signposts and topics), training and services.
///
/// The change set alone decides what is marked: the new framework gives only the wording of
/// what did not change and the order the document reads in, and the old version is never
/// consulted, so the redline cannot disagree with the reports. Additions and deletions are
/// `w:ins` / `w:del` (word by word for rewordings, whole for links and codes); whatever
/// the comparison says stands elsewhere (a reorder, a competency moved to another area, a
/// role moved to another group) is `w:moveFrom` where it stood and `w:moveTo` where it
/// stands. The author and date of every revision are the new version's publisher and
/// date, so the same comparison gives the same bytes whenever it runs.
public struct RedlineComposer {
    public var changes: ChangeSet
    /// The new version: what did not change, and the order of the document.
    public var new: Framework
    /// When the new side is an edition: its own content (workshops, key messages,
    /// questionnaire, strategies, dissemination plan) is shown as inserted, and each change
    /// carries the profile's reason as a comment.
    public var edition: Edition?
    /// The profile's first reason for each changed item, by kind and id: looked up for every
    /// item, so it is indexed once rather than searched each time.
    private let reasons: [String: String]

    public init(changes: ChangeSet, new: Framework, edition: Edition? = nil) {
        self.changes = changes
        self.new = new
        self.edition = edition
        var reasons: [String: String] = [:]
        for record in edition?.provenance ?? [] where record.change != .unchanged {
            let key = "\(record.itemKind.rawValue):\(record.itemID)"
            if reasons[key] == nil { reasons[key] = record.rationale }
        }
        self.reasons = reasons
    }

    /// "In It Together (version 2019)": how readers know a version, never by its id.
    static func name(_ side: ChangeSet.Side) -> String {
        "\(side.title) (version \(side.version))"
    }

    public func package() -> OPCPackage {
        let old = changes.old
        let current = changes.new
        var layout = RedlineLayout(
            changes: changes, new: new,
            writer: TrackedWriter(author: current.publisher, date: "\(current.date)T00:00:00Z"),
            reasons: reasons)
        var body = WordBody(pageSetup: PageSetup(), footerRelationshipID: "rIdFooter1")
        // A compact title, so the summary of changes fits on page 1.
        body.raw(layout.title())
        body.paragraph("Tracked changes from \(Self.name(old)), \(EditionDocumentComposer.longDate(old.date)), to \(Self.name(current)), \(EditionDocumentComposer.longDate(current.date)).")
        body.paragraph("Every difference from the earlier version is a tracked change. Use Review › Accept or Reject in Word; accepting all gives the new version, rejecting all gives the old one.\(edition == nil ? "" : " Where the edition gives a reason for a change, it is attached as a comment.")")
        summary(&body)
        body.raw(layout.body())
        if let edition { body.raw(editionContent(edition, &layout.writer)) }
        body.finish(.portrait)
        return WordDocument(
            title: "Changes from \(Self.name(old)) to \(Self.name(current))",
            footerText: "Tracked changes: \(old.publisher) \(old.version) to \(current.publisher) \(current.version)",
            subject: new.metadata.title, creator: current.publisher, language: new.metadata.language,
            date: current.date, keywords: "tracked changes; \(new.metadata.title)", body: body, reference: nil,
            comments: layout.writer.comments
        ).package()
    }

    // MARK: - Summary

    static let competencyKindMeaning: [CompetencyChange.Kind: String] = [
        .added: "new in this version",
        .removed: "left out of this version",
        .renamed: "given a new identifier",
        .reworded: "statement reworded",
        .moved: "moved to another area, group or phases",
        .reordered: "moved within its area",
        .modified: "code, kind, enhancements, training, signposts or topics changed",
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
        body.paragraph("The sections follow the order of the framework: title and details, groups and roles, phases and rating scale, competencies area by area, training and services\(edition == nil ? "" : ", then the edition's own content"). Anything that changed place (a reorder, a move to another area or group) is a tracked move, shown both where it stood and where it stands.")
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
        case .modified:
            switch entity {
            case .metadata: return "the title, publisher, licence, language or description changed"
            case .role: return "renamed, or moved to another group"
            default: return "wording or details changed"
            }
        }
    }

    /// Who a competency is for and how it is developed, as one line, so a change of kind,
    /// group, phases, training, signposts or topics shows as a tracked edit beside the
    /// statement.
    public static func details(_ competency: CompetencySnapshot) -> String {
        let values = RedlineLayout.detailValues(competency)
        return RedlineLayout.detailFields.map { values[$0] ?? "" }.joined()
    }

    // MARK: - The edition's own content

    /// The profile's reason for a change to an item, if the new side is an edition.
    private func reason(_ kind: Provenance.ItemKind, _ id: String) -> String? {
        reasons["\(kind.rawValue):\(id)"].map { "Why: " + EditionDocumentComposer.sentence($0) }
    }

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
        xml += writer.paragraph(style: WordStyles.heading(1), [.plain("Content this edition adds")])
        if !edition.keyMessages.isEmpty {
            inserted("Key messages", style: WordStyles.heading(2))
            for message in edition.keyMessages { inserted("\(message.title). \(message.text)", style: WordStyles.listBullet) }
        }
        let competencies = Dictionary(new.competencies.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        for workshop in edition.workshops {
            inserted("Workshop \(workshop.number): \(workshop.title)", style: WordStyles.heading(2))
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
            inserted("Evaluation questionnaire", style: WordStyles.heading(2))
            for section in questionnaire.sections {
                inserted("\(section.title): \(section.prompt)", style: WordStyles.heading(3))
                for item in section.items { inserted(item.text, style: WordStyles.listBullet) }
            }
        }
        if !edition.strategies.isEmpty {
            inserted("Local strategies", style: WordStyles.heading(2))
            for strategy in edition.strategies {
                inserted("\(strategy.name): \(strategy.description)", style: WordStyles.listBullet, comment: reason(.strategy, strategy.id))
            }
        }
        if !edition.dissemination.isEmpty {
            inserted("Dissemination plan", style: WordStyles.heading(2))
            for step in edition.dissemination {
                inserted("\(step.audience): \(step.timescale)" + (step.note.map { " (\($0))" } ?? ""), style: WordStyles.listBullet)
            }
        }
        return xml
    }
}
