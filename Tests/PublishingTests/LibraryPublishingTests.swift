import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import OutputFormats
import Pipeline
import Publishing
import TestSupport
import Testing

/// What a host package, the preview server or a script can do with the library alone, no
/// CLI types: build an edition, render it in every format, compare it with its base, and
/// publish the whole set exactly as `competency export --all` does.
@Suite("Publishing through the library API")
struct LibraryPublishingTests {
    @Test("build, render in every format and diff against the base", arguments: RepositoryFiles.editionIDs)
    func buildRenderAndDiff(id: String) throws {
        let library = ShippedEditions.library()
        let edition = try ShippedEditions.build(id, library: library)
        #expect(edition.info.id == id)

        // Every edition format, with what the tool passes: the library's frameworks (CASE
        // links to the base's own records). Each file of a default format must be the one
        // published in Exports/; the others (the CASE API tree) are not published there.
        let registry = OutputFormatRegistry.builtIn
        let options = WriterOptions(frameworks: library.loadedFrameworks())
        var rendered: [String: [UInt8]] = [:]
        for format in registry.formats {
            let artifacts = try format.render(edition, options: options)
            #expect(!artifacts.isEmpty, "\(format.id) wrote nothing")
            for artifact in artifacts where format.includedByDefault {
                #expect(rendered.updateValue(artifact.bytes, forKey: artifact.relativePath) == nil, "two formats wrote \(artifact.relativePath)")
            }
        }
        let published = try RepositoryFiles.files(under: RepositoryFiles.path("Exports/\(id)"))
        #expect(rendered.keys.sorted() == published)
        for path in published {
            #expect(rendered[path] == (try RepositoryFiles.bytes("Exports/\(id)/\(path)")), "\(path) differs from Exports/\(id)/\(path)")
        }

        // The edition against its base, in every change-set format.
        let resolver = OperandResolver(library: library)
        let old = try resolver.resolve("base:\(id)").get()
        let new = try resolver.resolve("edition:\(id)").get()
        #expect(old.framework.metadata.reference == edition.info.base)
        let comparison = OperandResolver.comparison(old: old, new: new)
        #expect(comparison.edition?.info.id == id, "an edition compared with its own base brings its reasons")
        #expect(!comparison.changes.competencyChanges.isEmpty)
        for format in registry.changeSetFormats {
            let bytes = try format.render(comparison, options: WriterOptions())
            #expect(!bytes.isEmpty, "\(format.id)")
            switch format.fileExtension {
            case "json":
                #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "the JSON report parses")
            case "docx":
                let document = try #require(try DocxText.parts(bytes)["word/document.xml"])
                #expect(document.contains("<w:ins ") && document.contains("<w:del "), "the redline holds tracked changes")
            default:
                let text = String(decoding: bytes, as: UTF8.self)
                let firstChange = try #require(comparison.changes.competencyChanges.first)
                #expect(text.contains(firstChange.id), "\(format.id) names \(firstChange.id)")
            }
        }
    }

    @Test("a full export through EditionExport writes exactly Exports/")
    func fullExportMatchesExports() throws {
        let folder = try TemporaryFolder("publishing-export")
        let out = folder.path("out")
        let report = EditionExport(ExportRequest(library: FrameworkLibrary(root: RepositoryFiles.frameworks), all: true, outputFolder: out)).run()
        #expect(report.status == .written, "\(report.messages.map(\.formatted))")
        #expect(report.editions.map(\.info.id) == RepositoryFiles.editionIDs)
        let written = try RepositoryFiles.files(under: out)
        // previews/ is rendered by Scripts/render-previews (LibreOffice, Chromium), not by export.
        let published = try RepositoryFiles.files(under: RepositoryFiles.path("Exports")).filter { !$0.hasPrefix("previews/") }
        #expect(written == published)
        for path in published where written.contains(path) {
            #expect(FileManager.default.contents(atPath: (out as NSString).appendingPathComponent(path)) == FileManager.default.contents(atPath: RepositoryFiles.path("Exports/\(path)")), "\(path)")
        }
    }
}

/// The README's "pipeline as a library" example, as written there, so it keeps compiling.
@Suite("README library example")
struct ReadmeLibraryExampleTests {
    @Test func theExampleRuns() throws {
        let folder = try TemporaryFolder("readme-example")
        let library = FrameworkLibrary(root: RepositoryFiles.frameworks)
        let report = EditionExport(ExportRequest(library: library, all: true, outputFolder: folder.path("Exports"))).run()
        #expect(report.status == .written)

        let edition = EditionPipeline(library: library).build(profileAt: library.profilePath(edition: "sandwell-2022")).edition
        #expect(edition != nil)
        let resolver = OperandResolver(library: library)
        var markdown: [UInt8] = []
        if case .success(let old) = resolver.resolve("base:sandwell-2022"), case .success(let new) = resolver.resolve("edition:sandwell-2022") {
            markdown = try ChangeSetMarkdownFormat().render(OperandResolver.comparison(old: old, new: new), options: WriterOptions())
        }
        #expect(String(decoding: markdown, as: UTF8.self).contains("sandwell-2022"))
    }
}
