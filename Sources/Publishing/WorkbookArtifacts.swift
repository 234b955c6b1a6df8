import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline
import Spreadsheets

/// The workbooks of a full export: each framework version as a workbook and as a
/// Competencies CSV, a blank edition template for it, and each edition's workbook.
public struct WorkbookArtifacts: Sendable {
    public var library: FrameworkLibrary
    public var plugins: PluginRegistry
    public var jobs: Jobs

    public init(library: FrameworkLibrary, plugins: PluginRegistry = .builtIn, jobs: Jobs = Jobs(1)) {
        self.library = library
        self.plugins = plugins
        self.jobs = jobs
    }

    /// - Parameter profiles: the edition profiles whose workbooks to write.
    /// - Throws: `RenderFailure` when a workbook cannot be written, a fault in the tool.
    public func artifacts(profiles: [String]) throws(RenderFailure) -> [Artifact] {
        var bases: [FrameworkReference: Framework] = [:]
        var frameworks: [Framework] = []
        for path in library.frameworkPaths() {
            guard let framework = try? library.loadFramework(atPath: path).framework else { continue }
            bases[framework.metadata.reference] = framework
            frameworks.append(framework)
        }
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: plugins.ignoredSectionsByPlugin)
        let editions: [(EditionProfile, Framework)] = profiles.compactMap { path in
            let loaded = library.cache.map { try? $0.profile(at: path, loader: loader) } ?? (try? loader.load(contentsOf: path))
            guard let profile = loaded?.profile, let base = bases[profile.base] else { return nil }
            return (profile, base)
        }
        // A workbook per framework version (with its CSV and edition template) and one per
        // edition, made in parallel and listed in this order.
        let chosen = frameworks
        let made = jobs.map(chosen.count + editions.count) { index -> Swift.Result<[Artifact], RenderFailure> in
            do {
                if index < chosen.count {
                    let framework = chosen[index]
                    let name = "\(framework.metadata.id)-\(framework.metadata.version)"
                    return .success([
                        Artifact(relativePath: "\(name).xlsx", bytes: try XLSXWriter().write(FrameworkWorkbook.export(framework))),
                        Artifact(relativePath: "\(name)-competencies.csv", text: FrameworkWorkbook.competenciesCSV(framework)),
                        Artifact(relativePath: "edition-template-\(name).xlsx", bytes: try XLSXWriter().write(EditionWorkbook.export(base: framework, profile: nil))),
                    ])
                }
                let (profile, base) = editions[index - chosen.count]
                return .success([Artifact(relativePath: "\(profile.id).xlsx", bytes: try XLSXWriter().write(EditionWorkbook.export(base: base, profile: profile)))])
            } catch {
                return .failure(RenderFailure(description: "a workbook could not be written: \(error)"))
            }
        }
        var artifacts: [Artifact] = []
        for result in made { artifacts += try result.get() }
        return artifacts
    }
}
