/// A canonical framework adapted by an export plugin: the adapted framework, what the
/// edition adds around it, and where every item came from.
public struct Edition: Sendable, Hashable {
    public var info: EditionInfo
    /// The adapted framework. Its metadata is the edition's (id, version, title, publisher,
    /// date) and `derivedFrom` names the base.
    public var framework: Framework
    public var strategies: [Strategy]
    public var dissemination: [DisseminationStep]
    public var keyMessages: [KeyMessage]
    public var workshops: [Workshop]
    public var questionnaire: Questionnaire?
    /// Contact, review date and abbreviations, from the profile.
    public var publication: Publication?
    /// What the edition's documents hold, in order, as its plugin chose. Writers lay the
    /// edition out from this list rather than guessing from which content is present, so a
    /// new plugin can combine sections without a change to any writer.
    public var sections: [EditionSection]
    /// One record per item that is not carried over unchanged, in the order the changes were
    /// made. Unchanged items have no record.
    public var provenance: [Provenance]

    public init(
        info: EditionInfo, framework: Framework, strategies: [Strategy] = [],
        dissemination: [DisseminationStep] = [], keyMessages: [KeyMessage] = [],
        workshops: [Workshop] = [], questionnaire: Questionnaire? = nil, publication: Publication? = nil,
        sections: [EditionSection] = EditionSection.selfAssessmentFramework, provenance: [Provenance] = []
    ) {
        self.publication = publication
        self.sections = sections
        self.info = info
        self.framework = framework
        self.strategies = strategies
        self.dissemination = dissemination
        self.keyMessages = keyMessages
        self.workshops = workshops
        self.questionnaire = questionnaire
        self.provenance = provenance
    }

    /// Whether the edition's documents hold `section`.
    public func has(_ section: EditionSection) -> Bool {
        sections.contains(section)
    }

    /// How the item fared in this edition; `.unchanged` when no record names it. An item
    /// changed in several ways reports the strongest: added, then reworded, then localised.
    public func change(of kind: Provenance.ItemKind, _ id: String) -> Provenance.Change {
        let changes = Set(provenance.filter { $0.itemKind == kind && $0.itemID == id }.map(\.change))
        return [Provenance.Change.removed, .added, .reworded, .localised].first(where: changes.contains) ?? .unchanged
    }
}

/// A part of an edition's documents. Each writer knows how to render every section; a
/// plugin says which its edition has and in what order.
public enum EditionSection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Align to a group, assess yourself, take the training: how staff use a framework of
    /// self-assessment.
    case howToUse
    /// The groups as levels staff place themselves in.
    case competencyGroups
    /// The groups as the people a training programme is for.
    case trainingAudience
    /// Every competency, phase by phase, with who it is expected of and its training.
    case competenciesByPhase
    /// The messages that run through a training programme.
    case keyMessages
    /// Each workshop with its outcomes and facilitator plan.
    case workshops
    /// The training options, with what each develops.
    case trainingCatalogue
    /// Fillable self-assessment forms and an action plan (in the per-phase documents when
    /// the profile asks for them).
    case selfAssessment
    /// Local and national services to signpost to.
    case services
    /// The local strategies the edition supports.
    case strategies
    /// How the edition will reach staff.
    case dissemination
    /// The evaluation questionnaire, before and after the training.
    case questionnaire

    /// A framework staff assess themselves against (the local-variant plugin's edition).
    public static let selfAssessmentFramework: [EditionSection] = [
        .howToUse, .competencyGroups, .competenciesByPhase, .trainingCatalogue, .selfAssessment,
        .services, .strategies, .dissemination,
    ]
    /// A programme of workshops that develops the competencies (the workshop-edition
    /// plugin's edition).
    public static let trainingProgramme: [EditionSection] = [
        .trainingAudience, .keyMessages, .workshops, .trainingCatalogue, .services, .questionnaire,
    ]
}

extension EditionInfo {
    /// The information every plugin records: the profile's, with the base it adapted.
    public init(profile: EditionProfile, pluginID: String, base: Framework) {
        self.init(
            id: profile.id, pluginID: pluginID, base: base.metadata.reference, baseTitle: base.metadata.title,
            audience: profile.audience, enhancementLabel: profile.enhancementLabel,
            perPhaseDocuments: profile.perPhaseDocuments,
            basePublisher: base.metadata.publisher, baseCredit: base.metadata.credit, baseBaseURI: base.metadata.baseURI)
    }
}

public struct EditionInfo: Sendable, Hashable {
    public var id: String
    public var pluginID: String
    public var base: FrameworkReference
    /// The base framework's title, for "adapted from" lines.
    public var baseTitle: String
    public var audience: String
    /// The heading over enhancements; the framework's default wording when nil.
    public var enhancementLabel: String?
    /// Whether Word output should include one document per phase as well as the whole.
    public var perPhaseDocuments: Bool
    /// Who published the base framework, named on the cover of every edition of it.
    public var basePublisher: String?
    /// The base framework's acknowledgement of its creators, printed in full.
    public var baseCredit: String?
    /// The base's own `baseURI`, so links to the base's CASE records use its publisher's.
    public var baseBaseURI: String?

