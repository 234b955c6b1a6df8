import CompetencyModel
import Foundation

/// Prints diagnostics as compilers do, or as one JSON document for tools.
struct DiagnosticPrinter {
    var format: DiagnosticFormat
    var console: Console

    struct FileReport: Encodable {
        var path: String
        var diagnostics: [Diagnostic]
    }

    struct Report: Encodable {
        var formatVersion = 1
        var files: [FileReport]
        var errors: Int
        var warnings: Int
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
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(Report(files: reports, errors: errors, warnings: warnings))) ?? Data("{}".utf8)
            console.out(String(decoding: data, as: UTF8.self))
        }
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
