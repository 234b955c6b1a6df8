import CompetencyModel
import FrameworkDiff

/// Lays out the body of a redline from a change set: the new version in reading order, each
/// change marked where it happened, and the old copy of whatever went or moved shown where
/// it stood (the change set says where: `OldPlace`).
struct RedlineLayout {
    /// How a list is shown: where it stands, or as the old or new copy of a list that was
    /// added, removed or moved as a whole (an area with its competencies, a group with its
    /// roles).
    enum Block {
        case inPlace, inserted, deleted
        case movedFrom(String), movedTo(String)

        /// Old copies of the list's items belong where the list stands, or in the old copy
        /// of a list that moved or went; never in the new copy, which they were not in.
        var showsOldCopies: Bool {
            switch self {
            case .inPlace, .deleted, .movedFrom: true
            case .inserted, .movedTo: false
            }
        }
    }

    /// How one item's paragraphs are shown.
    enum Show {
        case plain([String: String])
        case whole(TrackedWriter.Mark, [String: String])
        /// Edited where it stands: the named fields word by word (or whole), the rest plain.
        case edited(old: [String: String], new: [String: String], fields: Set<String>)
    }

    /// A piece of a paragraph: fixed wording, or one field's value as readers see it.
    struct Part {
        var field: String?
        var fixed = ""
        /// Replaced whole when it changes (a link, a number, a kind), since half a link
        /// tracked word by word reads as neither address.
        var whole = false
        var format: (String) -> String = { $0 }

        static func text(_ text: String) -> Part { Part(field: nil, fixed: text) }
        static func field(_ name: String, whole: Bool = false, _ format: @escaping (String) -> String = { $0 }) -> Part {
            Part(field: name, whole: whole, format: format)
        }

        /// An absent field shows nothing, with the punctuation its format adds.
        func text(_ values: [String: String]) -> String {
            guard let field else { return fixed }
            return values[field].map(format) ?? ""
        }
    }

    /// One paragraph of an item.
    struct Line {
        var style: String
        var parts: [Part]
        var keepNext = false

        func text(_ values: [String: String]) -> String { parts.map { $0.text(values) }.joined() }
    }

    struct ItemKey: Hashable {
        var entity: EntityChange.Entity
        var id: String
    }

    struct ListKey: Hashable {
        var entity: EntityChange.Entity
        var container: String?
    }

    /// An item's changes taken together: a reorder, a link change and an edit of one
    /// training option are one paragraph.
    struct ChangedItem {
        var entity: EntityChange.Entity
        var id: String
        var kinds: Set<EntityChange.Kind> = []
        var fields: Set<String> = []
        var oldValues: [String: String]?
        var newValues: [String: String]?
        var oldPlace: OldPlace?

        var isAdded: Bool { kinds.contains(.added) }
        var isRemoved: Bool { kinds.contains(.removed) }
        /// The comparison placed its old copy apart from the new one: a reorder, or a role
        /// moved to another group.
        var isMove: Bool { !isAdded && !isRemoved && oldPlace != nil }
        var keepsPlace: Bool { !isAdded && !isMove }
        var key: String { "\(entity.rawValue):\(id)" }
    }

    /// A list in reading order: the new version's items, and old copies slotted in.
    enum Slot<Copy> {
        case current(Int)
        case copy(Copy)
    }

    let changes: ChangeSet
    let new: Framework
    var writer: TrackedWriter
    let reasons: [String: String]
    private let names: CompetencySnapshot.Names
    private let items: [ItemKey: ChangedItem]
    /// Competency changes by the competency's id in the new version.
    private let competencyChanges: [String: CompetencyChange]
    /// Old copies to show, by the list they stood in, in their old order.
    private let entityCopies: [ListKey: [ChangedItem]]
    private let competencyCopies: [String: [CompetencyChange]]
    private var moveNames: [String: String] = [:]
    /// The changes shown so far, by key, so that any the layout found no place for (a
    /// change set that does not belong to `new`) are still shown at the end.
    private var shown: Set<String> = []

