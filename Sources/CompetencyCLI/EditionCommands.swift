import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import Publishing
import FrameworkLoading
import OutputFormats

struct EditionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editions",
        abstract: "List the edition profiles in the frameworks folder."
    )

    @OptionGroup var libraryOptions: LibraryOptions

    func run() throws {
        let console = Console.current
        let library = libraryOptions.library
        let ids = library.editionIDs()
        if ids.isEmpty {
            console.err("no edition profiles in \((library.root as NSString).appendingPathComponent("editions"))")
            throw Exit.couldNotRun
        }
        for id in ids {
            let path = library.profilePath(edition: id)
            guard let profile = try? EditionProfileLoader().load(contentsOf: path).profile else {
                console.out("\(id)  (profile does not load; run `competency validate \(path)`)")
                continue
            }
            console.out("\(id)  plugin \(profile.pluginID), base \(profile.base), \(profile.date)")
            console.out("    \(profile.title)")
        }
    }
}

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the registered export plugins."
    )

    func run() throws {
        let console = Console.current
        for plugin in PluginRegistry.current.plugins {
            console.out("\(plugin.id)")
            console.out("    \(plugin.summary)")
        }
    }
}

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the edition formats `export --format` accepts and the change-report formats `diff --format` accepts."
    )

    func run() throws {
        let console = Console.current
        let registry = OutputFormatRegistry.current
        console.out("Edition formats (export --format):")
        for format in registry.formats {
            console.out("  \(format.id)\(format.includedByDefault ? "" : " (only when asked for)")")
            console.out("      \(format.summary)")
        }
        console.out("")
        console.out("Change-report formats (diff --format; export writes every one to OUT/diffs/):")
        for format in registry.changeSetFormats {
            console.out("  \(format.id)")
            console.out("      \(format.summary)")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain what an edition changes against its base, with each rationale.",
        usage: """
            competency explain (<edition> | --profile <file>) [--frameworks <dir>]
            """,
        discussion: """
            Examples:
              competency explain sandwell-2022
              competency explain --profile my-council-2025.xml
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "The edition id.")
    var edition: String?

    @Option(help: ArgumentHelp("An edition profile file anywhere on disk, instead of an id.", valueName: "file"))
    var profile: String?

    func validate() throws {
        if (edition == nil) == (profile == nil) {
            throw ValidationError("give either an edition id or --profile")
        }
    }

    func run() throws {
        let console = Console.current
        let library = libraryOptions.library
        let path = profile ?? library.profilePath(edition: edition ?? "")
        if let edition, !ArtifactWriter.isSafeComponent(edition) {
            console.err("error: '\(edition)' is not an edition id")
            throw Exit.couldNotRun
        }
        let base = profile.map { libraryOptions.library(forProfileAt: $0) } ?? library
        let outcome = EditionPipeline(library: base, plugins: PluginRegistry.current).build(profileAt: path)
        for diagnostic in outcome.diagnostics { console.err(diagnostic.formatted) }
        if outcome.couldNotRead { throw Exit.couldNotRun }
        guard let built = outcome.edition else { throw Exit.inputHasErrors }
        console.out(EditionExplanation(edition: built).text())
    }
}

/// The plain-text account of an edition's changes that `explain` prints.
struct EditionExplanation {
    var edition: Edition

    func text() -> String {
        let framework = edition.framework
        var lines: [String] = []
        lines.append("\(framework.metadata.title)")
        lines.append("edition \(edition.info.id) \(framework.metadata.version), built by \(edition.info.pluginID) from \(edition.info.base)")
        lines.append("\(framework.competencies.count) competencies in \(framework.areas.count) areas, \(framework.phases.count) phases, \(framework.groups.count) groups")

        let competencies = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let roles = Dictionary(framework.groups.flatMap(\.roles).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let sections: [(Provenance.Change, String)] = [
            (.reworded, "Reworded"), (.localised, "Localised"), (.added, "Added"), (.removed, "Removed"),
        ]
        for (change, heading) in sections {
            let records = edition.provenance.filter { $0.change == change }
            guard !records.isEmpty else { continue }
            lines.append("")
            lines.append("\(heading) (\(records.count))")
            // A group's reason covers its role changes too: say it once for each run of
            // records that share it.
            var previousRationale: String?
            for record in records {
                var label = "\(record.itemKind.rawValue) \(record.itemID)"
                if let competency = competencies[record.itemID], record.itemKind == .competency {
                    label += " [\(competency.code)]"
                }
                lines.append("  \(label)")
                if change == .reworded, let old = record.detail, let competency = competencies[record.itemID] {
                    lines.append("    was: \(old)")
                    lines.append("    now: \(competency.statement)")
                } else if change == .added, record.itemKind == .competency, let competency = competencies[record.itemID] {
                    lines.append("    \(competency.statement)")
                } else if let detail = record.detail {
                    lines.append("    \(detail)")
                }
                if record.itemKind == .role, change == .localised, let role = roles[record.itemID] {
                    lines.append("    now \u{201C}\(role)\u{201D}")
                }
                if record.rationale != previousRationale {
                    lines.append("    why: \(record.rationale)")
                }
                previousRationale = record.rationale
            }
        }
        return lines.joined(separator: "\n")
    }
}
