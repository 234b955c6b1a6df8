import CompetencyModel
import Foundation
import OutputFormats
import Testing
import XMLSupport

@Suite("Word output: determinism and packaging")
struct WordPackagingTests {
    @Test func theEditionBuilds() throws {
        let edition = try WordFixtures.buildSandwell()
        #expect(edition.info.id == WordFixtures.editionID)
        #expect(edition.info.perPhaseDocuments)
        #expect(edition.framework.phases.count == 4)
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        let edition = try WordFixtures.edition()
        let first = try EditionDocxFormat().render(edition)
        let second = try EditionDocxFormat().render(edition)
        #expect(first.map(\.relativePath) == second.map(\.relativePath))
        #expect(first == second)
        let flatFirst = try EditionFlatOPCFormat().render(edition)
        let flatSecond = try EditionFlatOPCFormat().render(edition)
        #expect(flatFirst == flatSecond)
        #expect(flatFirst.map(\.relativePath) == ["\(WordFixtures.editionID).flat.xml"])
    }

    @Test func docxAndFlatOPCHoldTheSamePartsAndXML() throws {
        let docx = try WordFixtures.package()
        let flatBytes = try #require(WordFixtures.flatArtifacts?.first).bytes
        let flat = try XMLReader().readFlatOPC(flatBytes)
        #expect(docx.parts.map(\.name) == flat.map(\.name))
        #expect(docx.parts.count == 9)
        for part in flat {
            let match = try #require(docx.part(named: part.name))
            if part.contentType.hasSuffix("xml") {
                #expect(try XMLShape(bytes: match.bytes) == XMLShape(bytes: part.bytes), "\(part.name) differs")
            } else {
                #expect(match.bytes == part.bytes, "\(part.name) differs")
            }
        }
    }

    @Test func docxAndFlatOPCAgreeOnContentTypes() throws {
        let docx = try WordFixtures.package()
        let flat = try XMLReader().readFlatOPC(try #require(WordFixtures.flatArtifacts?.first).bytes)
        for part in flat {
            #expect(docx.part(named: part.name)?.contentType == part.contentType, "content type of \(part.name)")
        }
    }

    @Test func flatOPCDropsEachPartsBOMAndDeclarationButKeepsItsContent() throws {
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\"?>\r\n  <a>é ?&gt; </a>\n".utf8)
        let package = OPCPackage(parts: [
            .init(name: "word/a.xml", contentType: "application/xml", bytes: withBOM),
            .init(name: "word/b.xml", contentType: "application/xml", xml: "<b> ?> </b>"),
        ])
        let flat = String(decoding: package.flatOPC(), as: UTF8.self)
        #expect(flat.contains("<pkg:xmlData><a>é ?&gt; </a></pkg:xmlData>"))
        #expect(flat.contains("<pkg:xmlData><b> ?> </b></pkg:xmlData>"))
        #expect(!flat.contains("\u{FEFF}"))
        let parts = try XMLReader().readFlatOPC(Array(flat.utf8))
        #expect(parts.map(\.name) == ["word/a.xml", "word/b.xml"])
    }

    @Test func readingADocxKeepsTheRelationshipsTypeOfTheRootRels() throws {
        let relationships = "application/vnd.openxmlformats-package.relationships+xml"
        let package = OPCPackage(parts: [
            .init(name: "_rels/.rels", contentType: relationships, xml: "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"),
            .init(name: "word/_rels/document.xml.rels", contentType: relationships, xml: "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"),
        ])
        let reread = try OPCPackage.readDocx(try package.docx())
        #expect(reread.part(named: "word/_rels/document.xml.rels")?.contentType == relationships)
        // `[Content_Types].xml` gives every .rels part the relationships type by default,
        // including the root `_rels/.rels`, whose name is all extension.
        #expect(reread.part(named: "_rels/.rels")?.contentType == relationships)
        // A part read back must be written back the same way: as XML in Flat OPC.
        #expect(String(decoding: reread.flatOPC(), as: UTF8.self).contains("<pkg:part pkg:name=\"/_rels/.rels\" pkg:contentType=\"\(relationships)\"><pkg:xmlData>"))
    }

