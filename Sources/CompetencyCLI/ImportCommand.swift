import ArgumentParser
import CASEImport
import CompetencyModel
import Foundation
import Publishing
import FrameworkLoading
import OutputFormats

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a framework published in another format into canonical framework XML.",
        subcommands: [ImportCASECommand.self]
    )
}

struct ImportCASECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Turn a CASE CFPackage (JSON) into a canonical framework.",
        usage: """
            competency import case <package.json> --out <framework.xml>
                                   [--format text|json]
            """,
        discussion: """
            Items under the document become areas, the leaves under each area its \
            competencies (humanCodingScheme → code, fullStatement → statement, CFItemType → \
            kind), educationLevel becomes phases through their CEDS codes, the first rubric \
            becomes the rating scale and exemplar links become training. A package \
            CompetencyKit wrote comes back exactly. Everything defaulted or left out is \
            reported at its JSON pointer and line:column. The framework is checked against \
            the schema and rules before it is written; an existing --out is never replaced.

            Examples:
              competency import case Exports/frameworks/in-it-together-2019/\\\\
            in-it-together-2019.case.json --out /tmp/in-it-together.xml
              competency import case standards.json --out Frameworks/maths/2024.xml
            """
    )

    @Argument(help: "The CFPackage JSON file.")
    var input: String

    @Option(help: ArgumentHelp("The framework file to write; it must not exist yet.", valueName: "framework.xml"))
    var out: String

    @Option(help: "How to print diagnostics: text or json.")
    var format: DiagnosticFormat = .text

    func run() throws {
        let console = Console.current
        let printer = DiagnosticPrinter(format: format, console: console)
        func fail(_ diagnostics: [Diagnostic], exit: ExitCode) throws -> Never {
            printer.print([.init(path: input, diagnostics: diagnostics)])
            throw exit
        }
        guard (out as NSString).pathExtension.lowercased() == "xml" else {
            console.err("error: --out must be a .xml file; got \(out)")
            throw Exit.couldNotRun
        }
        guard !FileManager.default.fileExists(atPath: out) else {
            console.err("error: \(out) already exists; choose another --out (an import never replaces a file)")
            throw Exit.couldNotRun
        }
        let start = SourceLocation(file: input, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: input) else {
            try fail([Diagnostic(severity: .error, code: CASECode.unreadable.code, message: isDirectory.boolValue ? "is a directory, not a CFPackage" : "no such file, or it cannot be read", location: start)], exit: Exit.couldNotRun)
        }
        let root: JSONNode
        do {
            root = try JSONReader().read([UInt8](data))
        } catch {
            try fail([Diagnostic(severity: .error, code: CASECode.unreadable.code, message: "not JSON: \(error.message)", location: SourceLocation(file: input, line: error.line, column: error.column))], exit: Exit.couldNotRun)
        }
        let result = CASEImporter().run(root, file: input)
        guard let framework = result.framework else { try fail(result.diagnostics, exit: Exit.inputHasErrors) }
        let xml = Array(FrameworkXMLWriter().write(framework).utf8)
        let checked: [Diagnostic]
        do throws(LoadFailure) {
            checked = try FrameworkLoader().load(bytes: xml, path: out).diagnostics.filter { $0.severity == .error }
        } catch {
            checked = error.diagnostics
        }
        if !checked.isEmpty {
            try fail(result.diagnostics + checked.map {
                Diagnostic(severity: .error, code: CASECode.unreadable.code, message: "the framework this package makes breaks a rule: \($0.message) [\($0.code)]", location: start)
            }, exit: Exit.inputHasErrors)
        }
        try SheetSupport.write(xml, to: out, console: console)
        if format == .json {
            printer.print([.init(path: input, diagnostics: result.diagnostics)])
        } else {
            for diagnostic in result.diagnostics { console.err(diagnostic.formatted) }
            console.out("wrote \(out): \(framework.metadata.reference), \(framework.areas.count) areas, \(framework.competencies.count) competencies")
        }
    }
}
