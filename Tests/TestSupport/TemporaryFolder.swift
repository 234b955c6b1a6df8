import Foundation

/// A fresh folder for one test's files, removed when the test lets go of it.
package final class TemporaryFolder {
    package let url: URL
    package var path: String { url.path }

    package init(_ label: String = "competency-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Where `relative` would be inside the folder (nothing is created); the folder itself
    /// for "".
    package func path(_ relative: String) -> String {
        relative.isEmpty ? url.path : url.appendingPathComponent(relative).path
    }

    package func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// Writes `text` to `relative`, creating folders on the way; returns the file's path.
    @discardableResult
    package func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    @discardableResult
    package func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// A copy of the shipped Frameworks/ folder, for a test that edits or counts its files.
    package func copyOfShippedLibrary(named name: String = "Frameworks") throws -> String {
        let destination = path(name)
        try FileManager.default.copyItem(atPath: RepositoryFiles.frameworks, toPath: destination)
        return destination
    }
}
