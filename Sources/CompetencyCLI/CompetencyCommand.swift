import ArgumentParser
import Editions
import Foundation
import Publishing
import OutputFormats

/// The `competency` command and its subcommands, as a library so tests and other packages
/// can run it.
public struct CompetencyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "competency",
        abstract: "Validate, adapt and publish workforce competency frameworks.",
        discussion: """
            Exit codes: 0 success; 1 the input has errors; 2 the tool could not do its job \
            (usage, unreadable file, XML that is not well-formed).
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, ExportCommand.self, DiffCommand.self, RebaseCommand.self, ExplainCommand.self, NewEditionCommand.self, ShowCommand.self, SheetCommand.self, ImportCommand.self, PreviewCommand.self, PackCommand.self, EditionsCommand.self,
            PluginsCommand.self, FormatsCommand.self, RulesCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line and returns the process exit code. ArgumentParser's own usage
    /// errors exit 64; CompetencyKit promises 2 for every "could not do the job" case.
    public static func run(
        arguments: [String], console: Console = .standard, plugins: PluginRegistry = .builtIn,
        formats: OutputFormatRegistry = .builtIn
    ) -> Int32 {
        PluginRegistry.$current.withValue(plugins) {
            OutputFormatRegistry.$current.withValue(formats) {
                Console.$current.withValue(console) { runParsed(arguments, console: console) }
            }
        }
    }

    private static func runParsed(_ arguments: [String], console: Console) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { console.out(message) } else { console.err(message) }
            }
            return code == .success ? 0 : 2
        }
    }
}

/// Exit codes shared by every subcommand.
enum Exit {
    static let clean = ExitCode(0)
    static let inputHasErrors = ExitCode(1)
    static let couldNotRun = ExitCode(2)
}