    @Test func zipEntriesCarryTheFixedTimestampAndContentTypesComeFirst() throws {
        for artifact in try #require(WordFixtures.docxArtifacts) {
            let entries = try ZipEntryHeader.read(artifact.bytes)
            let package = try OPCPackage.readDocx(artifact.bytes)
            #expect(entries.map(\.name) == ["[Content_Types].xml"] + package.parts.map(\.name), "\(artifact.relativePath)")
            for entry in entries {
                #expect(entry.centralDate == ZipEntryHeader.dosDate1980, "\(artifact.relativePath) \(entry.name)")
                #expect(entry.centralTime == ZipEntryHeader.dosTimeMidnight)
                #expect(entry.localDate == ZipEntryHeader.dosDate1980)
                #expect(entry.localTime == ZipEntryHeader.dosTimeMidnight)
            }
        }
    }

    @Test func perPhaseDocumentsExistForEveryPhase() throws {
        let edition = try WordFixtures.edition()
        let names = try #require(WordFixtures.docxArtifacts).map(\.relativePath)
        let expected = ["\(WordFixtures.editionID).docx"] + edition.framework.phases.map { "\(WordFixtures.editionID)-\($0.id).docx" }
        #expect(names == expected)
        #expect(names.count == 5)
    }

    @Test func eachPhaseDocumentHoldsOnlyThatPhasesStatements() throws {
        let edition = try WordFixtures.edition()
        let competencies = edition.framework.competencies
        for phase in edition.framework.phases {
            let package = try WordFixtures.package("\(WordFixtures.editionID)-\(phase.id).docx")
            let texts = Set(try package.wordTree("word/document.xml").runTexts)
            let inPhase = competencies.filter { $0.phaseIDs.contains(phase.id) }
            let outOfPhase = competencies.filter { !$0.phaseIDs.contains(phase.id) }
            #expect(!inPhase.isEmpty && !outOfPhase.isEmpty)
            // A statement only this phase has, if any, else one it shares with some phases.
            let own = try #require(
                inPhase.first { $0.phaseIDs == [phase.id] } ?? inPhase.first { $0.phaseIDs.count < edition.framework.phases.count })
            #expect(texts.contains(own.statement), "\(phase.id) document lacks \(own.id)")
            for competency in inPhase {
                #expect(texts.contains(competency.statement), "\(phase.id) document lacks \(competency.id)")
            }
            for competency in outOfPhase {
                #expect(!texts.contains(competency.statement), "\(phase.id) document has \(competency.id), which lacks that phase")
            }
            let title = try package.wordXML("docProps/core.xml")
            #expect(title.contains("<dc:title>\(edition.framework.metadata.title): \(phase.name)</dc:title>"))
        }
        // The whole document has every statement.
        let whole = Set(try WordFixtures.package().wordTree("word/document.xml").runTexts)
        for competency in competencies {
            #expect(whole.contains(competency.statement), "whole document lacks \(competency.id)")
        }
    }
}

@Suite("Word output: structure and accessibility")
struct WordStructureTests {
    @Test func headingsAndTitleUseBuiltInStyles() throws {
        let root = try WordFixtures.package().wordTree("word/document.xml")
        let paragraphs = wordElements(root).filter { $0.name == "p" && $0.namespaceURI == wordMainNamespace }
        let styles = paragraphs.compactMap(\.paragraphStyle)
        #expect(styles.first == "Title")
        #expect(styles.filter { $0 == "Title" }.count == 1)
        #expect(styles.contains("Heading1"))
        #expect(styles.contains("Heading2"))
        let edition = try WordFixtures.edition()
        let headings1 = paragraphs.filter { $0.paragraphStyle == "Heading1" }.map { $0.runTexts.joined() }
        for phase in edition.framework.phases {
            #expect(headings1.contains("\(phase.name) competencies"))
        }
        let headings2 = Set(paragraphs.filter { $0.paragraphStyle == "Heading2" }.map { $0.runTexts.joined() })
        for area in edition.framework.areas {
            #expect(headings2.contains(area.name))
        }
        // Every paragraph that has text has a named style.
        for paragraph in paragraphs where !paragraph.runTexts.joined().isEmpty {
            #expect(paragraph.paragraphStyle != nil)
        }
    }

