import CompetencyModel

/// Lays an edition out as a Word document a council would publish: title page, contents,
/// how to use it, groups, competencies by phase and area, training, self-assessment forms,
/// services, strategies, dissemination plan and what the edition changed; or, for a
/// workshop edition, key messages, facilitator plans and the pre/post questionnaire.
struct EditionDocumentComposer {
    typealias Cell = WordBody.Cell

    var edition: Edition
    /// When set, only this phase's competencies (a per-phase document).
    var phaseID: String?
    var reference: ReferenceDocument?

    static let defaultEnhancementLabel = "Children and young people with additional needs"

    private var framework: Framework { edition.framework }
    private var phases: [Phase] { framework.phases.filter { phaseID == nil || $0.id == phaseID } }
    private var enhancementLabel: String { edition.info.enhancementLabel ?? Self.defaultEnhancementLabel }

    func compose() -> WordDocument {
        var body = WordBody(pageSetup: reference?.pageSetup ?? PageSetup(), footerRelationshipID: "rIdFooter1")
        titlePage(&body)
        body.tableOfContents(title: "Contents")
        body.pageBreak()
        about(&body)
        if edition.workshops.isEmpty {
            localVariant(&body)
        } else {
            workshopEdition(&body)
        }
        changes(&body)
        body.finish(.portrait)

        let phaseName = phaseID.flatMap { id in framework.phases.first { $0.id == id }?.name }
        return WordDocument(
            title: framework.metadata.title + (phaseName.map { ": \($0)" } ?? ""),
            footerText: "\(framework.metadata.publisher), version \(framework.metadata.version)" + (phaseName.map { ", \($0.lowercased())" } ?? ""),
            subject: "Social, emotional and mental health competencies: \(edition.info.audience)",
            creator: framework.metadata.publisher,
            language: framework.metadata.language,
            date: framework.metadata.date,
            keywords: "competency framework; social, emotional and mental health; \(edition.info.id)",
            body: body,
            reference: reference)
    }

    // MARK: - Shared sections

    private func titlePage(_ body: inout WordBody) {
        body.paragraph(framework.metadata.title, style: WordStyles.title)
        if let phaseID, let phase = framework.phases.first(where: { $0.id == phaseID }) {
            body.paragraph("\(phase.name) edition", style: WordStyles.subtitle)
        }
        body.paragraph(framework.metadata.publisher, style: WordStyles.subtitle)
        body.paragraph("Version \(framework.metadata.version), \(Self.longDate(framework.metadata.date))", style: WordStyles.subtitle)
        body.paragraph("Adapted from \(edition.info.baseTitle) (\(edition.info.base.version)).")
        body.paragraph("Licence: \(framework.metadata.licence).", style: WordStyles.note)
        body.pageBreak()
    }

    private func about(_ body: inout WordBody) {
        body.heading("About this framework", level: 1)
        body.paragraph(framework.metadata.description)
        body.heading("Who it is for", level: 2)
        body.paragraph(edition.info.audience)
        if edition.workshops.isEmpty {
            body.heading("How to use it", level: 2)
            body.numbered([
                [.bold("Align to a group. "), .text("Find the competency group that matches how much contact you have with children and young people. The suggested roles are a guide, not a rule.")],
                [.bold("Assess yourself. "), .text("Rate yourself against each competency for your group and the age phase you work with, using the self-assessment form. Note your evidence.")],
                [.bold("Take the training. "), .text("For each competency you rated low, choose training from the list and record it in your action plan. Review it in supervision or your appraisal.")],
            ])
            body.paragraph("Groups are cumulative: staff in a group hold its competencies and those of every group before it. The framework does not ask anyone to act as a therapist; knowing the limits of your role and when to pass a concern on is part of every group.")
        }
        groups(&body)
    }

