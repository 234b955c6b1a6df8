import CompetencyCLI
import Foundation

exit(CompetencyCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
