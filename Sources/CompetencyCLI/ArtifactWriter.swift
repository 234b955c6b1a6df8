import Foundation
import OutputFormats

/// Writes artifacts so a reader never sees half a file: each goes to a temporary file in
/// the same folder and is renamed over the old one. Paths are confined to the output folder.
struct ArtifactWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var outputRoot: String

    /// The folder an edition writes into; refuses anything that would leave `outputRoot`.
    func folder(forEdition id: String) throws(Failure) -> String {
        guard Self.isSafeComponent(id) else {
            throw Failure(description: "edition id '\(id)' cannot be used as a folder name; ids are lower-case letters, digits and hyphens")
        }
        return (outputRoot as NSString).appendingPathComponent(id)
    }

    /// Writes every artifact under `folder`; returns the paths that changed.
    func write(_ artifacts: [Artifact], into folder: String) throws(Failure) -> [String] {
        for artifact in artifacts {
            let components = artifact.relativePath.split(separator: "/", omittingEmptySubsequences: false)
            guard !artifact.relativePath.hasPrefix("/"), components.allSatisfy({ Self.isSafeFileName(String($0)) }) else {
                throw Failure(description: "refusing to write '\(artifact.relativePath)': outputs stay inside \(folder)")
            }
        }
        var changed: [String] = []
        for artifact in artifacts {
            let path = (folder as NSString).appendingPathComponent(artifact.relativePath)
            if let existing = FileManager.default.contents(atPath: path), [UInt8](existing) == artifact.bytes { continue }
            try writeAtomically(artifact.bytes, to: path)
            changed.append(path)
        }
        return changed
    }

    private func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw Failure(description: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot replace \(path): \(reason)")
        }
    }

    static func isSafeComponent(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-" else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isSafeFileName(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && !text.contains("\\") && !text.contains("\0")
    }
}