    init(changes: ChangeSet, new: Framework, writer: TrackedWriter, reasons: [String: String]) {
        self.changes = changes
        self.new = new
        self.writer = writer
        self.reasons = reasons
        names = CompetencySnapshot.Names(new)
        var items: [ItemKey: ChangedItem] = [:]
        for change in changes.otherChanges {
            let key = ItemKey(entity: change.entity, id: change.id)
            var item = items[key] ?? ChangedItem(entity: change.entity, id: change.id)
            item.kinds.insert(change.kind)
            item.fields.formUnion(change.fields.map(\.field))
            item.oldValues = item.oldValues ?? change.oldValues
            item.newValues = item.newValues ?? change.newValues
            item.oldPlace = item.oldPlace ?? change.oldPlace
            items[key] = item
        }
        self.items = items
        var entityCopies: [ListKey: [ChangedItem]] = [:]
        for item in items.values {
            guard let place = item.oldPlace, !item.isAdded else { continue }
            entityCopies[ListKey(entity: item.entity, container: place.container), default: []].append(item)
        }
        // Dictionary order varies from run to run; the old order does not.
        self.entityCopies = entityCopies.mapValues { $0.sorted { ($0.oldPlace?.index ?? 0, $0.id) < ($1.oldPlace?.index ?? 0, $1.id) } }
        var byNew: [String: CompetencyChange] = [:]
        var competencyCopies: [String: [CompetencyChange]] = [:]
        for change in changes.competencyChanges {
            if let id = change.newID, byNew[id] == nil { byNew[id] = change }
            if let place = change.oldPlace, change.kinds.contains(.removed) || change.isMove {
                competencyCopies[place.container ?? "", default: []].append(change)
            }
        }
        competencyChanges = byNew
        // A stable sort keeps the change set's order between copies at the same index.
        self.competencyCopies = competencyCopies.mapValues { copies in
            copies.enumerated().sorted { ($0.element.oldPlace?.index ?? 0, $0.offset) < ($1.element.oldPlace?.index ?? 0, $1.offset) }.map(\.element)
        }
    }

    // MARK: - Sections

    /// The redline's own title: the new title, with a change of title tracked.
    mutating func title() -> String {
        let values = EntityFields.dictionary(EntityFields.metadata(new.metadata))
        let item = items[ItemKey(entity: .metadata, id: new.metadata.id)]
        return emit([Line(style: WordStyles.redlineTitle, parts: [.field("title")])], show(metadata: item, values))
    }

    /// Everything after the summary: the framework in order, then any change left over.
    mutating func body() -> String {
        var xml = details()
        xml += groups()
        xml += section("Age phases", .phase, items: new.phases.map { ($0.id, EntityFields.phase($0)) })
        xml += section("Self-assessment rating scale", .ratingPoint, items: new.ratingScale.points.map { (String($0.value), EntityFields.ratingPoint($0)) })
        xml += areas()
        xml += section("Training", .training, items: new.trainingOptions.map { ($0.id, EntityFields.training($0)) })
        if !new.services.isEmpty || changes.otherChanges.contains(where: { $0.entity == .service }) {
            xml += section("Signposting services", .service, items: new.services.map { ($0.id, EntityFields.service($0)) })
        }
        xml += leftovers()
        return xml
    }

    private mutating func details() -> String {
        let values = EntityFields.dictionary(EntityFields.metadata(new.metadata))
        let key = ItemKey(entity: .metadata, id: new.metadata.id)
        return writer.paragraph(style: WordStyles.heading(1), [.plain(RedlineComposer.entityName(.metadata))])
            + emit(Self.lines(.metadata), show(metadata: items[key], values))
    }

    private mutating func show(metadata item: ChangedItem?, _ values: [String: String]) -> Show {
        guard let item else { return .plain(values) }
        shown.insert(item.key)
        return .edited(old: item.oldValues ?? values, new: item.newValues ?? values, fields: item.fields)
    }

    private mutating func section(_ heading: String, _ entity: EntityChange.Entity, items current: [(String, EntityFields.Values)]) -> String {
        writer.paragraph(style: WordStyles.heading(1), [.plain(heading)])
            + list(entity, container: nil, current.map { ($0.0, EntityFields.dictionary($0.1)) }, .inPlace)
    }

