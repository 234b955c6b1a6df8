@testable import CompetencyCLI
import Editions
import FlyingFox
import Publishing
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `competency preview`: the site served from memory, rebuilt when an input changes.
@Suite("preview server")
struct PreviewTests {
    static func library() throws -> (folder: String, library: FrameworkLibrary) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-preview-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: ExportRepo.path("Frameworks"), toPath: folder)
        return (folder, FrameworkLibrary(root: folder))
    }

    @Test func pagesComeFromTheBuiltSiteAndAnEditFollows() throws {
        let (folder, library) = try Self.library()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let profile = library.profilePath(edition: "sandwell-2022")
        let site = PreviewSite(library: library, plugins: .builtIn, profilePath: profile)
        let home = site.response(for: "/")
        #expect(home.status == 200)
        #expect(home.type == "text/html; charset=utf-8")
        #expect(String(decoding: home.body, as: UTF8.self).contains("<h1>A Multi-Agency Social"))
        #expect(site.response(for: "/style.css").type.hasPrefix("text/css"))
        #expect(site.response(for: "/../../etc/passwd").status == 404)
        #expect(site.response(for: "/sandwell-2022.xml").status == 404, "only the site is served, never other files")

        // An edit that breaks the profile shows its diagnostics on every page…
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        text = text.replacingOccurrences(of: "<exclude competencies=\"la-06\">", with: "<exclude competencies=\"la-99\">")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)
        let broken = site.response(for: "/primary.html")
        #expect(broken.status == 500)
        let page = String(decoding: broken.body, as: UTF8.self)
        #expect(page.contains("The edition does not build"))
        #expect(page.contains("la-99"))
        #expect(page.contains("http-equiv=\"refresh\""))
        // …and fixing it brings the site back.
        try text.replacingOccurrences(of: "la-99", with: "la-06").write(toFile: profile, atomically: true, encoding: .utf8)
        #expect(site.response(for: "/primary.html").status == 200)
    }

    @Test func theServerAnswersOnLoopbackOnly() async throws {
        let (folder, library) = try Self.library()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let site = PreviewSite(library: library, plugins: .builtIn, profilePath: library.profilePath(edition: "national-workshops"))
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled, handler: site)
        let task = Task { try await server.run() }
        // Generous: the full suite runs tests in parallel on two cores.
        try await server.waitUntilListening(timeout: 120)
        guard case .ip4(let address, let port)? = await server.listeningAddress else {
            Issue.record("the server did not report an IPv4 address")
            return
        }
        #expect(address == "127.0.0.1")
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: "http://127.0.0.1:\(port)/workshops.html")))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("<h1>Workshops</h1>"))
        await server.stop()
        _ = await task.result
    }
}
