import Foundation
import OutputFormats

/// Writes a set of artifacts all or nothing, so a reader never sees half a file and a failed
/// run never leaves half an edition set:
///
/// 1. every changed file is first written in full (and synced) to a temporary file of ours
///    beside its target, so a full disk or an unwritable folder fails before anything is
///    replaced, and the staged files are removed;
/// 2. then each target is replaced by renaming, keeping a hard link to the old file; if a
///    rename fails, the files already replaced are put back from those links.
///
/// Temporary files are named `.competency-<name>.<pid>.tmp` (and `.bak` for the links), so a
/// run that was killed can be recognised: the next write into the same folder removes those
/// whose process is gone. Paths are confined to the output folder.
public struct ArtifactWriter: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Artifacts for one folder.
    public struct Batch: Sendable {
        public var folder: String
        public var artifacts: [Artifact]

        public init(folder: String, artifacts: [Artifact]) {
            self.folder = folder
            self.artifacts = artifacts
        }
    }

    public var outputRoot: String

    public init(outputRoot: String) {
        self.outputRoot = outputRoot
    }

    public static let temporaryPrefix = ".competency-"

    /// The folder an edition writes into; refuses anything that would leave `outputRoot`.
    public func folder(forEdition id: String) throws(Failure) -> String {
        guard Self.isSafeComponent(id) else {
            throw Failure(description: "edition id '\(id)' cannot be used as a folder name; ids are lower-case letters, digits and hyphens")
        }
        return (outputRoot as NSString).appendingPathComponent(id)
    }

    /// Writes every artifact under `folder`; returns the paths that changed.
    public func write(_ artifacts: [Artifact], into folder: String) throws(Failure) -> [String] {
        try write([Batch(folder: folder, artifacts: artifacts)])[0]
    }

    /// Writes every batch or none; returns, per batch, the paths that changed.
    public func write(_ batches: [Batch]) throws(Failure) -> [[String]] {
        for batch in batches {
            for artifact in batch.artifacts {
                let components = artifact.relativePath.split(separator: "/", omittingEmptySubsequences: false)
                guard !artifact.relativePath.hasPrefix("/"), components.allSatisfy({ Self.isSafeFileName(String($0)) }) else {
                    throw Failure(description: "refusing to write '\(artifact.relativePath)': outputs stay inside \(batch.folder)")
                }
            }
        }

        var pending: [(batch: Int, path: String, bytes: [UInt8])] = []
        var cleaned: Set<String> = []
        for (index, batch) in batches.enumerated() {
            for artifact in batch.artifacts {
                let path = (batch.folder as NSString).appendingPathComponent(artifact.relativePath)
                let directory = (path as NSString).deletingLastPathComponent
                if cleaned.insert(directory).inserted { Self.removeStaleTemporaries(in: directory) }
                if let existing = FileManager.default.contents(atPath: path), existing.elementsEqual(artifact.bytes) { continue }
                pending.append((index, path, artifact.bytes))
            }
        }

        var transaction = Transaction()
        do {
            for item in pending {
                try transaction.stage(item.bytes, for: item.path)
            }
            try transaction.commit()
        } catch {
            transaction.rollBack()
            throw error
        }
        transaction.finish()

        var changed = Array(repeating: [String](), count: batches.count)
        for item in pending { changed[item.batch].append(item.path) }
        return changed
    }

    /// Removes temporaries left by runs that no longer exist: ours whose process id is not
    /// alive, and Foundation's atomic-write files (`.dat.nosync…`) that earlier versions of
    /// this tool left after a kill, once they are a minute old.
    public static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if name.hasPrefix(temporaryPrefix), name.hasSuffix(".tmp") || name.hasSuffix(".bak") {
                let parts = name.split(separator: ".")
                guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { continue }
                if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { unlink(path) }
            } else if name.hasPrefix(".dat.nosync") {
                let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
                if Date().timeIntervalSince(modified) > 60 { unlink(path) }
            }
        }
    }

    public static func isSafeComponent(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-" else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public static func isSafeFileName(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && !text.contains("\\") && !text.contains("\0")
    }
}

/// The staged files and replaced targets of one write, so a failure can be undone.
private struct Transaction {
    private var createdDirectories: [String] = []
    private var staged: [(temporary: String, target: String)] = []
    private var replaced: [(target: String, backup: String?)] = []

    private static func sibling(of path: String, suffix: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (directory as NSString).appendingPathComponent("\(ArtifactWriter.temporaryPrefix)\(name).\(getpid()).\(suffix)")
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }

    mutating func stage(_ bytes: [UInt8], for target: String) throws(ArtifactWriter.Failure) {
        try makeDirectories((target as NSString).deletingLastPathComponent)
        let temporary = Self.sibling(of: target, suffix: "tmp")
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArtifactWriter.Failure(description: "cannot write in \((target as NSString).deletingLastPathComponent): \(Self.reason())")
        }
        staged.append((temporary, target))
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.reason()
                    return
                }
                offset += written
            }
        }
        // A rename is only as durable as the data it points at: sync before replacing.
        if failure == nil && fsync(descriptor) != 0 { failure = Self.reason() }
        if close(descriptor) != 0 && failure == nil { failure = Self.reason() }
        if let failure {
            throw ArtifactWriter.Failure(description: "cannot write \(target): \(failure); nothing was changed")
        }
    }

    mutating func commit() throws(ArtifactWriter.Failure) {
        for (temporary, target) in staged {
            var backup: String?
            if access(target, F_OK) == 0 {
                let link = Self.sibling(of: target, suffix: "bak")
                unlink(link)
                if Foundation.link(target, link) == 0 { backup = link }
            }
            guard rename(temporary, target) == 0 else {
                let reason = Self.reason()
                if let backup { unlink(backup) }
                throw ArtifactWriter.Failure(description: "cannot replace \(target): \(reason); the files already replaced were put back")
            }
            replaced.append((target, backup))
        }
        staged = []
    }

    /// Puts back every replaced file and removes every staged one and every folder this
    /// write created, leaving the output as it was before.
    mutating func rollBack() {
        for (target, backup) in replaced.reversed() {
            if let backup {
                rename(backup, target)
            } else {
                unlink(target)
            }
        }
        for (temporary, _) in staged { unlink(temporary) }
        for directory in createdDirectories.reversed() { rmdir(directory) }
        replaced = []
        staged = []
        createdDirectories = []
    }

    mutating func finish() {
        for (_, backup) in replaced {
            if let backup { unlink(backup) }
        }
        replaced = []
    }

    /// `mkdir -p`, remembering what it made so a rollback can remove it again.
    private mutating func makeDirectories(_ path: String) throws(ArtifactWriter.Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ArtifactWriter.Failure(description: "cannot create the folder \(path): a file of that name is in the way; move it or choose another --out")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw ArtifactWriter.Failure(description: "cannot create the folder \(path): \(Self.reason())")
        }
        createdDirectories.append(path)
    }
}
