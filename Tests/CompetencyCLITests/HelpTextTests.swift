import ArgumentParser
import CompetencyCLI
import Testing

/// Help is read in an 80-column terminal: nothing wider, and no example command broken
/// across lines (an author copies them whole).
@Suite("help text")
struct HelpTextTests {
    /// Every command, nested ones (`sheet export`) included.
    static let commands: [any ParsableCommand.Type] = {
        func all(_ command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
            [command] + command.configuration.subcommands.flatMap(all)
        }
        return all(CompetencyCommand.self)
    }()

    @Test(arguments: commands.map { ObjectIdentifier($0) })
    func fitsEightyColumnsWithExamplesWhole(_ id: ObjectIdentifier) throws {
        let command = try #require(Self.commands.first { ObjectIdentifier($0) == id })
        let help = CompetencyCommand.helpMessage(for: command, columns: 80)
        let name = command.configuration.commandName ?? "competency"
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 80, "competency \(name) --help: \(line.count) columns: \(line)")
        }
        let examples = command.configuration.discussion
            .split(separator: "\n").filter { $0.hasPrefix("  competency ") }
        for example in examples {
            #expect(help.contains(example + "\n"), "the example '\(example)' is broken across lines in competency \(name) --help")
        }
    }

    @Test func validateHelpNamesProfilesAndFrameworks() {
        let help = CompetencyCommand.helpMessage(for: CompetencyCommand.configuration.subcommands[0], columns: 80)
        #expect(help.contains("edition profiles"))
        #expect(help.contains("frameworks"))
        #expect(help.contains("USAGE: competency validate <file> ..."))
    }
}
