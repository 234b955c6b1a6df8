import CompetencyModel

/// The edition as a static web site in `site/`: plain pages that read without JavaScript,
/// work from disk or any web host, and make no request outside the folder (a
/// Content-Security-Policy says so to the browser). Written for WCAG 2.2 AA: landmarks, a
/// skip link, headings in order, tables with header cells, en-GB, visible focus.
public struct EditionHTMLFormat: OutputFormat {
    public let id = "html"
    public let summary = "A static, offline web edition in site/: an index, a page per age phase, training, services, changes and, for workshops, the workshop plans."

    public init() {}

    public func render(_ edition: Edition) throws -> [Artifact] {
        let site = HTMLSite(edition: edition)
        return site.pages().map { Artifact(relativePath: "site/\($0.file)", text: $0.html) } + [Artifact(relativePath: "site/style.css", text: HTMLSite.stylesheet)]
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
        if !edition.workshops.isEmpty { pages.append(("workshops.html", "Workshops")) }
        if !framework.trainingOptions.isEmpty { pages.append(("training.html", "Training")) }
        if !framework.services.isEmpty { pages.append(("services.html", "Services")) }
        if !edition.strategies.isEmpty || !edition.dissemination.isEmpty { pages.append(("local-plans.html", "Local plans")) }
        pages.append(("changes.html", "What this edition changes"))
        return pages
    }

    static func fileSafe(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }

    func pages() -> [Page] {
        var pages = [page("index.html", framework.metadata.title, isHome: true) { index(&$0) }]
        for phase in framework.phases where framework.competencies.contains(where: { $0.phaseIDs.contains(phase.id) }) {
            pages.append(page("\(Self.fileSafe(phase.id)).html", "\(phase.name) competencies") { phasePage(phase, &$0) })
        }
        if !edition.workshops.isEmpty { pages.append(page("workshops.html", "Workshops") { workshops(&$0) }) }
        if !framework.trainingOptions.isEmpty { pages.append(page("training.html", "Training") { training(&$0) }) }
        if !framework.services.isEmpty { pages.append(page("services.html", "Signposting services") { services(&$0) }) }
        if !edition.strategies.isEmpty || !edition.dissemination.isEmpty { pages.append(page("local-plans.html", "Local strategies and dissemination") { localPlans(&$0) }) }
        pages.append(page("changes.html", "What this edition changes") { changes(&$0) })
        return pages
    }

    // MARK: - Layout

    func page(_ file: String, _ title: String, isHome: Bool = false, _ body: (inout HTMLWriter) -> Void) -> Page {
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
        if edition.workshops.isEmpty {
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
        html.element("h2", [], edition.workshops.isEmpty ? "Competency groups" : "Who the workshops are for")
        html.element("p", [], edition.workshops.isEmpty
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
        footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; color: var(--muted); font-size: .95rem; }
        @media print {
          nav, .skip { display: none; }
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
