import ArgumentParser
import CompetencyModel
import Editions
import Dispatch
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline

enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, docx

    var fileExtension: String {
        switch self {
        case .text: "txt"
        case .json: "json"
        case .markdown: "md"
        case .docx: "docx"
        }
    }
}

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

    @Option(help: ArgumentHelp("text, json, markdown or docx (a Word redline with tracked changes).", valueName: "format"))
    var format: DiffFormat = .text

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
        if format == .docx && out == nil {
            throw ValidationError("--format docx needs --out FILE")
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
        var frameworks: [Framework] = []
        var editionsBuilt: [Edition?] = []
        for result in resolver.resolveConcurrently(resolved) {
            switch result {
            case .success(let side):
                frameworks.append(side.framework)
                editionsBuilt.append(side.edition)
            case .failure(let failure):
                for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
                if failure.diagnostics.isEmpty { console.err("error: \(failure.message)") }
                throw Exit.couldNotRun
            }
        }
        let changes = FrameworkComparison().compare(frameworks[0], frameworks[1])
        let rendered: [UInt8]
        do {
            // An edition compared with its base shows the edition's own content and reasons.
            let edition = editionsBuilt[1].flatMap { $0.info.base == frameworks[0].metadata.reference ? $0 : nil }
            rendered = try DiffRendering.render(changes, old: frameworks[0], new: frameworks[1], format: format, colour: out == nil && console.isTerminal, edition: edition)
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

/// Renders a change set in any diff format.
enum DiffRendering {
    static func render(_ changes: ChangeSet, old: Framework, new: Framework, format: DiffFormat, colour: Bool = false, edition: Edition? = nil) throws -> [UInt8] {
        switch format {
        case .text: Array(ChangeSetText.render(changes, colour: colour).utf8)
        case .markdown: Array(ChangeSetMarkdown.render(changes).utf8)
        case .json: Array(ChangeSetJSON.document(changes).serialised().utf8)
        case .docx: try RedlineComposer(old: old, new: new, changes: changes, edition: edition).package().docx()
        }
    }
}

/// Turns a diff operand into a framework: a file, `edition:ID` or `base:ID`.
struct OperandResolver {
    var library: FrameworkLibrary
    var plugins: PluginRegistry
    /// The new base for `edition:ID@rebased`.
    var onto: String?

    struct Failure: Error {
        var message: String
        var diagnostics: [Diagnostic] = []
    }

    /// Resolves both sides at once: loading dominates a large comparison, and the two
    /// loads are independent.
    /// A side of a comparison: a framework, and the edition it is when it is one.
    struct Side: Sendable {
        var framework: Framework
        var edition: Edition?
    }

    func resolveConcurrently(_ operands: [String]) -> [Result<Side, Failure>] {
        let resolver = self
        return Jobs().map(operands.count) { index in resolver.resolve(operands[index]) }
    }

    func resolve(_ operand: String) -> Result<Side, Failure> {
        if operand.hasPrefix("edition:"), operand.hasSuffix("@rebased"), let onto {
            let id = String(operand.dropFirst("edition:".count).dropLast("@rebased".count))
            guard ArtifactWriter.isSafeComponent(id) else { return .failure(Failure(message: "\(operand): '\(id)' is not an edition id")) }
            let request = RebaseRequest(library: library, path: library.profilePath(edition: id), onto: onto, plugins: plugins)
            switch request.prepare() {
            case .failure(let failure):
                return .failure(Failure(message: failure.message.isEmpty ? "\(operand) does not build" : failure.message, diagnostics: failure.diagnostics))
            case .success(let prepared):
                guard let edition = prepared.plan.rebasedEdition else {
                    return .failure(Failure(
                        message: "\(operand): the rebased profile does not validate on \(prepared.plan.onto); run `competency rebase \(id) --onto \(onto)` to see why",
                        diagnostics: prepared.plan.rebasedDiagnostics))
                }
                // Both sides are the same edition and version; the label says which is which.
                var framework = edition.framework
                framework.metadata.version += ", rebased onto \(prepared.plan.onto)"
                return .success(Side(framework: framework, edition: edition))
            }
        }
        if operand.hasPrefix("edition:") || operand.hasPrefix("base:") {
            let isBase = operand.hasPrefix("base:")
            let id = String(operand.drop { $0 != ":" }.dropFirst())
            guard ArtifactWriter.isSafeComponent(id) else { return .failure(Failure(message: "\(operand): '\(id)' is not an edition id")) }
            let outcome = EditionPipeline(library: library, plugins: plugins).build(profileAt: library.profilePath(edition: id))
            guard let edition = outcome.edition else {
                return .failure(Failure(message: "\(operand): edition \(id) does not build", diagnostics: outcome.diagnostics.filter { $0.severity == .error }))
            }
            return isBase ? load(library.frameworkPath(edition.info.base)) : .success(Side(framework: edition.framework, edition: edition))
        }
        // FRAMEWORK@VERSION names a version in the library, as `show` and `new-edition`
        // take it; a file of that name on disk still wins.
        switch library.frameworkPath(operand: operand) {
        case .success(let path): return load(path)
        case .failure(let failure): return .failure(Failure(message: failure.message))
        case nil: break
        }
        return load(operand)
    }

    private func load(_ path: String) -> Result<Side, Failure> {
        do {
            let result = try library.loadFramework(atPath: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                return .failure(Failure(message: "\(path) has errors", diagnostics: result.diagnostics.filter { $0.severity == .error }))
            }
            return .success(Side(framework: framework, edition: nil))
        } catch {
            return .failure(Failure(message: "cannot read \(path)", diagnostics: error.diagnostics))
        }
    }
}
