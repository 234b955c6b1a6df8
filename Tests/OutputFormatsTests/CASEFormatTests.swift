import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
@testable import OutputFormats
import Testing

@Suite("CASE 1.1 export")
struct CASEFormatTests {
    @Test func sha1MatchesKnownVectors() {
        #expect(SHA1.hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        // Two blocks of padding: the 56-byte FIPS 180 vector.
        #expect(SHA1.hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func uuidV5MatchesAKnownValue() {
        #expect(UUIDv5.make(namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(UUIDv5.make(namespace: "not-a-uuid", name: "x") == nil)
        // The documented namespace is itself uuid5(URL namespace, "urn:competencykit").
        #expect(UUIDv5.make(namespace: "6ba7b811-9dad-11d1-80b4-00c04fd430c8", name: "urn:competencykit") == EditionCASEFormat.namespace)
    }

    static func library() throws -> [FrameworkReference: Framework] {
        var library: [FrameworkReference: Framework] = [:]
        for version in ["2017", "2019"] {
            let framework = try #require(try FrameworkLoader().load(contentsOf: Repo.path("Frameworks/in-it-together/\(version).xml")).framework)
            library[framework.metadata.reference] = framework
        }
        return library
    }

    static func edition(_ id: String, profile: EditionProfile? = nil, base: Framework? = nil) throws -> Edition {
        let base = try base ?? #require(try library()[FrameworkReference(frameworkID: "in-it-together", version: "2019")])
        let profile = try profile ?? #require(try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/\(id).xml")).profile)
        return try #require(PluginRegistry.builtIn.plugin(id: profile.pluginID)).adapt(base, profile: profile)
    }

