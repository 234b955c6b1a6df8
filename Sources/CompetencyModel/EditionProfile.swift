/// An edition described without code: the base it adapts, the export plugin that adapts
/// it, and that plugin's parameters. Read from `Frameworks/editions/<id>.xml`.
public struct EditionProfile: Sendable, Hashable {
    public var id: String
    public var pluginID: String
    public var base: FrameworkReference
    public var title: String
    /// See `FrameworkMetadata.shortTitle`.
    public var shortTitle: String?
    public var publisher: String
    public var version: String
    public var date: String
    public var licence: String?
    /// The council's https address for its CASE records; see `FrameworkMetadata.baseURI`.
    public var baseURI: String?
    public var audience: String
    public var description: String
    public var enhancementLabel: String?
    public var publication: Publication?
    public var include: Selection?
    public var excludes: [Selection]
    public var groupChanges: [GroupChange]
    /// Phase descriptions reworded for this edition's workforce.
    public var phaseChanges: [PhaseChange]
    /// Local training and services that take the place of a base option everywhere.
    public var replacements: [CatalogueReplacement]
    public var trainingOptions: [TrainingOption]
    public var services: [Service]
    public var strategies: [Strategy]
    public var statementOverrides: [StatementOverride]
    public var trainingOverrides: [TrainingOverride]
    public var signpostOverrides: [SignpostOverride]
    public var enhancementOverrides: [EnhancementOverride]
    public var additions: [AddedCompetency]
    public var dissemination: [DisseminationStep]
    public var keyMessages: [KeyMessage]
    public var workshops: [WorkshopPlan]
    public var evaluation: EvaluationPlan?
    /// Word output: one document per phase as well as the whole.
    public var perPhaseDocuments: Bool
    @NotCompared public var location: SourceLocation?
    @NotCompared public var pluginLocation: SourceLocation?
    /// Where the `id` attribute is, for errors about the id itself.
    @NotCompared public var idLocation: SourceLocation?
    @NotCompared public var baseLocation: SourceLocation?

    public init(
        id: String, pluginID: String, base: FrameworkReference, title: String, shortTitle: String? = nil, publisher: String,
        version: String, date: String, licence: String? = nil, baseURI: String? = nil, audience: String, description: String,
        enhancementLabel: String? = nil, publication: Publication? = nil, include: Selection? = nil, excludes: [Selection] = [],
        groupChanges: [GroupChange] = [], phaseChanges: [PhaseChange] = [], replacements: [CatalogueReplacement] = [],
        trainingOptions: [TrainingOption] = [], services: [Service] = [],
        strategies: [Strategy] = [], statementOverrides: [StatementOverride] = [],
        trainingOverrides: [TrainingOverride] = [], signpostOverrides: [SignpostOverride] = [], enhancementOverrides: [EnhancementOverride] = [],
        additions: [AddedCompetency] = [], dissemination: [DisseminationStep] = [],
        keyMessages: [KeyMessage] = [], workshops: [WorkshopPlan] = [], evaluation: EvaluationPlan? = nil,
        perPhaseDocuments: Bool = false, location: SourceLocation? = nil, pluginLocation: SourceLocation? = nil, baseLocation: SourceLocation? = nil,
        idLocation: SourceLocation? = nil
    ) {
        self.idLocation = idLocation
        self.id = id
        self.pluginID = pluginID
        self.base = base
        self.title = title
        self.shortTitle = shortTitle
        self.publisher = publisher
        self.version = version
        self.date = date
        self.licence = licence
        self.baseURI = baseURI
        self.audience = audience
        self.description = description
        self.enhancementLabel = enhancementLabel
        self.publication = publication
        self.include = include
        self.excludes = excludes
        self.groupChanges = groupChanges
        self.phaseChanges = phaseChanges
        self.replacements = replacements
        self.trainingOptions = trainingOptions
        self.services = services
        self.strategies = strategies
        self.statementOverrides = statementOverrides
        self.trainingOverrides = trainingOverrides
        self.signpostOverrides = signpostOverrides
        self.enhancementOverrides = enhancementOverrides
        self.additions = additions
        self.dissemination = dissemination
        self.keyMessages = keyMessages
        self.workshops = workshops
        self.evaluation = evaluation
        self.perPhaseDocuments = perPhaseDocuments
        self.location = location
        self.pluginLocation = pluginLocation
        self.baseLocation = baseLocation
    }
}

