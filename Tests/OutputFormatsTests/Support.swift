import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import TestSupport
import Testing

/// Files of the repository (the shared `RepositoryFiles`, under the name these tests use).
typealias Repo = RepositoryFiles

/// The shipped editions, built through the library's pipeline as `competency export` builds them.
enum Shipped {
    static var ids: [String] { RepositoryFiles.editionIDs }

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
        try ShippedEditions.build(id)
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
