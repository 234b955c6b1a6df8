import CompetencyModel
import Foundation
import OutputFormats
import TestSupport
import Testing
import XMLSupport

/// What makes a Word edition fit to post and to fill in: training beside each statement,
/// forms that Word can fill in and a script can read back, and the pagination rules that
/// keep headings, introductions and short tables with what they belong to.
@Suite("Word output: publishable editions")
struct PublishableWordTests {
    static let phaseDocument = "\(WordFixtures.editionID)-early-years.docx"

    static func paragraphs(_ name: String) throws -> [XMLSupport.XMLElement] {
        let root = try WordFixtures.package(name).wordTree("word/document.xml")
        return wordElements(root).filter { $0.name == "p" && $0.namespaceURI == wordMainNamespace }
    }

    @Test func everyCompetencyTableRowNamesItsTrainingAsLinks() throws {
        let edition = try WordFixtures.edition()
        let titles = Dictionary(uniqueKeysWithValues: edition.framework.trainingOptions.map { ($0.id, $0.title) })
        let package = try WordFixtures.package()
        let root = try package.wordTree("word/document.xml")
        let rows = wordElements(root).filter { $0.name == "tr" }
        for competency in edition.framework.competencies {
            let row = rows.first { row in wordElements(row).contains { $0.name == "p" && $0.runTexts.joined() == competency.statement } }
            let text = try #require(row, "no table row holds \(competency.code)").runTexts.joined()
            let names = competency.trainingRefs.compactMap { titles[$0.id] }
            #expect(!names.isEmpty && names.allSatisfy(text.contains), "\(competency.code): its row does not name all of its training")
        }
        // Training titles are link text, not bare addresses.
        let links = wordElements(root).filter { $0.name == "hyperlink" && $0.w("anchor") == nil }
        #expect(!links.isEmpty)
        for link in links {
            #expect(!link.runTexts.joined().hasPrefix("http"), "a link's text is a bare URL: \(link.runTexts.joined())")
        }
    }

    @Test func aPhaseDocumentListsOnlyTheTrainingItsCompetenciesUse() throws {
        let edition = try WordFixtures.edition()
        let phase = "early-years"
        let used = Set(edition.framework.competencies.filter { $0.phaseIDs.contains(phase) }.flatMap { $0.trainingRefs.map(\.id) })
        let unused = edition.framework.trainingOptions.filter { !used.contains($0.id) }
        #expect(!unused.isEmpty, "the fixture should have training no early-years competency uses")
        let text = try Self.paragraphs(Self.phaseDocument).map { $0.runTexts.joined() }
        for option in unused {
            #expect(!text.contains(option.title), "\(option.title) is listed in the early-years document")
        }
        for option in edition.framework.trainingOptions where used.contains(option.id) {
            #expect(text.contains(option.title))
        }
    }

    @Test func everyRatingCellIsATickBoxControlTaggedWithItsCompetency() throws {
        let edition = try WordFixtures.edition()
        let root = try WordFixtures.package(Self.phaseDocument).wordTree("word/document.xml")
        let controls = wordElements(root).filter { $0.name == "sdt" }
        let tags = controls.compactMap { $0.wChild("sdtPr")?.wChild("tag")?.w("val") }
        let checkboxes = controls.filter { control in control.wChild("sdtPr")?.children.contains { $0.name == "checkbox" } == true }
        let expected = edition.framework.competencies.filter { $0.phaseIDs.contains("early-years") }
        for competency in expected {
            for point in edition.framework.ratingScale.points {
                #expect(tags.contains("rating:\(competency.id):\(point.value)"), "no tick box for \(competency.code) rated \(point.value)")
            }
            #expect(tags.contains("evidence:\(competency.id)"))
        }
        let ratingTags = tags.filter { $0.hasPrefix("rating:") }
        #expect(ratingTags.count == expected.count * edition.framework.ratingScale.points.count)
        #expect(checkboxes.count >= ratingTags.count)
        // Each form is one group's own competencies, so each competency is rated once.
        #expect(Set(ratingTags).count == ratingTags.count)
        for field in ["name", "role", "organisation", "manager", "date", "review"] {
            #expect(tags.contains("field:\(field)"))
        }
    }

    @Test func theWholeEditionSendsReadersToThePhaseFormsInsteadOfAMixedForm() throws {
        let text = try Self.paragraphs("\(WordFixtures.editionID).docx").map { $0.runTexts.joined() }
        #expect(!text.contains { $0.hasPrefix("Self-assessment form") })
        #expect(text.contains { $0.hasPrefix("Early years edition") })
    }

