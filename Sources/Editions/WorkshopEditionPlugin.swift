import Foundation
import CompetencyModel

/// The national wider-workforce edition: the framework taught as a series of workshops.
/// It keeps only the competencies the workshops develop, and builds a facilitator plan per
/// workshop and a matched pre/post questionnaire from them.
public struct WorkshopEditionPlugin: ExportPlugin {
    public let id = "workshop-edition"
    public let summary = "A workshop edition: timed workshops whose outcomes map to canonical competencies, key messages, and a pre/post questionnaire generated from the mapping."

    public init() {}

    public func check(_ profile: EditionProfile, base: Framework) -> [Diagnostic] {
        let checker = ProfileChecker(profile: profile, base: base)
        var diagnostics = checker.commonDiagnostics()
        func error(_ code: String, _ message: String, _ location: SourceLocation?) {
            diagnostics.append(Diagnostic(severity: .error, code: code, message: message, location: location ?? profile.location))
        }
        if profile.workshops.isEmpty {
            error(EditionCode.workshopEditionIncomplete.code, "plugin '\(id)' needs at least one <workshop>; add a <workshops> section with the programme's workshops, or use plugin 'local-variant'", profile.pluginLocation)
        }
        if profile.evaluation == nil {
            error(EditionCode.workshopEditionIncomplete.code, "plugin '\(id)' needs an <evaluation> to build the questionnaire; add one after <workshops> with its sectors and scales", profile.pluginLocation)
        }
        let competencies = checker.competencyIDs
        let messages = Set(profile.keyMessages.map(\.id))
        // Ids are how segments, outcomes and the questionnaire refer to each other, and
        // numbers order the series: a repeat would be published twice or silently shadowed.
        func checkUnique<Key: Hashable>(_ entries: [(Key, SourceLocation?)], describe: (Key) -> String) {
            var firstSeen: [Key: SourceLocation?] = [:]
            for (key, location) in entries {
                if let first = firstSeen[key] {
                    diagnostics.append(Diagnostic(
                        severity: .error, code: EditionCode.idCollision.code,
                        message: "\(describe(key)) is used twice; give each one its own",
                        location: location ?? profile.location,
                        notes: [.init(message: "first used here", location: first)]))
                } else {
                    firstSeen[key] = location
                }
            }
        }
        checkUnique(profile.keyMessages.map { ($0.id, $0.location) }) { "key message id '\($0)'" }
        checkUnique(profile.workshops.map { ($0.id, $0.location) }) { "workshop id '\($0)'" }
        checkUnique(profile.workshops.map { ($0.number, $0.location) }) { "workshop number \($0)" }
        checkUnique(profile.workshops.flatMap { $0.outcomes.map { ($0.id, $0.location) } }) { "outcome id '\($0)'" }
        var carried: Set<String> = []
        for workshop in profile.workshops {
            let outcomes = Set(workshop.outcomes.map(\.id))
            for outcome in workshop.outcomes {
                for reference in outcome.develops where !competencies.contains(reference.id) {
                    error(EditionCode.unknownCompetency.code, "outcome '\(outcome.id)' develops competency '\(reference.id)', which is in neither \(base.metadata.reference) nor this profile", reference.location)
                }
            }
            for segment in workshop.segments {
                for message in segment.keyMessageIDs.ids {
                    carried.insert(message)
                    if !messages.contains(message) {
                        error(EditionCode.unknownWorkshopReference.code, "segment names key message '\(message)', which this profile does not define", segment.keyMessageIDs.location)
                    }
                }
                for outcome in segment.outcomeIDs.ids where !outcomes.contains(outcome) {
                    error(EditionCode.unknownWorkshopReference.code, "segment names outcome '\(outcome)', which is not an outcome of workshop '\(workshop.id)'", segment.outcomeIDs.location)
                }
            }
            guard let planned = Self.plannedMinutes(workshop) else {
                error(EditionCode.segmentTiming.code, "workshop '\(workshop.id)' has segments whose minutes add up to more than can be counted", workshop.location)
                continue
            }
            if let minutes = DurationText.minutes(workshop.duration), minutes != planned {
                error(EditionCode.segmentTiming.code, "workshop '\(workshop.id)' lasts \(minutes) minutes but its segments add up to \(planned)", workshop.durationLocation ?? workshop.location)
            } else if DurationText.minutes(workshop.duration) == nil {
                error(EditionCode.segmentTiming.code, "workshop '\(workshop.id)' has duration '\(workshop.duration)'; write hours and minutes, such as PT2H", workshop.durationLocation ?? workshop.location)
            }
        }
        for message in profile.keyMessages where !carried.contains(message.id) {
            diagnostics.append(Diagnostic(
                severity: .warning, code: EditionCode.unusedKeyMessage.code,
                message: "key message '\(message.id)' is carried by no workshop segment", location: message.location))
        }
        diagnostics += checker.ignored(ignoredSections, by: id)
        return diagnostics
    }

