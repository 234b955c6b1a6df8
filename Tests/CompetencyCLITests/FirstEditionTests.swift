import CompetencyCLI
import Foundation
import Testing

/// A council's first edition, the whole way through the CLI as the README's guide tells it:
/// scaffold, edit, validate, explain, export and compare with the base.
@Suite("a council's first edition")
struct FirstEditionTests {
    static let id = "worcestershire-2025"

    @Test func scaffoldEditValidateExplainExportAndDiff() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: [:])
        let profile = folder.path("frameworks/editions/\(Self.id).xml")

        let created = ExportCLI.run(["new-edition", Self.id, "--base", "in-it-together@2019", "--date", "2025-04-01", "--frameworks", frameworks])
        #expect(created.status == 0, "\(created.text)")
        #expect(created.text.contains("it validates"))
        var text = try String(contentsOfFile: profile, encoding: .utf8)
        #expect(text.contains("id=\"\(Self.id)\""))
        #expect(text.contains("<base framework=\"in-it-together\" version=\"2019\"/>"))
        #expect(text.contains("<!--"), "optional sections are shown as comments")

        // The author's edits, in the order the schema wants them.
        let edits = """
              <groups>
                <group ref="core">
                  <renameRole ref="caretaker">Caretakers and site staff in any service</renameRole>
                  <rationale>Worcestershire's edition covers every service, not only schools.</rationale>
                </group>
              </groups>
              <trainingOptions>
                <trainingOption id="worcs-safeguarding" scope="local" format="face-to-face">
                  <title>Worcestershire safeguarding essentials</title>
                  <provider>Worcestershire Safeguarding Children Partnership</provider>
                  <duration>PT3H</duration>
                  <url>https://www.example.gov.uk/worcs-safeguarding</url>
                </trainingOption>
              </trainingOptions>
              <services>
                <service id="worcs-camhs" scope="local">
                  <name>Worcestershire CAMHS</name>
                  <description>The county's specialist mental health service for children and young people.</description>
                  <url>https://www.example.nhs.uk/camhs</url>
                </service>
              </services>
              <overrides>
                <statement competency="cs-01">
                  <text>Knows who leads on safeguarding in their service and how to reach them the same day.</text>
                  <rationale>Not every Worcestershire service has a designated safeguarding lead.</rationale>
                </statement>
                <training competency="cs-01">
                  <add ref="worcs-safeguarding"/>
                  <rationale>The county's own safeguarding course.</rationale>
                </training>
                <signpost competency="sp-01">
                  <add ref="worcs-camhs"/>
                  <rationale>Staff should know the county's own specialist service.</rationale>
                </signpost>
              </overrides>

            """
        text = text.replacingOccurrences(of: "</edition>", with: edits + "</edition>")
        try text.write(toFile: profile, atomically: true, encoding: .utf8)

        let validate = ExportCLI.run(["validate", "--frameworks", frameworks, profile])
        #expect(validate.status == 0, "\(validate.text)")

        let explain = ExportCLI.run(["explain", Self.id, "--frameworks", frameworks])
        #expect(explain.status == 0, "\(explain.text)")
        #expect(explain.text.contains("Knows who leads on safeguarding in their service"))
        #expect(explain.text.contains("The county's own safeguarding course."))
        #expect(explain.text.contains("Staff should know the county's own specialist service."))

        let out = folder.path("out")
        let export = ExportCLI.run(["export", "--edition", Self.id, "--format", "json,docx", "--out", out, "--frameworks", frameworks])
        #expect(export.status == 0, "\(export.text)")
        let json = try String(contentsOfFile: folder.path("out/\(Self.id)/\(Self.id).json"), encoding: .utf8)
        #expect(json.contains("Worcestershire safeguarding essentials"))
        #expect(json.contains("Caretakers and site staff in any service"))
        #expect(json.contains("\"worcs-camhs\""))
        #expect(FileManager.default.fileExists(atPath: folder.path("out/\(Self.id)/\(Self.id).docx")))

        let diff = ExportCLI.run(["diff", "--edition", Self.id, "--base", "--frameworks", frameworks])
        #expect(diff.status == 1, "differences exit 1: \(diff.text)")
        #expect(diff.text.contains("CS.1"))
    }

    @Test func newEditionNeverOverwritesAndNamesWhatExists() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: ["sandwell-2022": try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")])
        let before = try String(contentsOfFile: folder.path("frameworks/editions/sandwell-2022.xml"), encoding: .utf8)
        let again = ExportCLI.run(["new-edition", "sandwell-2022", "--base", "in-it-together@2019", "--frameworks", frameworks])
        #expect(again.status == 2)
        #expect(again.text.contains("already exists"))
        #expect(try String(contentsOfFile: folder.path("frameworks/editions/sandwell-2022.xml"), encoding: .utf8) == before)

        let unknown = ExportCLI.run(["new-edition", "x-2025", "--base", "in-it-together@2020", "--frameworks", frameworks])
        #expect(unknown.status == 2)
        #expect(unknown.text.contains("in-it-together@2017, in-it-together@2019"))

        let copied = ExportCLI.run(["new-edition", "exampleshire-2025", "--from", "sandwell-2022", "--frameworks", frameworks])
        #expect(copied.status == 0, "\(copied.text)")
        let copy = try String(contentsOfFile: folder.path("frameworks/editions/exampleshire-2025.xml"), encoding: .utf8)
        #expect(copy.contains("id=\"exampleshire-2025\""))
        #expect(!copy.contains("id=\"sandwell-2022\""))
    }

    @Test func workshopSkeletonValidatesToo() throws {
        let folder = try ExportTemporaryFolder()
        let frameworks = try folder.frameworks(profiles: [:])
        let run = ExportCLI.run(["new-edition", "our-workshops", "--base", "in-it-together@2019", "--plugin", "workshop-edition", "--date", "2025-04-01", "--frameworks", frameworks])
        #expect(run.status == 0, "\(run.text)")
    }
}

@Suite("one way to find a profile's base")
struct BaseResolutionTests {
    @Test func validateExplainAndExportAgreeWhereAProfileFindsItsBase() throws {
        let folder = try ExportTemporaryFolder()
        // A library of the council's own, away from the working directory's Frameworks/.
        let library = try folder.frameworks(profiles: ["sandwell-2022": try ExportRepo.text("Frameworks/editions/sandwell-2022.xml")])
        let inLibrary = folder.path("frameworks/editions/sandwell-2022.xml")
        #expect(ExportCLI.run(["validate", inLibrary]).status == 0)
        #expect(ExportCLI.run(["explain", "--profile", inLibrary]).status == 0)
        #expect(ExportCLI.run(["export", "--profile", inLibrary, "--format", "json", "--out", folder.path("out")]).status == 0)

        // A profile outside any editions/ folder finds its base through --frameworks.
        try folder.write("drafts/sandwell-2022.xml", try ExportRepo.text("Frameworks/editions/sandwell-2022.xml"))
        let draft = folder.path("drafts/sandwell-2022.xml")
        for arguments in [["validate", draft], ["explain", "--profile", draft], ["export", "--profile", draft, "--format", "json", "--out", folder.path("out2")]] {
            let run = ExportCLI.run(arguments + ["--frameworks", library])
            #expect(run.status == 0, "\(arguments[0]): \(run.text)")
        }
    }
}