    private mutating func groups() -> String {
        var xml = writer.paragraph(style: WordStyles.heading(1), [.plain("Competency groups and suggested roles")])
        let roles = Dictionary(new.groups.map { group in
            (group.id, group.roles.map { ($0.id, EntityFields.dictionary(EntityFields.role($0, group: group.id))) })
        }, uniquingKeysWith: { first, _ in first })
        func block(_ id: String, _ show: Show, _ inner: Block, comment: String?, _ layout: inout RedlineLayout) -> String {
            let members = inner.showsCurrent ? roles[id] ?? [] : []
            // The description introduces the list of roles: it stays on the page they start on.
            let introducesRoles = !members.isEmpty || layout.entityCopies[ListKey(entity: .role, container: id)] != nil
            return layout.emit(Self.lines(.group, keepNext: introducesRoles), show, comment: comment)
                + layout.list(.role, container: id, members, inner)
        }
        for slot in slots(.group, ids: new.groups.map(\.id)) {
            switch slot {
            case .copy(let item):
                let (show, inner) = copy(item)
                xml += block(item.id, show, inner, comment: item.isRemoved ? reason(.group, item.id) : nil, &self)
            case .current(let index):
                let group = new.groups[index]
                let item = items[ItemKey(entity: .group, id: group.id)]
                guard let shown = current(item, EntityFields.dictionary(EntityFields.group(group)), in: .inPlace) else { continue }
                xml += block(group.id, shown.show, shown.inner, comment: item == nil ? nil : reason(.group, group.id), &self)
            }
        }
        return xml
    }

    private mutating func areas() -> String {
        var xml = ""
        let competencies = Dictionary(new.areas.map { ($0.id, $0.competencies) }, uniquingKeysWith: { first, _ in first })
        for slot in slots(.area, ids: new.areas.map(\.id)) {
            switch slot {
            case .copy(let item):
                let (show, inner) = copy(item)
                xml += emit(Self.lines(.area), show, comment: item.isRemoved ? reason(.area, item.id) : nil)
                xml += competencyList(area: item.id, inner.showsCurrent ? competencies[item.id] ?? [] : [], inner)
            case .current(let index):
                let area = new.areas[index]
                let item = items[ItemKey(entity: .area, id: area.id)]
                guard let shown = current(item, EntityFields.dictionary(EntityFields.area(area)), in: .inPlace) else { continue }
                xml += emit(Self.lines(.area), shown.show, comment: item == nil ? nil : reason(.area, area.id))
                xml += competencyList(area: area.id, area.competencies, shown.inner)
            }
        }
        return xml
    }

    /// Whatever the layout found no place for, so that no change goes unshown.
    private mutating func leftovers() -> String {
        var xml = ""
        for change in changes.competencyChanges where !shown.contains(Self.key(change)) {
            shown.insert(Self.key(change))
            if let old = change.oldSnapshot { xml += competency(old, mark: .deleted) }
            if let new = change.newSnapshot { xml += competency(new, mark: .inserted) }
        }
        for change in changes.otherChanges {
            guard let item = items[ItemKey(entity: change.entity, id: change.id)], !shown.contains(item.key) else { continue }
            shown.insert(item.key)
            if let old = item.oldValues { xml += emit(Self.lines(item.entity), .whole(.deleted, old)) }
            if let new = item.newValues { xml += emit(Self.lines(item.entity), .whole(.inserted, new)) }
        }
        return xml.isEmpty ? "" : writer.paragraph(style: WordStyles.heading(1), [.plain("Other changes")]) + xml
    }

    // MARK: - Lists

    /// One list of items (phases, roles, training and so on) shown as `block`.
    private mutating func list(_ entity: EntityChange.Entity, container: String?, _ members: [(id: String, values: [String: String])], _ block: Block) -> String {
        var xml = ""
        let lines = Self.lines(entity)
        for slot in slots(entity, container: container, ids: members.map(\.id), block: block) {
            switch slot {
            case .copy(let item):
                xml += emit(lines, copy(item).show, comment: item.isRemoved ? reason(entity, item.id) : nil)
            case .current(let index):
                let item = items[ItemKey(entity: entity, id: members[index].id)]
                guard let shown = current(item, members[index].values, in: block) else { continue }
                xml += emit(lines, shown.show, comment: item == nil ? nil : reason(entity, members[index].id))
            }
        }
        return xml
    }

