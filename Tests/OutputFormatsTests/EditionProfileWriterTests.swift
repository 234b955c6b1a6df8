import CompetencyModel
import Foundation
import FrameworkLoading
import OutputFormats
import Testing

/// Profiles written back must lose nothing: every bundled profile, read, written and read
/// again, is the same profile and passes the schema.
@Suite("edition profile writer")
struct EditionProfileWriterTests {
    static var profileIDs: [String] {
        let folder = Repo.path("Frameworks/editions")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test(arguments: profileIDs)
    func aWrittenProfileReadsBackTheSame(_ id: String) throws {
        let original = try #require(try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/\(id).xml")).profile)
        let written = EditionProfileWriter().write(original)
        let reread = try EditionProfileLoader().load(bytes: Array(written.utf8), path: "\(id).xml")
        #expect(reread.diagnostics.isEmpty, "\(reread.diagnostics.map(\.formatted))")
        let profile = try #require(reread.profile)
        #expect(profile == original)
        #expect(EditionProfileWriter().write(profile) == written)
    }
}
