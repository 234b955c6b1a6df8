import CompetencyModel
import Editions
import Foundation
import Publishing
import TestSupport
import Testing

/// A plugin that cannot build its edition says why, as diagnostics; the pipeline reports
/// them and builds nothing.
struct RefusingPlugin: ExportPlugin {
    let id = "refusing"
    let summary = "Refuses every profile (a test plugin)."

    func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
        throw AdaptationFailure(diagnostics: [Diagnostic(
            severity: .error, code: "XX001", message: "this plugin builds nothing from \(framework.metadata.reference)",
            location: profile.location)])
    }
}

@Suite("a plugin that cannot adapt")
struct PluginFailureTests {
    @Test func itsDiagnosticsAreReportedAndNothingIsBuilt() throws {
        let folder = try TemporaryFolder("plugin-failure")
        let library = try folder.copyOfShippedLibrary()
        let profile = (library as NSString).appendingPathComponent("editions/sandwell-2022.xml")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "plugin=\"local-variant\"", with: "plugin=\"refusing\"").write(toFile: profile, atomically: true, encoding: .utf8)

        let plugins = PluginRegistry.builtIn.adding(RefusingPlugin())
        let outcome = EditionPipeline(library: FrameworkLibrary(root: library), plugins: plugins).build(profileAt: profile)
        #expect(outcome.edition == nil)
        #expect(outcome.diagnostics.map(\.code).contains("XX001"), "\(outcome.diagnostics.map(\.formatted))")
        #expect(outcome.diagnostics.first { $0.code == "XX001" }?.location?.file == profile)

        let out = folder.path("out")
        let report = EditionExport(ExportRequest(library: FrameworkLibrary(root: library), editions: ["sandwell-2022"], outputFolder: out, plugins: plugins)).run()
        #expect(report.status == .inputHasErrors)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
