import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Testing

/// Files of the repository, found from this file so tests run from any working directory.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }
}

/// The shipped editions, built in-process the way `competency export` builds them.
enum Shipped {
    /// Every profile in Frameworks/editions/, so tests follow the editions a council adds.
    static let ids: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repo.path("Frameworks/editions"))) ?? []
        return names.filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func base(_ version: String = "2019") throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: Repo.path("Frameworks/in-it-together/\(version).xml"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.framework)
    }

    static func profile(_ id: String) throws -> EditionProfile {
        let result = try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/\(id).xml"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.profile)
    }

    static func build(_ id: String) throws -> Edition {
        let profile = try profile(id)
        let base = try base(profile.base.version)
        let plugin = try #require(PluginRegistry.builtIn.plugin(id: profile.pluginID))
        let diagnostics = plugin.check(profile, base: base)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.formatted))")
        return try plugin.adapt(base, profile: profile)
    }

    /// Every artifact of every built-in format.
    static func artifacts(_ edition: Edition) throws -> [Artifact] {
        try OutputFormatRegistry.builtIn.formats.flatMap { try $0.render(edition) }
    }
}

/// What a check for text in the outputs must search. A .docx is a zip of deflated parts, so
/// no word of the document occurs in the file's own bytes; its parts are searched instead.
enum Searchable {
    static func files(of artifacts: [Artifact]) throws -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        for artifact in artifacts {
            if artifact.relativePath.hasSuffix(".docx") {
                let zip = try BoundedZipReader(bytes: artifact.bytes)
                for name in zip.names {
                    files.append(("\(artifact.relativePath)/\(name)", try #require(try zip.read(name))))
                }
            } else {
                files.append((artifact.relativePath, artifact.bytes))
            }
        }
        return files
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle`'s UTF-8 bytes occur anywhere in these bytes.
    func contains(utf8 needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= count else { return false }
        return indices.dropLast(pattern.count - 1).contains { start in
            self[start..<(start + pattern.count)].elementsEqual(pattern)
        }
    }
}
