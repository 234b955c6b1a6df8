import CompetencyCLI
import CompetencyModel
import Foundation
import Testing

/// The look-ups an author keeps open beside a profile, and "did you mean" on a wrong id.
@Suite("competency show and did-you-mean")
struct ShowAndSuggestTests {
    static let frameworks = ExportRepo.path("Frameworks")

    @Test func theListingNamesEveryIDAnAuthorNeeds() throws {
        let run = ExportCLI.run(["show", "in-it-together@2019", "--frameworks", Self.frameworks])
        #expect(run.status == 0, "\(run.text)")
        for line in ["  fpi-08  FPI.8  enhanced  [primary]", "  minded-anxiety  MindEd: anxiety in children and young people", "  core  Core (rank 1)", "    caretaker  ", "  early-years  Early years", "Area early-signs  "] {
            #expect(run.text.contains(line), "missing \(line)")
        }
    }

    @Test func filtersNarrowTheCompetencies() throws {
        let run = ExportCLI.run(["show", "in-it-together", "--area", "early-signs", "--group", "core", "--phase", "early-years", "--frameworks", Self.frameworks])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("es-01  ES.1  core"))
        #expect(!run.text.contains("es-04"), "ES.4 is not for early years")
        #expect(!run.text.contains("Area whole-setting"))
    }

    @Test func oneItemByItsCodeShowsWhereItIsDefined() throws {
        let run = ExportCLI.run(["show", "in-it-together@2019", "FPI.8", "--frameworks", Self.frameworks])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.hasPrefix("competency fpi-08  FPI.8\n"))
        let text = try ExportRepo.text("Frameworks/in-it-together/2019.xml")
        let line = try ExportText.position(of: #"<competency id="fpi-08""#, in: text).line
        #expect(run.text.contains("defined at \(Self.frameworks)/in-it-together/2019.xml:\(line)"))
        let json = ExportCLI.run(["show", "edition:sandwell-2022", "sand-01", "--format", "json", "--frameworks", Self.frameworks])
        #expect(json.status == 0)
        #expect(json.text.contains("\"code\": \"SAND.1\""))
    }

    @Test func unknownNamesGetTheClosestAndTheChoices() {
        let item = ExportCLI.run(["show", "in-it-together@2019", "fpi-88", "--frameworks", Self.frameworks])
        #expect(item.status == 1)
        #expect(item.text.contains("did you mean 'fpi-08'"))
        let version = ExportCLI.run(["show", "in-it-together@2020", "--frameworks", Self.frameworks])
        #expect(version.status == 2)
        #expect(version.text.contains("versions: 2017, 2019"))
        let area = ExportCLI.run(["show", "in-it-together", "--area", "early-sign", "--frameworks", Self.frameworks])
        #expect(area.text.contains("did you mean 'early-signs'?"))
    }

    @Test func aPrintedCodeSuggestsItsID() {
        #expect(Suggest.closest("FPI.8", ["fpi-08", "fpi-01", "es-08"]) == ["fpi-08"])
        #expect(Suggest.closest("cs-1", ["cs-01", "cs-10", "ws-01", "la-06"]).first == "cs-01")
        #expect(Suggest.closest("zzzz", ["cs-01"]).isEmpty)
        #expect(Suggest.distance("kitten", "sitting") == 3)
    }

    @Test func aWrongCompetencyInAProfileGetsADidYouMeanNote() throws {
        let folder = try ExportTemporaryFolder()
        let sandwell = try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")
        let broken = sandwell.replacingOccurrences(of: #"<statement competency="fpi-08">"#, with: #"<statement competency="fpi-8">"#)
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": broken])
        let run = ExportCLI.run(["validate", "--frameworks", frameworks, folder.path("frameworks/editions/sandwell-2022.xml")])
        #expect(run.status == 1)
        #expect(run.text.contains("[ED101]"))
        #expect(run.text.contains("did you mean 'fpi-08'"))
    }
}