    /// The total of a workshop's segments, or nil if it overflows. The schema caps each
    /// segment, so only a pathological number of them could; checked all the same, since a
    /// trap here would crash `validate` on a file the schema accepted.
    static func plannedMinutes(_ workshop: WorkshopPlan) -> Int? {
        var total = 0
        for segment in workshop.segments {
            let (sum, overflow) = total.addingReportingOverflow(segment.minutes)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    public func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
        let developed = profile.workshops.flatMap { $0.outcomes.flatMap { $0.develops.map(\.id) } }
        let (adapted, provenance) = Adaptation(profile: profile, base: framework)
            .run(keep: Set(developed), keepRationale: "no workshop in the programme sets out to develop them")
        let kept = Set(adapted.competencies.map(\.id))
        let workshops = profile.workshops.sorted { $0.number < $1.number }.map { plan in
            Workshop(
                id: plan.id, number: plan.number, title: plan.title, duration: plan.duration,
                minutes: DurationText.minutes(plan.duration) ?? Self.plannedMinutes(plan) ?? 0,
                purpose: plan.purpose,
                outcomes: plan.outcomes.map { outcome in
                    Outcome(id: outcome.id, text: outcome.text, competencyIDs: outcome.develops.map(\.id).filter(kept.contains))
                },
                segments: plan.segments)
        }
        return Edition(
            info: EditionInfo(profile: profile, pluginID: id, base: framework),
            framework: adapted,
            strategies: profile.strategies,
            keyMessages: profile.keyMessages,
            workshops: workshops,
            questionnaire: profile.evaluation.map {
                QuestionnaireGenerator(evaluation: $0, keyMessages: profile.keyMessages, workshops: workshops, framework: adapted).generate()
            },
            publication: profile.publication,
            sections: EditionSection.trainingProgramme,
            provenance: provenance)
    }
}

/// Builds the matched pre/post questionnaire: the same items before and after training, so
/// answers can be compared person by person.
struct QuestionnaireGenerator {
    let evaluation: EvaluationPlan
    let keyMessages: [KeyMessage]
    let workshops: [Workshop]
    let framework: Framework

