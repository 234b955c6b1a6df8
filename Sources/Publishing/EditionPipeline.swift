import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Pipeline

/// Loads a profile and its base, lets the profile's plugin check and adapt, and checks the
/// result against the framework rules. Pure apart from reading the two files.
public struct EditionPipeline: Sendable {
    public var library: FrameworkLibrary
    public var plugins: PluginRegistry

    public init(library: FrameworkLibrary, plugins: PluginRegistry = .builtIn) {
        self.library = library
        self.plugins = plugins
    }

    public struct Outcome: Sendable {
        /// Nil when any diagnostic is an error.
        public var edition: Edition?
        public var diagnostics: [Diagnostic]
        /// True when an input could not be read at all (exit 2 rather than 1).
        public var couldNotRead = false
    }

    /// Builds the edition of the profile at `path`, or of `bytes` as if they were that file
    /// (to check a profile before it is written).
    public func build(profileAt path: String, bytes: [UInt8]? = nil) -> Outcome {
        let profile: EditionProfile
        do {
            let loader = EditionProfileLoader(sectionsIgnoredByPlugin: plugins.ignoredSectionsByPlugin)
            let loaded: EditionProfileLoader.Result
            if let bytes {
                loaded = try loader.load(bytes: bytes, path: path)
            } else if let cache = library.cache {
                loaded = try cache.profile(at: path, loader: loader)
            } else {
                loaded = try loader.load(contentsOf: path)
            }
            guard let found = loaded.profile else { return Outcome(diagnostics: loaded.diagnostics) }
            profile = found
            // Outputs go to OUT/<id>/: a profile copied without changing its id would
            // silently overwrite the original's editions.
            let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if profile.id != fileName {
                return Outcome(diagnostics: [Diagnostic(
                    severity: .error, code: EditionCode.idMismatch.code,
                    message: "the profile's id is '\(profile.id)' but its file is \(fileName).xml; make them the same, for example id=\"\(fileName)\"",
                    location: profile.idLocation ?? profile.location,
                    notes: [.init(message: "outputs are written to a folder named by the id, so a copied profile with an unchanged id would overwrite the original's editions")])])
            }
        } catch {
            return Outcome(diagnostics: error.diagnostics, couldNotRead: true)
        }
        guard plugins.plugin(id: profile.pluginID) != nil else {
            return Outcome(diagnostics: [Diagnostic(
                severity: .error, code: EditionCode.unknownPlugin.code,
                message: "no export plugin '\(profile.pluginID)' is registered",
                location: profile.pluginLocation ?? profile.location,
                notes: [.init(message: "registered plugins: \(plugins.plugins.map(\.id).joined(separator: ", "))")])])
        }
        let basePath = library.frameworkPath(profile.base)
        guard FileManager.default.fileExists(atPath: basePath) else {
            let available = library.frameworkPaths().map { path in
                "\(((path as NSString).deletingLastPathComponent as NSString).lastPathComponent)@\(((path as NSString).lastPathComponent as NSString).deletingPathExtension)"
            }
            return Outcome(diagnostics: [Diagnostic(
                severity: .error, code: EditionCode.baseNotFound.code,
                message: "base framework \(profile.base) not found at \(basePath)",
                location: profile.baseLocation ?? profile.location,
                notes: [.init(message: available.isEmpty ? "no frameworks in \(library.root); pass --frameworks DIR" : "frameworks in \(library.root): \(available.joined(separator: ", "))\(Suggest.clause(profile.base.description, available))")])])
        }
        let base: Framework
        do {
            let loaded = try library.loadFramework(atPath: basePath)
            guard let framework = loaded.framework, !loaded.diagnostics.hasErrors else {
                return Outcome(diagnostics: loaded.diagnostics)
            }
            base = framework
        } catch {
            return Outcome(diagnostics: error.diagnostics, couldNotRead: true)
        }
        let assembled = EditionAssembly(plugins: plugins).build(profile, base: base)
        return Outcome(edition: assembled.edition, diagnostics: assembled.diagnostics)
    }
}

