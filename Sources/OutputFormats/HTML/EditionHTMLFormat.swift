import CompetencyModel

/// The edition as a static web site in `site/`: plain pages that read without JavaScript,
/// work from disk or any web host, and make no request outside the folder (a
/// Content-Security-Policy says so to the browser). Written for WCAG 2.2 AA: landmarks, a
/// skip link, headings in order, tables with header cells, en-GB, visible focus.
public struct EditionHTMLFormat: OutputFormat {
    public let id = "html"
    public let summary = "A static, offline web edition in site/: an index, a page per age phase, training, services, changes and, for workshops, the workshop plans."

    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        let site = HTMLSite(edition: edition)
        var artifacts = site.pages().map { Artifact(relativePath: "site/\($0.file)", text: $0.html) } + [Artifact(relativePath: "site/style.css", text: HTMLSite.stylesheet)]
        if site.navigation.contains(where: { $0.file == "self-assessment.html" }) {
            artifacts.append(Artifact(relativePath: "site/assess.js", text: HTMLSite.assessmentScript))
        }
        return artifacts
    }
}

struct HTMLSite {
    let edition: Edition
    var framework: Framework { edition.framework }

    struct Page {
        var file: String
        var title: String
        var html: String
    }

    /// Pages in navigation order: (file, navigation label).
    var navigation: [(file: String, label: String)] {
        var pages: [(String, String)] = [("index.html", "Home")]
        for phase in framework.phases where framework.competencies.contains(where: { $0.phaseIDs.contains(phase.id) }) {
            pages.append(("\(Self.fileSafe(phase.id)).html", "\(phase.name) competencies"))
        }
        if hasWorkshops { pages.append(("workshops.html", "Workshops")) }
        if hasQuestionnaire { pages.append(("questionnaire.html", "Questionnaire")) }
        if hasSelfAssessment { pages.append(("self-assessment.html", "Self-assessment")) }
        if !framework.trainingOptions.isEmpty { pages.append(("training.html", "Training")) }
        if !framework.services.isEmpty { pages.append(("services.html", "Services")) }
        if !edition.strategies.isEmpty || !edition.dissemination.isEmpty { pages.append(("local-plans.html", "Local plans")) }
        pages.append(("changes.html", "What this edition changes"))
        return pages
    }

    // The pages a plugin's sections call for, when there is something to put on them.
    var hasWorkshops: Bool { edition.has(.workshops) && !edition.workshops.isEmpty }
    var hasQuestionnaire: Bool { edition.has(.questionnaire) && edition.questionnaire != nil }
    var hasSelfAssessment: Bool { edition.has(.selfAssessment) && !framework.ratingScale.points.isEmpty }

