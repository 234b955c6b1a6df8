import Foundation

/// Files of this repository, found from this source file so a test runs from any working
/// directory (SwiftPM runs tests with the package root as the working directory, Xcode
/// does not).
package enum RepositoryFiles {
    package static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    package static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    package static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// The shipped library: canonical frameworks and edition profiles.
    package static var frameworks: String { path("Frameworks") }

    /// Every shipped edition id, sorted, so tests follow the editions a council adds.
    package static var editionIDs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path("Frameworks/editions"))) ?? []
        return names.filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Every regular file under `folder`, as paths relative to it, sorted.
    package static func files(under folder: String) throws -> [String] {
        let manager = FileManager.default
        return try manager.subpathsOfDirectory(atPath: folder).filter { relative in
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: (folder as NSString).appendingPathComponent(relative), isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }
}

/// Gives a target's own fixture namespace (`DiffRepo`, `SheetRepo`…) the repository paths,
/// so each keeps only what is its own.
package protocol RepositoryFileAccess {}

extension RepositoryFileAccess {
    package static var root: URL { RepositoryFiles.root }

    package static func path(_ relative: String) -> String {
        RepositoryFiles.path(relative)
    }

    package static func text(_ relative: String) throws -> String {
        try RepositoryFiles.text(relative)
    }
}
