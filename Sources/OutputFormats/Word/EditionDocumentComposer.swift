import CompetencyModel
import Foundation

/// Lays an edition out as a Word document a council would publish: title page, contents,
/// how to use it, groups, competencies by phase and area, training, self-assessment forms,
/// services, strategies, dissemination plan and what the edition changed; or, for a
/// training programme, key messages, facilitator plans and the pre/post questionnaire. The
/// edition's `sections` say which, in what order.
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
    private var phaseName: String? { phaseID.flatMap { id in framework.phases.first { $0.id == id }?.name } }

    /// The competencies this document covers: all, or one phase's.
    private let competenciesInScope: [Competency]
    /// Computed once: looked up for every competency, so a per-call dictionary would make
    /// a large framework's document quadratic.
    private let trainingByID: [String: TrainingOption]
    /// The training this document lists: all of it, or what the phase's competencies use.
    private let trainingInScope: [TrainingOption]
    /// The services this document lists: in a phase's document, those its competencies
    /// point to and those no competency names (general signposting for everyone).
    private let servicesInScope: [Service]

    init(edition: Edition, phaseID: String?, reference: ReferenceDocument?) {
        self.edition = edition
        self.phaseID = phaseID
        self.reference = reference
        let framework = edition.framework
        let inScope = framework.competencies.filter { phaseID == nil || $0.phaseIDs.contains(phaseID ?? "") }
        competenciesInScope = inScope
        trainingByID = Dictionary(framework.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if phaseID == nil {
            trainingInScope = framework.trainingOptions
            servicesInScope = framework.services
        } else {
            let used = Set(inScope.flatMap { $0.trainingRefs.map(\.id) })
            trainingInScope = framework.trainingOptions.filter { used.contains($0.id) }
            let usedAnywhere = Set(framework.competencies.flatMap { $0.serviceRefs.map(\.id) })
            let usedHere = Set(inScope.flatMap { $0.serviceRefs.map(\.id) })
            servicesInScope = framework.services.filter { usedHere.contains($0.id) || !usedAnywhere.contains($0.id) }
        }
    }

    /// Whether the forms live in the per-phase documents rather than in this one.
    private var formsAreInPhaseDocuments: Bool {
        phaseID == nil && edition.info.perPhaseDocuments && edition.has(.competenciesByPhase)
    }

    func compose() -> WordDocument {
        var body = WordBody(pageSetup: reference?.pageSetup ?? PageSetup(), footerRelationshipID: "rIdFooter1")
        body.coverWithoutFooter = true
        body.abbreviations = edition.publication?.abbreviations.map { ($0.term, $0.expansion) } ?? []
        titlePage(&body)
        body.tableOfContents(title: "Contents")
        body.pageBreak()
        about(&body)
        // The sections the plugin chose, in its order. Wide tables and forms sit on landscape
        // pages: a section break goes in only where the orientation changes, after content.
        var orientation = WordBody.Orientation.portrait
        for section in edition.sections where hasContent(section) {
            let wanted = self.orientation(of: section)
            if wanted != orientation {
                body.endSection(orientation)
                orientation = wanted
            }
            render(section, &body)
        }
        if orientation != .portrait { body.endSection(orientation) }
        changes(&body)
        aboutThisDocument(&body)
        body.finish(.portrait)

        let phaseName = phaseID.flatMap { id in framework.phases.first { $0.id == id }?.name }
        return WordDocument(
            title: framework.metadata.title + (phaseName.map { ": \($0)" } ?? ""),
            footerText: "\(framework.metadata.publisher), version \(framework.metadata.version)" + (phaseName.map { ", \($0) edition" } ?? ""),
            // The subject is the framework's own, so another council's framework on another
            // subject is described as what it is.
            subject: (framework.metadata.subject.map { "\($0) competencies" } ?? "Competencies") + ": \(edition.info.audience)",
            creator: framework.metadata.publisher,
            language: framework.metadata.language,
            date: framework.metadata.date,
            keywords: (["competency framework"] + [framework.metadata.subject.map(Self.lowercasedFirst)].compactMap { $0 } + [edition.info.id]).joined(separator: "; "),
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
        // "Version 2022, 7 December 2022" says the year twice; say the version only when it
        // is not simply the year of publication.
        let year = String(framework.metadata.date.prefix(4))
        body.paragraph((framework.metadata.version == year ? "Published " : "Version \(framework.metadata.version), published ") + Self.longDate(framework.metadata.date), style: WordStyles.subtitle)
        body.paragraph([.text("Adapted from "), .italic(edition.info.baseTitle), .text(" (\(edition.info.base.version))" + (edition.info.basePublisher.map { ", first published by \($0)." } ?? "."))])
        body.paragraph("Licence: \(framework.metadata.licence).", style: WordStyles.note)
        body.pageBreak()
    }

    private func about(_ body: inout WordBody) {
        body.heading("About this framework", level: 1)
        body.paragraph(framework.metadata.description)
        body.heading("Who it is for", level: 2)
        body.paragraph(edition.info.audience)
    }

    private func render(_ section: EditionSection, _ body: inout WordBody) {
        switch section {
        case .howToUse: howToUse(&body)
        case .competencyGroups, .trainingAudience: groups(section, &body)
        case .competenciesByPhase: for phase in phases { competenciesForPhase(phase, &body) }
        case .keyMessages: keyMessages(&body)
        case .workshops: workshops(&body)
        case .trainingCatalogue: trainingTable(&body)
        case .selfAssessment: selfAssessment(&body)
        case .services: services(&body)
        case .strategies: strategies(&body)
        case .dissemination: dissemination(&body)
        case .questionnaire: if let questionnaire = edition.questionnaire { questionnaireSection(questionnaire, &body) }
        }
    }

    /// Whether `section` prints anything here: an empty one must not cause a page break.
    private func hasContent(_ section: EditionSection) -> Bool {
        switch section {
        case .howToUse, .competencyGroups, .trainingAudience, .selfAssessment: true
        case .competenciesByPhase: !phases.isEmpty
        case .keyMessages: !edition.keyMessages.isEmpty
        case .workshops: !edition.workshops.isEmpty
        case .trainingCatalogue: !trainingInScope.isEmpty
        case .services: !servicesInScope.isEmpty
        case .strategies: !edition.strategies.isEmpty
        case .dissemination: !edition.dissemination.isEmpty
        case .questionnaire: edition.questionnaire != nil
        }
    }

    /// Wide tables (training, the forms, the questionnaire's scales) need landscape pages.
    private func orientation(of section: EditionSection) -> WordBody.Orientation {
        switch section {
        case .trainingCatalogue, .questionnaire: .landscape
        // With the forms in the per-phase documents, this one only points to them.
        case .selfAssessment: formsAreInPhaseDocuments ? .portrait : .landscape
        default: .portrait
        }
    }

    private func howToUse(_ body: inout WordBody) {
        body.heading("How to use it", level: 2)
        body.numbered([
            [.bold("Align to a group. "), .text("Find the competency group that matches how much contact you have with children and young people. The suggested roles are a guide, not a rule.")],
            [.bold("Assess yourself. "), .text("Rate yourself against each competency for your group and the age phase you work with, using the self-assessment form. Note your evidence.")],
            [.bold("Take the training. "), .text("For each competency you rated low, choose training from the list and record it in your action plan. Review it in supervision or your appraisal.")],
        ])
        body.paragraph("Groups are cumulative: staff in a group hold its competencies and those of every group before it. The framework does not ask anyone to act as a therapist; knowing the limits of your role and when to pass a concern on is part of every group.")
    }

    private func groups(_ section: EditionSection, _ body: inout WordBody) {
        if section == .competencyGroups {
            body.heading("Competency groups", level: 1)
            body.paragraph("Choose the group that matches your contact with children and young people, not your job title.")
        } else {
            // A training programme does not sort staff into groups; the groups say who the
            // workshops are for.
            body.heading("Who the workshops are for", level: 1)
            body.paragraph("Everyone in these groups can attend all \(Self.countWord(edition.workshops.count)) workshops. The roles are examples, not a list to check against.")
        }
        body.table(
            caption: "Competency groups with who belongs in each and suggested roles",
            columns: [.init(header: "Group", width: 1800), .init(header: "Who belongs in it", width: 3900), .init(header: "Suggested roles", width: 3900)],
            rows: framework.groups.map { group in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.bold(group.name)])]),
                    .text(group.description),
                    Cell(paragraphs: group.roles.map { (WordStyles.cellBullet, [.text($0.name)]) }),
                ]
            },
            orientation: .portrait, rowsMaySplit: true)
    }

    private func trainingTable(_ body: inout WordBody) {
        let options = trainingInScope
        guard !options.isEmpty else { return }
        body.heading("Training", level: 1)
        body.paragraph(phaseID == nil
            ? "Each competency lists the training that develops it; this table gives the details, and the codes of the competencies each option develops. Links change more often than competencies; check them before booking."
            : "The training the \(phaseName?.lowercased() ?? "") competencies point to, and the codes of the competencies each option develops. Links change more often than competencies; check them before booking.")
        let codes = Dictionary(grouping: competenciesInScope.flatMap { competency in competency.trainingRefs.map { ($0.id, competency.code) } }, by: \.0)
            .mapValues { $0.map(\.1) }
        body.table(
            caption: "Training options with provider, format and length, where they are offered, and the competencies each develops",
            columns: [
                .init(header: "Training", width: 4400), .init(header: "Provider", width: 2900), .init(header: "Format and length", width: 2300),
                .init(header: "Offered", width: 1300), .init(header: "Develops competencies", width: 3700),
            ],
            rows: options.map { option in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.link(option.title, url: option.url)]), (WordStyles.note, [.text(Self.shortURL(option.url))])]),
                    .text(option.provider),
                    .text(Self.formatName(option.format) + ", " + (option.duration.map(DurationText.spoken) ?? "length varies")),
                    .text(option.scope == .national ? "Nationally" : "Locally"),
                    .text((codes[option.id] ?? []).joined(separator: ", ")),
                ]
            },
            orientation: .landscape)
    }

    private func services(_ body: inout WordBody) {
        let services = servicesInScope
        guard !services.isEmpty else { return }
        body.heading("Signposting services", level: 1)
        body.paragraph("Services you can point children, young people and families towards. Follow your organisation's procedures first when you are worried about a child's safety.")
        body.table(
            caption: "Signposting services with what each offers and where to find it",
            columns: [.init(header: "Service", width: 2800), .init(header: "What it offers", width: 4000), .init(header: "Where to find it", width: 2800)],
            rows: services.map { service in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.bold(service.name)]), (WordStyles.note, [.text(service.scope == .national ? "National" : "Local")])]),
                    .text(service.description),
                    Cell(paragraphs: [(WordStyles.cellText, service.url.map { [.link(Self.shortURL($0), url: $0)] } ?? [.text("See your local directory")])]),
                ]
            },
            orientation: .portrait)
    }

    private func changes(_ body: inout WordBody) {
        let summary = EditionChangeSummary(
            edition: edition, phaseID: phaseID, competencies: competenciesInScope, training: trainingInScope, services: servicesInScope)
        guard !summary.isEmpty else { return }
        body.heading("What this edition changes", level: 1)
        body.paragraph([.text("This edition adapts "), .italic(edition.info.baseTitle), .text(" (\(edition.info.base.version)). Each change, and the reason for it:")])
        let tableRows: [[Cell]] = summary.rows.map { row in
            [
                Cell(paragraphs: [(WordStyles.cellText, row.heading.isEmpty ? [.text(row.what)] : [.bold(row.heading), .text(row.what)])]),
                .text(row.change),
                Cell(paragraphs: row.reasons.map { (WordStyles.cellText, [.text($0)]) }),
            ]
        }
        if !tableRows.isEmpty {
            body.table(
                caption: "Changes this edition makes to its base framework, with reasons",
                columns: [.init(header: "What", width: 3400), .init(header: "Change", width: 1400), .init(header: "Why", width: 4800)],
                rows: tableRows,
                orientation: .portrait)
        }
        if !summary.roles.isEmpty {
            body.heading("Suggested roles", level: 2)
            for roleRow in summary.roles {
                body.heading("\(roleRow.group) group", level: 3)
                if !roleRow.renamed.isEmpty {
                    body.paragraph([.bold("Reworded: "), .text(roleRow.renamed.joined(separator: "; ") + ".")])
                }
                if !roleRow.added.isEmpty {
                    body.paragraph([.bold("Added: "), .text(roleRow.added.joined(separator: "; ") + ".")])
                }
                body.paragraph([.bold("Why: "), .text(roleRow.why)])
            }
        }
        for removal in summary.leftOut {
            body.paragraph([.bold("Left out: "), .text(removal)])
        }
    }

    /// The back page: who publishes the edition and how to reach them, when it will be
    /// reviewed, other formats, and credit to the base framework's creators.
    private func aboutThisDocument(_ body: inout WordBody) {
        let publication = edition.publication
        let publisher = framework.metadata.publisher
        body.heading("About this document", level: 1, pageBreakBefore: true)
        body.paragraph("Published by \(publisher), \(Self.longDate(framework.metadata.date)) (version \(framework.metadata.version)).")
        var reach: [WordBody.Inline] = []
        if let publication {
            reach.append(.text(publication.contact))
            if let email = publication.email { reach += [.text(", email "), .link(email, url: "mailto:" + email)] }
            if let telephone = publication.telephone { reach.append(.text(", telephone \(telephone)")) }
            if let website = publication.website { reach += [.text(", "), .link(Self.shortURL(website), url: website)] }
        } else {
            reach.append(.text(publisher))
        }
        body.paragraph([.bold("Questions and comments: ")] + [.text("contact ")] + reach + [.text(".")])
        body.paragraph([.bold("Other formats: ")] + [.text("if you need this document in another format, such as large print, easy read, audio or braille, or in another language, contact ")] + reach + [.text(".")])
        if let review = publication?.reviewDate {
            body.paragraph([.bold("Review: "), .text("\(publisher) will review this edition by \(Self.longDate(review)). Check that you have the latest version before you rely on it.")])
        } else {
            body.paragraph([.bold("Review: "), .text("check with \(publisher) that this is the latest version before you rely on it.")])
        }
        var credit: [WordBody.Inline] = [.bold("Acknowledgements: "), .text("this edition adapts "), .italic(edition.info.baseTitle), .text(" (version \(edition.info.base.version))")]
        credit.append(.text(edition.info.baseCredit.map { ". \(Self.sentence($0))" } ?? edition.info.basePublisher.map { ", first published by \($0)." } ?? "."))
        credit.append(.text(" It is published under the \(framework.metadata.licence)."))
        body.paragraph(credit)
    }

    // MARK: - Local variant

    private func competenciesForPhase(_ phase: Phase, _ body: inout WordBody) {
        // Each phase starts a page, so its introduction is never left at the foot of the last.
        body.heading("\(phase.name) competencies", level: 1, pageBreakBefore: true)
        if let description = phase.description { body.paragraph(description, keepWithNext: true) }
        body.paragraph([
            .text("“Expected of” names the groups a competency applies to; groups are cumulative. Paragraphs headed “"),
            .bold(enhancementLabel), .text("” apply when working with children and young people with additional needs. “Training” names the courses that develop each competency. Codes stay the same in every edition and phase, so gaps in the numbering are expected."),
        ], style: WordStyles.note, keepWithNext: true)
        for area in framework.areas {
            let competencies = area.competencies.filter { $0.phaseIDs.contains(phase.id) }
            guard !competencies.isEmpty else { continue }
            body.heading(area.name, level: 2)
            if let description = area.description { body.paragraph(description) }
            body.table(
                caption: "\(area.name) competencies for \(phase.name.lowercased()), with the groups each is expected of and its training",
                columns: [.init(header: "Code", width: 1200), .init(header: "Competency and training", width: 6400), .init(header: "Expected of", width: 2000)],
                rows: competencies.map { competency in
                    [Cell(paragraphs: [(WordStyles.cellText, [.bold(competency.code)])]), statementCell(competency, training: true), .text(expectedOf(competency))]
                },
                orientation: .portrait)
        }
    }

    /// "Core, Enhanced and Targeted": the groups a competency applies to, in rank order.
    private func expectedOf(_ competency: Competency) -> String {
        let names = framework.groupsByRank.filter { framework.applies(competency, to: $0) }.map(\.name)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    private func statementCell(_ competency: Competency, phasesNote: Bool = false, training: Bool = false) -> WordBody.Cell {
        var paragraphs: [(style: String, inlines: [WordBody.Inline])] = [(WordStyles.cellText, [.text(competency.statement)])]
        if phasesNote && competency.phaseIDs.count < framework.phases.count {
            let names = framework.phases.filter { competency.phaseIDs.contains($0.id) }.map(\.name)
            paragraphs.append((WordStyles.note, [.text("Phases: \(names.joined(separator: ", "))")]))
        }
        for enhancement in competency.enhancements {
            paragraphs.append((WordStyles.enhancement, [.bold("\(enhancementLabel): "), .text(enhancement)]))
        }
        if training, !competency.trainingRefs.isEmpty {
            paragraphs.append((WordStyles.training, [.bold("Training: ")] + trainingLinks(competency)))
        }
        return WordBody.Cell(paragraphs: paragraphs)
    }

    /// Under a workshop's outcome, a competency's other training; or, when the workshop is
    /// all the training it has, the workshop's own catalogue entry, so the reader can find it.
    private func trainingLine(_ competency: Competency, in workshop: Workshop) -> [(style: String, inlines: [WordBody.Inline])] {
        let further = furtherTraining(competency, after: workshop)
        if !further.isEmpty {
            return [(WordStyles.training, [.bold("Further training: ")] + trainingLinks(further))]
        }
        let own = competency.trainingRefs.compactMap { trainingByID[$0.id] }
        guard !own.isEmpty else { return [] }
        return [(WordStyles.training, [.bold("Training: ")] + trainingLinks(own) + [.text(" (this workshop)")])]
    }

    /// A competency's training other than the workshop it is listed under.
    private func furtherTraining(_ competency: Competency, after workshop: Workshop) -> [TrainingOption] {
        competency.trainingRefs.compactMap { trainingByID[$0.id] }.filter { !$0.title.lowercased().contains("workshop \(workshop.number):") }
    }

    /// The competency's training as links named by title, separated by semicolons.
    private func trainingLinks(_ competency: Competency) -> [WordBody.Inline] {
        trainingLinks(competency.trainingRefs.compactMap { trainingByID[$0.id] })
    }

    private func trainingLinks(_ options: [TrainingOption]) -> [WordBody.Inline] {
        var inlines: [WordBody.Inline] = []
        for (index, option) in options.enumerated() {
            if index > 0 { inlines.append(.text("; ")) }
            inlines.append(.link(option.title, url: option.url))
        }
        return inlines
    }

    private func selfAssessment(_ body: inout WordBody) {
        body.heading("Self-assessment", level: 1, pageBreakBefore: !formsAreInPhaseDocuments)
        let points = framework.ratingScale.points
        let ranked = framework.groupsByRank.map(\.name)
        body.paragraph("There is one form for each group's own competencies. Fill in the form for your group and the forms of the groups before it\(ranked.count > 1 ? " (someone in the \(ranked.last ?? "") group fills in all \(Self.countWord(ranked.count)))" : ""). Tick one box for each competency, note your evidence, then plan training for the competencies you rated lowest. The forms can be filled in on screen in Word or printed.")
        body.table(
            caption: "The self-assessment rating scale",
            columns: [.init(header: "Rating", width: 3000), .init(header: "What it means", width: 10000)],
            rows: points.map { [Cell(paragraphs: [(WordStyles.cellText, [.bold("\($0.value): \($0.label)")])]), .text($0.descriptor)] },
            orientation: formsAreInPhaseDocuments ? .portrait : .landscape, keepTogether: true)
        if formsAreInPhaseDocuments {
            // A form mixing four age phases would run to a hundred rows with most of them
            // irrelevant to any one reader; the phase editions carry one form per group.
            body.paragraph("The forms are in the phase editions of this framework, published alongside it: one for each age phase, each with a form per group, so you rate only the competencies for your own phase and group. Use the edition for the children and young people you work with:")
            body.bullets(framework.phases.map { "\($0.name) edition" + ($0.description.map { ": \(Self.lowercasedFirst($0))" } ?? "") })
            return
        }
        // One form per group, holding only the competencies that group adds: someone in a
        // higher group fills in the forms of the groups below as well, so no competency is
        // printed twice and no form runs to a hundred rows.
        let phasesCovered: [Phase?] = phaseID != nil || framework.phases.count <= 1 ? [phases.first] : phases.map { $0 }
        var first = true
        for phase in phasesCovered {
            for group in framework.groupsByRank {
                let competencies = framework.competencies.filter { competency in
                    competency.groupID == group.id && (phase.map { competency.phaseIDs.contains($0.id) } ?? true)
                }
                guard !competencies.isEmpty else { continue }
                // The first form follows the scale; each later one starts a page.
                form(group: group, phase: phase, competencies: competencies, newPage: !first, &body)
                first = false
            }
        }
    }

    /// One group's self-assessment form and action plan, starting on a new page. Every
    /// tick box and evidence cell is a content control tagged with the competency id
    /// (`rating:<id>:<value>`, `evidence:<id>`), so a completed form can be read back.
    private func form(group: CompetencyGroup, phase: Phase?, competencies: [Competency], newPage: Bool, _ body: inout WordBody) {
        let points = framework.ratingScale.points
        let suffix = phaseID == nil ? phase.map { ", \($0.name.lowercased())" } ?? "" : ""
        body.heading("Self-assessment form: \(group.name) competencies\(suffix)", level: 2, pageBreakBefore: newPage)
        func field(_ label: String, _ tag: String, width: Int = 24) -> [WordBody.Inline] {
            [.bold(label + ": "), .textControl(tag: "field:\(tag)", title: label, placeholder: String(repeating: "_", count: width)), .text("   ")]
        }
        body.paragraph(field("Name", "name") + field("Role", "role") + field("Organisation or setting", "organisation"), keepWithNext: true)
        var phaseField: [WordBody.Inline] = [.bold("Age phase: ")]
        if let phase { phaseField.append(.text(phase.name + "   ")) } else { phaseField += field("Age phase", "phase", width: 16).dropFirst() }
        body.paragraph(phaseField + field("Line manager", "manager") + field("Date completed", "date", width: 12) + field("Review date", "review", width: 12), keepWithNext: true)
        body.paragraph("Rating: " + points.map { "\($0.value) \($0.label.lowercased())" }.joined(separator: ", ") + ". Tick one box per row.", style: WordStyles.note, keepWithNext: true)
        body.table(
            caption: "Self-assessment form for the \(group.name) competencies\(suffix): a rating, evidence and suggested training for each",
            columns: [.init(header: "Code", width: 1100), .init(header: "Competency", width: 3900)]
                + points.map { .init(header: "\($0.value)", width: 650) }
                + [.init(header: "Evidence", width: 4670), .init(header: "Suggested training", width: 2300)],
            rows: competencies.map { competency in
                // The statement alone: the additional-needs guidance is in the competency
                // tables, and repeating it here would double the form's length.
                [Cell(paragraphs: [(WordStyles.cellText, [.bold(competency.code)])]), .text(competency.statement)]
                    + points.map { point in
                        Cell(paragraphs: [(WordStyles.cellCentred, [.checkboxControl(tag: "rating:\(competency.id):\(point.value)", title: "\(competency.code): \(point.label)")])])
                    }
                    + [
                        Cell(paragraphs: [(WordStyles.cellText, [.textControl(tag: "evidence:\(competency.id)", title: "\(competency.code): evidence", placeholder: " ")])]),
                        Cell(paragraphs: competency.trainingRefs.compactMap { trainingByID[$0.id] }.map { (WordStyles.training, [.text($0.title)]) }),
                    ]
            },
            orientation: .landscape, minimumRowHeight: 1134)
        body.heading("Action plan: \(group.name) competencies\(suffix)", level: 3)
        body.paragraph("Choose up to five competencies you rated lowest. The suggested training for each is on the form above.", keepWithNext: true)
        body.table(
            caption: "Action plan for the \(group.name) competencies: the training or other action chosen for each competency to develop",
            columns: [
                .init(header: "Competency code", width: 1600), .init(header: "Training or other action", width: 6400),
                .init(header: "By when", width: 1800), .init(header: "Agreed with line manager", width: 2200), .init(header: "Done", width: 900),
            ],
            rows: (1...5).map { row in
                [
                    Cell(paragraphs: [(WordStyles.cellText, [.textControl(tag: "action:\(row):code", title: "Action \(row): competency code", placeholder: " ")])]),
                    Cell(paragraphs: [(WordStyles.cellText, [.textControl(tag: "action:\(row):action", title: "Action \(row): training or other action", placeholder: " ")])]),
                    Cell(paragraphs: [(WordStyles.cellText, [.textControl(tag: "action:\(row):by", title: "Action \(row): by when", placeholder: " ")])]),
                    Cell(paragraphs: [(WordStyles.cellCentred, [.checkboxControl(tag: "action:\(row):agreed", title: "Action \(row): agreed with line manager")])]),
                    Cell(paragraphs: [(WordStyles.cellCentred, [.checkboxControl(tag: "action:\(row):done", title: "Action \(row): done")])]),
                ]
            },
            orientation: .landscape, keepTogether: true, minimumRowHeight: 700)
    }

    private func strategies(_ body: inout WordBody) {
        guard !edition.strategies.isEmpty else { return }
        body.heading("Local strategies", level: 1)
        body.paragraph("The local plans this framework helps to deliver.")
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

    private func keyMessages(_ body: inout WordBody) {
        body.heading("Key messages", level: 1)
        body.paragraph("\(Self.countWord(edition.keyMessages.count).capitalisedFirst) messages run through every workshop.")
        body.numbered(edition.keyMessages.map { [.bold($0.title + ". "), .text($0.text)] })
    }

    private func workshops(_ body: inout WordBody) {
        let competencies = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let messages = Dictionary(edition.keyMessages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for workshop in edition.workshops {
            // Each workshop is a handout of its own: it starts on a new page.
            body.heading("Workshop \(workshop.number): \(workshop.title)", level: 1, pageBreakBefore: true)
            body.paragraph([.bold("Length: "), .text(DurationText.spoken(workshop.duration))])
            body.paragraph(workshop.purpose)
            body.heading("Learning outcomes", level: 2)
            body.paragraph("By the end, participants can:")
            body.numberCellsOfNextTable()
            body.table(
                caption: "Workshop \(workshop.number) learning outcomes, numbered as the facilitator plan cites them, and the competencies each develops",
                columns: [.init(header: "Learning outcome", width: 3800), .init(header: "Competencies developed", width: 5800)],
                rows: workshop.outcomes.map { outcome in
                    [
                        Cell(paragraphs: [(WordStyles.cellNumber, [.text(outcome.text)])]),
                        Cell(paragraphs: outcome.competencyIDs.compactMap { competencies[$0] }.flatMap { competency in
                            [(WordStyles.cellText, [.bold(competency.code + " "), .text(competency.statement)])]
                                + trainingLine(competency, in: workshop)
                        }),
                    ]
                },
                // Rows stay whole: LibreOffice ignores keep-lines inside a split cell and
                // would break a statement across two pages.
                orientation: .portrait)
            body.heading("Facilitator plan", level: 2)
            var elapsed = 0
            let outcomeNumbers = Dictionary(workshop.outcomes.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
            body.table(
                caption: "Workshop \(workshop.number) facilitator plan: timing, activity, key messages and the learning outcomes each part serves",
                columns: [.init(header: "Time", width: 1300), .init(header: "Activity", width: 4600), .init(header: "Key messages", width: 2200), .init(header: "Outcomes", width: 1500)],
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
    }

    private func questionnaireSection(_ questionnaire: Questionnaire, _ body: inout WordBody) {
        body.heading("Evaluation questionnaire", level: 1)
        body.paragraph("Ask participants to complete the same questionnaire before the first workshop and after the last. The matching code pairs each person's answers without collecting names. Each part starts on a new page so it can be printed on its own; both can also be filled in on screen in Word.")
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, (timing, heading)) in [("before", "Before the training"), ("after", "After the training")].enumerated() {
            body.heading(heading, level: 2, pageBreakBefore: index > 0)
            for section in questionnaire.sections where section.timing == .both || section.timing.rawValue == timing {
                body.heading(section.title, level: 3)
                body.paragraph(section.prompt)
                let scaleItems = section.items.filter { if case .scale = $0.response { return true } else { return false } }
                for item in section.items where !scaleItems.contains(item) {
                    switch item.response {
                    case .choice(let options):
                        body.paragraph([.bold(item.text)], keepWithNext: true)
                        for (number, option) in options.enumerated() {
                            body.paragraph(
                                [.checkboxControl(tag: "\(timing):\(item.id):\(option.id)", title: "\(item.text) \(option.label)"), .text(" " + option.label)],
                                style: WordStyles.choice, keepWithNext: number < options.count - 1)
                        }
                    default:
                        body.paragraph([.bold(item.text)], keepWithNext: true)
                        body.paragraph([.textControl(tag: "\(timing):\(item.id)", title: item.text, placeholder: String(repeating: "_", count: 50))], style: WordStyles.choice)
                    }
                }
                guard case .scale(let scaleID)? = scaleItems.first?.response, let scale = scales[scaleID] else { continue }
                body.table(
                    caption: "\(section.title) items \(timing) the training, rated on the \(scale.id) scale",
                    columns: [.init(header: "Statement", width: 6500)] + scale.points.map { .init(header: $0, width: 1500) },
                    rows: scaleItems.map { item in
                        [.text(item.text)] + scale.points.enumerated().map { number, point in
                            Cell(paragraphs: [(WordStyles.cellCentred, [.checkboxControl(tag: "\(timing):\(item.id):\(number + 1)", title: "\(item.text): \(point)")])])
                        }
                    },
                    orientation: .landscape)
            }
        }
    }

    // MARK: - Wording

    /// A reason as a sentence: capital first letter, one full stop.
    static func sentence(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed.capitalisedFirst + "."
    }

    static func changeName(_ change: Provenance.Change) -> String {
        switch change {
        case .added: return "Added"
        case .removed: return "Left out"
        case .reworded: return "Reworded"
        case .localised: return "Localised"
        case .unchanged: return "Unchanged"
        }
    }

    static func formatName(_ format: TrainingFormat) -> String {
        switch format {
        case .eLearning: return "E-learning"
        case .faceToFace: return "Face-to-face"
        case .liveOnline: return "Live online"
        case .blended: return "Blended"
        case .workshop: return "Workshop"
        case .resource: return "Resource"
        }
    }

    /// A link as printed for readers on paper: no scheme, no "www.", no trailing slash.
    static func shortURL(_ url: String) -> String {
        var text = url
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    static func lowercasedFirst(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }

    static func countWord(_ count: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return count < words.count ? words[count] : String(count)
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
