import CompetencyModel
import Foundation
import Publishing

/// Prints diagnostics as compilers do, or as one JSON document for tools.
struct DiagnosticPrinter {
    var format: DiagnosticFormat
    var console: Console

    struct FileReport {
        var path: String
        var diagnostics: [Diagnostic]
    }

    func print(_ reports: [FileReport]) {
        let all = reports.flatMap(\.diagnostics)
        let errors = all.filter { $0.severity == .error }.count
        let warnings = all.filter { $0.severity == .warning }.count
        switch format {
        case .text:
            for diagnostic in all { console.err(diagnostic.formatted) }
            let files = reports.count == 1 ? "1 file" : "\(reports.count) files"
            if all.isEmpty {
                console.out("checked \(files): no problems found")
            } else {
                console.err("checked \(files): \(count(errors, "error")), \(count(warnings, "warning"))")
            }
        case .json:
            console.writeOutput(Self.json(reports, errors: errors, warnings: warnings).serialised())
        }
    }

    /// The JSON form: stable key order and the same codes and locations as the text form.
    static func json(_ reports: [FileReport], errors: Int, warnings: Int) -> JSONValue {
        func location(_ location: SourceLocation?) -> JSONValue? {
            location.map { location in
                var fields: [(String, JSONValue)] = [("file", .string(location.file)), ("line", .integer(location.line)), ("column", .integer(location.column))]
                // A spreadsheet cell also gives its sheet and address (`Competencies!F12`).
                if let sheet = location.sheet, let cell = location.cell {
                    fields += [("sheet", .string(sheet)), ("cell", .string(cell))]
                }
                return .object(fields)
            }
        }
        return .object([
            ("formatVersion", .integer(1)),
            ("errors", .integer(errors)),
            ("warnings", .integer(warnings)),
            ("files", .array(reports.map { report in
                .object([
                    ("path", .string(report.path)),
                    ("diagnostics", .array(report.diagnostics.map { diagnostic in
                        .object([
                            ("severity", .string(diagnostic.severity.rawValue)),
                            ("code", .string(diagnostic.code)),
                            ("message", .string(diagnostic.message)),
                            ("location", location(diagnostic.location)),
                            ("notes", .array(diagnostic.notes.map { .object([("message", .string($0.message)), ("location", location($0.location))]) })),
                        ])
                    })),
                ])
            })),
        ])
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
