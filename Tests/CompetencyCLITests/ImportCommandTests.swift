import CompetencyCLI
import Foundation
import Testing

@Suite("competency import case")
struct ImportCommandTests {
    @Test func aPublishedPackageImportsToAFrameworkDiffFindsIdentical() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let package = ExportRepo.path("Exports/frameworks/in-it-together-2019/in-it-together-2019.case.json")
        let run = ExportCLI.run(["import", "case", package, "--out", "\(folder)/imported.xml"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("in-it-together@2019, 12 areas, 103 competencies"))
        let diff = ExportCLI.run(["diff", ExportRepo.path("Frameworks/in-it-together/2019.xml"), "\(folder)/imported.xml"])
        #expect(diff.status == 0, "\(diff.text)")
        // An import never replaces a file.
        let again = ExportCLI.run(["import", "case", package, "--out", "\(folder)/imported.xml"])
        #expect(again.status == 2)
        #expect(again.text.contains("already exists"))
    }

    @Test func brokenJSONIsLocatedAndNothingIsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-import-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "{\n  \"CFDocument\": {\n    \"title\": 1,,\n  }\n}\n".write(toFile: "\(folder)/bad.json", atomically: true, encoding: .utf8)
        let run = ExportCLI.run(["import", "case", "\(folder)/bad.json", "--out", "\(folder)/out.xml"])
        #expect(run.status == 2)
        #expect(run.text.contains("bad.json:3:16: error: not JSON: expected a quoted member name [CS101]"), "\(run.text)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/out.xml"))
    }
}