    @Test func everyTableHasARepeatingHeaderRow() throws {
        for artifact in try #require(WordFixtures.docxArtifacts) {
            let root = try OPCPackage.readDocx(artifact.bytes).wordTree("word/document.xml")
            let tables = wordElements(root).filter { $0.name == "tbl" && $0.namespaceURI == wordMainNamespace }
            #expect(tables.count > 5)
            for table in tables {
                let rows = table.children.filter { $0.name == "tr" }
                let first = try #require(rows.first)
                #expect(first.wChild("trPr")?.wChild("tblHeader") != nil, "\(artifact.relativePath): a table's first row is not a header row")
                for row in rows.dropFirst() {
                    #expect(row.wChild("trPr")?.wChild("tblHeader") == nil)
                }
                #expect(table.wChild("tblPr")?.wChild("tblCaption")?.w("val")?.isEmpty == false)
            }
        }
    }

    @Test func stylesAreBritishEnglish() throws {
        let styles = try WordFixtures.package().wordXML("word/styles.xml")
        #expect(styles.contains("<w:lang w:val=\"en-GB\""))
        #expect(!styles.contains("en-US"))
        for id in ["Title", "Heading1", "Heading2", "CKTable", "CKEnhancement"] {
            #expect(styles.contains("w:styleId=\"\(id)\""))
        }
    }

    @Test func corePropertiesCarryTheEditionsTitleLanguageAndDate() throws {
        let edition = try WordFixtures.edition()
        let profile = try WordFixtures.text("Frameworks/editions/\(WordFixtures.editionID).xml")
        let start = try #require(profile.range(of: "<date>"))
        let date = String(profile[start.upperBound...].prefix(10))
        #expect(date == edition.framework.metadata.date)
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(date != formatter.string(from: Date()))

        let core = try WordFixtures.package().wordTree("docProps/core.xml")
        func value(_ name: String) -> String? { core.children.first { $0.name == name }?.text }
        #expect(value("title") == edition.framework.metadata.title)
        #expect(value("language") == "en-GB")
        #expect(value("created") == "\(date)T00:00:00Z")
        #expect(value("modified") == "\(date)T00:00:00Z")
        #expect(core.children.first { $0.name == "title" }?.namespaceURI == "http://purl.org/dc/elements/1.1/")
        #expect(core.children.first { $0.name == "created" }?.namespaceURI == "http://purl.org/dc/terms/")
    }

    @Test func enhancementsStartWithABoldLabel() throws {
        let edition = try WordFixtures.edition()
        let label = try #require(edition.info.enhancementLabel)
        let root = try WordFixtures.package().wordTree("word/document.xml")
        let paragraphs = wordElements(root).filter { $0.name == "p" && $0.paragraphStyle == "CKEnhancement" }
        let enhancements = edition.framework.competencies.flatMap(\.enhancements)
        #expect(!enhancements.isEmpty)
        #expect(paragraphs.count >= enhancements.count)
        for paragraph in paragraphs {
            let runs = paragraph.children.filter { $0.name == "r" }
            let first = try #require(runs.first)
            #expect(first.wChild("rPr")?.wChild("b") != nil, "the label is not bold")
            #expect(first.runTexts.joined() == "\(label): ")
            // An abbreviation's first use is spelled out; read it back in short form.
            var rest = runs.dropFirst().flatMap(\.runTexts).joined()
            for abbreviation in edition.publication?.abbreviations ?? [] {
                rest = rest.replacingOccurrences(of: "\(abbreviation.expansion) (\(abbreviation.term))", with: abbreviation.term)
            }
            #expect(enhancements.contains(rest), "unexpected enhancement text: \(rest)")
        }
        let texts = paragraphs.map { paragraph in
            (edition.publication?.abbreviations ?? []).reduce(paragraph.runTexts.dropFirst().joined()) { text, abbreviation in
                text.replacingOccurrences(of: "\(abbreviation.expansion) (\(abbreviation.term))", with: abbreviation.term)
            }
        }
        for enhancement in enhancements {
            #expect(texts.contains(enhancement))
        }
    }
}
