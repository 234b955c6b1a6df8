import CompetencyModel

/// Everything that differs between two versions of a framework (or an edition and its
/// base), classified for reviewers rather than listed as an edit script.
public struct ChangeSet: Sendable, Hashable {
    public struct Side: Sendable, Hashable {
        public var id: String
        public var version: String
        public var title: String
        public var publisher: String
        public var date: String

        public init(id: String, version: String, title: String, publisher: String, date: String) {
            self.id = id
            self.version = version
            self.title = title
            self.publisher = publisher
            self.date = date
        }

        public init(_ framework: Framework) {
            self.init(
                id: framework.metadata.id, version: framework.metadata.version, title: framework.metadata.title,
                publisher: framework.metadata.publisher, date: framework.metadata.date)
        }

        public var label: String { "\(id)@\(version)" }
    }

    public var old: Side
    public var new: Side
    public var competencyChanges: [CompetencyChange]
    public var otherChanges: [EntityChange]

    public init(old: Side, new: Side, competencyChanges: [CompetencyChange], otherChanges: [EntityChange]) {
        self.old = old
        self.new = new
        self.competencyChanges = competencyChanges
        self.otherChanges = otherChanges
    }

    public var isEmpty: Bool { competencyChanges.isEmpty && otherChanges.isEmpty }

    /// How many competency changes carry each kind (a reworded rename counts under both).
    public var competencyCounts: [(CompetencyChange.Kind, Int)] {
        CompetencyChange.Kind.allCases.compactMap { kind in
            let count = competencyChanges.filter { $0.kinds.contains(kind) }.count
            return count == 0 ? nil : (kind, count)
        }
    }

    /// How many changes touch each kind of entity other than competencies.
    public var entityCounts: [(EntityChange.Entity, Int)] {
        EntityChange.Entity.allCases.compactMap { entity in
            let count = otherChanges.filter { $0.entity == entity }.count
            return count == 0 ? nil : (entity, count)
        }
    }

    /// Competency changes per area (the new area, or the old one for removals), in the
    /// order areas first appear.
    public var competencyCountsByArea: [(area: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for change in competencyChanges {
            let area = change.newArea ?? change.oldArea ?? ""
            if counts[area] == nil { order.append(area) }
            counts[area, default: 0] += 1
        }
        return order.map { ($0, counts[$0]!) }
    }
}

/// What happened to one competency. A matched pair can change in several ways at once,
/// such as a rename that was also reworded.
public struct CompetencyChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case added, removed, renamed, reworded, moved, reordered, modified
    }

    public var kinds: Set<Kind>
    public var oldID: String?
    public var newID: String?
    public var oldCode: String?
    public var newCode: String?
    public var oldArea: String?
    public var newArea: String?
    public var oldStatement: String?
    public var newStatement: String?
    /// Word-level difference of the statement, when reworded.
    public var statementDiff: [WordDiff.Segment]
    /// Area, group and phase changes of a move, and other field changes.
    public var fields: [FieldChange]
    /// How sure the alignment is that old and new are the same competency: 1 when matched by
    /// id, the statement similarity when matched by wording.
    public var confidence: Double
    public var oldLocation: SourceLocation?
    public var newLocation: SourceLocation?
    /// The competency as each version shows it, so a document can render the change from
    /// the change set alone (nil on the side it is absent from).
    public var oldSnapshot: CompetencySnapshot?
    public var newSnapshot: CompetencySnapshot?
    /// Where the old version's copy stood, when it is not where the new one stands: set for
    /// a removal, and for a competency moved to another area or out of order in its own.
    public var oldPlace: OldPlace?

    public init(
        kinds: Set<Kind>, oldID: String? = nil, newID: String? = nil, oldCode: String? = nil, newCode: String? = nil,
        oldArea: String? = nil, newArea: String? = nil, oldStatement: String? = nil, newStatement: String? = nil,
        statementDiff: [WordDiff.Segment] = [], fields: [FieldChange] = [], confidence: Double = 1,
        oldLocation: SourceLocation? = nil, newLocation: SourceLocation? = nil,
        oldSnapshot: CompetencySnapshot? = nil, newSnapshot: CompetencySnapshot? = nil, oldPlace: OldPlace? = nil
    ) {
        self.kinds = kinds
        self.oldID = oldID
        self.newID = newID
        self.oldCode = oldCode
        self.newCode = newCode
        self.oldArea = oldArea
        self.newArea = newArea
        self.oldStatement = oldStatement
        self.newStatement = newStatement
        self.statementDiff = statementDiff
        self.fields = fields
        self.confidence = confidence
        self.oldLocation = oldLocation
        self.newLocation = newLocation
        self.oldSnapshot = oldSnapshot
        self.newSnapshot = newSnapshot
        self.oldPlace = oldPlace
    }

    /// The kinds in a fixed order, for printing.
    public var orderedKinds: [Kind] { Kind.allCases.filter(kinds.contains) }
    public var id: String { newID ?? oldID ?? "" }
    /// Whether the competency stands somewhere else in the new version (another area, or
    /// out of order in its own), so a document shows it moved rather than edited in place.
    /// A change of group or phases alone is not a move: it does not change the reading order.
    public var isMove: Bool { oldID != nil && newID != nil && oldPlace != nil }
}

