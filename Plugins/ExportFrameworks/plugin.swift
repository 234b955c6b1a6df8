import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory export-frameworks`: regenerates
/// Exports/ with the package's own `competency` tool. A thin shim; all logic is in the tool.
@main
struct ExportFrameworks: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "competency")
        let root = context.package.directoryURL
        let process = Process()
        process.executableURL = tool.url
        process.currentDirectoryURL = root
        process.arguments = [
            "export", "--all",
            "--frameworks", root.appending(path: "Frameworks").path,
            "--out", root.appending(path: "Exports").path,
        ] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("competency export failed with exit code \(process.terminationStatus)")
            throw ExitCode(process.terminationStatus)
        }
    }
}

struct ExitCode: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
