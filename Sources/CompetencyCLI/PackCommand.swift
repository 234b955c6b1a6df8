import ArgumentParser
import CompetencyModel
import Foundation
import Publishing
import FrameworkLoading
import OutputFormats
import XMLSupport

struct PackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Turn a Flat OPC Word XML file into a .docx.",
        discussion: """
            Authors can edit the exported .flat.xml (Word opens and saves it) and still hand \
            out a .docx. The input is read with the same safety as every other XML input.

            Examples:
              competency pack Exports/sandwell-2022/sandwell-2022.flat.xml
              competency pack edited.xml            # writes edited.docx beside it
            """
    )

    @Argument(help: "The Flat OPC file.")
    var input: String

    @Option(help: ArgumentHelp("Where to write the .docx (default: beside the input, with .docx).", valueName: "file"))
    var out: String?

    func run() throws {
        let console = Console.current
        let destination = out ?? Self.defaultOutput(for: input)
        guard !Self.couldOverwrite(destination, input: input) else {
            console.err("error: refusing to overwrite the input \(input); choose another --out")
            throw Exit.couldNotRun
        }
        let parts: [FlatOPCPart]
        do {
            parts = try DocumentReader().readFlatOPC(atPath: input)
        } catch {
            for diagnostic in error.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let docx: [UInt8]
        do {
            docx = try OPCPackage(parts: parts.map { OPCPackage.Part(name: $0.name, contentType: $0.contentType, bytes: $0.bytes) }).docx()
        } catch let failure as PackageError {
            console.err(failure.diagnostic(file: input).formatted)
            throw Exit.couldNotRun
        } catch {
            console.err("error: \(error)")
            throw Exit.couldNotRun
        }
        do {
            let writer = ArtifactWriter(outputRoot: folder.isEmpty ? "." : folder)
            _ = try writer.write(
                [Artifact(relativePath: (destination as NSString).lastPathComponent, bytes: docx)],
                into: folder.isEmpty ? "." : folder)
            console.out("wrote \(destination) (\(parts.count) parts)")
        } catch {
            console.err("error: \(error)")
            throw Exit.couldNotRun
        }
    }

    /// Whether writing `destination` could replace `input`. Spelling is not enough: a
    /// symlinked folder, an input that is itself a symlink, or a hard link all name the
    /// same file differently, so the paths are compared with symlinks resolved and, when
    /// the destination exists, by device and inode.
    static func couldOverwrite(_ destination: String, input: String) -> Bool {
        if URL(fileURLWithPath: destination).standardizedFileURL == URL(fileURLWithPath: input).standardizedFileURL {
            return true
        }
        // An input that does not exist cannot be overwritten; reading it reports it.
        guard let realInput = realPath(input) else { return false }
        if physicalPath(destination) == realInput { return true }
        var inputInfo = stat()
        var destinationInfo = stat()
        // stat follows symlinks, so a destination that links to the input matches too.
        if stat(input, &inputInfo) == 0, stat(destination, &destinationInfo) == 0,
           inputInfo.st_dev == destinationInfo.st_dev, inputInfo.st_ino == destinationInfo.st_ino {
            return true
        }
        return false
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where a file written at `path` would land: the folder's longest existing prefix with
    /// symlinks resolved, then the rest of the folder as the writer will create it (new
    /// folders are real folders, so their `..` is lexical), then the file name as given.
    static func physicalPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var folders = absolute.split(separator: "/").map(String.init)
        let name = folders.popLast() ?? ""
        var existing = folders.count
        var base = "/"
        while existing > 0 {
            if let resolved = realPath("/" + folders.prefix(existing).joined(separator: "/")) {
                base = resolved
                break
            }
            existing -= 1
        }
        var result = base.split(separator: "/").map(String.init)
        for folder in folders.dropFirst(existing) {
            switch folder {
            case ".": continue
            case "..": _ = result.popLast()
            default: result.append(folder)
            }
        }
        result.append(name)
        return "/" + result.joined(separator: "/")
    }

    static func defaultOutput(for input: String) -> String {
        var base = input
        for suffix in [".flat.xml", ".xml"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        return base + ".docx"
    }
}