    public init(
        id: String, pluginID: String, base: FrameworkReference, baseTitle: String, audience: String,
        enhancementLabel: String? = nil, perPhaseDocuments: Bool = false, basePublisher: String? = nil, baseCredit: String? = nil,
        baseBaseURI: String? = nil
    ) {
        self.baseBaseURI = baseBaseURI
        self.basePublisher = basePublisher
        self.baseCredit = baseCredit
        self.id = id
        self.pluginID = pluginID
        self.base = base
        self.baseTitle = baseTitle
        self.audience = audience
        self.enhancementLabel = enhancementLabel
        self.perPhaseDocuments = perPhaseDocuments
    }
}

/// What an edition did to one item of its base, and why.
public struct Provenance: Sendable, Hashable {
    public enum Change: String, Sendable, Hashable, Codable, CaseIterable {
        case unchanged, reworded, localised, added, removed
    }

    public enum ItemKind: String, Sendable, Hashable, Codable, CaseIterable {
        case competency, group, role, phase, area, training, service, strategy
    }

    public var itemKind: ItemKind
    public var itemID: String
    public var change: Change
    public var rationale: String
    /// What changed, for people: the old wording, the training added, and so on.
    public var detail: String?

    public init(itemKind: ItemKind, itemID: String, change: Change, rationale: String, detail: String? = nil) {
        self.itemKind = itemKind
        self.itemID = itemID
        self.change = change
        self.rationale = rationale
        self.detail = detail
    }
}

/// A workshop of a workshop edition, with its outcomes resolved to competencies.
public struct Workshop: Sendable, Hashable, Identifiable {
    public var id: String
    public var number: Int
    public var title: String
    public var duration: String
    public var minutes: Int
    public var purpose: String
    public var outcomes: [Outcome]
    public var segments: [Segment]

    public init(id: String, number: Int, title: String, duration: String, minutes: Int, purpose: String, outcomes: [Outcome], segments: [Segment]) {
        self.id = id
        self.number = number
        self.title = title
        self.duration = duration
        self.minutes = minutes
        self.purpose = purpose
        self.outcomes = outcomes
        self.segments = segments
    }
}

public struct Outcome: Sendable, Hashable, Identifiable {
    public var id: String
    public var text: String
    /// Ids of competencies in the edition's framework.
    public var competencyIDs: [String]

    public init(id: String, text: String, competencyIDs: [String]) {
        self.id = id
        self.text = text
        self.competencyIDs = competencyIDs
    }
}

/// A matched pre- and post-training questionnaire: the same items asked before and after.
public struct Questionnaire: Sendable, Hashable {
    public var scales: [QuestionnaireScale]
    public var sections: [QuestionnaireSection]

    public init(scales: [QuestionnaireScale], sections: [QuestionnaireSection]) {
        self.scales = scales
        self.sections = sections
    }

    public var items: [QuestionnaireItem] { sections.flatMap(\.items) }
}

public struct QuestionnaireScale: Sendable, Hashable, Identifiable {
    public var id: String
    public var points: [String]

    public init(id: String, points: [String]) {
        self.id = id
        self.points = points
    }
}

public struct QuestionnaireSection: Sendable, Hashable, Identifiable {
    /// When a section is asked: on both questionnaires (so answers can be compared), or only
    /// before or after the training.
    public enum Timing: String, Sendable, Hashable, CaseIterable {
        case both, before, after
    }

    public var id: String
    public var title: String
    /// What the respondent is asked to do with the items.
    public var prompt: String
    public var items: [QuestionnaireItem]
    public var timing: Timing

    public init(id: String, title: String, prompt: String, items: [QuestionnaireItem], timing: Timing = .both) {
        self.id = id
        self.title = title
        self.prompt = prompt
        self.items = items
        self.timing = timing
    }
}

public struct QuestionnaireItem: Sendable, Hashable, Identifiable {
    public enum Response: Sendable, Hashable {
        /// Rated on the scale with this id.
        case scale(String)
        case choice([ChoiceOption])
        case freeText
    }

    public var id: String
    public var text: String
    public var response: Response
    /// The competency or key message the item was generated from.
    public var source: String?

    public init(id: String, text: String, response: Response, source: String? = nil) {
        self.id = id
        self.text = text
        self.response = response
        self.source = source
    }
}

/// How readers reach the publisher of an edition, when it will be reviewed, and which
/// abbreviations its text spells out at first use.
public struct Publication: Sendable, Hashable {
    public struct Abbreviation: Sendable, Hashable {
        public var term: String
        public var expansion: String

        public init(term: String, expansion: String) {
            self.term = term
            self.expansion = expansion
        }
    }

    public var contact: String
    public var email: String?
    public var telephone: String?
    public var website: String?
    /// YYYY-MM-DD.
    public var reviewDate: String?
    public var abbreviations: [Abbreviation]

    public init(contact: String, email: String? = nil, telephone: String? = nil, website: String? = nil, reviewDate: String? = nil, abbreviations: [Abbreviation] = []) {
        self.contact = contact
        self.email = email
        self.telephone = telephone
        self.website = website
        self.reviewDate = reviewDate
        self.abbreviations = abbreviations
    }
}