    private func slots(_ entity: EntityChange.Entity, container: String? = nil, ids: [String], block: Block = .inPlace) -> [Slot<ChangedItem>] {
        let copies = block.showsOldCopies ? entityCopies[ListKey(entity: entity, container: container)] ?? [] : []
        return Self.merged(ids, keepsPlace: { items[ItemKey(entity: entity, id: $0)]?.keepsPlace ?? true }, copies: copies, place: \.oldPlace)
    }

    /// The new list in reading order with the old copies slotted in where they stood: those
    /// that stood before anything that keeps its place first, the others after the item
    /// they followed. A copy whose landmark is not in the list comes last, so none is lost.
    static func merged<Copy>(_ ids: [String], keepsPlace: (String) -> Bool, copies: [Copy], place: (Copy) -> OldPlace?) -> [Slot<Copy>] {
        var following: [String: [Copy]] = [:]
        var slots: [Slot<Copy>] = []
        for copy in copies {
            if let landmark = place(copy)?.after {
                following[landmark, default: []].append(copy)
            } else {
                slots.append(.copy(copy))
            }
        }
        for (index, id) in ids.enumerated() {
            slots.append(.current(index))
            if keepsPlace(id), let copies = following.removeValue(forKey: id) { slots += copies.map { .copy($0) } }
        }
        for (_, copies) in following.sorted(by: { $0.key < $1.key }) { slots += copies.map { .copy($0) } }
        return slots
    }

    /// How an item of the new version is shown in a list shown as `block`, and how its own
    /// list (a group's roles, an area's competencies) is shown; nil when it has no place in
    /// this copy of the list (an addition in the old copy of a list that moved).
    private mutating func current(_ item: ChangedItem?, _ values: [String: String], in block: Block) -> (show: Show, inner: Block)? {
        guard let item else {
            switch block {
            case .inPlace: return (.plain(values), .inPlace)
            case .inserted: return (.whole(.inserted, values), .inserted)
            case .deleted: return nil
            case .movedFrom(let name): return (.whole(.movedFrom(name), values), .movedFrom(name))
            case .movedTo(let name): return (.whole(.movedTo(name), values), .movedTo(name))
            }
        }
        let before = item.oldValues ?? values
        let after = item.newValues ?? values
        if item.isAdded || item.isMove {
            switch block {
            case .deleted, .movedFrom: return nil
            case .inPlace, .inserted, .movedTo:
                shown.insert(item.key)
                if item.isAdded { return (.whole(.inserted, after), .inserted) }
                let name = moveName(item.key)
                return (.whole(.movedTo(name), after), .movedTo(name))
            }
        }
        shown.insert(item.key)
        switch block {
        case .inPlace: return (.edited(old: before, new: after, fields: item.fields), .inPlace)
        case .inserted: return (.whole(.inserted, after), .inserted)
        case .deleted: return nil
        case .movedFrom(let name): return (.whole(.movedFrom(name), before), .movedFrom(name))
        case .movedTo(let name): return (.whole(.movedTo(name), after), .movedTo(name))
        }
    }

    /// The old copy of a removed or moved item, and how its own list is shown.
    private mutating func copy(_ item: ChangedItem) -> (show: Show, inner: Block) {
        shown.insert(item.key)
        let values = item.oldValues ?? [:]
        if item.isRemoved { return (.whole(.deleted, values), .deleted) }
        let name = moveName(item.key)
        return (.whole(.movedFrom(name), values), .movedFrom(name))
    }

    /// Word pairs the two halves of a move by name; names are numbered in the order they
    /// are first needed, so the same change set always gives the same names.
    private mutating func moveName(_ key: String) -> String {
        if let name = moveNames[key] { return name }
        let name = "move\(moveNames.count + 1)"
        moveNames[key] = name
        return name
    }

    // MARK: - Competencies

    static func key(_ change: CompetencyChange) -> String { "competency:\(change.id)" }

