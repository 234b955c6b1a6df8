import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Pipeline

/// The frameworks folder: canonical frameworks at `<root>/<framework>/<version>.xml`,
/// edition profiles at `<root>/editions/<edition>.xml`. The only place that maps ids to paths.
public struct FrameworkLibrary: Sendable {
    public var root: String
    /// Shared by everything one run builds, so each file is read once.
    public var cache: InputCache?

    public init(root: String, cache: InputCache? = nil) {
        self.root = root
        self.cache = cache
    }

    /// A framework file, through the run's cache when there is one.
    public func loadFramework(atPath path: String) throws(LoadFailure) -> FrameworkLoader.Result {
        if let cache { return try cache.framework(at: path) }
        return try FrameworkLoader().load(contentsOf: path)
    }

    public func frameworkPath(_ reference: FrameworkReference) -> String {
        (root as NSString).appendingPathComponent("\(reference.frameworkID)/\(reference.version).xml")
    }

    public func profilePath(edition id: String) -> String {
        (root as NSString).appendingPathComponent("editions/\(id).xml")
    }

    /// The file a `FRAMEWORK@VERSION` operand names, or why there is none (listing the
    /// versions that exist). Nil when the operand is not of that form or is a file on disk,
    /// which wins.
    public func frameworkPath(operand: String) -> Result<String, LibraryLookupFailure>? {
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
    public func loadedFrameworks() -> [FrameworkReference: Framework] {
        var loaded: [FrameworkReference: Framework] = [:]
        for path in frameworkPaths() {
            if let result = try? loadFramework(atPath: path), let framework = result.framework, !result.diagnostics.hasErrors {
                loaded[framework.metadata.reference] = framework
            }
        }
        return loaded
    }

    /// Every shipped edition id, sorted, so `--all` builds in a stable order.
    public func editionIDs() -> [String] {
        let folder = (root as NSString).appendingPathComponent("editions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Every canonical framework file, as `<root>/<framework>/<version>.xml`, sorted.
    public func frameworkPaths() -> [String] {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0 != "editions" && $0 != "schema" }
        return folders.sorted().flatMap { folder -> [String] in
            let path = (root as NSString).appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return files.filter { $0.hasSuffix(".xml") }.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
    }

    /// `path` as written in published outputs: relative to the folder holding the library,
    /// so committed files do not depend on where the repository was checked out.
    public func publishedPath(_ path: String) -> String {
        let rootName = (root as NSString).lastPathComponent
        let standardRoot = (root as NSString).standardizingPath
        let standard = (path as NSString).standardizingPath
        guard standard.hasPrefix(standardRoot + "/") else { return path }
        return rootName + "/" + standard.dropFirst(standardRoot.count + 1)
    }

    /// The library a profile file belongs to: `<root>/editions/<id>.xml` → `<root>`.
    public static func containing(profileAt path: String) -> FrameworkLibrary {
        let editions = (path as NSString).deletingLastPathComponent
        let root = (editions as NSString).deletingLastPathComponent
        return FrameworkLibrary(root: root.isEmpty ? "." : root)
    }
}

public struct LibraryLookupFailure: Error, Sendable {
    public var message: String
}

extension FrameworkLibrary {
    public static func forProfile(at path: String, frameworks: String?) -> FrameworkLibrary {
        if let frameworks { return FrameworkLibrary(root: frameworks) }
        let folder = (path as NSString).deletingLastPathComponent
        if (folder as NSString).lastPathComponent == "editions" { return .containing(profileAt: path) }
        return FrameworkLibrary(root: "Frameworks")
    }
}