    func generate() -> Questionnaire {
        let byID = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        var ordered: [Competency] = []
        for workshop in workshops {
            for outcome in workshop.outcomes {
                for id in outcome.competencyIDs where seen.insert(id).inserted {
                    if let competency = byID[id] { ordered.append(competency) }
                }
            }
        }
        let ediTopics = Set(evaluation.ediTopics.ids)
        func isEDI(_ competency: Competency) -> Bool { competency.topics.contains(where: ediTopics.contains) }
        func items(_ prefix: String, _ competencies: [Competency]) -> [QuestionnaireItem] {
            competencies.map { QuestionnaireItem(id: "\(prefix)-\($0.id)", text: FirstPerson.statement($0.statement), response: .scale("confidence"), source: $0.id) }
        }
        func choice(_ id: String, _ text: String, _ options: [(String, String)]) -> QuestionnaireItem {
            QuestionnaireItem(id: id, text: text, response: .choice(options.map { ChoiceOption(id: $0.0, label: $0.1) }))
        }
        let preferNot = ("prefer-not-to-say", "Prefer not to say")
        let knowledge = ordered.filter { !isEDI($0) && $0.kind != .skill }
        let skills = ordered.filter { !isEDI($0) && $0.kind == .skill }
        let edi = ordered.filter(isEDI)

        return Questionnaire(
            scales: [
                QuestionnaireScale(id: "agreement", points: evaluation.agreementScale),
                QuestionnaireScale(id: "confidence", points: evaluation.confidenceScale),
            ],
            sections: [
                QuestionnaireSection(
                    id: "about-you", title: "About you",
                    prompt: "Answer these the same way before and after the training, so your two sets of answers can be matched without your name.",
                    items: [
                        QuestionnaireItem(id: "about-code", text: "Your matching code: the first three letters of the street you grew up on and the day of the month you were born.", response: .freeText),
                        QuestionnaireItem(id: "about-sector", text: "Which sector do you work in?", response: .choice(evaluation.sectors)),
                        QuestionnaireItem(id: "about-role", text: "What is your role?", response: .freeText),
                    ]),
                QuestionnaireSection(
                    id: "values", title: "Values",
                    prompt: "How far do you agree with each statement?",
                    items: keyMessages.map {
                        QuestionnaireItem(id: "values-\($0.id)", text: $0.valueStatement, response: .scale("agreement"), source: $0.id)
                    }),
                QuestionnaireSection(id: "knowledge", title: "Knowledge", prompt: "How confident are you that this describes you?", items: items("knowledge", knowledge)),
                QuestionnaireSection(id: "skills", title: "Skills", prompt: "How confident are you that this describes you?", items: items("skills", skills)),
                QuestionnaireSection(id: "edi", title: "Equality, diversity and inclusion", prompt: "How confident are you that this describes you?", items: items("edi", edi)),
                // Asked once the training is over: what participants made of it and how
                // they took part, as the programme's evaluation asks.
                QuestionnaireSection(
                    id: "training-views", title: "Your views of the training",
                    prompt: "How far do you agree with each statement?",
                    items: [
                        QuestionnaireItem(id: "views-relevant", text: "The training was relevant to my work.", response: .scale("agreement")),
                        QuestionnaireItem(id: "views-clear", text: "The trainers explained things clearly.", response: .scale("agreement")),
                        QuestionnaireItem(id: "views-use", text: "I will use what I learned in my work with children, young people and families.", response: .scale("agreement")),
                        QuestionnaireItem(id: "views-recommend", text: "I would recommend the training to a colleague.", response: .scale("agreement")),
                        choice("views-mode", "How did you take part?", [("live-online", "In a live online session"), ("in-person", "In person"), ("mixed", "Some sessions online and some in person")]),
                        QuestionnaireItem(id: "views-improve", text: "What one thing would have made the training better for you?", response: .freeText),
                    ],
                    timing: .after),
                // Optional, asked once, reported only in groups.
                QuestionnaireSection(
                    id: "equality-monitoring", title: "Equality monitoring (optional)",
                    prompt: "You do not have to answer these. The answers are used only to check that the training reaches everyone, and are reported in groups, never for one person.",
                    items: [
                        choice("monitoring-age", "Your age", [("under-25", "Under 25"), ("25-34", "25 to 34"), ("35-44", "35 to 44"), ("45-54", "45 to 54"), ("55-plus", "55 or over"), preferNot]),
                        choice("monitoring-gender", "Your gender", [("woman", "Woman"), ("man", "Man"), ("another-way", "In another way"), preferNot]),
                        choice("monitoring-ethnicity", "Your ethnic group", [("asian", "Asian or Asian British"), ("black", "Black, Black British, Caribbean or African"), ("mixed", "Mixed or multiple ethnic groups"), ("white", "White"), ("other", "Another ethnic group"), preferNot]),
                        choice("monitoring-disability", "Do you consider yourself to be disabled?", [("yes", "Yes"), ("no", "No"), preferNot]),
                    ],
                    timing: .before),
            ].filter { !$0.items.isEmpty })
    }
}

/// Turns a competency statement ("Understands that …", "Listens calmly …") into the first
/// person ("I understand that …", "I listen calmly …"), so every questionnaire item speaks
/// in one voice under "How confident are you that this describes you?".
enum FirstPerson {
    private static let irregular = ["Is": "am", "Has": "have", "Does": "do", "Goes": "go"]

    static func statement(_ text: String) -> String {
        guard let space = text.firstIndex(of: " ") else { return text }
        let verb = String(text[..<space])
        var rest = String(text[space...])
        let base: String
        if let known = irregular[verb] {
            base = known
        } else if verb.hasSuffix("ies") {
            base = String(verb.dropLast(3)) + "y"
        } else if ["ches", "shes", "sses", "xes", "zes"].contains(where: verb.hasSuffix) {
            base = String(verb.dropLast(2))
        } else if verb.hasSuffix("s"), !verb.hasSuffix("ss") {
            base = String(verb.dropLast())
        } else {
            return text
        }
        // Only the speaker's own words change: "their own" and "themselves" refer back to
        // the member of staff; other pronouns may be the child's and stay as they are.
        for (third, first) in [(" their own ", " my own "), (" themselves", " myself"), (" helps them ", " helps me ")] {
            rest = rest.replacingOccurrences(of: third, with: first)
        }
        // A second verb joined to the first ("… and explains what will happen") agrees too.
        for verb in coordinatedVerbs {
            for joint in [" and ", ", "] {
                rest = rest.replacingOccurrences(of: joint + verb + " ", with: joint + firstPersonVerb(verb) + " ")
            }
        }
        return "I " + base.lowercased() + rest
    }

    /// Verbs that follow "and" in competency statements; listed rather than guessed, since
    /// "families" and "responses" end the same way.
    private static let coordinatedVerbs = [
        "acts", "agrees", "asks", "checks", "deals", "explains", "follows", "gives", "has", "helps", "involves",
        "keeps", "knows", "listens", "makes", "offers", "passes", "records", "reflects", "respects", "seeks",
        "shares", "supports", "takes", "tells", "uses", "works",
    ]

    private static func firstPersonVerb(_ verb: String) -> String {
        if verb == "has" { return "have" }
        if ["ches", "shes", "sses", "xes", "zes"].contains(where: verb.hasSuffix) { return String(verb.dropLast(2)) }
        return String(verb.dropLast())
    }
}