/// A list of ids with where the list was written, for diagnostics on any member.
public struct IDList: Sendable, Hashable {
    public var ids: [String]
    @NotCompared public var location: SourceLocation?

    public init(_ ids: [String], location: SourceLocation? = nil) {
        self.ids = ids
        self.location = location
    }
}

/// Base content chosen by group, phase, area or competency.
public struct Selection: Sendable, Hashable {
    public var groups: IDList?
    public var phases: IDList?
    public var areas: IDList?
    public var competencies: IDList?
    /// Training options and services to leave out everywhere (honoured in `exclude`).
    public var training: IDList?
    public var services: IDList?
    public var rationale: String?
    @NotCompared public var location: SourceLocation?

    public init(
        groups: IDList? = nil, phases: IDList? = nil, areas: IDList? = nil,
        competencies: IDList? = nil, training: IDList? = nil, services: IDList? = nil,
        rationale: String? = nil, location: SourceLocation? = nil
    ) {
        self.training = training
        self.services = services
        self.groups = groups
        self.phases = phases
        self.areas = areas
        self.competencies = competencies
        self.rationale = rationale
        self.location = location
    }
}

public struct GroupChange: Sendable, Hashable {
    public var group: Reference
    public var description: String?
    public var renames: [RoleRename]
    public var removedRoles: [Reference]
    public var addedRoles: [Role]
    public var rationale: String?

    public init(
        group: Reference, description: String? = nil, renames: [RoleRename] = [], removedRoles: [Reference] = [],
        addedRoles: [Role] = [], rationale: String? = nil
    ) {
        self.group = group
        self.description = description
        self.renames = renames
        self.removedRoles = removedRoles
        self.addedRoles = addedRoles
        self.rationale = rationale
    }
}

public struct RoleRename: Sendable, Hashable {
    public var role: Reference
    public var name: String

    public init(role: Reference, name: String) {
        self.role = role
        self.name = name
    }
}

/// A local strategy an edition supports.
public struct Strategy: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var description: String
    public var url: String?
    @NotCompared public var location: SourceLocation?

    public init(id: String, name: String, description: String, url: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.url = url
        self.location = location
    }
}

public struct StatementOverride: Sendable, Hashable {
    public var competency: Reference
    public var text: String
    public var rationale: String

    public init(competency: Reference, text: String, rationale: String) {
        self.competency = competency
        self.text = text
        self.rationale = rationale
    }
}

public struct TrainingOverride: Sendable, Hashable {
    public var competency: Reference
    public var added: [Reference]
    public var removed: [Reference]
    public var rationale: String

    public init(competency: Reference, added: [Reference], removed: [Reference], rationale: String) {
        self.competency = competency
        self.added = added
        self.removed = removed
        self.rationale = rationale
    }
}

/// A change to the services a base competency signposts to.
public struct SignpostOverride: Sendable, Hashable {
    public var competency: Reference
    public var added: [Reference]
    public var removed: [Reference]
    public var rationale: String

    public init(competency: Reference, added: [Reference], removed: [Reference], rationale: String) {
        self.competency = competency
        self.added = added
        self.removed = removed
        self.rationale = rationale
    }
}

public struct EnhancementOverride: Sendable, Hashable {
    public var competency: Reference
    public var text: String
    public var rationale: String
    /// Whether the text replaces the base competency's enhancements instead of adding one.
    public var replacesBase: Bool

    public init(competency: Reference, text: String, rationale: String, replacesBase: Bool = false) {
        self.competency = competency
        self.text = text
        self.rationale = rationale
        self.replacesBase = replacesBase
    }
}

