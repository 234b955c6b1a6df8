import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
@testable import OutputFormats
import Testing

@Suite("web edition")
struct HTMLFormatTests {
    static func pages(_ edition: Edition) throws -> [String: String] {
        Dictionary(try EditionHTMLFormat().render(edition).map { ($0.relativePath, String(decoding: $0.bytes, as: UTF8.self)) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func textFromTheFrameworkIsEscapedNeverMarkup() throws {
        var edition = try Shipped.build("sandwell-2022")
        edition.framework.areas[0].competencies[0].statement = "Knows <script>alert(\"x\")</script> & \"quotes\" aren't markup."
        edition.framework.areas[0].competencies[0].enhancements = ["Uses <b>bold</b> & more"]
        edition.framework.trainingOptions[0].url = "https://example.org/?a=1&b=\"2\""
        let pages = try Self.pages(edition)
        let phase = try #require(pages.first { $0.key.hasSuffix("/early-years.html") }?.value ?? pages.first { $0.key.hasSuffix("/primary.html") }?.value)
        #expect(!pages.values.contains { $0.contains("<script>") })
        #expect(phase.contains("Knows &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; aren&#39;t markup."))
        #expect(phase.contains("Uses &lt;b&gt;bold&lt;/b&gt; &amp; more"))
        let training = try #require(pages["site/training.html"])
        #expect(training.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
    }

    @Test(arguments: ["sandwell-2022", "national-workshops"])
    func everyPageHasTheAccessibleSkeleton(_ id: String) throws {
        let pages = try Self.pages(try Shipped.build(id))
        #expect(pages["site/style.css"] != nil)
        for (path, page) in pages where path.hasSuffix(".html") {
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"), "\(path)")
            #expect(page.contains("Content-Security-Policy"), "\(path)")
            #expect(page.contains("<a class=\"skip\" href=\"#main\">Skip to main content</a>"), "\(path)")
            #expect(page.components(separatedBy: "<h1>").count == 2, "\(path) has one h1")
            #expect(page.contains("<main id=\"main\">") && page.contains("<nav aria-label="), "\(path)")
            #expect(page.contains("aria-current=\"page\""), "\(path) marks itself in the navigation")
            // Only the self-assessment loads a script, and only its own.
            #expect(!page.contains("<script") || (path.hasSuffix("self-assessment.html") && page.contains("<script src=\"assess.js\" defer=\"\"></script>")), "\(path)")
        }
    }

    @Test func eachPhasePageHoldsExactlyItsCompetencies() throws {
        let edition = try Shipped.build("sandwell-2022")
        let pages = try Self.pages(edition)
        for phase in edition.framework.phases {
            let page = try #require(pages["site/\(phase.id).html"])
            for competency in edition.framework.competencies {
                let shown = page.contains("<strong>\(competency.code)</strong>")
                #expect(shown == competency.phaseIDs.contains(phase.id), "\(competency.code) on \(phase.id)")
            }
        }
    }

    @Test func theSelfAssessmentIsAFormThatWorksWithoutScript() throws {
        let edition = try Shipped.build("sandwell-2022")
        let pages = try Self.pages(edition)
        let page = try #require(pages["site/self-assessment.html"])
        #expect(pages["site/assess.js"] != nil)
        // The script's controls start hidden, so a reader without JavaScript sees a plain form.
        #expect(page.contains("<div id=\"assessment-tools\" hidden=\"\">"))
        for competency in edition.framework.competencies {
            #expect(page.contains("data-id=\"\(competency.id)\""), "\(competency.id)")
            for point in edition.framework.ratingScale.points {
                #expect(page.contains("<input type=\"radio\" name=\"rate-\(competency.id)\" id=\"rate-\(competency.id)-\(point.value)\" value=\"\(point.value)\">"))
            }
        }
        #expect(page.components(separatedBy: "<fieldset").count - 1 == edition.framework.competencies.count)
        // A workshop edition has its questionnaire instead.
        #expect(try Self.pages(try Shipped.build("national-workshops"))["site/self-assessment.html"] == nil)
    }

    @Test func theWorkshopEditionHasItsQuestionnaireAsAPrintableForm() throws {
        let edition = try Shipped.build("national-workshops")
        let page = try #require(try Self.pages(edition)["site/questionnaire.html"])
        let questionnaire = try #require(edition.questionnaire)
        for item in questionnaire.items {
            #expect(page.contains(HTMLWriter.escape(item.text)), "\(item.id)")
        }
        #expect(page.contains("<h2 id=\"q-before\">Before the training</h2>") && page.contains("<h2 id=\"q-after\">After the training</h2>"))
    }

    @Test func theSameEditionGivesTheSameBytes() throws {
        let edition = try Shipped.build("national-workshops")
        #expect(try EditionHTMLFormat().render(edition) == EditionHTMLFormat().render(edition))
    }
}
