import CompetencyCLI
import CompetencyModel
import Foundation
import OutputFormats
import Testing

/// A host package's own format: it notes which options reached it.
struct OptionsNoteFormat: OutputFormat {
    let id = "options-note"
    let summary = "Notes which writer options it was given (a test format)."

    func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        [Artifact(relativePath: "options.txt", text: "reference document: \(options.referenceDocument == nil ? "no" : "yes")\n")]
    }
}

/// A change-set format of a host package.
struct CountsOnlyFormat: ChangeSetFormat {
    let id = "counts"
    let summary = "The number of changed competencies (a test format)."
    let fileExtension = "count"

    func render(_ comparison: Comparison, options: WriterOptions) throws -> [UInt8] {
        Array("\(comparison.changes.competencyChanges.count) competencies changed\n".utf8)
    }
}

/// Formats a host package registers stay registered whatever the options (bug B4: a
/// `--reference-docx` used to swap in the built-in registry, and the host's formats vanished).
@Suite("formats of a host package")
struct HostFormatTests {
    static let registry = OutputFormatRegistry.builtIn.adding(OptionsNoteFormat()).adding(CountsOnlyFormat())

    @Test func aReferenceDocumentReachesTheWordWriterAndLeavesOtherFormatsRegistered() throws {
        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let run = ExportCLI.run([
            "export", "--edition", "sandwell-2022", "--format", "docx,options-note", "--no-diffs",
            "--reference-docx", ExportRepo.path("Exports/national-workshops/national-workshops.docx"),
            "--out", out, "--frameworks", ExportRepo.path("Frameworks"),
        ], formats: Self.registry)
        #expect(run.status == 0, "\(run.text)")
        #expect(try String(contentsOfFile: "\(out)/sandwell-2022/options.txt", encoding: .utf8) == "reference document: yes\n")
        #expect(FileManager.default.fileExists(atPath: "\(out)/sandwell-2022/sandwell-2022.docx"))
    }

    @Test func aHostChangeSetFormatIsOfferedByDiffAndPublishedByExport() throws {
        let diff = ExportCLI.run(["diff", "--edition", "sandwell-2022", "--base", "--format", "counts", "--frameworks", ExportRepo.path("Frameworks")], formats: Self.registry)
        #expect(diff.status == 1, "differences found: \(diff.text)")
        #expect(diff.text.hasSuffix(" competencies changed\n"), "\(diff.text)")

        let listing = ExportCLI.run(["formats"], formats: Self.registry)
        #expect(listing.text.contains("options-note"), "\(listing.text)")
        #expect(listing.text.contains("counts"), "competency formats lists change-set formats too: \(listing.text)")

        let folder = try ExportTemporaryFolder()
        let out = folder.path("out")
        let export = ExportCLI.run(["export", "--edition", "sandwell-2022", "--format", "json", "--out", out, "--frameworks", ExportRepo.path("Frameworks")], formats: Self.registry)
        #expect(export.status == 0, "\(export.text)")
        let report = try String(contentsOfFile: "\(out)/diffs/in-it-together-2019-to-sandwell-2022.count", encoding: .utf8)
        #expect(report.hasSuffix(" competencies changed\n"))
    }

    @Test func aFrameworkVersionThatBreaksTheSchemaStopsExportAllWithExitOne() throws {
        let folder = try ExportTemporaryFolder()
        let library = folder.path("Frameworks")
        try FileManager.default.copyItem(atPath: ExportRepo.path("Frameworks"), toPath: library)
        let version = "\(library)/in-it-together/2017.xml"
        let text = try String(contentsOfFile: version, encoding: .utf8)
        try text.replacingOccurrences(of: "<publisher>", with: "<publishedBy>").replacingOccurrences(of: "</publisher>", with: "</publishedBy>")
            .write(toFile: version, atomically: true, encoding: .utf8)
        let out = folder.path("out")
        let run = ExportCLI.run(["export", "--all", "--frameworks", library, "--out", out])
        #expect(run.status == 1, "\(run.text)")
        #expect(run.text.contains("\(version):"), "the diagnostic names the broken file: \(run.text)")
        #expect(run.text.contains("FW005"), "\(run.text)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")
    }
}
