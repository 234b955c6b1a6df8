import ArgumentParser
import CompetencyModel
import Dispatch
import Editions
import FlyingFox
import Foundation
import Publishing
import OutputFormats

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve an edition's web site on 127.0.0.1, rebuilt whenever its profile or framework changes.",
        usage: """
            competency preview [<edition>] [--port <port>] [--frameworks <dir>]
            """,
        discussion: """
            For authors: edit the profile, save, and reload the page. When the edition does \
            not build, every page shows the diagnostics instead (and reloads itself until it \
            builds). The server listens on the loopback address only and stops on Ctrl-C.

            Examples:
              competency preview sandwell-2022
              competency preview my-council-2026 --port 8081
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "The edition id (optional when the frameworks folder has one edition).")
    var edition: String?

    @Option(help: "The port on 127.0.0.1 (0 picks a free one).")
    var port: UInt16 = 8080

    func run() throws {
        let console = Console.current
        let library = libraryOptions.library
        let known = library.editionIDs()
        guard let id = edition ?? (known.count == 1 ? known[0] : nil) else {
            console.err("error: name the edition to preview; editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        guard ArtifactWriter.isSafeComponent(id), known.contains(id) else {
            console.err("error: no edition '\(id)'\(Suggest.clause(id, known)); editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        let site = PreviewSite(library: library, plugins: PluginRegistry.current, profilePath: library.profilePath(edition: id))
        let server: HTTPServer
        do {
            // Requests are not logged: the terminal is for the edition's diagnostics.
            server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), logger: .disabled, handler: site)
        } catch {
            console.err("error: cannot listen on 127.0.0.1:\(port): \(error)")
            throw Exit.couldNotRun
        }
        let stopped = DispatchSemaphore(value: 0)
        let outcome = PreviewOutcome()
        Task {
            do {
                try await server.run()
            } catch {
                outcome.failed(with: "\(error)")
            }
            stopped.signal()
        }
        // Ctrl-C stops the server and lets the process end normally.
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            outcome.stopping()
            Task { await server.stop() }
        }
        interrupt.resume()
        let listening = DispatchSemaphore(value: 0)
        Task {
            try? await server.waitUntilListening(timeout: 60)
            if case .ip4(let address, let boundPort)? = await server.listeningAddress {
                outcome.listening(at: "http://\(address):\(boundPort)/")
            }
            listening.signal()
        }
        listening.wait()
        if let url = outcome.address {
            console.out("previewing \(id) at \(url) (Ctrl-C to stop)")
        }
        stopped.wait()
        interrupt.cancel()
        // Stopping closes the listening socket, which ends run() with an error; only an
        // error before Ctrl-C is a failure.
        if let message = outcome.failure {
            console.err("error: the preview server stopped: \(message)")
            throw Exit.couldNotRun
        }
        console.out("preview stopped")
    }
}

/// What the server's tasks report back to the command.
final class PreviewOutcome: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var isStopping = false
    private var error: String?
    private var url: String?

    func stopping() { lock.lock(); isStopping = true; lock.unlock() }
    func failed(with message: String) { lock.lock(); if !isStopping { error = message }; lock.unlock() }
    func listening(at address: String) { lock.lock(); url = address; lock.unlock() }
    var failure: String? { lock.lock(); defer { lock.unlock() }; return error }
    var address: String? { lock.lock(); defer { lock.unlock() }; return url }
}

/// The pages of one edition's site, held in memory and rebuilt when any input file has
/// changed since the last build. Only paths of the built site are served: nothing is read
/// from disk by request path.
final class PreviewSite: HTTPHandler, @unchecked Sendable {
    // @unchecked: `state` is only read or written while holding `lock`.
    private let lock = NSLock()
    private var state: (fingerprint: [String], pages: [String: (type: String, bytes: [UInt8])], diagnostics: [Diagnostic])?
    let library: FrameworkLibrary
    let plugins: PluginRegistry
    let profilePath: String

    init(library: FrameworkLibrary, plugins: PluginRegistry, profilePath: String) {
        self.library = library
        self.plugins = plugins
        self.profilePath = profilePath
    }

    /// Size and modification time of every input, cheap enough to check per request.
    private func fingerprint() -> [String] {
        ([profilePath] + library.frameworkPaths()).map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? Int).map(String.init) ?? "-"
            let date = (attributes?[.modificationDate] as? Date).map { String($0.timeIntervalSince1970) } ?? "-"
            return "\(path) \(size) \(date)"
        }
    }

    private func current() -> (pages: [String: (type: String, bytes: [UInt8])], diagnostics: [Diagnostic]) {
        lock.lock()
        defer { lock.unlock() }
        let now = fingerprint()
        if let state, state.fingerprint == now { return (state.pages, state.diagnostics) }
        let outcome = EditionPipeline(library: library, plugins: plugins).build(profileAt: profilePath)
        var pages: [String: (type: String, bytes: [UInt8])] = [:]
        if let edition = outcome.edition, let artifacts = try? EditionHTMLFormat().render(edition) {
            for artifact in artifacts {
                let path = "/" + artifact.relativePath.dropFirst("site/".count)
                let type = path.hasSuffix(".css") ? "text/css; charset=utf-8" : path.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8"
                pages[path] = (type, artifact.bytes)
            }
            pages["/"] = pages["/index.html"]
        }
        state = (now, pages, outcome.diagnostics.filter { $0.severity == .error })
        return (pages, state?.diagnostics ?? [])
    }

    /// The status, content type and body for a path.
    func response(for path: String) -> (status: Int, type: String, body: [UInt8]) {
        let (pages, diagnostics) = current()
        if pages.isEmpty {
            return (500, "text/html; charset=utf-8", Array(Self.problemPage(diagnostics).utf8))
        }
        let clean = String(path.prefix { $0 != "?" && $0 != "#" })
        guard let page = pages[clean] else {
            return (404, "text/html; charset=utf-8", Array("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1><p><a href=\"/\">Go to the edition's home page</a></p></main></body></html>\n".utf8))
        }
        return (200, page.type, page.bytes)
    }

    /// Shown on every path while the edition does not build; it reloads itself so the site
    /// appears as soon as the profile is fixed.
    static func problemPage(_ diagnostics: [Diagnostic]) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\"><title>The edition does not build</title></head><body><main><h1>The edition does not build</h1><p>Fix these in the profile and save; this page reloads itself.</p><ul>"
        for diagnostic in diagnostics {
            html += "<li><code>" + escape(diagnostic.formatted) + "</code></li>"
        }
        return html + "</ul></main></body></html>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer = response(for: request.path)
        return HTTPResponse(
            statusCode: HTTPStatusCode(answer.status, phrase: answer.status == 200 ? "OK" : answer.status == 404 ? "Not Found" : "Internal Server Error"),
            headers: [.contentType: answer.type, HTTPHeader("Cache-Control"): "no-store"],
            body: Data(answer.body))
    }
}
