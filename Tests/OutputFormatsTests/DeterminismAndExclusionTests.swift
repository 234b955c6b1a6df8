import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Testing

@Suite("deterministic output")
struct DeterminismTests {
    @Test(arguments: Shipped.ids)
    func renderingTwiceGivesIdenticalBytes(id: String) throws {
        let first = try Shipped.artifacts(Shipped.build(id))
        let second = try Shipped.artifacts(Shipped.build(id))
        #expect(first.count >= 2)
        #expect(first.map(\.relativePath) == second.map(\.relativePath))
        for (a, b) in zip(first, second) {
            #expect(a.bytes == b.bytes, "\(a.relativePath) differs between two renderings")
        }
    }

    @Test(arguments: Shipped.ids)
    func renderingConcurrentlyGivesIdenticalBytes(id: String) async throws {
        let edition = try Shipped.build(id)
        let expected = try Shipped.artifacts(edition)
        let results = try await withThrowingTaskGroup(of: [Artifact].self) { group in
            for _ in 0..<4 { group.addTask { try Shipped.artifacts(edition) } }
            var all: [[Artifact]] = []
            for try await artifacts in group { all.append(artifacts) }
            return all
        }
        #expect(results.count == 4)
        for artifacts in results { #expect(artifacts == expected) }
    }

    @Test(arguments: Shipped.ids)
    func outputsCarryNoClockDate(id: String) throws {
        let edition = try Shipped.build(id)
        let now = Date()
        var dates: Set<String> = []
        // Today's date wherever the run happens: here, in UTC, and at both ends of the date line.
        let zones = [TimeZone.current] + ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"].compactMap(TimeZone.init(identifier:))
        for zone in zones {
            let formatter = DateFormatter()
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "yyyy-MM-dd"
            dates.insert(formatter.string(from: now))
        }
        // The profile's own date is the one date an output may carry.
        let ownDate = edition.framework.metadata.date
        #expect(!dates.contains(ownDate))
        let searched = try Searchable.files(of: Shipped.artifacts(edition))
        for (path, bytes) in searched {
            for date in dates {
                #expect(!bytes.contains(utf8: date), "\(path) contains today's date \(date)")
            }
        }
        // …and it does carry that one, also inside every Word document (its core
        // properties), so the search above reaches the parts a date would be written to.
        let json = try #require(try EditionJSONFormat().render(edition).first)
        #expect(json.bytes.contains(utf8: "\"date\": \"\(ownDate)\""))
        let coreProperties = searched.filter { $0.path.hasSuffix(".docx/docProps/core.xml") }
        #expect(!coreProperties.isEmpty)
        for (path, bytes) in coreProperties {
            #expect(bytes.contains(utf8: "\(ownDate)T00:00:00Z"), "\(path) is dated by the edition")
        }
    }
}

@Suite("excluded content")
struct ExcludedContentTests {
    @Test func laSixIsInNoArtifactOfSandwell() throws {
        let base = try Shipped.base()
        let excluded = try #require(base.competencies.first { $0.id == "la-06" })
        let profile = try Shipped.profile("sandwell-2022")
        #expect(profile.excludes.contains { $0.competencies?.ids.contains("la-06") == true })

        let edition = try Shipped.build("sandwell-2022")
        let artifacts = try Shipped.artifacts(edition)
        #expect(artifacts.contains { $0.relativePath.hasSuffix(".xml") })
        #expect(artifacts.contains { $0.relativePath.hasSuffix(".json") })
        #expect(artifacts.contains { $0.relativePath.contains("case-api/ims/case/v1p1/CFItems/") })
        let searched = try Searchable.files(of: artifacts)
        // The search reaches the Word text of the whole edition and of every per-phase
        // document: a kept competency's code is found in each.
        let wordDocuments = searched.filter { $0.path.hasSuffix(".docx/word/document.xml") }
        #expect(wordDocuments.count == artifacts.filter { $0.relativePath.hasSuffix(".docx") }.count)
        #expect(wordDocuments.count >= 5, "the edition and its four phase documents")
        for (path, bytes) in wordDocuments {
            #expect(bytes.contains(utf8: "LA.5"), "\(path) does not show LA.5, so a search of it proves nothing")
        }
        for (path, bytes) in searched {
            #expect(!bytes.contains(utf8: "la-06"), "\(path) names la-06")
            #expect(!bytes.contains(utf8: excluded.statement), "\(path) carries la-06's statement")
            #expect(!bytes.contains(utf8: "\"\(excluded.code)\""), "\(path) carries la-06's code")
            #expect(!bytes.contains(utf8: ">\(excluded.code)<"), "\(path) prints la-06's code")
        }
        // A competency that is kept does appear, so the search itself works.
        let kept = try #require(base.competencies.first { $0.id == "la-05" })
        // (Files of the static CASE tree hold one record each, so only its package is searched.)
        for artifact in artifacts where !artifact.relativePath.hasSuffix(".docx")
            && (!artifact.relativePath.hasPrefix("case-api/") || artifact.relativePath.contains("/CFPackages/"))
            // Of the web pages, the self-assessment lists every competency; the others list
            // a phase's, or none.
            && (!artifact.relativePath.hasPrefix("site/") || artifact.relativePath == "site/self-assessment.html") {
            #expect(artifact.bytes.contains(utf8: "la-05") || artifact.bytes.contains(utf8: kept.statement), "\(artifact.relativePath)")
        }
    }

    @Test func removedItemsAreCountedNotNamed() throws {
        let edition = try Shipped.build("national-workshops")
        let removed = edition.provenance.filter { $0.change == .removed && $0.itemKind == .competency }
        #expect(removed.count > 20)
        let summary = RemovalSummary.summarise(edition.provenance)
        #expect(summary.filter { $0.itemKind == .competency }.map(\.count).reduce(0, +) == removed.count)
        let json = try #require(try EditionJSONFormat().render(edition).first)
        let xml = try #require(try EditionXMLFormat().render(edition).first)
        for record in removed {
            for artifact in [json, xml] {
                #expect(!artifact.bytes.contains(utf8: "\"\(record.itemID)\""), "\(artifact.relativePath) names removed \(record.itemID)")
            }
        }
    }
}
