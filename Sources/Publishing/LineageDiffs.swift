import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline

/// The change reports published with every full export: each framework version against
/// the version it derives from, and each edition against its base, in every diff format.
public struct LineageDiffs: Sendable {
    public var library: FrameworkLibrary
    /// The diff formats every report is written in.
    public var formats: [any ChangeSetFormat]
    public var jobs: Jobs

    public init(library: FrameworkLibrary, formats: [any ChangeSetFormat] = OutputFormatRegistry.builtIn.changeSetFormats, jobs: Jobs = Jobs(1)) {
        self.library = library
        self.formats = formats
        self.jobs = jobs
    }

    /// - Parameters:
    ///   - editions: each is reported against its base.
    ///   - frameworkLineage: also report each framework version against the one before.
    /// - Throws: `RenderFailure` when a format fails, a fault in the tool.
    public func artifacts(editions: [Edition], frameworkLineage: Bool = true) throws(RenderFailure) -> [Artifact] {
        let loaded = library.loadedFrameworks()
        var found: [(name: String, old: Framework, new: Framework, edition: Edition?)] = []
        for framework in loaded.values.sorted(by: { $0.metadata.reference.description < $1.metadata.reference.description }) where frameworkLineage {
            guard let parent = framework.metadata.derivedFrom, let old = loaded[parent] else { continue }
            found.append(("\(parent.frameworkID)-\(parent.version)-to-\(framework.metadata.version)", old, framework, nil))
        }
        for edition in editions {
            guard let base = loaded[edition.info.base] else { continue }
            found.append(("\(edition.info.base.frameworkID)-\(edition.info.base.version)-to-\(edition.info.id)", base, edition.framework, edition))
        }
        // Each pair is compared once; every format of every pair then renders in parallel.
        let pairs = found
        let changeSets = jobs.map(pairs.count) { [self] index in publishable(FrameworkComparison().compare(pairs[index].old, pairs[index].new)) }
        let formats = formats
        let rendered = jobs.map(pairs.count * formats.count) { index -> Result<Artifact, RenderFailure> in
            let pair = pairs[index / formats.count]
            let format = formats[index % formats.count]
            do {
                return .success(Artifact(
                    relativePath: "\(pair.name).\(format.fileExtension)",
                    bytes: try format.render(Comparison(changes: changeSets[index / formats.count], old: pair.old, new: pair.new, edition: pair.edition), options: WriterOptions())))
            } catch {
                return .failure(RenderFailure(description: "\(pair.name).\(format.fileExtension): \(error)"))
            }
        }
        var artifacts: [Artifact] = []
        for result in rendered { artifacts.append(try result.get()) }
        return artifacts
    }

    /// Locations rewritten relative to the library's folder, so the published files are the
    /// same whichever directory the export ran in.
    private func publishable(_ changes: ChangeSet) -> ChangeSet {
        func rewrite(_ location: SourceLocation?) -> SourceLocation? {
            location.map { SourceLocation(file: library.publishedPath($0.file), line: $0.line, column: $0.column) }
        }
        var result = changes
        result.competencyChanges = changes.competencyChanges.map { change in
            var copy = change
            copy.oldLocation = rewrite(change.oldLocation)
            copy.newLocation = rewrite(change.newLocation)
            return copy
        }
        result.otherChanges = changes.otherChanges.map { change in
            var copy = change
            copy.oldLocation = rewrite(change.oldLocation)
            copy.newLocation = rewrite(change.newLocation)
            return copy
        }
        return result
    }
}

/// Why an output could not be rendered: a fault in the tool, never in the input.
public struct RenderFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
}