    static func fileSafe(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    func pages() -> [Page] {
        var pages = [page("index.html", framework.metadata.title, isHome: true) { index(&$0) }]
        for phase in framework.phases where framework.competencies.contains(where: { $0.phaseIDs.contains(phase.id) }) {
            pages.append(page("\(Self.fileSafe(phase.id)).html", "\(phase.name) competencies") { phasePage(phase, &$0) })
        }
        if hasWorkshops { pages.append(page("workshops.html", "Workshops") { workshops(&$0) }) }
        if hasQuestionnaire, let questionnaire = edition.questionnaire {
            pages.append(page("questionnaire.html", "Evaluation questionnaire") { questionnairePage(questionnaire, &$0) })
        }
        if hasSelfAssessment {
            pages.append(page("self-assessment.html", "Self-assessment", script: "assess.js") { selfAssessment(&$0) })
        }
        if !framework.trainingOptions.isEmpty { pages.append(page("training.html", "Training") { training(&$0) }) }
        if !framework.services.isEmpty { pages.append(page("services.html", "Signposting services") { services(&$0) }) }
        if !edition.strategies.isEmpty || !edition.dissemination.isEmpty { pages.append(page("local-plans.html", "Local strategies and dissemination") { localPlans(&$0) }) }
        pages.append(page("changes.html", "What this edition changes") { changes(&$0) })
        return pages
    }

    // MARK: - Layout

    func page(_ file: String, _ title: String, isHome: Bool = false, script: String? = nil, _ body: (inout HTMLWriter) -> Void) -> Page {
        var html = HTMLWriter()
        html.raw("<!DOCTYPE html>\n")
        html.start("html", [("lang", "en-GB")])
        html.group("head") { html in
            html.void("meta", [("charset", "utf-8")])
            // Nothing outside this folder: no scripts, fonts, images or requests from elsewhere.
            html.void("meta", [("http-equiv", "Content-Security-Policy"), ("content", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'none'; base-uri 'none'")])
            html.void("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")])
            html.element("title", [], isHome ? title : "\(title): \(shortName)")
            html.void("link", [("rel", "stylesheet"), ("href", "style.css")])
            if let script {
                html.start("script", [("src", script), ("defer", "")])
                html.end()
            }
        }
        html.start("body")
        html.element("a", [("class", "skip"), ("href", "#main")], "Skip to main content")
        html.group("header", [("class", "masthead")]) { html in
            html.group("p", [("class", "site-name")]) { html in html.link(shortName, to: "index.html") }
            html.element("p", [("class", "publisher")], framework.metadata.publisher)
        }
        html.group("nav", [("aria-label", "Pages of this edition")]) { html in
            html.group("ul") { html in
                for entry in navigation {
                    html.group("li") { html in
                        if entry.file == file {
                            html.element("a", [("href", entry.file), ("aria-current", "page")], entry.label)
                        } else {
                            html.link(entry.label, to: entry.file)
                        }
                    }
                }
            }
        }
        html.group("main", [("id", "main")]) { html in
            html.element("h1", [], title)
            body(&html)
        }
        html.group("footer") { html in
            let year = String(framework.metadata.date.prefix(4))
            html.element("p", [], "Published by \(framework.metadata.publisher), \(EditionDocumentComposer.longDate(framework.metadata.date))" + (framework.metadata.version == year ? "." : " (version \(framework.metadata.version))."))
            html.element("p", [], "Adapted from \(edition.info.baseTitle) (\(edition.info.base.version))" + (edition.info.basePublisher.map { ", first published by \($0)." } ?? ".") + " Licence: \(framework.metadata.licence).")
        }
        html.end()
        html.end()
        return Page(file: file, title: title, html: html.output)
    }

    /// The short name in the masthead and tab titles.
    var shortName: String { framework.metadata.shortTitle ?? framework.metadata.title }

    // MARK: - Pages

    func index(_ html: inout HTMLWriter) {
        html.element("p", [("class", "lead")], framework.metadata.description)
        html.element("h2", [], "Who it is for")
        html.element("p", [], edition.info.audience)
        if edition.has(.howToUse) {
            html.element("h2", [], "How to use it")
            html.group("ol") { html in
                html.group("li") { html in
                    html.element("strong", [], "Align to a group. ")
                    html.text("Find the competency group that matches how much contact you have with children and young people. The suggested roles are a guide, not a rule.")
                }
                html.group("li") { html in
                    html.element("strong", [], "Assess yourself. ")
                    html.text("Rate yourself against each competency for your group and the age phase you work with, using the rating scale below. Note your evidence.")
                }
                html.group("li") { html in
                    html.element("strong", [], "Take the training. ")
                    html.text("For each competency you rated low, choose training and record it in your action plan. Review it in supervision or your appraisal.")
                }
            }
            html.element("p", [], "Groups are cumulative: staff in a group hold its competencies and those of every group before it. The framework does not ask anyone to act as a therapist; knowing the limits of your role and when to pass a concern on is part of every group.")
        }
        html.element("h2", [], "The competencies by age phase")
        html.group("ul") { html in
            for entry in navigation where entry.label.hasSuffix(" competencies") {
                html.group("li") { html in html.link(entry.label, to: entry.file) }
            }
        }
        // A training programme's groups say who it is for; otherwise staff place themselves.
        let groupsAreTheAudience = edition.has(.trainingAudience)
        html.element("h2", [], groupsAreTheAudience ? "Who the workshops are for" : "Competency groups")
        html.element("p", [], !groupsAreTheAudience
            ? "Choose the group that matches your contact with children and young people, not your job title."
            : "Everyone in these groups can attend all the workshops. The roles are examples, not a list to check against.")
        table(&html, caption: "Competency groups with who belongs in each and suggested roles", headers: ["Group", "Who belongs in it", "Suggested roles"], rows: framework.groupsByRank.map { group in
            [.header(group.name), .text(group.description), .list(group.roles.map(\.name))]
        })
        if !framework.ratingScale.points.isEmpty {
            html.element("h2", [], "The rating scale")
            table(&html, caption: "Self-assessment rating scale, lowest first", headers: ["Rating", "Meaning"], rows: framework.ratingScale.points.map { point in
                [.header("\(point.value): \(point.label)"), .text(point.descriptor)]
            })
        }
        if let credit = framework.metadata.credit {
            html.element("h2", [], "Credit")
            html.element("p", [], credit)
        }
        if let publication = edition.publication {
            html.element("h2", [], "Contact")
            html.group("p", []) { html in
                html.text("Questions about this edition: \(publication.contact)")
                if let email = publication.email {
                    html.text(", email ")
                    html.link(email, to: "mailto:" + email)
                }
                if let telephone = publication.telephone { html.text(", telephone \(telephone)") }
                html.text(".")
            }
        }
    }

    func phasePage(_ phase: Phase, _ html: inout HTMLWriter) {
        if let description = phase.description { html.element("p", [("class", "lead")], description) }
        let training = Dictionary(framework.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let groups = Dictionary(framework.groups.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let label = edition.info.enhancementLabel ?? "For children and young people with additional needs"
        for area in framework.areas {
            let competencies = area.competencies.filter { $0.phaseIDs.contains(phase.id) }
            guard !competencies.isEmpty else { continue }
            html.group("section", [("aria-labelledby", "area-\(Self.fileSafe(area.id))")]) { html in
                html.element("h2", [("id", "area-\(Self.fileSafe(area.id))")], area.name)
                if let description = area.description { html.element("p", [], description) }
                html.group("ul", [("class", "competencies")]) { html in
                    for competency in competencies {
                        html.group("li") { html in
                            html.group("p", [("class", "meta")]) { html in
                                html.element("strong", [], competency.code)
                                html.text(" · \(groups[competency.groupID] ?? competency.groupID) group · \(competency.kind.rawValue.capitalisedFirst)")
                            }
                            html.element("p", [("class", "statement")], competency.statement)
                            for enhancement in competency.enhancements {
                                html.group("p", [("class", "enhancement")]) { html in
                                    html.element("strong", [], "\(label): ")
                                    html.text(enhancement)
                                }
                            }
                            let options = competency.trainingRefs.compactMap { training[$0.id] }
                            if !options.isEmpty {
                                html.group("p", [("class", "training")]) { html in
                                    html.element("strong", [], "Training: ")
                                    for (index, option) in options.enumerated() {
                                        if index > 0 { html.text("; ") }
                                        html.link(option.title, to: option.url)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The self-assessment: a form that prints and can be filled in on paper as it is; with
    /// JavaScript it also filters to a group and phase, keeps answers in this browser only,
    /// builds an action plan and exports the answers.
    func selfAssessment(_ html: inout HTMLWriter) {
        let training = Dictionary(framework.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ranks = Dictionary(framework.groups.map { ($0.id, $0.rank) }, uniquingKeysWith: { first, _ in first })
        html.element("p", [("class", "lead")], "Rate yourself against each competency for your group and the age phase you work with, add evidence, then use the action plan to choose training.")
        html.group("div", [("id", "assessment-tools"), ("hidden", "")]) { html in
            html.element("p", [], "Your answers stay in this browser on this device; nothing is sent anywhere. Use “Forget my answers” on a shared computer.")
            html.group("div", [("class", "choices")]) { html in
                html.element("label", [("for", "choose-group")], "Your group")
                html.group("select", [("id", "choose-group")]) { html in
                    for group in framework.groupsByRank { html.element("option", [("value", String(group.rank))], group.name) }
                }
                html.element("label", [("for", "choose-phase")], "The age phase you work with")
                html.group("select", [("id", "choose-phase")]) { html in
                    html.element("option", [("value", "")], "All phases")
                    for phase in framework.phases { html.element("option", [("value", phase.id)], phase.name) }
                }
            }
            html.group("p", [("class", "buttons")]) { html in
                html.element("button", [("type", "button"), ("id", "export-csv")], "Download answers (CSV)")
                html.element("button", [("type", "button"), ("id", "export-json")], "Download answers (JSON)")
                html.element("button", [("type", "button"), ("id", "print")], "Print")
                html.element("button", [("type", "button"), ("id", "forget")], "Forget my answers")
            }
            html.element("p", [("id", "status"), ("role", "status"), ("aria-live", "polite")], "")
        }
        html.group("form", [("id", "assessment"), ("data-edition", edition.info.id), ("data-version", framework.metadata.version)]) { html in
            for area in framework.areas where !area.competencies.isEmpty {
                html.group("section", [("aria-labelledby", "assess-\(Self.fileSafe(area.id))")]) { html in
                    html.element("h2", [("id", "assess-\(Self.fileSafe(area.id))")], area.name)
                    for competency in area.competencies {
                        let options = competency.trainingRefs.compactMap { training[$0.id] }
                        html.group("fieldset", [
                            ("class", "competency"), ("data-id", competency.id), ("data-code", competency.code),
                            ("data-rank", String(ranks[competency.groupID] ?? 1)), ("data-phases", competency.phaseIDs.joined(separator: " ")),
                        ]) { html in
                            html.group("legend") { html in
                                html.element("strong", [], competency.code)
                                html.text(" \(competency.statement)")
                            }
                            html.group("div", [("class", "scale")]) { html in
                                for point in framework.ratingScale.points {
                                    let id = "rate-\(Self.fileSafe(competency.id))-\(point.value)"
                                    html.group("span", [("class", "point")]) { html in
                                        html.void("input", [("type", "radio"), ("name", "rate-\(competency.id)"), ("id", id), ("value", String(point.value))])
                                        html.element("label", [("for", id)], "\(point.value) \(point.label)")
                                    }
                                }
                            }
                            html.element("label", [("for", "evidence-\(Self.fileSafe(competency.id))"), ("class", "evidence-label")], "Evidence for \(competency.code)")
                            html.group("textarea", [("id", "evidence-\(Self.fileSafe(competency.id))"), ("name", "evidence-\(competency.id)"), ("rows", "2")]) { _ in }
                            if !options.isEmpty {
                                html.group("ul", [("class", "plan-training"), ("hidden", "")]) { html in
                                    for option in options { html.group("li") { html in html.link(option.title, to: option.url) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        html.group("section", [("id", "action-plan"), ("aria-labelledby", "plan-heading")]) { html in
            html.element("h2", [("id", "plan-heading")], "Your action plan")
            html.element("p", [("id", "plan-empty")], "Competencies you rate \(framework.ratingScale.points.prefix(2).map { "\($0.value) (\($0.label))" }.joined(separator: " or ")) appear here with the training that develops them. Without JavaScript, list them here by hand after printing.")
            html.group("ol", [("id", "plan-list")]) { _ in }
        }
    }

    func training(_ html: inout HTMLWriter) {
        html.element("p", [], "Each competency lists the training that develops it; this page gives the details, and the codes of the competencies each option develops. Links change more often than competencies; check them before booking.")
        let codes = Dictionary(grouping: framework.competencies.flatMap { competency in competency.trainingRefs.map { ($0.id, competency.code) } }, by: \.0).mapValues { $0.map(\.1) }
        table(&html, caption: "Training options with provider, format and length, where they are offered, and the competencies each develops",
              headers: ["Training", "Provider", "Format and length", "Offered", "Develops competencies"],
              rows: framework.trainingOptions.map { option in
                  [.link(option.title, option.url), .text(option.provider),
                   .text(EditionDocumentComposer.formatName(option.format) + ", " + (option.duration.map(DurationText.spoken) ?? "length varies")),
                   .text(option.scope == .national ? "Nationally" : "Locally"), .text((codes[option.id] ?? []).joined(separator: ", "))]
              }, rowHeaders: false)
    }

    func services(_ html: inout HTMLWriter) {
        html.element("p", [], "Services you can point children, young people and families towards. Follow your organisation's procedures first when you are worried about a child's safety.")
        table(&html, caption: "Signposting services with what each offers and where to find it", headers: ["Service", "What it offers", "Where to find it"],
              rows: framework.services.map { service in
                  [.header(service.name + (service.scope == .national ? " (national)" : " (local)")), .text(service.description),
                   service.url.map { .link(EditionDocumentComposer.shortURL($0), $0) } ?? .text("See your local directory")]
              })
    }

    func localPlans(_ html: inout HTMLWriter) {
        if !edition.strategies.isEmpty {
            html.element("h2", [], "Local strategies")
            html.group("ul") { html in
                for strategy in edition.strategies {
                    html.group("li") { html in
                        if let url = strategy.url { html.link(strategy.name, to: url) } else { html.element("strong", [], strategy.name) }
                        html.text(": \(strategy.description)")
                    }
                }
            }
        }
        if !edition.dissemination.isEmpty {
            html.element("h2", [], "Dissemination plan")
            table(&html, caption: "Who will hear about this edition, and when", headers: ["Audience", "When", "Note"], rows: edition.dissemination.map { step in
                [.header(step.audience), .text(step.timescale), .text(step.note ?? "")]
            })
        }
    }

    func workshops(_ html: inout HTMLWriter) {
        if !edition.keyMessages.isEmpty {
            html.element("h2", [], "Key messages")
            html.group("ul") { html in
                for message in edition.keyMessages {
                    html.group("li") { html in
                        html.element("strong", [], message.title + ". ")
                        html.text(message.text)
                    }
                }
            }
        }
        let competencies = Dictionary(framework.competencies.map { ($0.id, $0.code) }, uniquingKeysWith: { first, _ in first })
        for workshop in edition.workshops {
            html.group("section", [("aria-labelledby", "workshop-\(workshop.number)")]) { html in
                html.element("h2", [("id", "workshop-\(workshop.number)")], "Workshop \(workshop.number): \(workshop.title)")
                html.element("p", [], "\(DurationText.spoken(workshop.duration).capitalisedFirst). \(workshop.purpose)")
                html.element("h3", [], "Learning outcomes")
                html.group("ul") { html in
                    for outcome in workshop.outcomes {
                        html.element("li", [], outcome.text + " (develops " + outcome.competencyIDs.compactMap { competencies[$0] }.joined(separator: ", ") + ")")
                    }
                }
                html.element("h3", [], "Facilitator plan")
                table(&html, caption: "Plan for workshop \(workshop.number), minute by minute", headers: ["Minutes", "Activity"], rows: workshop.segments.map { segment in
                    [.header(String(segment.minutes)), .text(segment.activity)]
                })
            }
        }
    }

    /// The matched questionnaire as a printable form, before and after the training.
    func questionnairePage(_ questionnaire: Questionnaire, _ html: inout HTMLWriter) {
        html.element("p", [("class", "lead")], "Participants complete the same questionnaire before the first workshop and after the last. The matching code pairs each person's answers without collecting names. Print the part you need; nothing typed here is sent anywhere.")
        let scales = Dictionary(questionnaire.scales.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (timing, heading) in [("before", "Before the training"), ("after", "After the training")] {
            html.group("section", [("aria-labelledby", "q-\(timing)")]) { html in
                html.element("h2", [("id", "q-\(timing)")], heading)
                html.group("form", [("aria-label", "Questionnaire \(timing) the training")]) { html in
                    for section in questionnaire.sections where section.timing == .both || section.timing.rawValue == timing {
                        html.element("h3", [], section.title)
                        html.element("p", [], section.prompt)
                        for item in section.items {
                            let name = "\(timing)-\(Self.fileSafe(item.id))"
                            switch item.response {
                            case .freeText:
                                html.element("label", [("for", name), ("class", "question")], item.text)
                                html.group("textarea", [("id", name), ("name", name), ("rows", "2")]) { _ in }
                            case .choice(let options):
                                choices(&html, legend: item.text, name: name, labels: options.map { ($0.id, $0.label) })
                            case .scale(let id):
                                let points = scales[id]?.points ?? []
                                choices(&html, legend: item.text, name: name, labels: points.enumerated().map { (String($0.offset + 1), $0.element) })
                            }
                        }
                    }
                }
            }
        }
    }

    private func choices(_ html: inout HTMLWriter, legend: String, name: String, labels: [(value: String, label: String)]) {
        html.group("fieldset", [("class", "competency")]) { html in
            html.element("legend", [], legend)
            html.group("div", [("class", "scale")]) { html in
                for option in labels {
                    let id = "\(name)-\(Self.fileSafe(option.value))"
                    html.group("span", [("class", "point")]) { html in
                        html.void("input", [("type", "radio"), ("name", name), ("id", id), ("value", option.value)])
                        html.element("label", [("for", id)], option.label)
                    }
                }
            }
        }
    }

    func changes(_ html: inout HTMLWriter) {
        let summary = EditionChangeSummary(edition: edition, phaseID: nil, competencies: framework.competencies, training: framework.trainingOptions, services: framework.services)
        html.element("p", [], "This edition adapts \(edition.info.baseTitle) (\(edition.info.base.version)). Each change, and the reason for it.")
        if !summary.rows.isEmpty {
            table(&html, caption: "Changes this edition makes to its base framework, with reasons", headers: ["What", "Change", "Why"], rows: summary.rows.map { row in
                [.header(row.heading + row.what), .text(row.change), .list(row.reasons)]
            })
        }
        if !summary.roles.isEmpty {
            html.element("h2", [], "Suggested roles")
            for role in summary.roles {
                html.element("h3", [], "\(role.group) group")
                if !role.renamed.isEmpty { html.element("p", [], "Reworded: " + role.renamed.joined(separator: "; ") + ".") }
                if !role.added.isEmpty { html.element("p", [], "Added: " + role.added.joined(separator: "; ") + ".") }
                html.element("p", [], "Why: " + role.why)
            }
        }
        if !summary.leftOut.isEmpty {
            html.element("h2", [], "Left out")
            for sentence in summary.leftOut { html.element("p", [], sentence) }
        }
    }

    // MARK: - Tables

    enum CellContent {
        case text(String)
        case header(String)
        case link(String, String)
        case list([String])
    }

    /// A data table in a scrollable, keyboard-reachable region, with a caption and column
    /// headers; the first cell of a row is its header unless `rowHeaders` is false.
    func table(_ html: inout HTMLWriter, caption: String, headers: [String], rows: [[CellContent]], rowHeaders: Bool = true) {
        html.group("div", [("class", "table-wrap"), ("role", "region"), ("aria-label", caption), ("tabindex", "0")]) { html in
            html.group("table") { html in
                html.element("caption", [], caption)
                html.group("thead") { html in
                    html.group("tr") { html in
                        for header in headers { html.element("th", [("scope", "col")], header) }
                    }
                }
                html.group("tbody") { html in
                    for row in rows {
                        html.group("tr") { html in
                            for (index, cell) in row.enumerated() {
                                let tag = index == 0 && rowHeaders ? "th" : "td"
                                let attributes: HTMLWriter.Attributes = tag == "th" ? [("scope", "row")] : []
                                html.group(tag, attributes) { html in
                                    switch cell {
                                    case .text(let text), .header(let text): html.text(text)
                                    case .link(let text, let url): html.link(text, to: url)
                                    case .list(let items):
                                        if items.count == 1 {
                                            html.text(items[0])
                                        } else {
                                            html.group("ul") { html in for item in items { html.element("li", [], item) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Script

    /// The self-assessment's script: progressive enhancement over the form above. Answers
    /// live in localStorage under `competencykit:<edition>:<version>` and nowhere else.
    /// Exports: CSV with the header `edition,version,group,phase,code,competency,rating,evidence`
    /// and JSON `{"edition", "version", "group", "phase", "answers": [{"competency", "code",
    /// "rating", "evidence"}]}`, ratings as numbers on the edition's scale.
    static let assessmentScript = """
        "use strict";
        (function () {
          var form = document.getElementById("assessment");
          if (!form || !window.localStorage) { return; }
          var tools = document.getElementById("assessment-tools");
          var groupSelect = document.getElementById("choose-group");
          var phaseSelect = document.getElementById("choose-phase");
          var status = document.getElementById("status");
          var key = "competencykit:" + form.dataset.edition + ":" + form.dataset.version;
          var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset.competency"));
          tools.hidden = false;

          function load() {
            try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
          }
          function save(state) { localStorage.setItem(key, JSON.stringify(state)); }
          function collect() {
            var state = { group: groupSelect.value, phase: phaseSelect.value, answers: {} };
            fieldsets.forEach(function (fieldset) {
              var id = fieldset.dataset.id;
              var chosen = fieldset.querySelector("input[type=radio]:checked");
              var evidence = fieldset.querySelector("textarea").value;
              if (chosen || evidence) {
                state.answers[id] = { rating: chosen ? Number(chosen.value) : null, evidence: evidence };
              }
            });
            return state;
          }
          function restore(state) {
            if (state.group) { groupSelect.value = state.group; }
            if (state.phase !== undefined) { phaseSelect.value = state.phase; }
            fieldsets.forEach(function (fieldset) {
              var answer = (state.answers || {})[fieldset.dataset.id];
              fieldset.querySelectorAll("input[type=radio]").forEach(function (input) {
                input.checked = !!answer && answer.rating === Number(input.value);
              });
              fieldset.querySelector("textarea").value = answer && answer.evidence ? answer.evidence : "";
            });
          }
          function applies(fieldset) {
            var rank = Number(groupSelect.value);
            var phase = phaseSelect.value;
            return Number(fieldset.dataset.rank) <= rank && (!phase || fieldset.dataset.phases.split(" ").indexOf(phase) >= 0);
          }
          function filter() {
            fieldsets.forEach(function (fieldset) { fieldset.hidden = !applies(fieldset); });
            form.querySelectorAll("section").forEach(function (section) {
              section.hidden = !section.querySelector("fieldset.competency:not([hidden])");
            });
          }
          function plan() {
            var list = document.getElementById("plan-list");
            var state = collect();
            var low = fieldsets.filter(function (fieldset) {
              var answer = state.answers[fieldset.dataset.id];
              return applies(fieldset) && answer && answer.rating !== null && answer.rating <= 2;
            }).sort(function (a, b) {
              return state.answers[a.dataset.id].rating - state.answers[b.dataset.id].rating;
            });
            list.textContent = "";
            low.forEach(function (fieldset) {
              var item = document.createElement("li");
              var heading = document.createElement("p");
              heading.textContent = fieldset.querySelector("legend").textContent.trim() + " (rated " + state.answers[fieldset.dataset.id].rating + ")";
              item.appendChild(heading);
              var training = fieldset.querySelector(".plan-training");
              if (training) {
                var copy = training.cloneNode(true);
                copy.hidden = false;
                item.appendChild(copy);
              } else {
                var none = document.createElement("p");
                none.textContent = "No training is linked; ask your manager or lead.";
                item.appendChild(none);
              }
              list.appendChild(item);
            });
            document.getElementById("plan-empty").hidden = low.length > 0;
          }
          function rows() {
            var state = collect();
            return fieldsets.filter(function (fieldset) { return state.answers[fieldset.dataset.id]; }).map(function (fieldset) {
              var answer = state.answers[fieldset.dataset.id];
              return { competency: fieldset.dataset.id, code: fieldset.dataset.code, rating: answer.rating, evidence: answer.evidence };
            });
          }
          function groupName() { return groupSelect.options[groupSelect.selectedIndex].text; }
          function csv() {
            function field(value) {
              var text = value === null || value === undefined ? "" : String(value);
              return /[",\\r\\n]/.test(text) ? "\\"" + text.replace(/"/g, "\\"\\"") + "\\"" : text;
            }
            var lines = [["edition", "version", "group", "phase", "code", "competency", "rating", "evidence"].join(",")];
            rows().forEach(function (row) {
              lines.push([form.dataset.edition, form.dataset.version, groupName(), phaseSelect.value, row.code, row.competency, row.rating, row.evidence].map(field).join(","));
            });
            return lines.join("\\r\\n") + "\\r\\n";
          }
          function json() {
            return JSON.stringify({ edition: form.dataset.edition, version: form.dataset.version, group: groupName(), phase: phaseSelect.value, answers: rows() }, null, 2);
          }
          function download(text, type, name) {
            var link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([text], { type: type }));
            link.download = name;
            document.body.appendChild(link);
            link.click();
            link.remove();
          }
          function changed() {
            save(collect());
            filter();
            plan();
          }
          restore(load());
          filter();
          plan();
          form.addEventListener("change", changed);
          form.addEventListener("input", function () { save(collect()); });
          groupSelect.addEventListener("change", changed);
          phaseSelect.addEventListener("change", changed);
          document.getElementById("export-csv").addEventListener("click", function () { download(csv(), "text/csv", form.dataset.edition + "-self-assessment.csv"); });
          document.getElementById("export-json").addEventListener("click", function () { download(json(), "application/json", form.dataset.edition + "-self-assessment.json"); });
          document.getElementById("print").addEventListener("click", function () { window.print(); });
          document.getElementById("forget").addEventListener("click", function () {
            localStorage.removeItem(key);
            restore({ answers: {} });
            filter();
            plan();
            status.textContent = "Your answers have been removed from this browser.";
          });
          window.competencyKitAssessment = { csv: csv, json: json };
        })();

        """

    // MARK: - Style

    /// One small stylesheet: readable measure, AA contrast, visible focus, tables that
    /// scroll rather than squash on a phone, and a print layout without navigation.
    static let stylesheet = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --accent: #0b4f8a; --line: #c9ced6; --band: #eef3f8; }
        * { box-sizing: border-box; }
        html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: var(--ink); background: #fff; }
        body { margin: 0; }
        .skip { position: absolute; left: -999em; }
        .skip:focus { position: static; display: block; padding: .5rem 1rem; background: #ffdd00; color: #000; }
        a { color: var(--accent); text-decoration-thickness: .08em; text-underline-offset: .15em; }
        a:visited { color: #5b2b8a; }
        a:focus, [tabindex]:focus { outline: 3px solid #ffbf47; outline-offset: 2px; background: #fff3c4; }
        .masthead { background: var(--accent); color: #fff; padding: .75rem 1rem; }
        .masthead a { color: #fff; }
        .masthead a:focus { color: #000; }
        .site-name { margin: 0; font-weight: 700; font-size: 1.15rem; }
        .publisher { margin: 0; }
        nav { border-bottom: 1px solid var(--line); padding: .25rem 1rem; }
        nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
        nav a { display: inline-block; padding: .35rem 0; }
        nav a[aria-current="page"] { font-weight: 700; color: var(--ink); text-decoration: none; border-bottom: 3px solid var(--accent); }
        main, footer { max-width: 50rem; margin: 0 auto; padding: 0 1rem; }
        h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.5rem 0 1rem; }
        h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; }
        h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        .lead { font-size: 1.1rem; }
        .competencies { list-style: none; padding: 0; margin: 0; }
        .competencies > li { border-top: 1px solid var(--line); padding: .75rem 0; }
        .competencies p { margin: .25rem 0; }
        .meta { color: var(--muted); font-size: .95rem; }
        .enhancement { background: var(--band); padding: .4rem .6rem; border-left: 4px solid var(--accent); }
        .table-wrap { overflow-x: auto; margin: 1rem 0; }
        table { border-collapse: collapse; width: 100%; min-width: 32rem; }
        caption { text-align: left; font-weight: 700; padding: .25rem 0 .5rem; }
        th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .5rem .5rem .5rem 0; }
        thead th { border-bottom: 2px solid var(--ink); }
        td ul, th ul { margin: 0; padding-left: 1.1rem; }
        fieldset.competency { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 1rem; padding: .5rem .75rem .75rem; }
        fieldset.competency legend { float: left; width: 100%; padding: 0; margin-bottom: .25rem; font-weight: 400; }
        fieldset.competency legend + * { clear: both; }
        .scale { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .5rem 0; }
        .point { display: inline-flex; align-items: center; gap: .35rem; min-height: 44px; }
        .point input { width: 1.25rem; height: 1.25rem; margin: 0; }
        .question { display: block; font-weight: 700; margin-top: .75rem; }
        .evidence-label { display: block; font-size: .95rem; color: var(--muted); }
        textarea { width: 100%; font: inherit; border: 1px solid #6b7280; border-radius: 3px; padding: .35rem; }
        select, button { font: inherit; min-height: 44px; }
        .choices { display: grid; gap: .25rem; max-width: 24rem; margin-bottom: .75rem; }
        .choices select { margin-bottom: .5rem; }
        .buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
        button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .4rem .9rem; cursor: pointer; }
        button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
        #forget { background: #8a1c1c; }
        [hidden] { display: none !important; }
        footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; color: var(--muted); font-size: .95rem; }
        @media print {
          nav, .skip, #assessment-tools { display: none; }
          fieldset.competency { break-inside: avoid; }
          .masthead { background: none; color: #000; padding: 0; }
          .masthead a { color: #000; text-decoration: none; }
          main, footer { max-width: none; padding: 0; }
          a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; word-break: break-all; }
          .table-wrap { overflow: visible; }
          table { min-width: 0; }
          .competencies > li, tr { break-inside: avoid; }
        }

        """
}
