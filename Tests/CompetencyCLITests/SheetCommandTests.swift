import CompetencyCLI
import Foundation
import Testing

/// `competency sheet`: what an author runs, end to end through files.
@Suite("competency sheet")
struct SheetCommandTests {
    static func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-sheet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static let frameworks = ExportRepo.path("Frameworks")

    @Test func exportThenImportIntoANewFileGivesAFrameworkDiffFindsIdentical() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let exported = ExportCLI.run(["sheet", "export", "in-it-together@2019", "--out", "\(folder)/f.xlsx", "--frameworks", Self.frameworks])
        #expect(exported.status == 0, "\(exported.text)")
        let imported = ExportCLI.run(["sheet", "import", "\(folder)/f.xlsx", "--into", "\(folder)/new.xml"])
        #expect(imported.status == 0, "\(imported.text)")
        #expect(imported.text.contains("103 competencies (103 added, 0 changed, 0 removed), a new framework"))
        let diff = ExportCLI.run(["diff", "\(folder)/new.xml", ExportRepo.path("Frameworks/in-it-together/2019.xml")])
        #expect(diff.status == 0, "\(diff.text)")
        let validate = ExportCLI.run(["validate", "--werror", "\(folder)/new.xml"])
        #expect(validate.status == 0, "\(validate.text)")
    }

    @Test func aSheetWithErrorsWritesNothingAndNamesTheCell() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let csv = "id,group\r\nws-01,cor\r\n"
        try csv.write(toFile: "\(folder)/edits.csv", atomically: true, encoding: .utf8)
        let target = "\(folder)/2019.xml"
        try FileManager.default.copyItem(atPath: ExportRepo.path("Frameworks/in-it-together/2019.xml"), toPath: target)
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        let run = ExportCLI.run(["sheet", "import", "\(folder)/edits.csv", "--into", target])
        #expect(run.status == 1)
        #expect(run.text.contains("edits.csv:2:7: error: there is no group 'cor' (did you mean 'core'?)"), "\(run.text)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
        let json = ExportCLI.run(["sheet", "import", "\(folder)/edits.csv", "--into", target, "--format", "json"])
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let diagnostic = try #require((files.first?["diagnostics"] as? [[String: Any]])?.first { $0["severity"] as? String == "error" })
        #expect(diagnostic["code"] as? String == "SH106")
        let location = try #require(diagnostic["location"] as? [String: Any])
        #expect(location["line"] as? Int == 2 && location["column"] as? Int == 7)
    }

    @Test func importingTheSameWorkbookTwiceChangesNothingTheSecondTime() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let exported = ExportCLI.run(["sheet", "export", "in-it-together@2019", "--out", "\(folder)/f.xlsx", "--frameworks", Self.frameworks])
        #expect(exported.status == 0)
        let run = ExportCLI.run(["sheet", "import", "\(folder)/f.xlsx", "--into", "\(folder)/x.xml", "--prune", "--format", "json"])
        #expect(run.status == 0, "\(run.text)")
        let duplicate = ExportCLI.run(["sheet", "import", "\(folder)/f.xlsx", "--into", "\(folder)/x.xml"])
        #expect(duplicate.status == 0)
        #expect(duplicate.text.contains("nothing changed"), "\(duplicate.text)")
    }

    @Test func filesThatAreNotWorkbooksAreRefusedInOneLine() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let docx = ExportRepo.path("Exports/sandwell-2022/sandwell-2022.docx")
        let run = ExportCLI.run(["sheet", "import", docx, "--into", "\(folder)/x.xml"])
        #expect(run.status == 2)
        #expect(run.text.contains("no xl/workbook.xml, so it is not an .xlsx workbook"), "\(run.text)")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0, 0]).write(to: URL(fileURLWithPath: "\(folder)/old.xls"))
        let old = ExportCLI.run(["sheet", "import", "\(folder)/old.xls", "--into", "\(folder)/x.xml"])
        #expect(old.status == 2)
        #expect(old.text.contains("old-style Excel file (.xls)"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/x.xml"))
        let wrongOut = ExportCLI.run(["sheet", "export", "in-it-together@2019", "--out", "\(folder)/f.txt", "--frameworks", Self.frameworks])
        #expect(wrongOut.status == 2)
        #expect(wrongOut.text.contains("--out must end in .xlsx"))
    }

    @Test func anEditionWorkbookRoundTripsThroughTheCLIAndTheEditionIsUnchanged() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = "\(folder)/Frameworks"
        try FileManager.default.copyItem(atPath: Self.frameworks, toPath: library)
        let exported = ExportCLI.run(["sheet", "export", "edition:sandwell-2022", "--out", "\(folder)/sandwell.xlsx", "--frameworks", library])
        #expect(exported.status == 0, "\(exported.text)")
        let imported = ExportCLI.run(["sheet", "import", "\(folder)/sandwell.xlsx", "--profile", "sandwell-2022", "--frameworks", library])
        #expect(imported.status == 0, "\(imported.text)")
        let ours = ExportCLI.run(["export", "--edition", "sandwell-2022", "--frameworks", library, "--out", "\(folder)/a", "--no-diffs"])
        let theirs = ExportCLI.run(["export", "--edition", "sandwell-2022", "--frameworks", Self.frameworks, "--out", "\(folder)/b", "--no-diffs"])
        #expect(ours.status == 0 && theirs.status == 0)
        for file in FileManager.default.subpaths(atPath: "\(folder)/b/sandwell-2022") ?? [] where !file.hasSuffix("site") {
            let left = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a/sandwell-2022/\(file)"))
            let right = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b/sandwell-2022/\(file)"))
            #expect(left == right, "\(file) differs after the workbook round trip")
        }
    }

    @Test func aNewEditionFromTheTemplateNeedsItsDetails() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = "\(folder)/Frameworks"
        try FileManager.default.copyItem(atPath: Self.frameworks, toPath: library)
        let template = ExportCLI.run(["sheet", "export", "edition-template", "in-it-together@2019", "--out", "\(folder)/t.xlsx", "--frameworks", library])
        #expect(template.status == 0, "\(template.text)")
        let imported = ExportCLI.run(["sheet", "import", "\(folder)/t.xlsx", "--profile", "exampleshire-2026", "--frameworks", library])
        #expect(imported.status == 1)
        #expect(imported.text.contains("t.xlsx:About!B5: error: the edition's title is empty; fill it in [SH107]"), "\(imported.text)")
        #expect(!FileManager.default.fileExists(atPath: "\(library)/editions/exampleshire-2026.xml"))
        let json = ExportCLI.run(["sheet", "import", "\(folder)/t.xlsx", "--profile", "exampleshire-2026", "--frameworks", library, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        let diagnostics = try #require((report["files"] as? [[String: Any]])?.first?["diagnostics"] as? [[String: Any]])
        let cells = diagnostics.compactMap { ($0["location"] as? [String: Any])?["cell"] as? String }
        #expect(cells.contains("About!B5"), "\(json.text)")
        #expect(diagnostics.contains { ($0["location"] as? [String: Any])?["sheet"] as? String == "About" })
    }
}
