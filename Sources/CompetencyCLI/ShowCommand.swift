import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import Publishing
import FrameworkLoading

/// `competency show`: the ids an author needs open beside a profile (areas, competencies,
/// training, services, groups, roles and phases), or one item in full with where it is
/// defined.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List a framework's or edition's contents with their ids, or show one item.",
        usage: """
            competency show <framework[@version]|edition:id> [<item>]
                            [--area <id>] [--group <id>] [--phase <id>]
                            [--format text|json] [--frameworks <dir>]
            """,
        discussion: """
            Examples:
              competency show in-it-together@2019
              competency show in-it-together --area early-signs --group core
              competency show edition:sandwell-2022 --phase primary
              competency show in-it-together@2019 fpi-08
              competency show in-it-together@2019 FPI.8 --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "FRAMEWORK[@VERSION] (latest version if none) or edition:ID.")
    var source: String

    @Argument(help: "One item to show in full: a competency id or code, or a training, service, group, role, area or phase id.")
    var item: String?

    @Option(help: ArgumentHelp("Only competencies in this area.", valueName: "id"))
    var area: String?

    @Option(help: ArgumentHelp("Only competencies whose minimum group is this one.", valueName: "id"))
    var group: String?

    @Option(help: ArgumentHelp("Only competencies for this phase.", valueName: "id"))
    var phase: String?

    @Option(help: "text or json.")
    var format: Format = .text

    func run() throws {
        let console = Console.current
        let library = libraryOptions.library
        let framework = try resolve(library: library, console: console)
        for (name, value, known) in [("area", area, framework.areas.map(\.id)), ("group", group, framework.groups.map(\.id)), ("phase", phase, framework.phases.map(\.id))] {
            if let value, !known.contains(value) {
                console.err("error: no \(name) '\(value)' in \(framework.metadata.reference)\(Suggest.clause(value, known)); \(name)s: \(known.joined(separator: ", "))")
                throw Exit.couldNotRun
            }
        }
        if let item {
            guard let found = ItemLookup(framework: framework).find(item) else {
                let candidates = framework.competencies.map(\.id) + framework.competencies.map(\.code) + framework.trainingOptions.map(\.id)
                    + framework.services.map(\.id) + framework.groups.map(\.id) + framework.groups.flatMap(\.roles).map(\.id)
                    + framework.areas.map(\.id) + framework.phases.map(\.id)
                console.err("error: nothing called '\(item)' in \(framework.metadata.reference)\(Suggest.clause(item, candidates))")
                throw Exit.inputHasErrors
            }
            console.writeOutput(format == .json ? found.json.serialised() + "\n" : found.text)
            return
        }
        let competencies = framework.areas.flatMap { area in area.competencies.map { (area, $0) } }.filter { area, competency in
            (self.area == nil || area.id == self.area) && (group == nil || competency.groupID == group)
                && (phase == nil || competency.phaseIDs.contains(phase ?? ""))
        }
        if format == .json {
            console.writeOutput(listingJSON(framework, competencies).serialised() + "\n")
        } else {
            console.writeOutput(listingText(framework, competencies))
        }
    }

    private func resolve(library: FrameworkLibrary, console: Console) throws -> Framework {
        if source.hasPrefix("edition:") {
            let id = String(source.dropFirst("edition:".count))
            let known = library.editionIDs()
            guard ArtifactWriter.isSafeComponent(id), known.contains(id) else {
                console.err("error: no edition '\(id)'\(Suggest.clause(id, known)); editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
                throw Exit.couldNotRun
            }
            let outcome = EditionPipeline(library: library, plugins: PluginRegistry.current).build(profileAt: library.profilePath(edition: id))
            guard let edition = outcome.edition else {
                for diagnostic in outcome.diagnostics where diagnostic.severity == .error { console.err(diagnostic.formatted) }
                throw Exit.inputHasErrors
            }
            return edition.framework
        }
        let parts = source.split(separator: "@", maxSplits: 1).map(String.init)
        let available = library.frameworkPaths().map { path -> (String, String) in
            (((path as NSString).deletingLastPathComponent as NSString).lastPathComponent, ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
        }
        let versions = available.filter { $0.0 == parts.first }.map(\.1).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard let frameworkID = parts.first, !versions.isEmpty else {
            let names = Array(Set(available.map(\.0))).sorted()
            console.err("error: no framework '\(parts.first ?? source)' in \(library.root)\(Suggest.clause(parts.first ?? source, names)); frameworks: \(names.joined(separator: ", ")), or edition:ID")
            throw Exit.couldNotRun
        }
        let version = parts.count == 2 ? parts[1] : versions[versions.count - 1]
        guard versions.contains(version) else {
            console.err("error: \(frameworkID) has no version \(version); versions: \(versions.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        do {
            let result = try FrameworkLoader().load(contentsOf: library.frameworkPath(FrameworkReference(frameworkID: frameworkID, version: version)))
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                for diagnostic in result.diagnostics where diagnostic.severity == .error { console.err(diagnostic.formatted) }
                throw Exit.inputHasErrors
            }
            return framework
        } catch let failure as LoadFailure {
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
    }

    private func listingText(_ framework: Framework, _ competencies: [(Area, Competency)]) -> String {
        let filtered = area != nil || group != nil || phase != nil
        var lines = ["\(framework.metadata.title) (\(framework.metadata.reference))", ""]
        if !filtered {
            lines.append("Phases")
            lines += framework.phases.map { "  \($0.id)  \($0.name)" }
            lines.append("Groups and roles")
            for group in framework.groupsByRank {
                lines.append("  \(group.id)  \(group.name) (rank \(group.rank))")
                lines += group.roles.map { "    \($0.id)  \($0.name)" }
            }
            lines.append("")
        }
        var currentArea: String?
        for (area, competency) in competencies {
            if area.id != currentArea {
                lines.append("Area \(area.id)  \(area.name)")
                currentArea = area.id
            }
            lines.append("  \(competency.id)  \(competency.code)  \(competency.groupID)  [\(competency.phaseIDs.joined(separator: " "))]")
            lines.append("      \(competency.statement)")
        }
        if competencies.isEmpty { lines.append("No competency matches.") }
        if !filtered {
            lines.append("")
            lines.append("Training")
            lines += framework.trainingOptions.map { "  \($0.id)  \($0.title)" }
            lines.append("Services")
            lines += framework.services.map { "  \($0.id)  \($0.name)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func listingJSON(_ framework: Framework, _ competencies: [(Area, Competency)]) -> JSONValue {
        let phases: [JSONValue] = framework.phases.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) }
        let groups: [JSONValue] = framework.groupsByRank.map { group in
            let roles: [JSONValue] = group.roles.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) }
            return .object([("id", .string(group.id)), ("name", .string(group.name)), ("roles", .array(roles))])
        }
        let items: [JSONValue] = competencies.map { area, competency in
            let fields: [(String, JSONValue?)] = [
                ("id", .string(competency.id)), ("code", .string(competency.code)), ("area", .string(area.id)),
                ("group", .string(competency.groupID)), ("phases", .strings(competency.phaseIDs)), ("statement", .string(competency.statement)),
            ]
            return .object(fields)
        }
        let training: [JSONValue] = framework.trainingOptions.map { .object([("id", .string($0.id)), ("title", .string($0.title))]) }
        let services: [JSONValue] = framework.services.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) }
        return .object([
            ("framework", .string(framework.metadata.reference.description)),
            ("phases", .array(phases)), ("groups", .array(groups)), ("competencies", .array(items)),
            ("training", .array(training)), ("services", .array(services)),
        ])
    }
}

/// Finds one item by id (or a competency by its printed code) and describes it in full.
struct ItemLookup {
    var framework: Framework

    struct Found {
        var text: String
        var json: JSONValue
    }

    func find(_ key: String) -> Found? {
        if let (area, competency) = framework.areas.lazy.flatMap({ area in area.competencies.map { (area, $0) } })
            .first(where: { $0.1.id == key || $0.1.code.caseInsensitiveCompare(key) == .orderedSame }) {
            let training = competency.trainingRefs.map { ref in framework.trainingOptions.first { $0.id == ref.id }.map { "\($0.id)  \($0.title)" } ?? ref.id }
            let services = competency.serviceRefs.map { ref in framework.services.first { $0.id == ref.id }.map { "\($0.id)  \($0.name)" } ?? ref.id }
            var lines = [
                "competency \(competency.id)  \(competency.code)",
                "  defined at \(Self.place(competency.location))",
                "  area \(area.id)  \(area.name)",
                "  group \(competency.groupID), kind \(competency.kind.rawValue), phases \(competency.phaseIDs.joined(separator: " "))",
                "  statement: \(competency.statement)",
            ]
            lines += competency.enhancements.map { "  enhancement: \($0)" }
            lines += training.map { "  training: \($0)" }
            lines += services.map { "  signposts: \($0)" }
            if !competency.topics.isEmpty { lines.append("  topics: \(competency.topics.joined(separator: " "))") }
            return Found(text: lines.joined(separator: "\n") + "\n", json: .object([
                ("kind", .string("competency")), ("id", .string(competency.id)), ("code", .string(competency.code)),
                ("definedAt", .string(Self.place(competency.location))), ("area", .string(area.id)), ("group", .string(competency.groupID)),
                ("phases", .strings(competency.phaseIDs)), ("statement", .string(competency.statement)), ("enhancements", .strings(competency.enhancements)),
                ("training", .strings(competency.trainingRefs.map(\.id))), ("signposts", .strings(competency.serviceRefs.map(\.id))),
            ]))
        }
        if let option = framework.trainingOptions.first(where: { $0.id == key }) {
            let users = framework.competencies.filter { $0.trainingRefs.contains { $0.id == key } }.map(\.code)
            let text = [
                "training \(option.id)", "  defined at \(Self.place(option.location))", "  title: \(option.title)", "  provider: \(option.provider)",
                "  format: \(option.format.rawValue), \(option.scope.rawValue)" + (option.duration.map { ", \($0)" } ?? ""), "  url: \(option.url)",
                "  develops: \(users.joined(separator: ", "))",
            ].joined(separator: "\n") + "\n"
            return Found(text: text, json: .object([
                ("kind", .string("training")), ("id", .string(option.id)), ("definedAt", .string(Self.place(option.location))),
                ("title", .string(option.title)), ("provider", .string(option.provider)), ("url", .string(option.url)), ("develops", .strings(users)),
            ]))
        }
        if let service = framework.services.first(where: { $0.id == key }) {
            let users = framework.competencies.filter { $0.serviceRefs.contains { $0.id == key } }.map(\.code)
            let text = ["service \(service.id)", "  defined at \(Self.place(service.location))", "  name: \(service.name)",
                        "  offers: \(service.description)"] + (service.url.map { ["  url: \($0)"] } ?? []) + ["  signposted by: \(users.joined(separator: ", "))"]
            return Found(text: text.joined(separator: "\n") + "\n", json: .object([
                ("kind", .string("service")), ("id", .string(service.id)), ("definedAt", .string(Self.place(service.location))),
                ("name", .string(service.name)), ("signpostedBy", .strings(users)),
            ]))
        }
        for group in framework.groups {
            if group.id == key {
                let text = ["group \(group.id)  \(group.name) (rank \(group.rank))", "  defined at \(Self.place(group.location))", "  \(group.description)"]
                    + group.roles.map { "  role \($0.id)  \($0.name)" }
                return Found(text: text.joined(separator: "\n") + "\n", json: .object([
                    ("kind", .string("group")), ("id", .string(group.id)), ("name", .string(group.name)), ("roles", .strings(group.roles.map(\.id))),
                ]))
            }
            if let role = group.roles.first(where: { $0.id == key }) {
                return Found(text: "role \(role.id)  \(role.name)\n  in group \(group.id)\n  defined at \(Self.place(role.location))\n", json: .object([
                    ("kind", .string("role")), ("id", .string(role.id)), ("name", .string(role.name)), ("group", .string(group.id)),
                ]))
            }
        }
        if let area = framework.areas.first(where: { $0.id == key }) {
            let text = ["area \(area.id)  \(area.name)", "  defined at \(Self.place(area.location))"] + (area.description.map { ["  \($0)"] } ?? [])
                + area.competencies.map { "  \($0.id)  \($0.code)" }
            return Found(text: text.joined(separator: "\n") + "\n", json: .object([
                ("kind", .string("area")), ("id", .string(area.id)), ("name", .string(area.name)), ("competencies", .strings(area.competencies.map(\.id))),
            ]))
        }
        if let phase = framework.phases.first(where: { $0.id == key }) {
            return Found(text: "phase \(phase.id)  \(phase.name)\n  defined at \(Self.place(phase.location))\n" + (phase.description.map { "  \($0)\n" } ?? ""), json: .object([
                ("kind", .string("phase")), ("id", .string(phase.id)), ("name", .string(phase.name)),
            ]))
        }
        return nil
    }

    static func place(_ location: SourceLocation?) -> String {
        location.map { "\($0.file):\($0.line)" } ?? "the edition profile"
    }
}

