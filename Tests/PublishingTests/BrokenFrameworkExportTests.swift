import CompetencyModel
import Foundation
import Publishing
import TestSupport
import Testing

/// A full export publishes every framework version. One that breaks the schema or a rule
/// must stop it with that version's diagnostics and leave the output untouched, not drop out
/// of the export (its CASE package and change report silently missing) or be published.
@Suite("A broken framework version stops a full export")
struct BrokenFrameworkExportTests {
    enum Breakage: String, CaseIterable, CustomStringConvertible {
        /// An element the schema does not allow: FW005.
        case schema
        /// Two competencies with one id, which the schema allows but a rule refuses: FW101.
        case rule

        var code: String { self == .schema ? "FW005" : "FW101" }
        var description: String { rawValue }

        func apply(to text: String) -> String {
            switch self {
            case .schema:
                text.replacingOccurrences(of: "<publisher>", with: "<publishedBy>").replacingOccurrences(of: "</publisher>", with: "</publishedBy>")
            case .rule:
                text.replacingOccurrences(of: "<competency id=\"ws-02\"", with: "<competency id=\"ws-01\"")
            }
        }
    }

    @Test(arguments: Breakage.allCases)
    func exportAllStopsAndWritesNothing(breakage: Breakage) throws {
        let folder = try TemporaryFolder("publishing-broken")
        let library = try folder.copyOfShippedLibrary()
        let version = (library as NSString).appendingPathComponent("in-it-together/2017.xml")
        let original = try String(contentsOfFile: version, encoding: .utf8)
        let broken = breakage.apply(to: original)
        #expect(broken != original, "the mutation must change the file")
        try broken.write(toFile: version, atomically: true, encoding: .utf8)
        // An output folder that already holds a file: it must be left exactly as it was.
        let out = folder.path("out")
        try folder.write("out/keep.txt", "already here\n")

        let report = EditionExport(ExportRequest(library: FrameworkLibrary(root: library), all: true, outputFolder: out)).run()
        #expect(report.status == .inputHasErrors)
        let diagnostics = report.messages.compactMap { message -> Diagnostic? in
            if case .diagnostic(let diagnostic) = message { return diagnostic }
            return nil
        }
        #expect(diagnostics.contains { $0.code == breakage.code && $0.location?.file == version }, "\(report.messages.map(\.formatted))")
        #expect(try RepositoryFiles.files(under: out) == ["keep.txt"])
    }
}