    static func package(_ edition: Edition, library: [FrameworkReference: Framework]? = nil) throws -> [String: Any] {
        let artifacts = try EditionCASEFormat().render(edition, options: WriterOptions(frameworks: try library ?? Self.library()))
        #expect(artifacts.map(\.relativePath) == ["\(edition.info.id).case.json"])
        let bytes = try #require(artifacts.first?.bytes)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func items(_ package: [String: Any]) -> [[String: Any]] { package["CFItems"] as? [[String: Any]] ?? [] }
    static func associations(_ package: [String: Any]) -> [[String: Any]] { package["CFAssociations"] as? [[String: Any]] ?? [] }
    static func uri(_ link: Any?) -> String? { (link as? [String: Any])?["uri"] as? String }

    @Test func urisAndIdentifiersAreThePublishersOwn() throws {
        let edition = try Self.edition("sandwell-2022")
        let package = try Self.package(edition)
        let identity = CASEIdentity(baseURI: "https://www.sandwell.gov.uk/case/semh-competency-framework", key: "sandwell-2022@2022")
        let document = try #require(package["CFDocument"] as? [String: Any])
        #expect(document["uri"] as? String == "https://www.sandwell.gov.uk/case/semh-competency-framework/ims/case/v1p1/CFDocuments/\(identity.identifier("document"))")
        #expect(document["title"] as? String == "Sandwell multi-agency social, emotional and mental health competency framework")
        #expect((document["notes"] as? String)?.contains("Full title: A Multi-Agency Social, Emotional and Mental Health Competency Framework") == true)
        for competency in edition.framework.competencies {
            let item = try #require(Self.items(package).first { $0["humanCodingScheme"] as? String == competency.code })
            #expect(item["identifier"] as? String == identity.identifier("item/\(competency.id)"))
            #expect(item["uri"] as? String == "https://www.sandwell.gov.uk/case/semh-competency-framework/ims/case/v1p1/CFItems/\(identity.identifier("item/\(competency.id)"))")
        }
        // Another council with the same edition id mints other identifiers.
        var other = try #require(try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/sandwell-2022.xml")).profile)
        other.baseURI = "https://www.example-council.gov.uk/case/semh"
        let theirs = try Self.package(try Self.edition("sandwell-2022", profile: other))
        let ours = Set(Self.items(package).compactMap { $0["identifier"] as? String })
        #expect(Set(Self.items(theirs).compactMap { $0["identifier"] as? String }).isDisjoint(with: ours))
    }

    @Test func withoutABaseURIEveryURIIsAUUIDName() throws {
        var profile = try #require(try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/sandwell-2022.xml")).profile)
        profile.baseURI = nil
        let package = try Self.package(try Self.edition("sandwell-2022", profile: profile))
        for item in Self.items(package) {
            #expect(item["uri"] as? String == "urn:uuid:\(item["identifier"] as? String ?? "")")
        }
    }

    @Test func theFrameworksStructureIsKept() throws {
        let edition = try Self.edition("sandwell-2022")
        let package = try Self.package(edition)
        let framework = edition.framework
        let items = Self.items(package), associations = Self.associations(package)
        let enhancementCount = framework.competencies.map(\.enhancements.count).reduce(0, +)
        #expect(items.count == framework.areas.count + framework.groups.count + framework.competencies.count + enhancementCount)
        func item(_ code: String) -> [String: Any]? { items.first { $0["humanCodingScheme"] as? String == code } }
        func links(from uri: String?, _ type: String) -> [[String: Any]] {
            associations.filter { Self.uri($0["originNodeURI"]) == uri && $0["associationType"] as? String == type }
        }
        for area in framework.areas {
            let areaItem = try #require(items.first { ($0["extensions"] as? [String: Any]).flatMap { ($0["competencykit"] as? [String: Any])?["area"] as? String } == area.id })
            #expect(areaItem["CFItemType"] as? String == "Competency Area")
            #expect(areaItem["notes"] as? String == area.description)
            for (index, competency) in area.competencies.enumerated() {
                let competencyItem = try #require(item(competency.code))
                let parent = try #require(links(from: competencyItem["uri"] as? String, "isChildOf").first)
                #expect(Self.uri(parent["destinationNodeURI"]) == areaItem["uri"] as? String)
                #expect(parent["sequenceNumber"] as? Int == index + 1)
                // Its group, its enhancements as child items, its training as exemplars.
                let group = try #require(links(from: competencyItem["uri"] as? String, "isPartOf").first)
                #expect((group["destinationNodeURI"] as? [String: Any])?["title"] as? String == framework.groups.first { $0.id == competency.groupID }?.name)
                for (number, enhancement) in competency.enhancements.enumerated() {
                    let child = try #require(item("\(competency.code).E\(number + 1)"))
                    #expect(child["fullStatement"] as? String == enhancement)
                    #expect(child["CFItemType"] as? String == "Enhancement")
                }
                let exemplars = Set(links(from: competencyItem["uri"] as? String, "exemplar").compactMap { Self.uri($0["destinationNodeURI"]) })
                let urls = Set(competency.trainingRefs.compactMap { reference in framework.trainingOptions.first { $0.id == reference.id }?.url })
                #expect(exemplars == urls)
            }
        }
        // One rubric criterion per competency, each naming its item.
        let rubric = try #require((package["CFRubrics"] as? [[String: Any]])?.first)
        let criteria = try #require(rubric["CFRubricCriteria"] as? [[String: Any]])
        #expect(criteria.count == framework.competencies.count)
        let itemURIs = Set(items.compactMap { $0["uri"] as? String })
        #expect(criteria.allSatisfy { itemURIs.contains(Self.uri($0["CFItemURI"]) ?? "") })
    }

    @Test func educationLevelsAreCEDSCodesFromThePhases() throws {
        let package = try Self.package(try Self.edition("sandwell-2022"))
        let ceds: Set<String> = ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "AE", "OT"]
        for item in Self.items(package) {
            #expect(Set(item["educationLevel"] as? [String] ?? []).isSubset(of: ceds))
        }
        let earlyYearsOnly = try #require(Self.items(package).first {
            (($0["extensions"] as? [String: Any])?["competencykit"] as? [String: Any])?["phases"] as? [String] == ["early-years"]
        })
        #expect(earlyYearsOnly["educationLevel"] as? [String] == ["IT", "PR", "PK"])
        #expect((earlyYearsOnly["conceptKeywords"] as? [String])?.contains("Early years") == true)
    }

    @Test func lineageLinksLandOnTheBasesPublishedItems() throws {
        let library = try Self.library()
        let edition = try Self.edition("sandwell-2022")
        let package = try Self.package(edition, library: library)
        let base = try #require(library[edition.info.base])
        let basePackage = try #require(try JSONSerialization.jsonObject(with: Data(EditionCASEFormat.builder(for: base, library: library).package().serialised().utf8)) as? [String: Any])
        let baseItems = Set(Self.items(basePackage).compactMap { $0["uri"] as? String })
        let lineage = Self.associations(package).filter { ["exactMatchOf", "isRelatedTo"].contains($0["associationType"] as? String) && Self.uri($0["destinationNodeURI"])?.contains("yhscn") == true }
        #expect(lineage.count == edition.framework.competencies.filter { base.competencies.map(\.id).contains($0.id) }.count)
        for link in lineage {
            #expect(baseItems.contains(Self.uri(link["destinationNodeURI"]) ?? ""), "a lineage link lands on no published base item")
        }
        // The link type follows what CASE carries: a reworded statement is only related.
        let reworded = try #require(edition.provenance.first { $0.itemKind == .competency && $0.change == .reworded })
        let code = try #require(edition.framework.competencies.first { $0.id == reworded.itemID }?.code)
        let item = try #require(Self.items(package).first { $0["humanCodingScheme"] as? String == code })
        let link = try #require(lineage.first { Self.uri($0["originNodeURI"]) == item["uri"] as? String })
        #expect(link["associationType"] as? String == "isRelatedTo")
        #expect((link["notes"] as? String)?.contains(reworded.rationale) == true)
        #expect((item["notes"] as? String)?.contains(reworded.rationale) == true)
    }

    @Test func anEditionBuiltOnAnotherEditionLinksToThatEditionsItems() throws {
        let sandwell = try Self.edition("sandwell-2022")
        let sandwellPackage = try Self.package(sandwell)
        var library = try Self.library()
        library[sandwell.framework.metadata.reference] = sandwell.framework
        let profile = EditionProfile(
            id: "neighbour-2025", pluginID: "local-variant", base: sandwell.framework.metadata.reference,
            title: "A neighbour's edition", publisher: "A neighbouring council", version: "2025", date: "2025-04-01",
            baseURI: "https://www.neighbour.gov.uk/case/semh", audience: "Staff in the neighbouring borough.", description: "Sandwell's edition, adopted as it is.")
        let neighbour = try Self.edition("neighbour-2025", profile: profile, base: sandwell.framework)
        let package = try Self.package(neighbour, library: library)
        let published = Set(Self.items(sandwellPackage).compactMap { $0["uri"] as? String })
        let lineage = Self.associations(package).filter { $0["associationType"] as? String == "exactMatchOf" }
        #expect(lineage.count == neighbour.framework.competencies.count)
        #expect(lineage.allSatisfy { published.contains(Self.uri($0["destinationNodeURI"]) ?? "") })
    }

    @Test func aPublicationWhoseBaseIsItselfHasNoSelfLinks() throws {
        let library = try Self.library()
        let base = try #require(library[FrameworkReference(frameworkID: "in-it-together", version: "2019")])
        let builder = CASEPackageBuilder(framework: base, base: (base, CASEIdentity(base.metadata)), history: [base])
        let package = try #require(try JSONSerialization.jsonObject(with: Data(builder.package().serialised().utf8)) as? [String: Any])
        #expect(!Self.associations(package).contains { Self.uri($0["originNodeURI"]) == Self.uri($0["destinationNodeURI"]) })
        #expect(!Self.associations(package).contains { $0["associationType"] as? String == "exactMatchOf" })
    }

    @Test func recordsCarryTheDateOfTheirLastChange() throws {
        let edition = try Self.edition("sandwell-2022")
        let package = try Self.package(edition)
        let library = try Self.library()
        let older = try #require(library[FrameworkReference(frameworkID: "in-it-together", version: "2017")])
        func date(_ code: String) -> String? {
            (Self.items(package).first { $0["humanCodingScheme"] as? String == code }?["lastChangeDateTime"] as? String).map { String($0.prefix(10)) }
        }
        let reworded = try #require(edition.provenance.first { $0.itemKind == .competency && $0.change == .reworded })
        let rewordedCode = try #require(edition.framework.competencies.first { $0.id == reworded.itemID }?.code)
        #expect(date(rewordedCode) == edition.framework.metadata.date)
        // A competency Sandwell kept as it was, whose text has not changed since 2017.
        let unchanged = try #require(edition.framework.competencies.first { competency in
            edition.change(of: .competency, competency.id) == .unchanged
                && older.competencies.first { $0.id == competency.id }.map { CASEPackageBuilder.caseView($0, in: older) == CASEPackageBuilder.caseView(competency, in: edition.framework) } == true
        })
        #expect(date(unchanged.code) == older.metadata.date)
        let documentDate = (package["CFDocument"] as? [String: Any])?["lastChangeDateTime"] as? String ?? ""
        #expect(documentDate.hasPrefix(edition.framework.metadata.date))
    }

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let edition = try Self.edition("sandwell-2022")
        let library = try Self.library()
        let options = WriterOptions(frameworks: library)
        #expect(try EditionCASEFormat().render(edition, options: options) == EditionCASEFormat().render(edition, options: options))
    }

    @Test func theStaticTreeHasOneFileAtEachRecordsURI() throws {
        let edition = try Self.edition("national-workshops")
        let artifacts = try EditionCASEAPIFormat().render(edition, options: WriterOptions(frameworks: try Self.library()))
        let package = try Self.package(edition)
        for record in Self.items(package) + Self.associations(package) {
            let uri = try #require(record["uri"] as? String)
            let path = "case-api/ims/case/v1p1/" + uri.components(separatedBy: "/ims/case/v1p1/").last!
            #expect(artifacts.contains { $0.relativePath == path }, "no file at \(path)")
        }
        #expect(artifacts.contains { $0.relativePath.hasPrefix("case-api/ims/case/v1p1/CFPackages/") })
    }
}
