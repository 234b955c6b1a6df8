import ArgumentParser
import CompetencyModel
import Dispatch
import Editions
import Foundation
import Publishing
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline
import Spreadsheets

/// Options shared by the commands that read the frameworks folder.
struct LibraryOptions: ParsableArguments {
    @Option(name: .customLong("frameworks"), help: ArgumentHelp("The frameworks folder (frameworks, editions/, schema/); default ./Frameworks.", valueName: "dir"))
    var root: String?

    var library: FrameworkLibrary { FrameworkLibrary(root: root ?? "Frameworks") }

    /// Where a profile file finds its base, the same for every command: --frameworks when
    /// given; else the library whose editions/ folder holds it; else ./Frameworks.
    func library(forProfileAt path: String) -> FrameworkLibrary {
        FrameworkLibrary.forProfile(at: path, frameworks: root)
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Build editions and write them in the chosen formats.",
        usage: """
            competency export (--all | --edition <id> ... | --profile <file> ...)
                              [--format <list>] [--out <dir>] [--no-diffs]
                              [--reference-docx <file>] [--frameworks <dir>]
                              [--jobs <n>]
            """,
        discussion: """
            Each edition is written to OUT/<edition>/, one file per format, and its change \
            report against its base to OUT/diffs/ (not with --no-diffs). Files are replaced \
            atomically, and only when their bytes change; nothing is written unless every \
            requested edition builds. Editions, formats, reports and workbooks are built \
            in parallel (--jobs 1 builds them one at a time); the files are the same either \
            way.

            Examples:
              competency export --all
              competency export --edition sandwell-2022 --format json --out /tmp/out
              competency export --all --reference-docx council-template.docx --out build
              competency export --profile my-council-2025.xml --out build
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Option(name: .customLong("edition"), help: ArgumentHelp("An edition id from <frameworks>/editions/ (repeatable).", valueName: "id"))
    var editions: [String] = []

    @Option(name: .customLong("profile"), help: ArgumentHelp("An edition profile file anywhere on disk (repeatable).", valueName: "file"))
    var profiles: [String] = []

    @Option(name: .customLong("framework"), help: ArgumentHelp("Publish a framework version itself as CASE (repeatable), to OUT/frameworks/ID-VERSION/.", valueName: "id@version"))
    var frameworkVersions: [String] = []

    @Flag(help: "Build every edition in <frameworks>/editions/, and publish every framework version as CASE.")
    var all = false

    @Option(help: ArgumentHelp("Comma-separated formats (default: all of them). See `competency formats`.", valueName: "list"))
    var format: String?

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "Exports"

    @Option(name: .customLong("reference-docx"), help: ArgumentHelp("A .docx whose styles, page setup, header and footer the Word output takes, as pandoc's --reference-doc does.", valueName: "file"))
    var referenceDocx: String?

    @Flag(help: "Skip the change reports in OUT/diffs/ (each edition against its base; with --all, each framework version against the one before too).")
    var noDiffs = false

    @Option(help: ArgumentHelp("1 to build one thing at a time; otherwise every core is used.", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of 1 or more") }
        if !all && editions.isEmpty && profiles.isEmpty && frameworkVersions.isEmpty {
            throw ValidationError("name an edition with --edition or --profile, a framework with --framework, or pass --all")
        }
    }

    func run() throws {
        let console = Console.current
        let registry = OutputFormatRegistry.current
        // The template is an option of the Word formats, never a replacement of the formats
        // a host package registered.
        var options = WriterOptions()
        if let referenceDocx {
            do {
                let bytes = try DocumentReader().readBytes(atPath: referenceDocx)
                options.referenceDocument = try ReferenceDocument(docx: bytes)
            } catch let failure as LoadFailure {
                for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
                throw Exit.couldNotRun
            } catch let failure as PackageError {
                console.err(failure.diagnostic(file: referenceDocx).formatted)
                throw Exit.couldNotRun
            } catch {
                console.err(Diagnostic(
                    severity: .error, code: DiagnosticCode.malformed.code,
                    message: "cannot use it as a reference document (\(error)); re-save it from Word as .docx",
                    location: SourceLocation(file: referenceDocx, line: 1, column: 1)).formatted)
                throw Exit.couldNotRun
            }
        }
        var formats = registry.defaultFormats
        if let format {
            formats = []
            for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let found = registry.format(id: name) else {
                    console.err("error: unknown format '\(name)'; known formats: \(registry.formats.map(\.id).joined(separator: ", "))")
                    throw Exit.couldNotRun
                }
                formats.append(found)
            }
        }
        let report = EditionExport(ExportRequest(
            library: libraryOptions.library, editions: editions, profiles: profiles, frameworksGiven: libraryOptions.root,
            frameworkVersions: frameworkVersions, all: all, formats: formats, registry: registry, options: options,
            diffs: !noDiffs, outputFolder: out, plugins: PluginRegistry.current,
            jobs: Jobs(jobs ?? ProcessInfo.processInfo.activeProcessorCount))).run()
        for message in report.messages { console.err(message.formatted) }
        for folder in report.folders {
            let summary = folder.written == 0 ? "up to date" : "\(folder.written) file\(folder.written == 1 ? "" : "s") written"
            console.out("\(folder.label): \(folder.files) file\(folder.files == 1 ? "" : "s") in \(folder.path) (\(summary))")
        }
        switch report.status {
        case .written: return
        case .inputHasErrors: throw Exit.inputHasErrors
        case .couldNotRun: throw Exit.couldNotRun
        }
    }
}

extension PluginRegistry {
    /// The export plugins this run knows; a package that adds its own passes them to
    /// `CompetencyCommand.run(arguments:console:plugins:)`.
    @TaskLocal static var current: PluginRegistry = .builtIn
}

extension OutputFormatRegistry {
    @TaskLocal static var current: OutputFormatRegistry = .builtIn
}

