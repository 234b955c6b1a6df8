import CASEImport
import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import TestSupport
import Testing

enum ImportRepo: RepositoryFileAccess {
    static var frameworkFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path("Frameworks/in-it-together"))) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted().map { "Frameworks/in-it-together/\($0)" }
    }

    static var editionIDs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path("Frameworks/editions"))) ?? [])
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func library() throws -> [FrameworkReference: Framework] {
        var library: [FrameworkReference: Framework] = [:]
        for file in frameworkFiles {
            let framework = try #require(try FrameworkLoader().load(contentsOf: path(file)).framework)
            library[framework.metadata.reference] = framework
        }
        return library
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/opensalt/\(name)", withExtension: "json"))
        return [UInt8](try Data(contentsOf: url))
    }

    /// Imports package JSON; the framework must also pass the loader (schema and rules).
    static func importing(_ bytes: [UInt8], file: String = "p.json") throws -> (framework: Framework, diagnostics: [Diagnostic]) {
        let result = CASEImporter().run(try JSONReader().read(bytes), file: file)
        let framework = try #require(result.framework, "\(result.diagnostics.map(\.formatted))")
        let checked = try FrameworkLoader().load(bytes: Array(FrameworkXMLWriter().write(framework).utf8), path: "imported.xml")
        #expect(!checked.diagnostics.hasErrors, "\(checked.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
        return (framework, result.diagnostics)
    }
}

@Suite("CASE import round trip")
struct CASEImportRoundTripTests {
    @Test(arguments: ImportRepo.frameworkFiles)
    func aFrameworkVersionsPackageImportsBackToTheSameFramework(_ file: String) throws {
        let library = try ImportRepo.library()
        let original = try #require(try FrameworkLoader().load(contentsOf: ImportRepo.path(file)).framework)
        let package = EditionCASEFormat.builder(for: original, library: library).package().serialised()
        let (imported, diagnostics) = try ImportRepo.importing(Array(package.utf8))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(imported == original)
        #expect(FrameworkXMLWriter().write(imported) == FrameworkXMLWriter().write(original))
    }

    @Test(arguments: ImportRepo.editionIDs)
    func anEditionsPackageImportsBackToTheEditionsFramework(_ id: String) throws {
        let library = try ImportRepo.library()
        let profile = try #require(try EditionProfileLoader().load(contentsOf: ImportRepo.path("Frameworks/editions/\(id).xml")).profile)
        let base = try #require(library[profile.base])
        let edition = try #require(PluginRegistry.builtIn.plugin(id: profile.pluginID)).adapt(base, profile: profile)
        let package = try #require(try EditionCASEFormat().render(edition, options: WriterOptions(frameworks: library)).first)
        let (imported, diagnostics) = try ImportRepo.importing(package.bytes)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(imported == edition.framework)
    }