    private mutating func competencyList(area: String, _ current: [Competency], _ block: Block) -> String {
        var xml = ""
        let copies = block.showsOldCopies ? competencyCopies[area] ?? [] : []
        let changes = competencyChanges
        let slots = Self.merged(current.map(\.id), keepsPlace: { id in
            changes[id].map { !$0.kinds.contains(.added) && !$0.isMove } ?? true
        }, copies: copies, place: \.oldPlace)
        for slot in slots {
            switch slot {
            case .copy(let change):
                guard let old = change.oldSnapshot else { continue }
                shown.insert(Self.key(change))
                if change.kinds.contains(.removed) {
                    xml += competency(old, mark: .deleted, comment: comment(change, id: change.oldID))
                } else {
                    xml += competency(old, mark: .movedFrom(moveName(Self.key(change))))
                }
            case .current(let index):
                let competency = current[index]
                let snapshot = CompetencySnapshot(competency, names: names)
                guard let change = competencyChanges[competency.id] else {
                    switch block {
                    case .inPlace: xml += self.competency(snapshot, mark: nil)
                    case .inserted: xml += self.competency(snapshot, mark: .inserted)
                    case .deleted: break
                    case .movedFrom(let name): xml += self.competency(snapshot, mark: .movedFrom(name))
                    case .movedTo(let name): xml += self.competency(snapshot, mark: .movedTo(name))
                    }
                    continue
                }
                let before = change.oldSnapshot ?? snapshot
                let after = change.newSnapshot ?? snapshot
                let why = comment(change, id: change.newID)
                if change.kinds.contains(.added) || change.isMove {
                    if case .deleted = block { continue }
                    if case .movedFrom = block { continue }
                    shown.insert(Self.key(change))
                    let mark: TrackedWriter.Mark = change.isMove ? .movedTo(moveName(Self.key(change))) : .inserted
                    xml += self.competency(after, mark: mark, comment: why)
                    continue
                }
                shown.insert(Self.key(change))
                switch block {
                case .inPlace: xml += edited(change, before, after, comment: why)
                case .inserted: xml += self.competency(after, mark: .inserted, comment: why)
                case .deleted: break
                case .movedFrom(let name): xml += self.competency(before, mark: .movedFrom(name))
                case .movedTo(let name): xml += self.competency(after, mark: .movedTo(name), comment: why)
                }
            }
        }
        return xml
    }

    /// A whole competency under one mark: plain, inserted, deleted or moved.
    private mutating func competency(_ snapshot: CompetencySnapshot, mark: TrackedWriter.Mark?, comment: String? = nil) -> String {
        var xml = writer.paragraph(
            style: WordStyles.normal, mark: mark,
            [TrackedWriter.piece(snapshot.code + " ", mark), TrackedWriter.piece(snapshot.statement, mark)], bold: 1, comment: comment)
        for enhancement in snapshot.enhancements {
            xml += writer.paragraph(style: WordStyles.enhancement, mark: mark, [TrackedWriter.piece(enhancement, mark)])
        }
        let values = Self.detailValues(snapshot)
        xml += emit([Self.detailsLine], mark.map { .whole($0, values) } ?? .plain(values))
        return xml
    }