/// Where an item stood in the old version, relative to what keeps its place in the new one,
/// so a document can show the old copy of a removed or moved item where it was.
public struct OldPlace: Sendable, Hashable {
    /// The list the item stood in: a competency's area, a role's group; nil for the lists
    /// a framework has once (phases, training, services and so on).
    public var container: String?
    /// The nearest item before it in the old list that keeps its place in the new one, by
    /// its id in the new version; nil when none before it does.
    public var after: String?
    /// Its position in the old list, which orders old copies that follow the same item.
    public var index: Int

    public init(container: String?, after: String?, index: Int) {
        self.container = container
        self.after = after
        self.index = index
    }
}

/// A competency as readers of one version see it: its wording, and the names (not the ids)
/// of its group, phases, linked training and signposted services in that version.
public struct CompetencySnapshot: Sendable, Hashable {
    public var code: String
    public var statement: String
    public var enhancements: [String]
    public var kind: CompetencyKind
    public var group: String
    public var phases: [String]
    public var training: [String]
    public var signposts: [String]
    public var topics: [String]

    public init(
        code: String, statement: String, enhancements: [String] = [], kind: CompetencyKind, group: String,
        phases: [String] = [], training: [String] = [], signposts: [String] = [], topics: [String] = []
    ) {
        self.code = code
        self.statement = statement
        self.enhancements = enhancements
        self.kind = kind
        self.group = group
        self.phases = phases
        self.training = training
        self.signposts = signposts
        self.topics = topics
    }

    /// - Parameter names: the names of the version the competency belongs to; an id with no
    ///   name there (a dangling reference) is shown as the id.
    public init(_ competency: Competency, names: Names) {
        self.init(
            code: competency.code, statement: competency.statement, enhancements: competency.enhancements,
            kind: competency.kind, group: names.groups[competency.groupID] ?? competency.groupID,
            phases: competency.phaseIDs.map { names.phases[$0] ?? $0 },
            training: competency.trainingRefs.map { names.training[$0.id] ?? $0.id },
            signposts: competency.serviceRefs.map { names.services[$0.id] ?? $0.id },
            topics: competency.topics)
    }

    /// One version's names by id, indexed once so snapshotting every competency of a large
    /// framework stays linear.
    public struct Names: Sendable {
        var groups: [String: String] = [:]
        var phases: [String: String] = [:]
        var training: [String: String] = [:]
        var services: [String: String] = [:]