/// A base phase described in the edition's own words.
public struct PhaseChange: Sendable, Hashable {
    public var phase: Reference
    public var description: String
    public var rationale: String

    public init(phase: Reference, description: String, rationale: String) {
        self.phase = phase
        self.description = description
        self.rationale = rationale
    }
}

/// A local training option or service that takes the place of a base one: every
/// competency that pointed to the base one points to the local one instead.
public struct CatalogueReplacement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case training, service }
    public var kind: Kind
    /// The profile's own option.
    public var replacementID: String
    /// The base option it replaces.
    public var replaced: Reference

    public init(kind: Kind, replacementID: String, replaced: Reference) {
        self.kind = kind
        self.replacementID = replacementID
        self.replaced = replaced
    }
}

/// A local competency and the base area it joins.
public struct AddedCompetency: Sendable, Hashable {
    public var area: Reference
    public var competency: Competency
    public var rationale: String

    public init(area: Reference, competency: Competency, rationale: String) {
        self.area = area
        self.competency = competency
        self.rationale = rationale
    }
}

public struct DisseminationStep: Sendable, Hashable {
    public var audience: String
    public var timescale: String
    public var note: String?

    public init(audience: String, timescale: String, note: String? = nil) {
        self.audience = audience
        self.timescale = timescale
        self.note = note
    }
}

/// A message that underpins a workshop edition.
public struct KeyMessage: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var text: String
    public var valueStatement: String
    @NotCompared public var location: SourceLocation?

    public init(id: String, title: String, text: String, valueStatement: String, location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.text = text
        self.valueStatement = valueStatement
        self.location = location
    }
}

/// A workshop as the profile describes it; outcomes refer to base competencies by id.
public struct WorkshopPlan: Sendable, Hashable, Identifiable {
    public var id: String
    public var number: Int
    public var title: String
    /// ISO 8601 duration, such as PT2H.
    public var duration: String
    public var purpose: String
    public var outcomes: [OutcomePlan]
    public var segments: [Segment]
    @NotCompared public var location: SourceLocation?
    @NotCompared public var durationLocation: SourceLocation?

    public init(
        id: String, number: Int, title: String, duration: String, purpose: String,
        outcomes: [OutcomePlan], segments: [Segment], location: SourceLocation? = nil,
        durationLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.duration = duration
        self.purpose = purpose
        self.outcomes = outcomes
        self.segments = segments
        self.location = location
        self.durationLocation = durationLocation
    }
}

public struct OutcomePlan: Sendable, Hashable, Identifiable {
    public var id: String
    public var text: String
    public var develops: [Reference]
    @NotCompared public var location: SourceLocation?

    public init(id: String, text: String, develops: [Reference], location: SourceLocation? = nil) {
        self.id = id
        self.text = text
        self.develops = develops
        self.location = location
    }
}

/// One timed part of a facilitator's plan.
public struct Segment: Sendable, Hashable {
    public var minutes: Int
    public var activity: String
    public var keyMessageIDs: IDList
    public var outcomeIDs: IDList
    @NotCompared public var location: SourceLocation?

    public init(minutes: Int, activity: String, keyMessageIDs: IDList, outcomeIDs: IDList, location: SourceLocation? = nil) {
        self.minutes = minutes
        self.activity = activity
        self.keyMessageIDs = keyMessageIDs
        self.outcomeIDs = outcomeIDs
        self.location = location
    }
}

/// How the pre/post questionnaire of a workshop edition is built.
public struct EvaluationPlan: Sendable, Hashable {
    public var sectors: [ChoiceOption]
    public var agreementScale: [String]
    public var confidenceScale: [String]
    public var ediTopics: IDList

    public init(sectors: [ChoiceOption], agreementScale: [String], confidenceScale: [String], ediTopics: IDList) {
        self.sectors = sectors
        self.agreementScale = agreementScale
        self.confidenceScale = confidenceScale
        self.ediTopics = ediTopics
    }
}

public struct ChoiceOption: Sendable, Hashable, Identifiable {
    public var id: String
    public var label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}
