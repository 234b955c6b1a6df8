/// One version of a competency framework: the canonical content every edition adapts.
public struct Framework: Sendable, Hashable {
    public var metadata: FrameworkMetadata
    public var phases: [Phase]
    public var groups: [CompetencyGroup]
    public var ratingScale: RatingScale
    public var trainingOptions: [TrainingOption]
    public var services: [Service]
    public var areas: [Area]
    @NotCompared public var location: SourceLocation?

    public init(
        metadata: FrameworkMetadata, phases: [Phase], groups: [CompetencyGroup],
        ratingScale: RatingScale, trainingOptions: [TrainingOption], services: [Service],
        areas: [Area], location: SourceLocation? = nil
    ) {
        self.metadata = metadata
        self.phases = phases
        self.groups = groups
        self.ratingScale = ratingScale
        self.trainingOptions = trainingOptions
        self.services = services
        self.areas = areas
        self.location = location
    }

    /// Every competency in reading order: area by area. This builds a new array; to look
    /// at each competency once, `forEachCompetency` copies nothing.
    public var competencies: [Competency] { areas.flatMap(\.competencies) }

    /// Calls `body` with each competency in reading order, lent in place rather than
    /// copied: a competency holds a dozen reference-counted fields, and copying 100 000 of
    /// them for every rule was most of the time `validate` took. The view is valid only
    /// during the call; keep what it holds, never the view.
    @inlinable
    public func forEachCompetency(_ body: (CompetencyView) throws -> Void) rethrows {
        try areas.withUnsafeBufferPointer { areas in
            for area in areas.indices {
                try areas[area].forEachCompetency(body)
            }
        }
    }

    public var competencyCount: Int {
        areas.reduce(0) { $0 + $1.competencies.count }
    }

    /// The groups from lowest rank to highest.
    public var groupsByRank: [CompetencyGroup] { groups.sorted { $0.rank < $1.rank } }

    /// Whether `competency` is expected of staff in `group`: groups are cumulative, so a
    /// competency applies to its minimum group and every group ranked above it.
    public func applies(_ competency: Competency, to group: CompetencyGroup) -> Bool {
        guard let minimum = groups.first(where: { $0.id == competency.groupID }) else { return false }
        return group.rank >= minimum.rank
    }
}

/// A reference to one version of a framework.
public struct FrameworkReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var frameworkID: String
    public var version: String

    public init(frameworkID: String, version: String) {
        self.frameworkID = frameworkID
        self.version = version
    }

    public var description: String { "\(frameworkID)@\(version)" }
}

public struct FrameworkMetadata: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: String
    public var publisher: String
    /// ISO 8601 calendar date (YYYY-MM-DD), as written in the source.
    public var date: String
    public var licence: String
    public var language: String
    public var derivedFrom: FrameworkReference?
    public var description: String
    /// Who created the framework and the work it rests on; every adaptation credits them.
    public var credit: String?
    /// A title of at most 120 characters for catalogues, when the title is longer.
    public var shortTitle: String?
    /// Where the licence's text is published.
    public var licenceURL: String?
    /// The publisher's https address under which this framework's CASE records are hosted
    /// (`<baseURI>/ims/case/v1p1/…`); identifiers are derived from it, so they are the
    /// publisher's own.
    public var baseURI: String?
    /// The subject area, as CASE's `subject` carries it.
    public var subject: String?
    @NotCompared public var derivedFromLocation: SourceLocation?

    public init(
        id: String, version: String, title: String, publisher: String, date: String,
        licence: String, language: String, derivedFrom: FrameworkReference? = nil,
        description: String, credit: String? = nil, licenceURL: String? = nil, baseURI: String? = nil,
        subject: String? = nil, shortTitle: String? = nil, derivedFromLocation: SourceLocation? = nil
    ) {
        self.shortTitle = shortTitle
        self.credit = credit
        self.licenceURL = licenceURL
        self.baseURI = baseURI
        self.subject = subject
        self.id = id
        self.version = version
        self.title = title
        self.publisher = publisher
        self.date = date
        self.licence = licence
        self.language = language
        self.derivedFrom = derivedFrom
        self.description = description
        self.derivedFromLocation = derivedFromLocation
    }

    public var reference: FrameworkReference { FrameworkReference(frameworkID: id, version: version) }
}

/// An age phase such as early years or college.
public struct Phase: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    /// The CEDS education level codes the phase covers (`IT`, `PK`, `KG`, `01`…`13`, `AE`…),
    /// which CASE consumers understand where they would not understand the phase's id.
    public var cedsLevels: [String]
    @NotCompared public var location: SourceLocation?

    public init(id: String, name: String, description: String? = nil, cedsLevels: [String] = [], location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.cedsLevels = cedsLevels
        self.location = location
    }
}

