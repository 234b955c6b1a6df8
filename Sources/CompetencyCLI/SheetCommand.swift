import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import Publishing
import FrameworkLoading
import OutputFormats
import Spreadsheets

struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Work on a framework in Excel or LibreOffice: export a workbook, import it back.",
        discussion: """
            A framework workbook has one sheet per kind of item (Competencies, Areas, Groups, \
            Roles, Phases, Training, Services, Rating scale, About), ids in column A and \
            drop-downs for the columns that refer to other sheets. Importing updates the \
            framework by id and reports every problem at its cell.

            Examples:
              competency sheet export in-it-together@2019 --out framework.xlsx
              competency sheet import framework.xlsx \\
                  --into Frameworks/in-it-together/2019.xml
            """,
        subcommands: [SheetExportCommand.self, SheetImportCommand.self]
    )
}

struct SheetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a framework as an .xlsx workbook, or its competencies as .csv.",
        usage: """
            competency sheet export <source> [<base>] --out <file>
                                    [--frameworks <dir>]
            """,
        discussion: """
            <source> is FRAMEWORK@VERSION or a framework file, edition:ID, or \
            edition-template followed by the base as FRAMEWORK@VERSION. For a framework the \
            format follows the --out extension: .xlsx for the whole framework, .csv for the \
            Competencies sheet alone (UTF-8, comma-separated).

            edition-template writes a council's edition workbook for a base: one row per \
            base competency with columns to keep or drop it, reword it, add an enhancement, \
            add or remove training and signposts, each with the reason beside it; sheets \
            for local training, local services, roles and strategies. edition:ID writes \
            the same workbook filled in from that edition's profile.

            Examples:
              competency sheet export in-it-together@2019 --out framework.xlsx
              competency sheet export Frameworks/in-it-together/2017.xml --out 2017.csv
              competency sheet export edition-template in-it-together@2019 \\
                  --out our-edition.xlsx
              competency sheet export edition:sandwell-2022 --out sandwell.xlsx
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "FRAMEWORK@VERSION or a framework file; edition:ID for an edition's workbook; or edition-template.")
    var source: String

    @Argument(help: "With edition-template: the base, as FRAMEWORK@VERSION.")
    var base: String?

    @Option(help: ArgumentHelp("The workbook to write: a .xlsx or .csv file.", valueName: "file"))
    var out: String

    func run() throws {
        let console = Console.current
        let kind = (out as NSString).pathExtension.lowercased()
        guard kind == "xlsx" || kind == "csv" else {
            console.err("error: --out must end in .xlsx (the whole framework) or .csv (its competencies); got \(out)")
            throw Exit.couldNotRun
        }
        let library = libraryOptions.library
        if source == "edition-template" || source.hasPrefix("edition:") {
            guard kind == "xlsx" else {
                console.err("error: an edition workbook is an .xlsx file; give --out NAME.xlsx")
                throw Exit.couldNotRun
            }
            var profile: EditionProfile?
            let baseFramework: Framework
            if source == "edition-template" {
                guard let base else {
                    console.err("error: name the base: competency sheet export edition-template FRAMEWORK@VERSION --out FILE.xlsx")
                    throw Exit.couldNotRun
                }
                baseFramework = try SheetSupport.loadFramework(base, library: library, console: console)
            } else {
                let id = String(source.dropFirst("edition:".count))
                let loaded = try SheetSupport.loadProfile(id, library: library, console: console)
                profile = loaded
                baseFramework = try SheetSupport.loadFramework(loaded.base.description, library: library, console: console)
            }
            let workbook = EditionWorkbook.export(base: baseFramework, profile: profile)
            let bytes: [UInt8]
            do {
                bytes = try XLSXWriter().write(workbook)
            } catch {
                console.err("error: the workbook could not be written: \(error)")
                throw Exit.couldNotRun
            }
            try SheetSupport.write(bytes, to: out, console: console)
            console.out("wrote \(out) (\(profile.map { "edition \($0.id)" } ?? "an edition template") on \(baseFramework.metadata.reference))")
            return
        }
        let framework = try SheetSupport.loadFramework(source, library: library, console: console)
        let bytes: [UInt8]
        if kind == "csv" {
            bytes = Array(FrameworkWorkbook.competenciesCSV(framework).utf8)
        } else {
            do {
                bytes = try XLSXWriter().write(FrameworkWorkbook.export(framework))
            } catch {
                console.err("error: the workbook could not be written: \(error)")
                throw Exit.couldNotRun
            }
        }
        try SheetSupport.write(bytes, to: out, console: console)
        console.out("wrote \(out) (\(framework.metadata.reference): \(framework.competencies.count) competencies)")
    }
}

struct SheetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Update a framework from a workbook or a Competencies CSV, by id.",
        usage: """
            competency sheet import <file> (--into <framework.xml> | --profile <id>)
                                    [--prune] [--format text|json]
                                    [--frameworks <dir>]
            """,
        discussion: """
            A row whose id is in the framework updates that item (only the columns the sheet \
            has); a new id adds one; a competency with no id gets one made from its code \
            (FPI.8 → fpi-08). Items with no row are kept and listed, or removed with --prune. \
            The result is canonical framework XML, checked against the schema and rules \
            before anything is written; `competency diff` then shows what the sheet changed. \
            If --into does not exist, the workbook must hold every sheet.
            With --profile, an edition workbook (from `sheet export edition-template` or \
            `edition:ID`) writes or updates <frameworks>/editions/ID.xml: the excludes, \
            rewordings, enhancements, training and signpost changes, role changes, local \
            training, services and strategies come from the sheets, each with its reason; \
            everything else in an existing profile is kept. The profile is checked by its \
            plugin against the base before it is written.
            Exit codes: 0 written (or already up to date), 1 the sheet has errors (nothing \
            written), 2 a file could not be read.

            Examples:
              competency sheet import framework.xlsx \\
                  --into Frameworks/in-it-together/2019.xml
              competency sheet import edits.csv --into draft.xml --prune
              competency sheet import our-edition.xlsx --profile exampleshire-2026
            """
    )

    @Argument(help: "The .xlsx or .csv file to read.")
    var input: String

    @OptionGroup var libraryOptions: LibraryOptions

    @Option(help: ArgumentHelp("The framework file to update, or to create.", valueName: "framework.xml"))
    var into: String?

    @Option(help: ArgumentHelp("An edition workbook: the edition profile to write or update in <frameworks>/editions/.", valueName: "id"))
    var profile: String?

    @Flag(help: "Remove items that have no row in their sheet (otherwise they are kept and listed).")
    var prune = false

    @Option(help: "How to print diagnostics: text or json.")
    var format: DiagnosticFormat = .text

    func run() throws {
        let console = Console.current
        let printer = DiagnosticPrinter(format: format, console: console)
        func fail(_ diagnostics: [Diagnostic], exit: ExitCode) throws -> Never {
            printer.print([.init(path: input, diagnostics: diagnostics.sortedByLocation())])
            throw exit
        }
        let tables: [SheetTable]
        var diagnostics: [Diagnostic] = []
        switch (into, profile) {
        case (nil, nil), (.some, .some):
            console.err("error: give --into FRAMEWORK.xml for a framework workbook, or --profile ID for an edition workbook")
            throw Exit.couldNotRun
        case (nil, .some(let id)):
            guard ArtifactWriter.isSafeComponent(id) else {
                console.err("error: '\(id)' is not an edition id: use lower-case letters, digits and hyphens")
                throw Exit.couldNotRun
            }
            switch SheetSupport.readTables(input) {
            case .success(let read): tables = read
            case .failure(let failure): try fail([failure.diagnostic], exit: Exit.couldNotRun)
            }
            try importEdition(id, tables: tables, console: console, printer: printer)
            return
        case (.some(let into), nil):
            guard (into as NSString).pathExtension.lowercased() == "xml" else {
                console.err("error: --into must be a framework .xml file; got \(into)")
                throw Exit.couldNotRun
            }
            switch SheetSupport.readTables(input) {
            case .success(let read): tables = read
            case .failure(let failure): try fail([failure.diagnostic], exit: Exit.couldNotRun)
            }
        }
        let into = into ?? ""
        var existing: Framework?
        if FileManager.default.fileExists(atPath: into) {
            let loaded: FrameworkLoader.Result
            do throws(LoadFailure) {
                loaded = try FrameworkLoader().load(contentsOf: into)
            } catch {
                try fail(error.diagnostics, exit: Exit.couldNotRun)
            }
            guard let framework = loaded.framework, !loaded.diagnostics.hasErrors else {
                console.err("error: \(into) has errors of its own; fix them (competency validate \(into)) before importing into it")
                printer.print([.init(path: into, diagnostics: loaded.diagnostics)])
                throw Exit.inputHasErrors
            }
            existing = framework
        }
        let result = FrameworkSheetImporter(prune: prune).run(tables, existing: existing, file: input)
        diagnostics += result.diagnostics
        guard let framework = result.framework, !diagnostics.hasErrors else { try fail(diagnostics, exit: Exit.inputHasErrors) }

        let xml = Array(FrameworkXMLWriter().write(framework).utf8)
        // The schema and the framework rules, on exactly the bytes about to be written; a
        // finding is placed at the row of the item it is about.
        let problems: [Diagnostic]
        do throws(LoadFailure) {
            problems = try FrameworkLoader().load(bytes: xml, path: into).diagnostics.filter { $0.severity == .error }
        } catch {
            problems = error.diagnostics
        }
        if !problems.isEmpty {
            try fail(diagnostics + problems.map { SheetSupport.placed($0, xml: xml, rows: result.rowLocations, input: input) }, exit: Exit.inputHasErrors)
        }
        try SheetSupport.write(xml, to: into, console: console)
        if format == .json {
            printer.print([.init(path: input, diagnostics: diagnostics.sortedByLocation())])
        } else {
            for diagnostic in diagnostics.sortedByLocation() { console.err(diagnostic.formatted) }
            console.out("wrote \(into): \(SheetSupport.summary(from: existing, to: framework))")
        }
    }
}

extension SheetImportCommand {
    /// An edition workbook into `<frameworks>/editions/ID.xml`: the profile is built, written
    /// to memory, and checked by its plugin against the base before the file is touched.
    func importEdition(_ id: String, tables: [SheetTable], console: Console, printer: DiagnosticPrinter) throws {
        let library = libraryOptions.library
        let path = library.profilePath(edition: id)
        func fail(_ diagnostics: [Diagnostic], exit: ExitCode) throws -> Never {
            printer.print([.init(path: input, diagnostics: diagnostics.sortedByLocation())])
            throw exit
        }
        var existing: EditionProfile?
        if FileManager.default.fileExists(atPath: path) {
            existing = try SheetSupport.loadProfile(id, library: library, console: console)
        }
        guard let reference = existing?.base ?? EditionSheetImporter.baseReference(in: tables)?.0 else {
            try fail([Diagnostic(severity: .error, code: SheetCode.missingSheetOrColumn.code,
                                 message: "the workbook does not name its base: put FRAMEWORK@VERSION in the About sheet's 'base' row",
                                 location: SourceLocation(file: input, line: 1, column: 1))], exit: Exit.inputHasErrors)
        }
        let base = try SheetSupport.loadFramework(reference.description, library: library, console: console)
        let result = EditionSheetImporter().run(tables, base: base, existing: existing, id: id, file: input)
        guard let built = result.profile, !result.diagnostics.hasErrors else { try fail(result.diagnostics, exit: Exit.inputHasErrors) }
        let xml = Array(EditionProfileWriter().write(built).utf8)
        let outcome = EditionPipeline(library: library, plugins: PluginRegistry.current).build(profileAt: path, bytes: xml)
        let problems = outcome.diagnostics.filter { $0.severity == .error }.map { diagnostic in
            Diagnostic(severity: .error, code: SheetCode.frameworkRule.code,
                       message: "the edition this workbook makes does not build: \(diagnostic.message) [\(diagnostic.code)]",
                       location: SourceLocation(file: input, line: 1, column: 1))
        }
        if !problems.isEmpty { try fail(result.diagnostics + problems, exit: Exit.inputHasErrors) }
        try SheetSupport.write(xml, to: path, console: console)
        for diagnostic in result.diagnostics.sortedByLocation() { console.err(diagnostic.formatted) }
        console.out("wrote \(path): \(existing == nil ? "a new edition" : "edition \(id) updated") on \(reference)"
            + " (\(built.statementOverrides.count) rewordings, \(built.excludes.flatMap { $0.competencies?.ids ?? [] }.count) competencies left out)")
    }
}

enum SheetSupport {
    struct ReadFailure: Error {
        var diagnostic: Diagnostic
    }

    static func loadFramework(_ source: String, library: FrameworkLibrary, console: Console) throws -> Framework {
        var path = source
        switch library.frameworkPath(operand: source) {
        case .success(let found): path = found
        case .failure(let failure):
            console.err("error: \(failure.message)")
            throw Exit.couldNotRun
        case nil: break
        }
        do {
            let result = try FrameworkLoader().load(contentsOf: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                for diagnostic in result.diagnostics where diagnostic.severity == .error { console.err(diagnostic.formatted) }
                throw Exit.inputHasErrors
            }
            return framework
        } catch let failure as LoadFailure {
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
    }

    static func loadProfile(_ id: String, library: FrameworkLibrary, console: Console) throws -> EditionProfile {
        let known = library.editionIDs()
        guard ArtifactWriter.isSafeComponent(id), known.contains(id) else {
            console.err("error: no edition '\(id)'\(Suggest.clause(id, known)); editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        let path = library.profilePath(edition: id)
        do {
            let loaded = try EditionProfileLoader().load(contentsOf: path)
            guard let profile = loaded.profile else {
                for diagnostic in loaded.diagnostics { console.err(diagnostic.formatted) }
                throw Exit.inputHasErrors
            }
            return profile
        } catch let failure as LoadFailure {
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
    }

    /// The sheets of a workbook, or the one table of a CSV file, by content rather than by
    /// name: a zip is read as .xlsx, anything else as CSV text.
    static func readTables(_ path: String) -> Result<[SheetTable], ReadFailure> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func failure(_ message: String) -> Result<[SheetTable], ReadFailure> {
            .failure(ReadFailure(diagnostic: Diagnostic(severity: .error, code: SheetCode.unreadable.code, message: message, location: start)))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return failure(isDirectory.boolValue ? "is a directory, not a workbook" : "no such file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= XLSXReader.maximumFileBytes else {
            return failure("the file is \(size >> 20) MiB; the limit is \(XLSXReader.maximumFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else { return failure("cannot be read (permissions?)") }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x50, 0x4B]) {
            do {
                return .success(try XLSXReader().read(bytes: bytes).map { SheetTable.from($0, file: path) })
            } catch {
                return failure(error.message)
            }
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return failure("this is an old-style Excel file (.xls); save it as Excel 2007–365 (.xlsx) or as CSV UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return failure("this is UTF-16 text; save the CSV as \"CSV UTF-8\"")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return failure("this is neither an .xlsx workbook nor UTF-8 text; save the sheet as .xlsx or as \"CSV UTF-8\"")
        }
        do {
            let records = try CSVTable.read(text)
            return .success([SheetTable.from(csv: records, file: path, name: FrameworkWorkbook.Sheet.competencies)])
        } catch {
            return .failure(ReadFailure(diagnostic: Diagnostic(
                severity: .error, code: SheetCode.unreadable.code, message: error.message,
                location: SourceLocation(file: path, line: error.line, column: error.column))))
        }
    }

    /// A finding about the generated XML, moved to the sheet row of the item it concerns:
    /// the nearest `id="…"` at or above its line names the item.
    static func placed(_ diagnostic: Diagnostic, xml: [UInt8], rows: [String: SourceLocation], input: String) -> Diagnostic {
        let lines = String(decoding: xml, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var location = SourceLocation(file: input, line: 1, column: 1)
        var line = min(max((diagnostic.location?.line ?? 1) - 1, 0), max(lines.count - 1, 0))
        search: while line >= 0, !lines.isEmpty {
            let text = lines[line]
            if let start = text.range(of: " id=\"") {
                let id = text[start.upperBound...].prefix { $0 != "\"" }
                let element = text.drop { $0 == " " || $0 == "<" }.prefix { $0 != " " && $0 != ">" }
                let kind = ["competency": "competency", "area": "area", "group": "group", "role": "role", "phase": "phase", "trainingOption": "training option", "service": "service"][String(element)]
                if let kind, let found = rows["\(kind)/\(id)"] {
                    location = found
                    break search
                }
            }
            line -= 1
        }
        return Diagnostic(
            severity: diagnostic.severity, code: SheetCode.frameworkRule.code,
            message: "the framework this sheet makes breaks a rule: \(diagnostic.message) [\(diagnostic.code)]",
            location: location)
    }

    /// "12 competencies: 1 added, 2 changed, 0 removed", compared by id.
    static func summary(from old: Framework?, to new: Framework) -> String {
        let before = Dictionary((old?.competencies ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.competencies.map(\.id))
        let added = new.competencies.filter { before[$0.id] == nil }.count
        let changed = new.competencies.filter { competency in before[competency.id].map { $0 != competency } ?? false }.count
        let removed = before.keys.filter { !after.contains($0) }.count
        return "\(new.competencies.count) competencies (\(added) added, \(changed) changed, \(removed) removed)"
            + (old == nil ? ", a new framework" : (old == new ? "; nothing changed" : ""))
    }

    /// Written whole or not at all, beside the target first; an existing directory is refused.
    static func write(_ bytes: [UInt8], to path: String, console: Console) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            console.err("error: \(path) is a directory; give a file name")
            throw Exit.couldNotRun
        }
        let folder = (path as NSString).deletingLastPathComponent
        let root = folder.isEmpty ? "." : folder
        do {
            _ = try ArtifactWriter(outputRoot: root).write([Artifact(relativePath: (path as NSString).lastPathComponent, bytes: bytes)], into: root)
        } catch {
            console.err("error: \(error)")
            throw Exit.couldNotRun
        }
    }
}
