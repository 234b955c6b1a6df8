import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import Publishing
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
            throw failure.inputHasErrors ? Exit.inputHasErrors : Exit.couldNotRun
        }
        let plan = prepared.plan
        var written = false
        if write && !plan.isNoOp {
            guard plan.canWrite else {
                report(plan, path: prepared.path, written: false, console: console)
                console.err("error: nothing written: the rebased profile would not validate (see \(RebaseCode.rebasedInvalid.code) above)")
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

