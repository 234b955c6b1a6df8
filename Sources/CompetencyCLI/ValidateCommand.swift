import ArgumentParser
import CompetencyModel
import Editions
import Dispatch
import Foundation
import Publishing
import FrameworkLoading
import Spreadsheets
import CASEImport
import Rebase

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check frameworks and edition profiles against the schemas and the semantic rules.",
        usage: """
            competency validate <file> ... [--format text|json] [--werror]
                                [--frameworks <dir>]
            """,
        discussion: """
            Diagnostics are printed as `path:line:col: severity: message [CODE]`, so editors \
            and CI annotate them. Run `competency rules` for the list of codes.

            Edition profiles are checked too, against their base framework (found beside the \
            profile's editions/ folder, or in --frameworks).

            Examples:
              competency validate Frameworks/in-it-together/2019.xml
              competency validate Frameworks/editions/sandwell-2022.xml
              competency validate Frameworks/in-it-together/*.xml --werror
              competency validate draft.xml --format json
            """
    )

    @Argument(help: "Framework files and edition profiles to check.")
    var paths: [String]

    @Option(help: "How to print diagnostics: text or json.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var werror = false

    @Option(name: .customLong("frameworks"), help: ArgumentHelp("The frameworks folder holding a profile's base (default: the folder above the profile's editions/ folder, else ./Frameworks).", valueName: "dir"))
    var frameworksRoot: String?

    func run() throws {
        let console = Console.current
        let loader = FrameworkLoader()
        var reports: [DiagnosticPrinter.FileReport] = []
        var couldNotRead = false
        for path in paths {
            var diagnostics: [Diagnostic]
            if isEditionProfile(path) {
                let library = FrameworkLibrary.forProfile(at: path, frameworks: frameworksRoot)
                let outcome = EditionPipeline(library: library, plugins: PluginRegistry.current).build(profileAt: path)
                diagnostics = outcome.diagnostics
                couldNotRead = couldNotRead || outcome.couldNotRead
            } else {
                do {
                    let result = try loader.load(contentsOf: path)
                    diagnostics = result.diagnostics
                    // Freeing a large framework is a million small frees; another thread
                    // does it while this one reports.
                    ReleaseLater.release(result.framework)
                } catch {
                    diagnostics = error.diagnostics
                    couldNotRead = true
                }
            }
            if werror {
                diagnostics = diagnostics.map { diagnostic in
                    var promoted = diagnostic
                    if promoted.severity == .warning { promoted.severity = .error }
                    return promoted
                }
            }
            reports.append(.init(path: path, diagnostics: diagnostics))
        }
        DiagnosticPrinter(format: format, console: console).print(reports)
        if couldNotRead { throw Exit.couldNotRun }
        if reports.contains(where: { $0.diagnostics.hasErrors }) { throw Exit.inputHasErrors }
    }
}

/// Profiles are told apart by their root element's namespace; anything else is read as a
/// framework, so its errors name what a framework should look like.
private func isEditionProfile(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 4096)) ?? nil
    return DocumentKind.of(bytes: [UInt8](head ?? Data())) == .editionProfile
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the validation rules with their codes and severities."
    )

    func run() throws {
        let console = Console.current
        for descriptor in DiagnosticCatalog.all.descriptors {
            console.out(descriptor.listing)
        }
    }
}

/// Lets a large value be freed on a background thread rather than on the one that is about
/// to print results and exit.
enum ReleaseLater {
    static func release<Value: Sendable>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { box.value = nil }
    }

    private final class Box<Value>: @unchecked Sendable {
        // @unchecked: written once, on the releasing queue, after the hand-over.
        var value: Value?
        init(_ value: Value) { self.value = value }
    }
}
