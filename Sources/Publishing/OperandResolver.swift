import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline
import Rebase

/// Turns a diff operand into a framework: a file, `FRAMEWORK@VERSION`, `edition:ID`,
/// `base:ID` or `edition:ID@rebased`.
public struct OperandResolver: Sendable {
    public var library: FrameworkLibrary
    public var plugins: PluginRegistry
    /// The new base for `edition:ID@rebased`.
    public var onto: String?

    public init(library: FrameworkLibrary, plugins: PluginRegistry = .builtIn, onto: String? = nil) {
        self.library = library
        self.plugins = plugins
        self.onto = onto
    }

    public struct Failure: Error, Sendable {
        public var message: String
        public var diagnostics: [Diagnostic] = []
    }

    /// A side of a comparison: a framework, and the edition it is when it is one.
    public struct Side: Sendable {
        public var framework: Framework
        public var edition: Edition?
    }

    /// Resolves every side at once: loading dominates a large comparison, and the loads are
    /// independent (a shared file is still read once, through the library's cache).
    public func resolveConcurrently(_ operands: [String]) -> [Result<Side, Failure>] {
        let resolver = self
        return Jobs().map(operands.count) { index in resolver.resolve(operands[index]) }
    }

    /// The two sides compared and their change set, ready for any `ChangeSetFormat`. An
    /// edition on the new side compared with its own base brings its content and reasons.
    public static func comparison(old: Side, new: Side) -> Comparison {
        let changes = FrameworkComparison().compare(old.framework, new.framework)
        let edition = new.edition.flatMap { $0.info.base == old.framework.metadata.reference ? $0 : nil }
        return Comparison(changes: changes, old: old.framework, new: new.framework, edition: edition)
    }

    public func resolve(_ operand: String) -> Result<Side, Failure> {
        if operand.hasPrefix("edition:"), operand.hasSuffix("@rebased"), let onto {
            let id = String(operand.dropFirst("edition:".count).dropLast("@rebased".count))
            guard ArtifactWriter.isSafeComponent(id) else { return .failure(Failure(message: "\(operand): '\(id)' is not an edition id")) }
            let request = RebaseRequest(library: library, path: library.profilePath(edition: id), onto: onto, plugins: plugins)
            switch request.prepare() {
            case .failure(let failure):
                return .failure(Failure(message: failure.message.isEmpty ? "\(operand) does not build" : failure.message, diagnostics: failure.diagnostics))
            case .success(let prepared):
                guard let edition = prepared.plan.rebasedEdition else {
                    return .failure(Failure(
                        message: "\(operand): the rebased profile does not validate on \(prepared.plan.onto); run `competency rebase \(id) --onto \(onto)` to see why",
                        diagnostics: prepared.plan.rebasedDiagnostics))
                }
                // Both sides are the same edition and version; the label says which is which.
                var framework = edition.framework
                framework.metadata.version += ", rebased onto \(prepared.plan.onto)"
                return .success(Side(framework: framework, edition: edition))
            }
        }
        if operand.hasPrefix("base:") {
            let id = String(operand.dropFirst("base:".count))
            guard ArtifactWriter.isSafeComponent(id) else { return .failure(Failure(message: "\(operand): '\(id)' is not an edition id")) }
            // The base is named by the profile: no need to build the edition to find it.
            let path = library.profilePath(edition: id)
            let loader = EditionProfileLoader(sectionsIgnoredByPlugin: plugins.ignoredSectionsByPlugin)
            do throws(LoadFailure) {
                let loaded: EditionProfileLoader.Result
                if let cache = library.cache {
                    loaded = try cache.profile(at: path, loader: loader)
                } else {
                    loaded = try loader.load(contentsOf: path)
                }
                guard let profile = loaded.profile else {
                    return .failure(Failure(message: "\(operand): edition \(id) does not load", diagnostics: loaded.diagnostics.filter { $0.severity == .error }))
                }
                return load(library.frameworkPath(profile.base))
            } catch {
                return .failure(Failure(message: "cannot read \(path)", diagnostics: error.diagnostics))
            }
        }
        if operand.hasPrefix("edition:") {
            let id = String(operand.dropFirst("edition:".count))
            guard ArtifactWriter.isSafeComponent(id) else { return .failure(Failure(message: "\(operand): '\(id)' is not an edition id")) }
            let outcome = EditionPipeline(library: library, plugins: plugins).build(profileAt: library.profilePath(edition: id))
            guard let edition = outcome.edition else {
                return .failure(Failure(message: "\(operand): edition \(id) does not build", diagnostics: outcome.diagnostics.filter { $0.severity == .error }))
            }
            return .success(Side(framework: edition.framework, edition: edition))
        }
        // FRAMEWORK@VERSION names a version in the library, as `show` and `new-edition`
        // take it; a file of that name on disk still wins.
        switch library.frameworkPath(operand: operand) {
        case .success(let path): return load(path)
        case .failure(let failure): return .failure(Failure(message: failure.message))
        case nil: break
        }
        return load(operand)
    }

    private func load(_ path: String) -> Result<Side, Failure> {
        do {
            let result = try library.loadFramework(atPath: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                return .failure(Failure(message: "\(path) has errors", diagnostics: result.diagnostics.filter { $0.severity == .error }))
            }
            return .success(Side(framework: framework, edition: nil))
        } catch {
            return .failure(Failure(message: "cannot read \(path)", diagnostics: error.diagnostics))
        }
    }
}
