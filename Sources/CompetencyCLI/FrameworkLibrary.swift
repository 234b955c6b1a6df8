import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Pipeline

/// The frameworks folder: canonical frameworks at `<root>/<framework>/<version>.xml`,
/// edition profiles at `<root>/editions/<edition>.xml`. The only place that maps ids to paths.
struct FrameworkLibrary {
    var root: String
    /// Shared by everything one run builds, so each file is read once.
    var cache: InputCache?

    init(root: String, cache: InputCache? = nil) {
        self.root = root
        self.cache = cache
    }

    /// A framework file, through the run's cache when there is one.
    func loadFramework(atPath path: String) throws(LoadFailure) -> FrameworkLoader.Result {
        if let cache { return try cache.framework(at: path) }
        return try FrameworkLoader().load(contentsOf: path)
    }

    func frameworkPath(_ reference: FrameworkReference) -> String {
        (root as NSString).appendingPathComponent("\(reference.frameworkID)/\(reference.version).xml")
    }

    func profilePath(edition id: String) -> String {
        (root as NSString).appendingPathComponent("editions/\(id).xml")
    }

    /// The file a `FRAMEWORK@VERSION` operand names, or why there is none (listing the
    /// versions that exist). Nil when the operand is not of that form or is a file on disk,
    /// which wins.
    func frameworkPath(operand: String) -> Result<String, LibraryLookupFailure>? {
        let parts = operand.split(separator: "@").map(String.init)
        guard parts.count == 2, !FileManager.default.fileExists(atPath: operand),
              ArtifactWriter.isSafeComponent(parts[0]), ArtifactWriter.isSafeComponent(parts[1]) else { return nil }
        let path = frameworkPath(FrameworkReference(frameworkID: parts[0], version: parts[1]))
        if FileManager.default.fileExists(atPath: path) { return .success(path) }
        let versions = frameworkPaths()
            .filter { (($0 as NSString).deletingLastPathComponent as NSString).lastPathComponent == parts[0] }
            .map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        return .failure(LibraryLookupFailure(message: versions.isEmpty
            ? "\(operand): no framework '\(parts[0])' in \(root)"
            : "\(operand): \(parts[0]) has no version \(parts[1]); versions: \(versions.joined(separator: ", "))"))
    }

    /// Every framework version in the library that loads without errors, by reference.
    func loadedFrameworks() -> [FrameworkReference: Framework] {
        var loaded: [FrameworkReference: Framework] = [:]
        for path in frameworkPaths() {
            if let result = try? loadFramework(atPath: path), let framework = result.framework, !result.diagnostics.hasErrors {
                loaded[framework.metadata.reference] = framework
            }
        }
        return loaded
    }

    /// Every shipped edition id, sorted, so `--all` builds in a stable order.
    func editionIDs() -> [String] {
        let folder = (root as NSString).appendingPathComponent("editions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Every canonical framework file, as `<root>/<framework>/<version>.xml`, sorted.
    func frameworkPaths() -> [String] {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0 != "editions" && $0 != "schema" }
        return folders.sorted().flatMap { folder -> [String] in
            let path = (root as NSString).appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return files.filter { $0.hasSuffix(".xml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
    }

    /// `path` as written in published outputs: relative to the folder holding the library,
    /// so committed files do not depend on where the repository was checked out.
    func publishedPath(_ path: String) -> String {
        let rootName = (root as NSString).lastPathComponent
        let standardRoot = (root as NSString).standardizingPath
        let standard = (path as NSString).standardizingPath
        guard standard.hasPrefix(standardRoot + "/") else { return path }
        return rootName + "/" + standard.dropFirst(standardRoot.count + 1)
    }

    /// The library a profile file belongs to: `<root>/editions/<id>.xml` → `<root>`.
    static func containing(profileAt path: String) -> FrameworkLibrary {
        let editions = (path as NSString).deletingLastPathComponent
        let root = (editions as NSString).deletingLastPathComponent
        return FrameworkLibrary(root: root.isEmpty ? "." : root)
    }
}

/// Loads a profile and its base, lets the profile's plugin check and adapt, and checks the
/// result against the framework rules. Pure apart from reading the two files.
struct EditionPipeline {
    var library: FrameworkLibrary
    var plugins: PluginRegistry

    struct Outcome {
        var edition: Edition?
        var diagnostics: [Diagnostic]
        /// True when an input could not be read at all (exit 2 rather than 1).
        var couldNotRead = false
    }

    /// Builds the edition of the profile at `path`, or of `bytes` as if they were that file
    /// (to check a profile before it is written).
    func build(profileAt path: String, bytes: [UInt8]? = nil) -> Outcome {
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
                    severity: .error, code: EditionCode.idMismatch,
                    message: "the profile's id is '\(profile.id)' but its file is \(fileName).xml; make them the same, for example id=\"\(fileName)\"",
                    location: profile.idLocation ?? profile.location,
                    notes: [.init(message: "outputs are written to a folder named by the id, so a copied profile with an unchanged id would overwrite the original's editions")])])
            }
        } catch {
            return Outcome(diagnostics: error.diagnostics, couldNotRead: true)
        }
        guard plugins.plugin(id: profile.pluginID) != nil else {
            return Outcome(diagnostics: [Diagnostic(
                severity: .error, code: EditionCode.unknownPlugin,
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
                severity: .error, code: EditionCode.baseNotFound,
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

struct LibraryLookupFailure: Error {
    var message: String
}