    /// A competency changed where it stands: the code replaced whole, the statement by the
    /// comparison's own word diff, enhancements added or struck out, and the details line
    /// edited only in the fields the comparison says changed.
    private mutating func edited(_ change: CompetencyChange, _ old: CompetencySnapshot, _ new: CompetencySnapshot, comment: String?) -> String {
        let fields = Set(change.fields.map(\.field))
        var pieces: [TrackedWriter.Piece]
        var bold = 1
        if fields.contains("code"), old.code != new.code {
            pieces = [.deleted(old.code), .inserted(new.code), .plain(" ")]
            bold = 2
        } else {
            pieces = [.plain(new.code + " ")]
        }
        if change.kinds.contains(.reworded) {
            // A change set built without its diff still shows the rewording, by the same diff.
            pieces.append(.diff(change.statementDiff.isEmpty ? WordDiff.compare(old.statement, new.statement) : change.statementDiff))
        } else {
            pieces.append(.plain(new.statement))
        }
        var xml = writer.paragraph(style: WordStyles.normal, pieces, bold: bold, comment: comment)
        if fields.contains("enhancements") {
            for (enhancement, operation) in Self.merge(old.enhancements, new.enhancements) {
                switch operation {
                case .equal: xml += writer.paragraph(style: WordStyles.enhancement, [.plain(enhancement)])
                case .delete: xml += writer.paragraph(style: WordStyles.enhancement, mark: .deleted, [.deleted(enhancement)])
                case .insert: xml += writer.paragraph(style: WordStyles.enhancement, mark: .inserted, [.inserted(enhancement)])
                }
            }
        } else {
            for enhancement in new.enhancements { xml += writer.paragraph(style: WordStyles.enhancement, [.plain(enhancement)]) }
        }
        xml += emit([Self.detailsLine], .edited(old: Self.detailValues(old), new: Self.detailValues(new), fields: fields.intersection(Self.detailFields)))
        return xml
    }

    /// The profile's reason, and a note of a new identifier, which readers do not see in
    /// the text but tools that link to the competency need.
    private func comment(_ change: CompetencyChange, id: String?) -> String? {
        var notes: [String] = []
        if let id, let why = reasons["\(Provenance.ItemKind.competency.rawValue):\(id)"] { notes.append("Why: " + EditionDocumentComposer.sentence(why)) }
        if change.kinds.contains(.renamed), let old = change.oldID, let new = change.newID {
            notes.append("Identifier changed from \(old) to \(new).")
        }
        return notes.isEmpty ? nil : notes.joined(separator: " ")
    }

