import Foundation
import FrameworkLoading
import Testing
import XMLSupport

@Suite("EmbeddedSchemas")
struct EmbeddedSchemasTests {
    @Test func embeddedCopiesMatchTheShippedFilesByteForByte() throws {
        // Every XSD is compiled in (the JSON Schemas there are for exported files and are
        // checked by Scripts/check-outputs, not embedded). A new XSD needs a link in
        // Sources/FrameworkLoading/Schemas/ and an .embedInCode line in Package.swift.
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.schemaDirectory.path)
            .filter { $0.hasSuffix(".xsd") }
        #expect(files.contains("framework.xsd"))
        #expect(Set(EmbeddedSchemas.all.keys) == Set(files), "link the new schema from Sources/FrameworkLoading/Schemas/ and embed it in Package.swift")
        for name in files {
            let onDisk = try Data(contentsOf: Paths.schemaDirectory.appendingPathComponent(name))
            let embedded = try #require(EmbeddedSchemas.all[name])
            #expect(Data(embedded.utf8) == onDisk, "\(name): the compiled-in copy differs from Frameworks/schema/\(name); rebuild")
        }
        #expect(EmbeddedSchemas.all["framework.xsd"] == EmbeddedSchemas.framework)
    }

    @Test(arguments: EmbeddedSchemas.all.keys.filter { $0.hasSuffix(".xsd") }.sorted())
    func embeddedSchemaCompiles(name: String) throws {
        let text = try #require(EmbeddedSchemas.all[name])
        let schema = try XMLSchema(text: text, name: name)
        #expect(schema.name == name)
    }

    @Test func loaderSchemaIsTheEmbeddedFrameworkSchema() throws {
        // The loader's compiled schema accepts valid.xml and rejects a document the XSD forbids.
        let valid = try XMLReader().read(Array(try validText.utf8), schema: try FrameworkLoader.schema())
        #expect(valid.schemaIssues.isEmpty)
        let invalid = try XMLReader().read(Array("<framework xmlns=\"urn:competencykit:framework:1\" id=\"x\" version=\"1\"/>".utf8), schema: try FrameworkLoader.schema())
        #expect(!invalid.schemaIssues.isEmpty)
    }
}
