import CompetencyModel
import Foundation
import OutputFormats
import Testing

/// Writers lay an edition out from the sections its plugin chose, not from which built-in
/// plugin made it: a new plugin can mix sections and every writer follows.
@Suite("edition sections")
struct EditionSectionsTests {
    static func paragraphs(_ edition: Edition) throws -> [String] {
        let main = try #require(try EditionDocxFormat().render(edition).first { $0.relativePath == "\(edition.info.id).docx" })
        let tree = try OPCPackage.readDocx(main.bytes).wordTree("word/document.xml")
        return wordElements(tree).filter { $0.name == "p" }.map { $0.runTexts.joined() }
    }

    static func pages(_ edition: Edition) throws -> [String] {
        try EditionHTMLFormat().render(edition).map(\.relativePath).filter { $0.hasSuffix(".html") }.sorted()
    }

    @Test func aPluginCanPutWorkshopsIntoASelfAssessmentFramework() throws {
        // The workshop edition's content, laid out as a framework staff assess themselves
        // against, with its workshops and questionnaire as well.
        var edition = try Shipped.build("national-workshops")
        edition.sections = EditionSection.selfAssessmentFramework + [.keyMessages, .workshops, .questionnaire]
        let texts = try Self.paragraphs(edition)
        #expect(texts.contains("How to use it"))
        #expect(texts.contains("Competency groups"))
        #expect(!texts.contains("Who the workshops are for"))
        #expect(texts.contains("Self-assessment"))
        #expect(texts.contains("Key messages"))
        #expect(texts.contains { $0.hasPrefix("Workshop 1: ") })
        #expect(texts.contains("Evaluation questionnaire"))
        let phase = try #require(edition.framework.phases.first)
        #expect(texts.contains("\(phase.name) competencies"))
        // Sections come in the plugin's order.
        let selfAssessment = try #require(texts.firstIndex(of: "Self-assessment"))
        let keyMessages = try #require(texts.firstIndex(of: "Key messages"))
        #expect(selfAssessment < keyMessages)

        let pages = try Self.pages(edition)
        #expect(pages.contains("site/self-assessment.html") && pages.contains("site/workshops.html") && pages.contains("site/questionnaire.html"), "\(pages)")
    }

    @Test func aSectionLeftOutIsInNoWriter() throws {
        var edition = try Shipped.build("sandwell-2022")
        #expect(edition.sections == EditionSection.selfAssessmentFramework)
        edition.sections.removeAll { $0 == .selfAssessment || $0 == .howToUse }
        let texts = try Self.paragraphs(edition)
        #expect(!texts.contains("Self-assessment"))
        #expect(!texts.contains("How to use it"))
        #expect(texts.contains("Competency groups"))
        #expect(!(try Self.pages(edition)).contains("site/self-assessment.html"))
        let index = try #require(try EditionHTMLFormat().render(edition).first { $0.relativePath == "site/index.html" })
        #expect(!String(decoding: index.bytes, as: UTF8.self).contains("How to use it"))
    }

    @Test func theWordSubjectIsTheFrameworksOwn() throws {
        var edition = try Shipped.build("sandwell-2022")
        edition.framework.metadata.subject = "Speech, language and communication"
        let main = try #require(try EditionDocxFormat().render(edition).first)
        let core = try OPCPackage.readDocx(main.bytes).wordXML("docProps/core.xml")
        #expect(core.contains("<dc:subject>Speech, language and communication competencies: "), "\(core)")
        #expect(core.contains("<cp:keywords>competency framework; speech, language and communication; sandwell-2022</cp:keywords>"), "\(core)")
        #expect(!core.contains("mental health"))
    }
}