/// A cumulative tier of staff by contact with children and young people.
public struct CompetencyGroup: Sendable, Hashable, Identifiable {
    public var id: String
    public var rank: Int
    public var name: String
    public var description: String
    public var roles: [Role]
    @NotCompared public var location: SourceLocation?
    @NotCompared public var rankLocation: SourceLocation?

    public init(
        id: String, rank: Int, name: String, description: String, roles: [Role],
        location: SourceLocation? = nil, rankLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.rank = rank
        self.name = name
        self.description = description
        self.roles = roles
        self.location = location
        self.rankLocation = rankLocation
    }
}

/// A suggested job role within a group.
public struct Role: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    @NotCompared public var location: SourceLocation?

    public init(id: String, name: String, location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.location = location
    }
}

/// The self-assessment scale, lowest point first.
public struct RatingScale: Sendable, Hashable {
    public var points: [RatingPoint]
    @NotCompared public var location: SourceLocation?

    public init(points: [RatingPoint], location: SourceLocation? = nil) {
        self.points = points
        self.location = location
    }
}

public struct RatingPoint: Sendable, Hashable {
    public var value: Int
    public var label: String
    public var descriptor: String
    @NotCompared public var location: SourceLocation?

    public init(value: Int, label: String, descriptor: String, location: SourceLocation? = nil) {
        self.value = value
        self.label = label
        self.descriptor = descriptor
        self.location = location
    }
}

public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
    case national, local
}

public enum TrainingFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case eLearning = "e-learning"
    case faceToFace = "face-to-face"
    case liveOnline = "live-online"
    case blended
    case workshop
    case resource
}

/// An entry in the training catalogue.
public struct TrainingOption: Sendable, Hashable, Identifiable {
    public var id: String
    public var scope: Scope
    public var format: TrainingFormat
    public var title: String
    public var provider: String
    /// ISO 8601 duration such as `PT2H`, as written in the source.
    public var duration: String?
    public var url: String
    @NotCompared public var location: SourceLocation?
    @NotCompared public var urlLocation: SourceLocation?

    public init(
        id: String, scope: Scope, format: TrainingFormat, title: String, provider: String,
        duration: String? = nil, url: String, location: SourceLocation? = nil,
        urlLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.scope = scope
        self.format = format
        self.title = title
        self.provider = provider
        self.duration = duration
        self.url = url
        self.location = location
        self.urlLocation = urlLocation
    }
}

/// A service staff can signpost children, young people and families to.
public struct Service: Sendable, Hashable, Identifiable {
    public var id: String
    public var scope: Scope
    public var name: String
    public var description: String
    public var url: String?
    @NotCompared public var location: SourceLocation?
    @NotCompared public var urlLocation: SourceLocation?

    public init(
        id: String, scope: Scope, name: String, description: String, url: String? = nil,
        location: SourceLocation? = nil, urlLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.scope = scope
        self.name = name
        self.description = description
        self.url = url
        self.location = location
        self.urlLocation = urlLocation
    }
}

/// A theme holding competencies in reading order.
public struct Area: Sendable, Hashable, Identifiable {
    /// Calls `body` with each competency of the area, lent in place (see
    /// `Framework.forEachCompetency`).
    @inlinable
    public func forEachCompetency(_ body: (CompetencyView) throws -> Void) rethrows {
        try competencies.withUnsafeBufferPointer { competencies in
            guard let base = competencies.baseAddress else { return }
            for index in competencies.indices {
                try body(CompetencyView(base + index))
            }
        }
    }

    public var id: String
    public var name: String
    public var description: String?
    public var competencies: [Competency]
    @NotCompared public var location: SourceLocation?

    public init(
        id: String, name: String, description: String? = nil, competencies: [Competency],
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.competencies = competencies
        self.location = location
    }
}

public enum CompetencyKind: String, Sendable, Hashable, Codable, CaseIterable {
    case knowledge, skill, understanding
}

/// A reference from a competency to another entity, remembering where it was written.
public struct Reference: Sendable, Hashable {
    public var id: String
    @NotCompared public var location: SourceLocation?

    public init(_ id: String, location: SourceLocation? = nil) {
        self.id = id
        self.location = location
    }
}

/// A competency read where it is stored: each property reads that one field, so looking
/// at a competency copies nothing else. Made only by `Framework.forEachCompetency`, for
/// the duration of one call.
public struct CompetencyView {
    @usableFromInline let pointer: UnsafePointer<Competency>

    @inlinable init(_ pointer: UnsafePointer<Competency>) { self.pointer = pointer }

    @inlinable public var id: String { pointer.pointee.id }
    @inlinable public var code: String { pointer.pointee.code }
    @inlinable public var groupID: String { pointer.pointee.groupID }
    @inlinable public var kind: CompetencyKind { pointer.pointee.kind }
    @inlinable public var phaseIDs: [String] { pointer.pointee.phaseIDs }
    @inlinable public var statement: String { pointer.pointee.statement }
    @inlinable public var enhancements: [String] { pointer.pointee.enhancements }
    @inlinable public var trainingRefs: [Reference] { pointer.pointee.trainingRefs }
    @inlinable public var serviceRefs: [Reference] { pointer.pointee.serviceRefs }
    @inlinable public var topics: [String] { pointer.pointee.topics }
    @inlinable public var location: SourceLocation? { pointer.pointee.location }
    @inlinable public var statementLocation: SourceLocation? { pointer.pointee.statementLocation }
    @inlinable public func location(ofAttribute name: String) -> SourceLocation? { pointer.pointee.location(ofAttribute: name) }
}