        public init(_ framework: Framework) {
            // The first of a duplicated id wins, as everywhere else in the comparison.
            for group in framework.groups where groups[group.id] == nil { groups[group.id] = group.name }
            for phase in framework.phases where phases[phase.id] == nil { phases[phase.id] = phase.name }
            for option in framework.trainingOptions where training[option.id] == nil { training[option.id] = option.title }
            for service in framework.services where services[service.id] == nil { services[service.id] = service.name }
        }
    }
}

/// One field that differs, as text on both sides (absent is nil).
public struct FieldChange: Sendable, Hashable {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}

/// A change to anything but a competency.
public struct EntityChange: Sendable, Hashable {
    public enum Entity: String, Sendable, Hashable, CaseIterable, Codable {
        case metadata, phase, group, role, area, training, service, ratingPoint = "rating-point"
    }

    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case added, removed, modified, reordered
        /// A training option or service whose link changed; links change on their own cycle,
        /// so they are reported apart from other edits.
        case linkChanged = "link-changed"
    }

    public var entity: Entity
    public var kind: Kind
    public var id: String
    public var fields: [FieldChange]
    public var oldLocation: SourceLocation?
    public var newLocation: SourceLocation?
    /// Every compared field of the item in each version (see `EntityFields`), not only those
    /// that differ, so a document can show the whole item from the change set alone; nil on
    /// the side the item is absent from.
    public var oldValues: [String: String]?
    public var newValues: [String: String]?
    /// Where the old version's copy stood, when it is not where the new one stands: set for
    /// a removal, a reorder, and a role moved to another group.
    public var oldPlace: OldPlace?

    public init(
        entity: Entity, kind: Kind, id: String, fields: [FieldChange] = [], oldLocation: SourceLocation? = nil, newLocation: SourceLocation? = nil,
        oldValues: [String: String]? = nil, newValues: [String: String]? = nil, oldPlace: OldPlace? = nil
    ) {
        self.entity = entity
        self.kind = kind
        self.id = id
        self.fields = fields
        self.oldLocation = oldLocation
        self.newLocation = newLocation
        self.oldValues = oldValues
        self.newValues = newValues
        self.oldPlace = oldPlace
    }
}

/// Every field the comparison reads from each kind of item, as text in a fixed order: the
/// comparison reports those that differ, and a document shows an unchanged item from the
/// same fields, so both sides of a change read alike.
public enum EntityFields {
    public typealias Values = [(field: String, value: String?)]

    public static func metadata(_ metadata: FrameworkMetadata) -> Values {
        // Version, date and lineage say which two versions these are; the header shows them.
        [("title", metadata.title), ("publisher", metadata.publisher), ("licence", metadata.licence),
         ("language", metadata.language), ("description", metadata.description)]
    }

    public static func phase(_ phase: Phase) -> Values {
        [("name", phase.name), ("description", phase.description)]
    }

    public static func group(_ group: CompetencyGroup) -> Values {
        [("name", group.name), ("rank", String(group.rank)), ("description", group.description)]
    }

    public static func role(_ role: Role, group: String) -> Values {
        [("name", role.name), ("group", group)]
    }

    public static func area(_ area: Area) -> Values {
        [("name", area.name), ("description", area.description)]
    }

    public static func training(_ option: TrainingOption) -> Values {
        [("title", option.title), ("provider", option.provider), ("scope", option.scope.rawValue),
         ("format", option.format.rawValue), ("duration", option.duration), ("url", option.url)]
    }

    public static func service(_ service: Service) -> Values {
        [("name", service.name), ("scope", service.scope.rawValue), ("description", service.description), ("url", service.url)]
    }

    public static func ratingPoint(_ point: RatingPoint) -> Values {
        [("label", point.label), ("descriptor", point.descriptor)]
    }

    /// The values present, by field name.
    public static func dictionary(_ values: Values) -> [String: String] {
        var result: [String: String] = [:]
        for (field, value) in values { if let value { result[field] = value } }
        return result
    }
}
