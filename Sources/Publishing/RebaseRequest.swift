import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline
import Rebase

/// Everything `rebase` and `diff edition:ID@rebased` need: the profile read once, its base
/// and the new base loaded, and the plan.
public struct RebaseRequest: Sendable {
    /// Where the profile's base and `--onto` are looked up.
    public var library: FrameworkLibrary
    /// The profile's path.
    public var path: String
    /// `FRAMEWORK@VERSION` in the library, or a framework file.
    public var onto: String
    public var plugins: PluginRegistry

    public init(library: FrameworkLibrary, path: String, onto: String, plugins: PluginRegistry = .builtIn) {
        self.library = library
        self.path = path
        self.onto = onto
        self.plugins = plugins
    }

    public struct Prepared: Sendable {
        public var path: String
        public var plan: RebasePlan
        /// The edition on the base it was written for, for the redline's old side.
        public var currentEdition: Edition
    }

    public struct Failure: Error, Sendable {
        public var message: String
        public var diagnostics: [Diagnostic] = []
        /// True when the input has errors (exit 1) rather than the run being unable to go on.
        public var inputHasErrors = false
    }

    public func prepare() -> Result<Prepared, Failure> {
        let bytes: [UInt8]
        let profile: EditionProfile
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: plugins.ignoredSectionsByPlugin)
        do {
            bytes = try DocumentReader().readBytes(atPath: path)
            let loaded = try loader.load(bytes: bytes, path: path)
            guard let found = loaded.profile else {
                return .failure(Failure(message: "", diagnostics: loaded.diagnostics, inputHasErrors: true))
            }
            profile = found
        } catch {
            return .failure(Failure(message: "", diagnostics: error.diagnostics))
        }
        let oldPath = library.frameworkPath(profile.base)
        guard FileManager.default.fileExists(atPath: oldPath) else {
            return .failure(Failure(
                message: "",
                diagnostics: [Diagnostic(
                    severity: .error, code: EditionCode.baseNotFound.code,
                    message: "rebase compares the base this edition was written for, \(profile.base), with the new one, but \(oldPath) is missing; put that version back in the frameworks folder",
                    location: profile.baseLocation ?? profile.location)]))
        }
        let newPath: String
        switch library.frameworkPath(operand: onto) {
        case .success(let found): newPath = found
        case .failure(let failure): return .failure(Failure(message: "--onto \(failure.message)"))
        case nil: newPath = onto
        }
        let old: Framework
        let new: Framework
        switch (load(oldPath), load(newPath)) {
        case (.success(let a), .success(let b)):
            old = a
            new = b
        case (.failure(let failure), _), (_, .failure(let failure)):
            return .failure(failure)
        }
        // A profile that does not build on its own base cannot be classified reliably.
        let current = EditionAssembly(plugins: plugins).build(profile, base: old)
        guard let currentEdition = current.edition else {
            return .failure(Failure(
                message: "\(path) has errors on its current base \(profile.base); fix them before rebasing",
                diagnostics: current.diagnostics.filter { $0.severity == .error }, inputHasErrors: true))
        }
        let revision = BaseRevision(old: old, new: new)
        let plan = ProfileRebase(plugins: plugins).plan(profile: profile, bytes: bytes, path: path, revision: revision, loader: loader)
        return .success(Prepared(path: path, plan: plan, currentEdition: currentEdition))
    }

    private func load(_ path: String) -> Result<Framework, Failure> {
        do {
            let result = try FrameworkLoader().load(contentsOf: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                return .failure(Failure(message: "\(path) has errors", diagnostics: result.diagnostics.filter { $0.severity == .error }))
            }
            return .success(framework)
        } catch {
            return .failure(Failure(message: "cannot read \(path)", diagnostics: error.diagnostics))
        }
    }
}