/// One short, atomic statement of what staff know, can do or understand.
public struct Competency: Sendable, Hashable, Identifiable {
    public var id: String
    public var code: String
    /// The lowest-ranked group it applies to; it applies to every group above as well.
    public var groupID: String
    public var kind: CompetencyKind
    public var phaseIDs: [String]
    public var statement: String
    /// Additions for children and young people with additional needs.
    public var enhancements: [String]
    public var trainingRefs: [Reference]
    public var serviceRefs: [Reference]
    public var topics: [String]
    @NotCompared public var location: SourceLocation?
    @NotCompared public var attributePositions: AttributePositions
    @NotCompared public var statementLocation: SourceLocation?

    public init(
        id: String, code: String, groupID: String, kind: CompetencyKind, phaseIDs: [String],
        statement: String, enhancements: [String] = [], trainingRefs: [Reference] = [],
        serviceRefs: [Reference] = [], topics: [String] = [], location: SourceLocation? = nil,
        attributeLocations: [String: SourceLocation] = [:], statementLocation: SourceLocation? = nil
    ) {
        self.init(
            id: id, code: code, groupID: groupID, kind: kind, phaseIDs: phaseIDs, statement: statement, enhancements: enhancements,
            trainingRefs: trainingRefs, serviceRefs: serviceRefs, topics: topics, location: location,
            attributePositions: AttributePositions(attributeLocations), statementLocation: statementLocation)
    }

    public init(
        id: String, code: String, groupID: String, kind: CompetencyKind, phaseIDs: [String],
        statement: String, enhancements: [String] = [], trainingRefs: [Reference] = [],
        serviceRefs: [Reference] = [], topics: [String] = [], location: SourceLocation? = nil,
        attributePositions: AttributePositions, statementLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.code = code
        self.groupID = groupID
        self.kind = kind
        self.phaseIDs = phaseIDs
        self.statement = statement
        self.enhancements = enhancements
        self.trainingRefs = trainingRefs
        self.serviceRefs = serviceRefs
        self.topics = topics
        self.location = location
        self.attributePositions = attributePositions
        self.statementLocation = statementLocation
    }

    /// Where each attribute was written, by name.
    public var attributeLocations: [String: SourceLocation] {
        get { attributePositions.dictionary }
        set { attributePositions = AttributePositions(newValue) }
    }

    /// Where an attribute was written, falling back to the element.
    public func location(ofAttribute name: String) -> SourceLocation? {
        attributePositions.location(of: name) ?? location
    }
}

/// Where the attributes of one start tag were written. They share the element's file, so
/// the usual case keeps the file once and a line and column per attribute: a fifth of the
/// memory of a dictionary of locations, which mattered at 100 000 competencies.
public struct AttributePositions: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var line: Int32
        public var column: Int32

        public init(name: String, line: Int32, column: Int32) {
            self.name = name
            self.line = line
            self.column = column
        }
    }

    private enum Storage: Sendable, Hashable {
        case compact(file: String, entries: [Entry])
        /// Locations that do not fit the compact form (other files, sheet cells, huge
        /// line numbers).
        case general([String: SourceLocation])
    }

    private var storage: Storage

    public init(file: String, entries: [Entry]) {
        storage = .compact(file: file, entries: entries)
    }

    public init(_ locations: [String: SourceLocation]) {
        guard let file = locations.first?.value.file,
              locations.values.allSatisfy({ $0.file == file && $0.sheet == nil && Int32(exactly: $0.line) != nil && Int32(exactly: $0.column) != nil })
        else {
            storage = locations.isEmpty ? .compact(file: "", entries: []) : .general(locations)
            return
        }
        storage = .compact(file: file, entries: locations.sorted { $0.key < $1.key }.map {
            Entry(name: $0.key, line: Int32($0.value.line), column: Int32($0.value.column))
        })
    }

    public func location(of name: String) -> SourceLocation? {
        switch storage {
        case .compact(let file, let entries):
            entries.first { $0.name == name }.map { SourceLocation(file: file, line: Int($0.line), column: Int($0.column)) }
        case .general(let locations):
            locations[name]
        }
    }

    public var dictionary: [String: SourceLocation] {
        switch storage {
        case .compact(let file, let entries):
            Dictionary(entries.map { ($0.name, SourceLocation(file: file, line: Int($0.line), column: Int($0.column))) }, uniquingKeysWith: { first, _ in first })
        case .general(let locations):
            locations
        }
    }
}
