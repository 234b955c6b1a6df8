import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Testing
import XMLSupport

@Suite("framework XML writer")
struct FrameworkXMLWriterTests {
    @Test(arguments: ["2019", "2017"])
    func readWriteReadGivesTheSameFramework(version: String) throws {
        let path = Repo.path("Frameworks/in-it-together/\(version).xml")
        let first = try FrameworkLoader().load(contentsOf: path)
        #expect(first.diagnostics.isEmpty, "\(first.diagnostics.map(\.formatted))")
        let framework = try #require(first.framework)
        #expect(framework.competencies.count > 50)

        let written = FrameworkXMLWriter().write(framework)
        let second = try FrameworkLoader().load(bytes: Array(written.utf8), path: "written-\(version).xml")
        #expect(second.diagnostics.isEmpty, "\(second.diagnostics.map(\.formatted))")
        let reread = try #require(second.framework)
        #expect(reread == framework)
        // Writing is a function of the content alone.
        #expect(FrameworkXMLWriter().write(reread) == written)
    }

    @Test func writtenTextEscapesMarkup() throws {
        var framework = try Shipped.base()
        framework.areas[0].competencies[0].statement = #"Uses <tags> & "quotes" and 'apostrophes' > safely."#
        framework.groups[0].roles[0].name = "Staff & <volunteers>"
        let written = FrameworkXMLWriter().write(framework)
        let reread = try FrameworkLoader().load(bytes: Array(written.utf8), path: "escaped.xml")
        #expect(reread.framework == framework)
        #expect(!written.contains("<tags>"))
    }

    @Test(arguments: Shipped.ids)
    func editionXMLValidatesAgainstTheShippedFrameworkSchema(id: String) throws {
        let edition = try Shipped.build(id)
        let artifacts = try EditionXMLFormat().render(edition)
        #expect(artifacts.map(\.relativePath) == ["\(id).xml"])
        let bytes = try #require(artifacts.first).bytes

        let embedded = try XMLSchema(text: EmbeddedSchemas.framework, name: "framework.xsd")
        let result = try XMLReader().read(bytes, schema: embedded)
        #expect(result.schemaIssues.isEmpty, "\(result.schemaIssues.map { "\($0.position.line):\($0.position.column) \($0.message)" })")
        #expect(result.root.name == "framework")
        #expect(result.root.child("edition")?.attribute("id")?.value == id)

        // The schema file users see is the one the binary embeds.
        let onDisk = try XMLSchema(text: Repo.text("Frameworks/schema/framework.xsd"), name: "framework.xsd")
        #expect(try XMLReader().read(bytes, schema: onDisk).schemaIssues.isEmpty)
    }

    @Test(arguments: Shipped.ids)
    func editionXMLReadsBackAsTheEditionsFramework(id: String) throws {
        let edition = try Shipped.build(id)
        let bytes = try #require(try EditionXMLFormat().render(edition).first).bytes
        let loaded = try FrameworkLoader().load(bytes: bytes, path: "\(id).xml")
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics.map(\.formatted))")
        #expect(loaded.framework == edition.framework)
    }

    @Test func brokenOutputIsCaughtBySchemaValidation() throws {
        // Guards the test above against a schema that accepts anything.
        let edition = try Shipped.build("sandwell-2022")
        let text = FrameworkXMLWriter().write(edition.framework, edition: edition)
            .replacingOccurrences(of: "<statement>", with: "<wording>")
            .replacingOccurrences(of: "</statement>", with: "</wording>")
        let schema = try XMLSchema(text: EmbeddedSchemas.framework, name: "framework.xsd")
        #expect(!(try XMLReader().read(Array(text.utf8), schema: schema).schemaIssues.isEmpty))
    }
}