    private func groups(_ body: inout WordBody) {
        body.heading("Competency groups", level: 1)
        body.paragraph("Choose the group that matches your contact with children and young people, not your job title.")
        body.table(
            caption: "Competency groups with who belongs in each and suggested roles",
            columns: [.init(header: "Group", width: 1800), .init(header: "Who belongs in it", width: 3900), .init(header: "Suggested roles", width: 3900)],
            rows: framework.groups.map { group in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.bold(group.name)])]),
                    .text(group.description),
                    Cell(paragraphs: group.roles.map { (WordStyles.cellText, [.text($0.name)]) }),
                ]
            },
            orientation: .portrait)
    }

    private func trainingTable(_ body: inout WordBody, orientation: WordBody.Orientation) {
        body.heading("Training", level: 1)
        body.paragraph("Each competency is mapped to training that develops it. Links change more often than competencies; check them before booking.")
        body.table(
            caption: "Training options with provider, format, length, availability and link",
            columns: [
                .init(header: "Training", width: 3200), .init(header: "Provider", width: 2400), .init(header: "Format", width: 1300),
                .init(header: "Length", width: 1200), .init(header: "Available", width: 1100), .init(header: "Link", width: 4000),
            ],
            rows: framework.trainingOptions.map { option in
                [
                    .text(option.title), .text(option.provider), .text(option.format.rawValue.replacingHyphens),
                    .text(option.duration.map(DurationText.spoken) ?? "Varies"), .text(option.scope == .national ? "National" : "Local"),
                    Cell(paragraphs: [(WordStyles.cellText, [.link(option.url, url: option.url)])]),
                ]
            },
            orientation: orientation)
    }

    private func services(_ body: inout WordBody) {
        guard !framework.services.isEmpty else { return }
        body.heading("Signposting services", level: 1)
        body.paragraph("Services you can point children, young people and families towards. Follow your organisation's procedures first when you are worried about a child's safety.")
        body.table(
            caption: "Signposting services with what each offers and its link",
            columns: [.init(header: "Service", width: 2600), .init(header: "What it offers", width: 4400), .init(header: "Link", width: 2600)],
            rows: framework.services.map { service in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.bold(service.name)]), (WordStyles.cellText, [.text(service.scope == .national ? "National" : "Local")])]),
                    .text(service.description),
                    Cell(paragraphs: [(WordStyles.cellText, service.url.map { [.link($0, url: $0)] } ?? [.text("See local directory")])]),
                ]
            },
            orientation: .portrait)
    }

    private func changes(_ body: inout WordBody) {
        let records = edition.provenance.filter { $0.change != .removed && $0.change != .unchanged && $0.itemKind != .role }
        let removals = RemovalSummary.summarise(edition.provenance)
        guard !records.isEmpty || !removals.isEmpty else { return }
        body.heading("What this edition changes", level: 1)
        body.paragraph("This edition adapts \(edition.info.baseTitle) (\(edition.info.base.version)). Each change and the reason for it:")
        let competencies = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if !records.isEmpty {
            body.table(
                caption: "Changes this edition makes to its base framework, with reasons",
                columns: [.init(header: "Item", width: 2600), .init(header: "Change", width: 1400), .init(header: "Why", width: 5600)],
                rows: records.map { record in
                    let label: String
                    if record.itemKind == .competency, let competency = competencies[record.itemID] {
                        label = "Competency \(competency.code)"
                    } else {
                        label = "\(record.itemKind.rawValue.capitalisedFirst) \(record.itemID)"
                    }
                    return [.text(label), .text(record.change.rawValue.capitalisedFirst), .text(record.rationale)]
                },
                orientation: .portrait)
        }
        for removal in removals where removal.itemKind == .competency || removal.itemKind == .phase || removal.itemKind == .group {
            let noun = removal.count == 1 ? removal.itemKind.rawValue
                : removal.itemKind == .competency ? "competencies" : removal.itemKind.rawValue + "s"
            body.paragraph("\(removal.count) \(noun) of the base left out: \(removal.rationale).")
        }
    }

    // MARK: - Local variant

    private func localVariant(_ body: inout WordBody) {
        for phase in phases {
            competenciesForPhase(phase, &body)
        }
        body.endSection(.portrait)
        trainingTable(&body, orientation: .landscape)
        selfAssessment(&body)
        body.endSection(.landscape)
        services(&body)
        strategies(&body)
        dissemination(&body)
    }

    private func competenciesForPhase(_ phase: Phase, _ body: inout WordBody) {
        body.heading("\(phase.name) competencies", level: 1)
        if let description = phase.description { body.paragraph(description) }
        body.paragraph([
            .text("“Yes” in a group’s column means the competency is expected of that group. Paragraphs headed “"),
            .bold(enhancementLabel), .text("” apply when working with children and young people with additional needs."),
        ], style: WordStyles.note)
        let groups = framework.groups
        for area in framework.areas {
            let competencies = area.competencies.filter { $0.phaseIDs.contains(phase.id) }
            guard !competencies.isEmpty else { continue }
            body.heading(area.name, level: 2)
            if let description = area.description { body.paragraph(description) }
            let statementWidth = 9638 - 1000 - groups.count * 1400
            body.table(
                caption: "\(area.name) competencies for \(phase.name.lowercased()), with the groups each applies to",
                columns: [.init(header: "Code", width: 1000), .init(header: "Competency", width: statementWidth)]
                    + groups.map { .init(header: $0.name, width: 1400) },
                rows: competencies.map { competency in
                    [.text(competency.code), statementCell(competency)]
                        + groups.map { .text(framework.applies(competency, to: $0) ? "Yes" : "No") }
                },
                orientation: .portrait)
        }
    }

    private func statementCell(_ competency: Competency, phasesNote: Bool = false) -> WordBody.Cell {
        var paragraphs: [(style: String, inlines: [WordBody.Inline])] = [(WordStyles.cellText, [.text(competency.statement)])]
        if phasesNote && competency.phaseIDs.count < framework.phases.count {
            let names = framework.phases.filter { competency.phaseIDs.contains($0.id) }.map(\.name)
            paragraphs.append((WordStyles.note, [.text("Phases: \(names.joined(separator: ", "))")]))
        }
        for enhancement in competency.enhancements {
            paragraphs.append((WordStyles.enhancement, [.bold("\(enhancementLabel): "), .text(enhancement)]))
        }
        return WordBody.Cell(paragraphs: paragraphs)
    }

    private func selfAssessment(_ body: inout WordBody) {
        body.heading("Self-assessment", level: 1)
        body.paragraph("Use the form for your group. Tick one box for each competency, note your evidence, then plan training for the competencies you rated lowest.")
        body.table(
            caption: "The self-assessment rating scale",
            columns: [.init(header: "Rating", width: 3000), .init(header: "What it means", width: 10000)],
            rows: framework.ratingScale.points.map { [Cell(paragraphs: [(WordStyles.cellText, [.bold($0.label)])]), .text($0.descriptor)] },
            orientation: .landscape)
        let points = framework.ratingScale.points
        for group in framework.groups {
            let competencies = framework.competencies.filter { competency in
                framework.applies(competency, to: group) && (phaseID == nil || competency.phaseIDs.contains(phaseID!))
            }
            guard !competencies.isEmpty else { continue }
            body.heading("Self-assessment form: \(group.name) group", level: 2)
            body.paragraph("Name:  ______________________    Role:  ______________________    Date:  ____________")
            body.table(
                caption: "Self-assessment form for the \(group.name) group: one rating and evidence per competency",
                columns: [.init(header: "Code", width: 900), .init(header: "Competency", width: 5400)]
                    + points.map { .init(header: $0.label, width: 1550) } + [.init(header: "Evidence", width: 2100)],
                rows: competencies.map { competency in
                    [.text(competency.code), statementCell(competency, phasesNote: phaseID == nil)]
                        + points.map { _ in Cell(paragraphs: [(WordStyles.cellText, [.checkbox])]) } + [.text("")]
                },
                orientation: .landscape)
            body.heading("Action plan: \(group.name) group", level: 3)
            body.table(
                caption: "Action plan for the \(group.name) group: training chosen for each competency to develop",
                columns: [.init(header: "Competency code", width: 2000), .init(header: "What I will do (training or other action)", width: 6500), .init(header: "By when", width: 2000), .init(header: "Done", width: 1500)],
                rows: (0..<5).map { _ in [.text(""), .text(""), .text(""), Cell(paragraphs: [(WordStyles.cellText, [.checkbox])])] },
                orientation: .landscape)
        }
    }

    private func strategies(_ body: inout WordBody) {
        guard !edition.strategies.isEmpty else { return }
        body.heading("Local strategies", level: 1)
        body.table(
            caption: "Local strategies this framework supports",
            columns: [.init(header: "Strategy", width: 3000), .init(header: "How this framework supports it", width: 6600)],
            rows: edition.strategies.map { strategy in
                [
                    Cell(paragraphs: [(WordStyles.cellText, strategy.url.map { [.link(strategy.name, url: $0)] } ?? [.bold(strategy.name)])]),
                    .text(strategy.description),
                ]
            },
            orientation: .portrait)
    }

    private func dissemination(_ body: inout WordBody) {
        guard !edition.dissemination.isEmpty else { return }
        body.heading("Dissemination plan", level: 1)
        body.paragraph("Who will be reached, and when.")
        body.table(
            caption: "Dissemination plan: target audience and timescale",
            columns: [.init(header: "Target audience", width: 5400), .init(header: "Timescale", width: 2200), .init(header: "Note", width: 2000)],
            rows: edition.dissemination.map { [.text($0.audience), .text($0.timescale), .text($0.note ?? "")] },
            orientation: .portrait)
    }

    // MARK: - Workshop edition

    private func workshopEdition(_ body: inout WordBody) {
        body.heading("Key messages", level: 1)
        body.paragraph("Seven messages run through every workshop.")
        body.numbered(edition.keyMessages.map { [.bold($0.title + ". "), .text($0.text)] })
        let competencies = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let messages = Dictionary(edition.keyMessages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for workshop in edition.workshops {
            body.heading("Workshop \(workshop.number): \(workshop.title)", level: 1)
            body.paragraph([.bold("Length: "), .text(DurationText.spoken(workshop.duration))])
            body.paragraph(workshop.purpose)
            body.heading("Learning outcomes", level: 2)
            body.table(
                caption: "Workshop \(workshop.number) learning outcomes and the competencies each develops",
                columns: [.init(header: "By the end, participants can", width: 3600), .init(header: "Competencies developed", width: 6000)],
                rows: workshop.outcomes.map { outcome in
                    [
                        .text(outcome.text),
                        Cell(paragraphs: outcome.competencyIDs.compactMap { competencies[$0] }.map {
                            (WordStyles.cellText, [.bold($0.code + " "), .text($0.statement)])
                        }),
                    ]
                },
                orientation: .portrait)
            body.heading("Facilitator plan", level: 2)
            var elapsed = 0
            let outcomeNumbers = Dictionary(workshop.outcomes.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
            body.table(
                caption: "Workshop \(workshop.number) facilitator plan: timing, activity, key messages and outcomes",
                columns: [.init(header: "Time", width: 1500), .init(header: "Activity", width: 4900), .init(header: "Key messages", width: 2200), .init(header: "Outcomes", width: 1000)],
                rows: workshop.segments.map { segment in
                    let start = elapsed
                    elapsed += segment.minutes
                    return [
                        Cell(paragraphs: [(WordStyles.cellText, [.text("\(Self.clock(start))–\(Self.clock(elapsed))")]), (WordStyles.note, [.text("\(segment.minutes) min")])]),
                        .text(segment.activity),
                        Cell(paragraphs: segment.keyMessageIDs.ids.compactMap { messages[$0] }.map { (WordStyles.cellText, [.text($0.title)]) }),
                        .text(segment.outcomeIDs.ids.compactMap { outcomeNumbers[$0].map(String.init) }.joined(separator: ", ")),
                    ]
                },
                orientation: .portrait)
        }
        trainingTable(&body, orientation: .portrait)
        services(&body)
        if let questionnaire = edition.questionnaire {
            body.endSection(.portrait)
            questionnaireSection(questionnaire, &body)
            body.endSection(.landscape)
        }
    }

    private func questionnaireSection(_ questionnaire: Questionnaire, _ body: inout WordBody) {
        body.heading("Evaluation questionnaire", level: 1)
        body.paragraph("Ask participants to complete the same questionnaire before the first workshop and after the last. The matching code pairs each person's answers without collecting names.")
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (timing, heading) in [("before", "Before the training"), ("after", "After the training")] {
            body.heading(heading, level: 2)
            for section in questionnaire.sections {
                body.heading(section.title, level: 3)
                body.paragraph(section.prompt)
                let scaleItems = section.items.filter { if case .scale = $0.response { return true } else { return false } }
                for item in section.items where !scaleItems.contains(item) {
                    switch item.response {
                    case .choice(let options):
                        body.paragraph([.bold(item.text)], style: WordStyles.normal)
                        for option in options { body.paragraph([.checkbox, .text(" " + option.label)], style: WordStyles.cellText) }
                    default:
                        body.paragraph([.bold(item.text), .text("  ______________________________")])
                    }
                }
                guard case .scale(let scaleID)? = scaleItems.first?.response, let scale = scales[scaleID] else { continue }
                body.table(
                    caption: "\(section.title) items \(timing) the training, rated on the \(scale.id) scale",
                    columns: [.init(header: "Statement", width: 6500)] + scale.points.map { .init(header: $0, width: 1500) },
                    rows: scaleItems.map { item in
                        [.text(item.text)] + scale.points.map { _ in Cell(paragraphs: [(WordStyles.cellText, [.checkbox])]) }
                    },
                    orientation: .landscape)
            }
        }
    }

    // MARK: - Formatting

    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// "2022-12-07" → "7 December 2022", without a locale, so output never varies.
    static func longDate(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }

    static func clock(_ minutes: Int) -> String {
        let rest = minutes % 60
        return "\(minutes / 60):\(rest < 10 ? "0" : "")\(rest)"
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
    var replacingHyphens: String { split(separator: "-").joined(separator: " ").capitalisedFirst }
}