    @Test func importExportImportIsStableForAThirdPartyPackage() throws {
        let (first, _) = try ImportRepo.importing(try ImportRepo.fixture("Ordering"))
        let package = CASEPackageBuilder(framework: first).package().serialised()
        let (second, diagnostics) = try ImportRepo.importing(Array(package.utf8))
        #expect(second == first)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    }
}

@Suite("CASE import of packages we did not write")
struct ThirdPartyCASEImportTests {
    @Test func actsDeepMathsFrameworkFlattensItsHeadingsAndSaysSo() throws {
        let (framework, diagnostics) = try ImportRepo.importing(try ImportRepo.fixture("Ordering"), file: "Ordering.json")
        #expect(framework.metadata.title == "ACT Holistic Framework, Math")
        #expect(framework.competencies.count == 24)
        #expect(framework.areas.count == 1)
        let headings = try #require(diagnostics.first { $0.message.contains("headings between an area and its competencies") })
        #expect(headings.code == "CS103")
        #expect(headings.message.hasSuffix("(at /CFItems/1)"))
        #expect(headings.location?.line == 1 && headings.location?.column ?? 0 > 1)
        let codes = try #require(diagnostics.first { $0.code == "CS104" })
        #expect(codes.message.contains("'H.A.MATH.GM.PF.2DFP.L1.1'"))
        // Everything defaulted is said once, not once per item.
        #expect(diagnostics.count == Set(diagnostics.map(\.message)).count)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func smartLevelsTwoTopLevelItemsBecomeTwoAreasWithTheirOwnCodes() throws {
        let (framework, diagnostics) = try ImportRepo.importing(try ImportRepo.fixture("SmartLevelFramework"), file: "SmartLevelFramework.json")
        #expect(framework.areas.count == 2)
        #expect(framework.competencies.count == 12)
        #expect(Set(framework.competencies.map(\.code)).count == 12)
        #expect(diagnostics.contains { $0.code == "CS102" && $0.message.contains("one group, 'everyone'") })
        #expect(diagnostics.contains { $0.code == "CS102" && $0.message.contains("four-point self-assessment scale") })
    }
}

@Suite("CASE import refuses what it cannot read")
struct CASEImportErrorTests {
    static func failure(_ text: String) -> JSONReader.Failure? {
        do {
            _ = try JSONReader().read(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func brokenJSONIsLocated() throws {
        let truncated = try #require(Self.failure("{\n  \"CFDocument\": {\n    \"title\": \"A"))
        #expect(truncated.message.contains("never closed"))
        #expect(truncated.line == 3)
        let comma = try #require(Self.failure("{\"a\": 1,}"))
        #expect(comma.message.contains("quoted member name"))
        #expect(comma.column == 9)
        #expect(Self.failure(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))?.message.contains("nests more than") == true)
        #expect(Self.failure("{\"a\": \"\\x\"}")?.message.contains("unknown escape") == true)
        #expect(Self.failure("{} x")?.message.contains("more after") == true)
    }

    @Test func positionsAndPointersAreKept() throws {
        let root = try JSONReader().read(Array("{\n  \"CFItems\": [\n    {\"a/b\": \"é\", \"x\": 2}\n  ]\n}".utf8))
        let item = try #require(root["CFItems"]?.array.first)
        #expect(item.pointer == "/CFItems/0")
        #expect(item.line == 3 && item.column == 5)
        #expect(item["a/b"]?.pointer == "/CFItems/0/a~1b")
        #expect(item["x"]?.column == 23)
        #expect(item["a/b"]?.string == "é")
    }

    /// Found by the fuzzer: an item with the document's own identifier is its own parent,
    /// and following children recursed until the stack ran out.
    @Test func anItemThatIsItsOwnParentIsPlacedOnce() throws {
        func item(_ id: String, _ text: String) -> String { "{\"identifier\": \"\(id)\", \"uri\": \"urn:uuid:\(id)\", \"fullStatement\": \"\(text)\", \"lastChangeDateTime\": \"2024-01-01T00:00:00Z\"}" }
        func link(_ child: String, _ parent: String) -> String {
            "{\"identifier\": \"\(child)-\(parent)\", \"uri\": \"urn:uuid:x\", \"associationType\": \"isChildOf\", \"lastChangeDateTime\": \"2024-01-01T00:00:00Z\", "
                + "\"originNodeURI\": {\"title\": \"\", \"identifier\": \"\(child)\", \"uri\": \"urn:uuid:\(child)\"}, "
                + "\"destinationNodeURI\": {\"title\": \"\", \"identifier\": \"\(parent)\", \"uri\": \"urn:uuid:\(parent)\"}}"
        }
        let json = "{\"CFDocument\": {\"identifier\": \"same\", \"uri\": \"urn:uuid:same\", \"title\": \"Loop\", \"creator\": \"Us\", \"lastChangeDateTime\": \"2024-01-01T00:00:00Z\"}, "
            + "\"CFItems\": [\(item("same", "Area")), \(item("a", "Knows one thing."))], "
            + "\"CFAssociations\": [\(link("same", "same")), \(link("a", "same"))]}"
        let result = CASEImporter().run(try JSONReader().read(Array(json.utf8)), file: "loop.json")
        #expect(result.diagnostics.contains { $0.message.contains("loop back on themselves") }, "\(result.diagnostics.map(\.formatted))")
    }

    @Test func aJSONFileThatIsNotAPackageSaysWhatToGive() throws {
        let result = CASEImporter().run(try JSONReader().read(Array("{\"identifier\": \"x\", \"fullStatement\": \"y\"}".utf8)), file: "item.json")
        #expect(result.framework == nil)
        let error = try #require(result.diagnostics.first)
        #expect(error.code == "CS101")
        #expect(error.message.contains("not a CASE CFPackage"))
    }
}