    @Test func formsStartOnANewPageAndTheirActionPlansStayTogether() throws {
        let root = try WordFixtures.package(Self.phaseDocument).wordTree("word/document.xml")
        let paragraphs = wordElements(root).filter { $0.name == "p" }
        let formHeadings = paragraphs.filter { $0.runTexts.joined().hasPrefix("Self-assessment form:") }
        #expect(formHeadings.count == 3)
        // The first form follows the rating scale on the section's first page.
        let section = try #require(paragraphs.first { $0.runTexts.joined() == "Self-assessment" && $0.paragraphStyle == "Heading1" })
        #expect(section.wChild("pPr")?.wChild("pageBreakBefore") != nil)
        for heading in formHeadings.dropFirst() {
            #expect(heading.wChild("pPr")?.wChild("pageBreakBefore") != nil)
        }
        let plans = wordElements(root).filter { $0.name == "tbl" && ($0.wChild("tblPr")?.wChild("tblCaption")?.w("val") ?? "").hasPrefix("Action plan") }
        #expect(plans.count == 3)
        for plan in plans {
            let rows = plan.children.filter { $0.name == "tr" }
            for row in rows.dropLast() {
                for paragraph in wordElements(row).filter({ $0.name == "p" }) {
                    #expect(paragraph.wChild("pPr")?.wChild("keepNext") != nil, "an action plan row can part from the next")
                }
            }
        }
    }

    @Test func whatComesJustBeforeATableKeepsWithIt() throws {
        let root = try WordFixtures.package().wordTree("word/document.xml")
        let body = try #require(root.wChild("body"))
        let blocks = body.children.filter { $0.name == "p" || $0.name == "tbl" }
        var checked = 0
        for (index, block) in blocks.enumerated() where block.name == "tbl" && index > 0 {
            let before = blocks[index - 1]
            guard before.name == "p" else { continue }
            #expect(before.wChild("pPr")?.wChild("keepNext") != nil, "'\(before.runTexts.joined())' can be left at the foot of a page")
            checked += 1
            // The last two rows keep together, so no row is stranded on a page of its own.
            let rows = block.children.filter { $0.name == "tr" }
            if rows.count > 2 {
                let penultimate = rows[rows.count - 2]
                #expect(wordElements(penultimate).filter { $0.name == "p" }.allSatisfy { $0.wChild("pPr")?.wChild("keepNext") != nil })
            }
        }
        #expect(checked > 20)
    }

    @Test func noEmptySpacerParagraphsAndTheCoverHasNoFooter() throws {
        let package = try WordFixtures.package()
        let root = try package.wordTree("word/document.xml")
        let body = try #require(root.wChild("body"))
        // The only empty paragraphs are one-point table ends, each straight after a table
        // and before a heading (they stop LibreOffice dropping rows; see WordBody).
        let blocks = body.children
        for (index, element) in blocks.enumerated() where element.name == "p" && element.runTexts.joined().isEmpty {
            if element.wChild("pPr")?.wChild("sectPr") != nil || wordElements(element).contains(where: { $0.name == "br" }) { continue }
            #expect(element.paragraphStyle == "CKTableEnd", "an empty \(element.paragraphStyle ?? "Normal") paragraph")
            #expect(index > 0 && blocks[index - 1].name == "tbl")
            #expect(index + 1 < blocks.count && blocks[index + 1].wChild("pPr")?.wChild("keepNext") != nil)
        }
        let sections = wordElements(root).filter { $0.name == "sectPr" }
        #expect(sections.first?.wChild("titlePg") != nil)
        #expect(sections.dropFirst().allSatisfy { $0.wChild("titlePg") == nil })
        let settings = try package.wordXML("word/settings.xml")
        #expect(settings.contains("w:name=\"compatibilityMode\""))
        #expect(settings.contains("w:val=\"15\""))
    }

    @Test func reasonsReadAsSentencesAndItemsByName() throws {
        let text = try Self.paragraphs("\(WordFixtures.editionID).docx").map { $0.runTexts.joined() }
        let start = try #require(text.firstIndex(of: "What this edition changes"))
        let section = text[start...]
        #expect(!section.contains { $0.contains("..") })
        let edition = try WordFixtures.edition()
        for service in edition.framework.services {
            #expect(!section.contains("Service \(service.id)"))
        }
        #expect(section.contains { $0.hasPrefix("Training: ") })
        #expect(section.contains("Suggested roles"))
        for reason in section where reason.hasSuffix(".") {
            #expect(reason.first.map { !$0.isLowercase } ?? true, "'\(reason)' starts in lower case")
        }
    }

