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

    static func sandwell() throws -> Edition {
        let base = try #require(try FrameworkLoader().load(contentsOf: Repo.path("Frameworks/in-it-together/2019.xml")).framework)
        let profile = try #require(try EditionProfileLoader().load(contentsOf: Repo.path("Frameworks/editions/sandwell-2022.xml")).profile)
        return try LocalVariantPlugin().adapt(base, profile: profile)
    }

    static func render(_ edition: Edition) throws -> Artifact {
        let artifacts = try EditionCASEFormat().render(edition)
        #expect(artifacts.map(\.relativePath) == ["\(edition.info.id).case.json"])
        return try #require(artifacts.first)
    }

    /// Identifiers of the records themselves; links (members named …URI) repeat them by design.
    static func recordIdentifiers(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            var found = (object["identifier"] as? String).map { [$0] } ?? []
            for (key, member) in object where !key.hasSuffix("URI") { found += recordIdentifiers(member) }
            return found
        }
        if let array = value as? [Any] { return array.flatMap(recordIdentifiers) }
        return []
    }

    @Test func sandwellPackageHasTheFrameworkAndNothingExcluded() throws {
        let edition = try Self.sandwell()
        let artifact = try Self.render(edition)
        let package = try #require(try JSONSerialization.jsonObject(with: Data(artifact.bytes)) as? [String: Any])
        let items = try #require(package["CFItems"] as? [[String: Any]])
        let associations = try #require(package["CFAssociations"] as? [[String: Any]])
        let document = try #require(package["CFDocument"] as? [String: Any])
        #expect(document["lastChangeDateTime"] as? String == "2022-12-07T00:00:00+00:00")
        #expect(document["creator"] as? String == edition.framework.metadata.publisher)

        // One item per area and one per competency.
        let framework = edition.framework
        #expect(items.count == framework.areas.count + framework.competencies.count)
        let uris = Set(items.compactMap { $0["uri"] as? String })
        for area in framework.areas {
            #expect(uris.contains("urn:competencykit:sandwell-2022:area:\(area.id)"))
            for competency in area.competencies {
                let uri = "urn:competencykit:sandwell-2022:item:\(competency.id)"
                let item = try #require(items.first { $0["uri"] as? String == uri })
                #expect(item["fullStatement"] as? String == competency.statement)
                #expect(item["humanCodingScheme"] as? String == competency.code)
                // …and each sits under its area.
                let parent = associations.first {
                    $0["associationType"] as? String == "isChildOf"
                        && ($0["originNodeURI"] as? [String: Any])?["uri"] as? String == uri
                }
                #expect((parent?["destinationNodeURI"] as? [String: Any])?["uri"] as? String
                    == "urn:competencykit:sandwell-2022:area:\(area.id)", "\(competency.id) has no isChildOf to its area")
            }
        }

        // Identifiers are unique and fit the schema's UUID pattern.
        let identifiers = Self.recordIdentifiers(package)
        #expect(identifiers.count == Set(identifiers).count)
        let schemaData = try Data(contentsOf: URL(fileURLWithPath: Repo.path("Frameworks/schema/case-v1p1-cfpackage-schema.json")))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let itemType = try #require(definitions["CFPckgItemDType"] as? [String: Any])
        let properties = try #require(itemType["properties"] as? [String: Any])
        let pattern = try #require((properties["identifier"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: "^(?:\(pattern))$")
        for identifier in identifiers + associations.compactMap({ ($0["destinationNodeURI"] as? [String: Any])?["identifier"] as? String }) {
            let range = NSRange(identifier.startIndex..., in: identifier)
            #expect(regex.firstMatch(in: identifier, range: range) != nil, "\(identifier) does not match \(pattern)")
        }

        // la-06 was excluded from Sandwell: neither its id nor its statement appears.
        let base = try #require(try FrameworkLoader().load(contentsOf: Repo.path("Frameworks/in-it-together/2019.xml")).framework)
        let excluded = try #require(base.competencies.first { $0.id == "la-06" })
        #expect(!artifact.bytes.contains(utf8: "la-06"))
        #expect(!artifact.bytes.contains(utf8: excluded.statement))
        #expect(artifact.bytes.contains(utf8: "la-01"))
    }

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let first = try Self.render(try Self.sandwell())
        let second = try Self.render(try Self.sandwell())
        #expect(first.bytes == second.bytes)
    }
}
