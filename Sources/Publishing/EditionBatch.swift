import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline

/// Builds and renders several editions in parallel; results come back in input order so
/// output never depends on scheduling.
public struct EditionBatch: Sendable {
    public var library: FrameworkLibrary
    public var plugins: PluginRegistry
    public var formats: [any OutputFormat]
    public var options: WriterOptions
    public var jobs: Jobs

    public init(library: FrameworkLibrary, plugins: PluginRegistry = .builtIn, formats: [any OutputFormat], options: WriterOptions = WriterOptions(), jobs: Jobs = Jobs()) {
        self.library = library
        self.plugins = plugins
        self.formats = formats
        self.options = options
        self.jobs = jobs
    }

    public struct Result: Sendable {
        public var edition: Edition?
        /// Every format's files; nil when the edition did not build or a format failed.
        public var artifacts: [Artifact]?
        public var diagnostics: [Diagnostic]
        public var couldNotRead: Bool
        /// A format failed on a valid edition.
        public var renderingFailed = false
    }

    /// - Parameter libraries: where each profile finds its base, one per path; `library`
    ///   for all when nil.
    public func build(_ paths: [String], libraries: [FrameworkLibrary]? = nil) -> [Result] {
        let plugins = plugins
        let library = library
        let formats = formats
        let options = options
        // First every edition, then every format of every edition: the renderings are the
        // bulk of the work and balance across cores far better than whole editions do.
        let built = jobs.map(paths.count) { index -> (outcome: EditionPipeline.Outcome, options: WriterOptions) in
            let pipeline = EditionPipeline(library: libraries?[index] ?? library, plugins: plugins)
            let outcome = pipeline.build(profileAt: paths[index])
            // CASE links to the base's own records and dates records from its history; the
            // frameworks are loaded only when a chosen format reads them.
            var own = options
            if own.frameworks.isEmpty, OutputFormatRegistry.usesFrameworks(formats) { own.frameworks = pipeline.library.loadedFrameworks() }
            return (outcome, own)
        }
        let tasks = built.indices.flatMap { edition in
            built[edition].outcome.edition == nil ? [] : formats.indices.map { (edition: edition, format: $0) }
        }
        let rendered = jobs.map(tasks.count) { index -> Swift.Result<[Artifact], RenderFailure> in
            let task = tasks[index]
            guard let edition = built[task.edition].outcome.edition else { return .success([]) }
            do {
                return .success(try formats[task.format].render(edition, options: built[task.edition].options))
            } catch {
                return .failure(RenderFailure(description: "rendering \(edition.info.id) as \(formats[task.format].id) failed: \(error); the profile is not at fault: try the other formats, and please report this"))
            }
        }
        var results = built.map { Result(edition: $0.outcome.edition, artifacts: nil, diagnostics: $0.outcome.diagnostics, couldNotRead: $0.outcome.couldNotRead) }
        var collected = built.map { $0.outcome.edition == nil ? nil : [Artifact]() }
        for (index, task) in tasks.enumerated() {
            switch rendered[index] {
            case .success(let artifacts):
                collected[task.edition]? += artifacts
            case .failure(let failure):
                results[task.edition].diagnostics.append(Diagnostic(EditionCode.renderingFailed, message: failure.description, location: nil))
                results[task.edition].renderingFailed = true
                collected[task.edition] = nil
            }
        }
        for index in results.indices where !results[index].renderingFailed {
            results[index].artifacts = collected[index]
        }
        return results
    }
}

