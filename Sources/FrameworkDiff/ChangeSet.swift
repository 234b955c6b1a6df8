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
        public var path: String?

        public init(id: String, version: String, title: String, publisher: String, date: String, path: String? = nil) {
            self.id = id
            self.version = version
            self.title = title
            self.publisher = publisher
            self.date = date
            self.path = path
        }

        public init(_ framework: Framework) {
            self.init(
                id: framework.metadata.id, version: framework.metadata.version, title: framework.metadata.title,
                publisher: framework.metadata.publisher, date: framework.metadata.date, path: framework.location?.file)
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

    public init(
        kinds: Set<Kind>, oldID: String? = nil, newID: String? = nil, oldCode: String? = nil, newCode: String? = nil,
        oldArea: String? = nil, newArea: String? = nil, oldStatement: String? = nil, newStatement: String? = nil,
        statementDiff: [WordDiff.Segment] = [], fields: [FieldChange] = [], confidence: Double = 1,
        oldLocation: SourceLocation? = nil, newLocation: SourceLocation? = nil
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
    }

    /// The kinds in a fixed order, for printing.
    public var orderedKinds: [Kind] { Kind.allCases.filter(kinds.contains) }
    public var id: String { newID ?? oldID ?? "" }
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

    public init(entity: Entity, kind: Kind, id: String, fields: [FieldChange] = [], oldLocation: SourceLocation? = nil, newLocation: SourceLocation? = nil) {
        self.entity = entity
        self.kind = kind
        self.id = id
        self.fields = fields
        self.oldLocation = oldLocation
        self.newLocation = newLocation
    }
}
