import CompetencyModel
import Foundation
import FrameworkLoading
import OutputFormats
@testable import Spreadsheets
import TestSupport
import Testing

enum SheetRepo: RepositoryFileAccess {
    /// The bundled framework files, found on disk so a new version is covered too.
    static var frameworkFiles: [String] {
        let folder = path("Frameworks/in-it-together")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xml") }.sorted()
            .map { "Frameworks/in-it-together/\($0)" }
    }

    static func framework(_ relative: String) throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: path(relative))
        return try #require(result.framework)
    }
}

/// A workbook's parts, editable as text before zipping, so tests can write what Excel and
/// LibreOffice write (formulas, merges, inline strings, dates) into a real .xlsx.
struct EditableWorkbook {
    var parts: [OPCPackage.Part]

    init(_ workbook: Workbook) {
        parts = XLSXWriter().package(workbook).parts
    }

    /// The part of the sheet called `name`, by its position in the workbook.
    func sheetPart(_ name: String, in workbook: Workbook) -> String {
        let index = (workbook.sheets.firstIndex { $0.name == name } ?? 0) + 1
        return "xl/worksheets/sheet\(index).xml"
    }

    mutating func edit(_ part: String, _ change: (String) -> String) throws {
        let index = try #require(parts.firstIndex { $0.name == part })
        let before = String(decoding: parts[index].bytes, as: UTF8.self)
        let after = change(before)
        #expect(after != before, "the edit to \(part) changed nothing")
        parts[index].bytes = Array(after.utf8)
    }

    func bytes() throws -> [UInt8] {
        try OPCPackage(parts: parts).docx()
    }
}

enum SheetImport {
    /// Reads workbook bytes and imports them; errors from reading become one diagnostic.
    static func run(_ bytes: [UInt8], existing: Framework? = nil, prune: Bool = false, file: String = "f.xlsx") -> (framework: Framework?, diagnostics: [Diagnostic]) {
        let sheets: [ReadSheet]
        do {
            sheets = try XLSXReader().read(bytes: bytes)
        } catch {
            return (nil, [Diagnostic(severity: .error, code: SheetCode.unreadable.code, message: error.message, location: nil)])
        }
        let result = FrameworkSheetImporter(prune: prune).run(sheets.map { SheetTable.from($0, file: file) }, existing: existing, file: file)
        return (result.framework, result.diagnostics)
    }

    static func csv(_ text: String, existing: Framework?, prune: Bool = false) throws -> (framework: Framework?, diagnostics: [Diagnostic]) {
        let table = SheetTable.from(csv: try CSVTable.read(text), file: "f.csv", name: FrameworkWorkbook.Sheet.competencies)
        let result = FrameworkSheetImporter(prune: prune).run([table], existing: existing, file: "f.csv")
        return (result.framework, result.diagnostics)
    }
}
