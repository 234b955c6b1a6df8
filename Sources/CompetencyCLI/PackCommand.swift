import ArgumentParser
import CompetencyModel
import Foundation
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
              competency pack Exports/sandwell-2022/sandwell-2022.flat.xml --out sandwell.docx
              competency pack edited.xml            # writes edited.docx beside it
            """
    )

    @Argument(help: "The Flat OPC file.")
    var input: String

    @Option(help: "Where to write the .docx (default: beside the input, with .docx).")
    var out: String?

    func run() throws {
        let console = Console.current
        let destination = out ?? Self.defaultOutput(for: input)
        guard URL(fileURLWithPath: destination).standardizedFileURL != URL(fileURLWithPath: input).standardizedFileURL else {
            console.err("error: refusing to overwrite the input \(input); choose another --out")
            throw Exit.couldNotRun
        }
        let reader = DocumentReader()
        let parts: [FlatOPCPart]
        do {
            let bytes = try reader.readBytes(atPath: input)
            parts = try reader.reader.readFlatOPC(bytes)
        } catch let failure as LoadFailure {
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        } catch let failure as XMLReadFailure {
            for issue in failure.issues {
                console.err(Diagnostic(
                    severity: .error, code: issue.kind == .schema ? DiagnosticCode.schema : DiagnosticCode.malformed,
                    message: issue.message,
                    location: SourceLocation(file: input, line: issue.position.line, column: issue.position.column)).formatted)
            }
            throw Exit.couldNotRun
        }
        do {
            let package = OPCPackage(parts: parts.map { OPCPackage.Part(name: $0.name, contentType: $0.contentType, bytes: $0.bytes) })
            let folder = (destination as NSString).deletingLastPathComponent
            let writer = ArtifactWriter(outputRoot: folder.isEmpty ? "." : folder)
            _ = try writer.write(
                [Artifact(relativePath: (destination as NSString).lastPathComponent, bytes: try package.docx())],
                into: folder.isEmpty ? "." : folder)
            console.out("wrote \(destination) (\(parts.count) parts)")
        } catch {
            console.err("error: \(error)")
            throw Exit.couldNotRun
        }
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
