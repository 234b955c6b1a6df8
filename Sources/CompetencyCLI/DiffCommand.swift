import ArgumentParser
import CompetencyModel
import Editions
import Dispatch
import Foundation
import Publishing
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two framework versions, or an edition and its base.",
        usage: """
            competency diff (<old> <new> | --edition <id> [--edition <id>] [--base])
                            [--onto <framework@version>]
                            [--format text|json|markdown|docx] [--out <file>]
                            [--frameworks <dir>]
            """,
        discussion: """
            OLD and NEW are framework files, FRAMEWORK@VERSION (a version in the frameworks \
            folder), `edition:ID` (an edition built from its profile), `base:ID` (the \
            framework version that edition adapts) or `edition:ID@rebased` (the edition \
            as `rebase ID --onto` would leave it, built on the new base; give --onto).
            Exit codes, as diff(1): 0 identical, 1 different, 2 trouble.

            Examples:
              competency diff in-it-together@2017 in-it-together@2019
              competency diff --edition sandwell-2022 --base --format markdown
              competency diff edition:sandwell-2022 edition:national-workshops
              competency diff edition:sandwell-2022 edition:sandwell-2022@rebased \\
                  --onto in-it-together@2026
              competency diff --edition sandwell-2022 --base --format docx \\
                  --out redline.docx
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "OLD and NEW: files, FRAMEWORK@VERSION, edition:ID or base:ID.")
    var operands: [String] = []

    @Option(name: .customLong("edition"), help: ArgumentHelp("An edition to compare (repeatable); with --base, compares it with its base.", valueName: "id"))
    var editions: [String] = []

    @Flag(help: "Compare the --edition with the framework version it adapts.")
    var base = false

    @Option(help: ArgumentHelp("The new base for an edition:ID@rebased operand.", valueName: "framework@version|file"))
    var onto: String?

    @Option(help: ArgumentHelp("text, json, markdown or docx (a Word redline with tracked changes); `competency formats` lists them.", valueName: "format"))
    var format = "text"

    @Option(help: ArgumentHelp("Write to this file instead of standard output (required for docx).", valueName: "file"))
    var out: String?

    func validate() throws {
        if base && (editions.count != 1 || !operands.isEmpty) {
            throw ValidationError("--base takes exactly one --edition and no other operands")
        }
        if !base && operands.count + editions.count != 2 {
            throw ValidationError("give two things to compare: OLD and NEW (files, edition:ID or base:ID)")
        }
        if (operands + editions).contains(where: { $0.hasSuffix("@rebased") }) != (onto != nil) {
            throw ValidationError(onto == nil ? "edition:ID@rebased needs --onto FRAMEWORK@VERSION" : "--onto is for an edition:ID@rebased operand")
        }
        let registry = OutputFormatRegistry.current
        guard let chosen = registry.changeSetFormat(id: format) else {
            throw ValidationError("unknown diff format '\(format)'; known: \(registry.changeSetFormats.map(\.id).joined(separator: ", "))")
        }
        if chosen.needsFile && out == nil {
            throw ValidationError("--format \(format) needs --out FILE")
        }
        if let out, operands.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL }) {
            throw ValidationError("--out \(out) is one of the inputs; choose another file")
        }
    }

    func run() throws {
        let console = Console.current
        var library = libraryOptions.library
        // Both sides share one cache: an edition and its base read the base file once.
        library.cache = InputCache()
        let resolved = base ? ["base:" + editions[0], "edition:" + editions[0]] : operands + editions.map { "edition:" + $0 }
        let resolver = OperandResolver(library: library, plugins: PluginRegistry.current, onto: onto)
        var sides: [OperandResolver.Side] = []
        for result in resolver.resolveConcurrently(resolved) {
            switch result {
            case .success(let side):
                sides.append(side)
            case .failure(let failure):
                for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
                if failure.diagnostics.isEmpty { console.err("error: \(failure.message)") }
                throw Exit.couldNotRun
            }
        }
        let comparison = OperandResolver.comparison(old: sides[0], new: sides[1])
        let changes = comparison.changes
        let rendered: [UInt8]
        do {
            guard let writer = OutputFormatRegistry.current.changeSetFormat(id: format) else { throw Exit.couldNotRun }
            rendered = try writer.render(comparison, options: WriterOptions(colour: out == nil && console.isTerminal))
        } catch {
            console.err("error: could not render the comparison: \(error)")
            throw Exit.couldNotRun
        }
        if let out {
            let folder = (out as NSString).deletingLastPathComponent
            do {
                _ = try ArtifactWriter(outputRoot: folder.isEmpty ? "." : folder).write(
                    [Artifact(relativePath: (out as NSString).lastPathComponent, bytes: rendered)], into: folder.isEmpty ? "." : folder)
            } catch {
                console.err("error: \(error.description)")
                throw Exit.couldNotRun
            }
            console.err(changes.isEmpty ? "identical; wrote \(out)" : "\(changes.competencyChanges.count + changes.otherChanges.count) changes; wrote \(out)")
        } else {
            console.writeOutput(String(decoding: rendered, as: UTF8.self))
        }
        if !changes.isEmpty { throw Exit.inputHasErrors }
    }
}