    @Test func workshopOutcomesAreARealNumberedListRestartingForEachWorkshop() throws {
        let edition = try ShippedEditions.build("national-workshops")
        let package = try OPCPackage.readDocx(try #require(try EditionDocxFormat().render(edition).first).bytes)
        let root = try package.wordTree("word/document.xml")
        let numbering = try package.wordXML("word/numbering.xml")
        let outcomeTables = wordElements(root).filter { ($0.wChild("tblPr")?.wChild("tblCaption")?.w("val") ?? "").contains("learning outcomes, numbered") }
        #expect(outcomeTables.count == edition.workshops.count)
        var lists: Set<String> = []
        for (table, workshop) in zip(outcomeTables, edition.workshops) {
            let ids = wordElements(table).compactMap { $0.wChild("pPr")?.wChild("numPr")?.wChild("numId")?.w("val") }
            #expect(ids.count == workshop.outcomes.count)
            #expect(Set(ids).count == 1)
            let id = try #require(ids.first)
            #expect(numbering.contains("<w:num w:numId=\"\(id)\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/>"))
            lists.insert(id)
        }
        #expect(lists.count == edition.workshops.count)
        // Each workshop is a handout: it starts on a new page.
        let headings = wordElements(root).filter { $0.name == "p" && $0.runTexts.joined().hasPrefix("Workshop ") && $0.paragraphStyle == "Heading1" }
        #expect(headings.count == edition.workshops.count)
        #expect(headings.allSatisfy { $0.wChild("pPr")?.wChild("pageBreakBefore") != nil })
    }
}

@Suite("Word output: publication details")
struct PublicationDetailsTests {
    static func texts(_ name: String = "\(WordFixtures.editionID).docx") throws -> [String] {
        try PublishableWordTests.paragraphs(name).map { $0.runTexts.joined() }
    }

    @Test func theBackPageGivesContactReviewOtherFormatsAndCredit() throws {
        let edition = try WordFixtures.edition()
        let publication = try #require(edition.publication)
        let texts = try Self.texts()
        let start = try #require(texts.firstIndex(of: "About this document"))
        let back = texts[start...].joined(separator: "\n")
        #expect(back.contains(publication.contact))
        #expect(back.contains("Other formats:"))
        #expect(back.contains("by 7 December 2024"))
        let credit = try #require(edition.framework.metadata.credit)
        #expect(back.contains(credit))
        #expect(back.contains(edition.info.baseTitle))
        // The cover names who created the base framework.
        #expect(texts.prefix(8).contains { $0.hasPrefix("Adapted from \(edition.info.baseTitle)") && $0.contains("first published by Yorkshire and the Humber Clinical Networks.") })
    }

    @Test func withoutPublicationDetailsTheBackPageSaysToAskThePublisher() throws {
        var edition = try WordFixtures.edition()
        edition.publication = nil
        let package = try OPCPackage.readDocx(try #require(try EditionDocxFormat().render(edition).first).bytes)
        let texts = wordElements(try package.wordTree("word/document.xml")).filter { $0.name == "p" }.map { $0.runTexts.joined() }
        let back = texts[try #require(texts.firstIndex(of: "About this document"))...].joined(separator: "\n")
        #expect(back.contains("contact \(edition.framework.metadata.publisher)."))
        #expect(back.contains("check with \(edition.framework.metadata.publisher) that this is the latest version"))
    }

    @Test func anAbbreviationIsSpelledOutAtItsFirstUseOnly() throws {
        let text = try Self.texts().joined(separator: "\n")
        let spelled = "special educational needs and disabilities (SEND)"
        #expect(text.components(separatedBy: spelled).count == 2, "SEND should be spelled out exactly once")
        let first = try #require(text.range(of: "SEND"))
        #expect(text[..<first.lowerBound].hasSuffix("disabilities ("))
    }

    @Test func theCoverHasNoFooterAndTheFooterNamesThePhaseEdition() throws {
        let package = try WordFixtures.package(PublishableWordTests.phaseDocument)
        let footer = try package.wordTree("word/footer1.xml").runTexts.joined()
        #expect(footer.contains("Early years edition"))
        #expect(try package.wordXML("word/footer1.xml").contains("<w:ptab "))
    }
}
