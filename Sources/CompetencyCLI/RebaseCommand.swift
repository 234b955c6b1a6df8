import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import Pipeline
import OutputFormats
import Rebase

struct RebaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebase",
        abstract: "Move an edition onto a new version of its base, with a conflict report.",
        usage: """
            competency rebase <edition> --onto <framework@version|file> [--write]
                              [--format text|json] [--frameworks <dir>]
            """,
        discussion: """
            Compares the base the edition's profile names with the new version and \
            classifies every entry of the profile: it carries over, follows a rename, is \
            now redundant, or conflicts with a change upstream (RB1xx codes; see \
            `competency rules`). Nothing is written without --write.

            --write edits the profile in place: the base version, renamed ids and redundant \
            overrides (dropped with a comment) are done for you; conflicts are marked with \
            comments beside the entry, and entries that could no longer validate are \
            switched off inside a comment. The profile is written only if the result \
            validates against the new base.

            Exit codes: 0 no conflicts; 1 conflicts to resolve; 2 trouble.

            Examples:
              competency rebase sandwell-2022 --onto in-it-together@2026
              competency rebase sandwell-2022 --onto in-it-together@2026 --write
              competency diff edition:sandwell-2022 edition:sandwell-2022@rebased \\
                  --onto in-it-together@2026 --format docx --out rebase.docx
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: ArgumentHelp("An edition id, or the path of its profile.", valueName: "edition"))
    var edition: String

    @Option(help: ArgumentHelp("The new base: FRAMEWORK@VERSION in the frameworks folder, or a file.", valueName: "framework@version|file"))
    var onto: String

    @Flag(help: "Rewrite the profile in place (only if the result validates).")
    var write = false

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: DiagnosticFormat = .text

    func run() throws {
        let console = Console.current
        let prepared: RebaseRequest.Prepared
        // A path when the operand looks like one; otherwise an edition id.
        let isPath = edition.hasSuffix(".xml") || edition.contains("/")
        guard isPath || ArtifactWriter.isSafeComponent(edition) else {
            console.err("error: '\(edition)' is not an edition id or a profile path")
            throw Exit.couldNotRun
        }
        let path = isPath ? edition : libraryOptions.library.profilePath(edition: edition)
        let request = RebaseRequest(library: libraryOptions.library(forProfileAt: path), path: path, onto: onto, plugins: PluginRegistry.current)
        switch request.prepare() {
        case .success(let value): prepared = value
        case .failure(let failure):
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            if failure.diagnostics.isEmpty || !failure.message.isEmpty { console.err("error: \(failure.message)") }
            throw failure.exit
        }
        let plan = prepared.plan
        var written = false
        if write && !plan.isNoOp {
            guard plan.canWrite else {
                report(plan, path: prepared.path, written: false, console: console)
                console.err("error: nothing written: the rebased profile would not validate (see \(RebaseCode.rebasedInvalid) above)")
                throw Exit.inputHasErrors
            }
            let folder = (prepared.path as NSString).deletingLastPathComponent
            do {
                _ = try ArtifactWriter(outputRoot: folder.isEmpty ? "." : folder).write(
                    [Artifact(relativePath: (prepared.path as NSString).lastPathComponent, bytes: plan.rebasedBytes)], into: folder.isEmpty ? "." : folder)
                written = true
            } catch {
                console.err("error: \(error.description)")
                throw Exit.couldNotRun
            }
        }
        report(plan, path: prepared.path, written: written, console: console)
        if plan.hasConflicts { throw Exit.inputHasErrors }
    }

    private func report(_ plan: RebasePlan, path: String, written: Bool, console: Console) {
        switch format {
        case .json:
            console.writeOutput(RebaseReport.json(plan, path: path, written: written).serialised())
        case .text:
            console.writeOutput(RebaseReport.text(plan, path: path, written: written, writeRequested: write))
        }
    }
}

/// Everything `rebase` and `diff edition:ID@rebased` need: the profile read once, its base
/// and the new base loaded, and the plan.
struct RebaseRequest {
    /// Where the profile's base and `--onto` are looked up.
    var library: FrameworkLibrary
    /// The profile's path.
    var path: String
    var onto: String
    var plugins: PluginRegistry

    struct Prepared {
        var path: String
        var plan: RebasePlan
        /// The edition on the base it was written for, for the redline's old side.
        var currentEdition: Edition
    }

    struct Failure: Error {
        var message: String
        var diagnostics: [Diagnostic] = []
        var exit: ExitCode = Exit.couldNotRun
    }

    func prepare() -> Result<Prepared, Failure> {
        let bytes: [UInt8]
        let profile: EditionProfile
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: plugins.ignoredSectionsByPlugin)
        do {
            bytes = try DocumentReader().readBytes(atPath: path)
            let loaded = try loader.load(bytes: bytes, path: path)
            guard let found = loaded.profile else {
                return .failure(Failure(message: "", diagnostics: loaded.diagnostics, exit: Exit.inputHasErrors))
            }
            profile = found
        } catch {
            return .failure(Failure(message: "", diagnostics: error.diagnostics))
        }
        let oldPath = library.frameworkPath(profile.base)
        guard FileManager.default.fileExists(atPath: oldPath) else {
            return .failure(Failure(
                message: "",
                diagnostics: [Diagnostic(
                    severity: .error, code: EditionCode.baseNotFound,
                    message: "rebase compares the base this edition was written for, \(profile.base), with the new one, but \(oldPath) is missing; put that version back in the frameworks folder",
                    location: profile.baseLocation ?? profile.location)]))
        }
        let newPath: String
        switch library.frameworkPath(operand: onto) {
        case .success(let found): newPath = found
        case .failure(let failure): return .failure(Failure(message: "--onto \(failure.message)"))
        case nil: newPath = onto
        }
        let old: Framework
        let new: Framework
        switch (load(oldPath), load(newPath)) {
        case (.success(let a), .success(let b)):
            old = a
            new = b
        case (.failure(let failure), _), (_, .failure(let failure)):
            return .failure(failure)
        }
        // A profile that does not build on its own base cannot be classified reliably.
        let current = EditionAssembly(plugins: plugins).build(profile, base: old)
        guard let currentEdition = current.edition else {
            return .failure(Failure(
                message: "\(path) has errors on its current base \(profile.base); fix them before rebasing",
                diagnostics: current.diagnostics.filter { $0.severity == .error }, exit: Exit.inputHasErrors))
        }
        let revision = BaseRevision(old: old, new: new)
        let plan = ProfileRebase(plugins: plugins).plan(profile: profile, bytes: bytes, path: path, revision: revision, loader: loader)
        return .success(Prepared(path: path, plan: plan, currentEdition: currentEdition))
    }

    private func load(_ path: String) -> Result<Framework, Failure> {
        do {
            let result = try FrameworkLoader().load(contentsOf: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                return .failure(Failure(message: "\(path) has errors", diagnostics: result.diagnostics.filter { $0.severity == .error }))
            }
            return .success(framework)
        } catch {
            return .failure(Failure(message: "cannot read \(path)", diagnostics: error.diagnostics))
        }
    }
}