    /// Two lists as one, in order: items in both once, the rest deleted or inserted where
    /// they stand (a longest common subsequence). Past a size no competency reaches, the
    /// old list is struck out and the new inserted, so the work stays bounded.
    static func merge(_ old: [String], _ new: [String]) -> [(String, WordDiff.Operation)] {
        guard old.count * new.count <= 250_000 else { return old.map { ($0, .delete) } + new.map { ($0, .insert) } }
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [(String, WordDiff.Operation)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                result.append((old[i], .equal))
                i += 1
                j += 1
            } else if j == new.count || (i < old.count && lengths[i + 1][j] >= lengths[i][j + 1]) {
                result.append((old[i], .delete))
                i += 1
            } else {
                result.append((new[j], .insert))
                j += 1
            }
        }
        return result
    }

    // MARK: - Wording

    /// The details line's fields, named as `CompetencyChange.fields` names them.
    static let detailFields = ["kind", "group", "phases", "training", "signposts", "topics"]

    static var detailsLine: Line {
        Line(style: WordStyles.note, parts: detailFields.map { .field($0, whole: $0 == "kind") })
    }

    /// Each part of the details line carries its own leading space, so a part that appears
    /// or goes leaves no double space behind.
    static func detailValues(_ competency: CompetencySnapshot) -> [String: String] {
        var values = [
            "kind": competency.kind.rawValue.capitalisedFirst + ".",
            "group": " For \(competency.group) and above.",
        ]
        func list(_ field: String, _ label: String, _ items: [String], separator: String) {
            if !items.isEmpty { values[field] = " \(label): \(items.joined(separator: separator))." }
        }
        list("phases", "Phases", competency.phases, separator: ", ")
        list("training", "Training", competency.training, separator: "; ")
        list("signposts", "Signposts", competency.signposts, separator: "; ")
        list("topics", "Topics", competency.topics, separator: ", ")
        return values
    }

    /// The paragraphs of each kind of item, from the fields `EntityFields` names.
    static func lines(_ entity: EntityChange.Entity, keepNext: Bool = false) -> [Line] {
        let bullet = WordStyles.listBullet
        switch entity {
        case .metadata:
            return [
                Line(style: bullet, parts: [.text("Publisher: "), .field("publisher")]),
                Line(style: bullet, parts: [.text("Licence: "), .field("licence")]),
                Line(style: bullet, parts: [.text("Language: "), .field("language", whole: true)]),
                Line(style: WordStyles.normal, parts: [.field("description")]),
            ]
        case .phase:
            return [Line(style: bullet, parts: [.field("name"), .field("description") { ": " + $0 }])]
        case .group:
            return [
                Line(style: WordStyles.heading(2), parts: [.field("name")]),
                Line(style: WordStyles.note, parts: [.text("Rank "), .field("rank", whole: true), .text(".")], keepNext: true),
                Line(style: WordStyles.normal, parts: [.field("description")], keepNext: keepNext),
            ]
        case .role:
            return [Line(style: bullet, parts: [.field("name")])]
        case .area:
            // The description introduces the area's competencies, like a heading.
            return [Line(style: WordStyles.heading(1), parts: [.field("name")]), Line(style: WordStyles.normal, parts: [.field("description")], keepNext: true)]
        case .training:
            return [Line(style: bullet, parts: [
                .field("title"), .text(" ("), .field("provider"), .text("; "),
                .field("format", whole: true) { TrainingFormat(rawValue: $0).map { EditionDocumentComposer.lowercasedFirst(EditionDocumentComposer.formatName($0)) } ?? $0 },
                .field("duration", whole: true) { ", " + DurationText.spoken($0) },
                .text("; "), .field("scope", whole: true), .text("): "), .field("url", whole: true),
            ])]
        case .service:
            return [Line(style: bullet, parts: [
                .field("name"), .text(" ("), .field("scope", whole: true), .text("): "), .field("description"), .field("url", whole: true) { " " + $0 },
            ])]
        case .ratingPoint:
            return [Line(style: bullet, parts: [.field("label"), .text(": "), .field("descriptor")])]
        }
    }

    /// The profile's reason for a change to an item, if the new side is an edition.
    private func reason(_ entity: EntityChange.Entity, _ id: String) -> String? {
        let kind: Provenance.ItemKind?
        switch entity {
        case .phase: kind = .phase
        case .group: kind = .group
        case .role: kind = .role
        case .area: kind = .area
        case .training: kind = .training
        case .service: kind = .service
        case .metadata, .ratingPoint: kind = nil
        }
        return kind.flatMap { reasons["\($0.rawValue):\(id)"] }.map { "Why: " + EditionDocumentComposer.sentence($0) }
    }

    // MARK: - Paragraphs

    /// An item's paragraphs; the comment, if any, goes on the first.
    private mutating func emit(_ lines: [Line], _ show: Show, comment: String? = nil) -> String {
        var xml = ""
        var comment = comment
        for line in lines {
            var mark: TrackedWriter.Mark?
            var pieces: [TrackedWriter.Piece] = []
            switch show {
            case .plain(let values):
                let text = line.text(values)
                guard !text.isEmpty else { continue }
                pieces = [.plain(text)]
            case .whole(let whole, let values):
                let text = line.text(values)
                guard !text.isEmpty else { continue }
                mark = whole
                pieces = [TrackedWriter.piece(text, whole)]
            case .edited(let old, let new, let fields):
                let before = line.text(old)
                let after = line.text(new)
                if before.isEmpty, after.isEmpty { continue }
                if before.isEmpty {
                    mark = .inserted
                    pieces = [.inserted(after)]
                } else if after.isEmpty {
                    mark = .deleted
                    pieces = [.deleted(before)]
                } else {
                    for part in line.parts {
                        let was = part.text(old)
                        let now = part.text(new)
                        if let field = part.field, fields.contains(field), was != now {
                            if !part.whole {
                                pieces.append(.diff(WordDiff.compare(was, now)))
                            } else {
                                if !was.isEmpty { pieces.append(.deleted(was)) }
                                if !now.isEmpty { pieces.append(.inserted(now)) }
                            }
                        } else if !now.isEmpty {
                            pieces.append(.plain(now))
                        }
                    }
                }
            }
            xml += writer.paragraph(style: line.style, mark: mark, pieces, comment: comment, keepNext: line.keepNext)
            comment = nil
        }
        return xml
    }
}

extension RedlineLayout.Block {
    /// Whether the new version's items belong in this copy of a list: not in the old copy
    /// of a list that went.
    var showsCurrent: Bool {
        if case .deleted = self { return false }
        return true
    }
}
