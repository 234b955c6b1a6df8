import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
@testable import Spreadsheets
import Testing

enum EditionSheet {
    static let base = try? SheetRepo.framework("Frameworks/in-it-together/2019.xml")

    static func profile(_ xml: String, id: String) throws -> EditionProfile {
        let result = try EditionProfileLoader().load(bytes: Array(xml.utf8), path: "\(id).xml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.profile)
    }

    static func bundled(_ id: String) throws -> EditionProfile {
        try #require(try EditionProfileLoader().load(contentsOf: SheetRepo.path("Frameworks/editions/\(id).xml")).profile)
    }

    /// Writes the workbook, reads it back and imports it as edition `id`.
    static func importing(_ workbook: Workbook, id: String, existing: EditionProfile? = nil) throws -> EditionSheetImporter.Result {
        let sheets = try XLSXReader().read(bytes: try XLSXWriter().write(workbook))
        return EditionSheetImporter().run(sheets.map { SheetTable.from($0, file: "e.xlsx") }, base: try #require(base), existing: existing, id: id, file: "e.xlsx")
    }

    static func edition(_ profile: EditionProfile) throws -> Edition {
        let base = try #require(base)
        let plugin = try #require(PluginRegistry.builtIn.plugin(id: profile.pluginID))
        let problems = plugin.check(profile, base: base).filter { $0.severity == .error }
        #expect(problems.isEmpty, "\(problems.map(\.formatted))")
        return try plugin.adapt(base, profile: profile)
    }
}

/// Sets cells by header name, as an author fills the workbook in.
extension Worksheet {
    mutating func set(_ header: String, _ value: String, row: Int) {
        guard let column = columns.firstIndex(where: { $0.header.lowercased() == header.lowercased() }) else {
            Issue.record("no column '\(header)' in \(name)")
            return
        }
        while rows[row].count < columns.count { rows[row].append(.empty) }
        rows[row][column] = .text(value)
    }

    mutating func set(_ header: String, _ value: String, whereID id: String) {
        guard let row = rows.firstIndex(where: { $0.first == .text(id) || ($0.count > 1 && $0[1] == .text(id)) }) else {
            Issue.record("no row for '\(id)' in \(name)")
            return
        }
        set(header, value, row: row)
    }

    mutating func add(_ values: [String: String]) {
        rows.append(Array(repeating: .empty, count: columns.count))
        for (header, value) in values { set(header, value, row: rows.count - 1) }
    }
}

extension Workbook {
    subscript(sheet name: String) -> Worksheet {
        get { sheets.first { $0.name == name } ?? Worksheet(name: name, columns: [], rows: []) }
        set { if let index = sheets.firstIndex(where: { $0.name == name }) { sheets[index] = newValue } }
    }
}

@Suite("edition workbook")
struct EditionWorkbookTests {
    static let handWritten = """
        <?xml version="1.0" encoding="UTF-8"?>
        <edition xmlns="urn:competencykit:edition:1" id="exampleshire-2026" plugin="local-variant">
          <base framework="in-it-together" version="2019"/>
          <title>Exampleshire social, emotional and mental health competencies for everyone who works with children</title>
          <publisher>Exampleshire County Council</publisher>
          <version>2026</version>
          <date>2026-04-01</date>
          <audience>Everyone in Exampleshire whose work brings them into contact with children and young people.</audience>
          <description>Exampleshire's edition of In It Together (2019), with local training and services.</description>
          <exclude competencies="la-06 la-07">
            <rationale>Curriculum planning and evaluation are led by the county's school improvement service.</rationale>
          </exclude>
          <groups>
            <group ref="core">
              <renameRole ref="caretaker">Caretakers and site staff in any service</renameRole>
              <addRole id="community-bus-driver">Community bus drivers</addRole>
              <rationale>The county's edition reaches staff outside schools.</rationale>
            </group>
          </groups>
          <trainingOptions>
            <trainingOption id="exampleshire-safeguarding" scope="local" format="face-to-face">
              <title>Exampleshire safeguarding children: level 1</title>
              <provider>Exampleshire Safeguarding Children Partnership</provider>
              <duration>PT3H</duration>
              <url>https://www.example.gov.uk/safeguarding-training</url>
            </trainingOption>
            <trainingOption id="exampleshire-early-help" scope="local" format="workshop" replaces="local-early-help">
              <title>Early help in Exampleshire</title>
              <provider>Exampleshire Early Help Partnership</provider>
              <url>https://www.example.gov.uk/early-help-training</url>
            </trainingOption>
          </trainingOptions>
          <services>
            <service id="exampleshire-family-hubs" scope="local">
              <name>Exampleshire family hubs</name>
              <description>Drop-in help for families with children aged 0 to 19, in every district.</description>
              <url>https://www.example.gov.uk/family-hubs</url>
            </service>
          </services>
          <strategies>
            <strategy id="exampleshire-wellbeing">
              <name>Exampleshire children's wellbeing strategy 2025 to 2030</name>
              <description>The county's plan for children's emotional wellbeing.</description>
            </strategy>
          </strategies>
          <overrides>
            <statement competency="ws-02">
              <text>Knows who leads on mental health and wellbeing where they work, and how to reach them.</text>
              <rationale>Staff work in many services, not only schools.</rationale>
            </statement>
            <training competency="ws-03">
              <add ref="exampleshire-safeguarding"/>
              <remove ref="minded-talking"/>
              <rationale>The county course covers greeting and noticing children.</rationale>
            </training>
            <signpost competency="sp-01">
              <add ref="exampleshire-family-hubs"/>
              <rationale>Family hubs are the first stop for families in the county.</rationale>
            </signpost>
            <enhancement competency="ws-04">
              <text>Uses the quiet room or a calm corner when a child with sensory needs is overwhelmed.</text>
              <rationale>Every county setting has a quiet space.</rationale>
            </enhancement>
          </overrides>
        </edition>
        """

    /// The same edition, filled into the blank template cell by cell.
    static func filledTemplate() throws -> Workbook {
        var workbook = EditionWorkbook.export(base: try #require(EditionSheet.base), profile: nil, id: "exampleshire-2026")
        var competencies = workbook[sheet: "Competencies"]
        for id in ["la-06", "la-07"] {
            competencies.set("keep? (Y/N)", "N", whereID: id)
            competencies.set("why removed", "Curriculum planning and evaluation are led by the county's school improvement service.", whereID: id)
        }
        competencies.set("our wording", "Knows who leads on mental health and wellbeing where they work, and how to reach them.", whereID: "ws-02")
        competencies.set("why reworded", "Staff work in many services, not only schools.", whereID: "ws-02")
        competencies.set("add training", "exampleshire-safeguarding", whereID: "ws-03")
        competencies.set("remove training", "minded-talking", whereID: "ws-03")
        competencies.set("why training changes", "The county course covers greeting and noticing children.", whereID: "ws-03")
        competencies.set("add signpost", "exampleshire-family-hubs", whereID: "sp-01")
        competencies.set("why signposts change", "Family hubs are the first stop for families in the county.", whereID: "sp-01")
        competencies.set("our enhancement", "Uses the quiet room or a calm corner when a child with sensory needs is overwhelmed.", whereID: "ws-04")
        competencies.set("why this enhancement", "Every county setting has a quiet space.", whereID: "ws-04")
        workbook[sheet: "Competencies"] = competencies

        var roles = workbook[sheet: "Roles"]
        roles.set("our name", "Caretakers and site staff in any service", whereID: "caretaker")
        roles.set("why", "The county's edition reaches staff outside schools.", whereID: "caretaker")
        roles.add(["group": "core", "id": "community-bus-driver", "our name": "Community bus drivers", "why": "The county's edition reaches staff outside schools."])
        workbook[sheet: "Roles"] = roles

        var training = workbook[sheet: "Local training"]
        training.add(["id": "exampleshire-safeguarding", "format": "face-to-face", "title": "Exampleshire safeguarding children: level 1",
                      "provider": "Exampleshire Safeguarding Children Partnership", "duration": "PT3H", "url": "https://www.example.gov.uk/safeguarding-training"])
        training.add(["id": "exampleshire-early-help", "format": "workshop", "title": "Early help in Exampleshire",
                      "provider": "Exampleshire Early Help Partnership", "url": "https://www.example.gov.uk/early-help-training", "replaces": "local-early-help"])
        workbook[sheet: "Local training"] = training

        var services = workbook[sheet: "Local services"]
        services.add(["id": "exampleshire-family-hubs", "name": "Exampleshire family hubs",
                      "description": "Drop-in help for families with children aged 0 to 19, in every district.", "url": "https://www.example.gov.uk/family-hubs"])
        workbook[sheet: "Local services"] = services

        var strategies = workbook[sheet: "Strategies"]
        strategies.add(["id": "exampleshire-wellbeing", "name": "Exampleshire children's wellbeing strategy 2025 to 2030",
                        "description": "The county's plan for children's emotional wellbeing."])
        workbook[sheet: "Strategies"] = strategies

        var about = workbook[sheet: "About"]
        about.set("value", "Exampleshire social, emotional and mental health competencies for everyone who works with children", whereID: "title")
        about.set("value", "Exampleshire County Council", whereID: "publisher")
        about.set("value", "2026", whereID: "version")
        about.set("value", "2026-04-01", whereID: "date")
        about.set("value", "Everyone in Exampleshire whose work brings them into contact with children and young people.", whereID: "audience")
        about.set("value", "Exampleshire's edition of In It Together (2019), with local training and services.", whereID: "description")
        workbook[sheet: "About"] = about
        return workbook
    }

    @Test func aFilledTemplateBuildsTheSameEditionAsTheHandWrittenProfile() throws {
        let result = try EditionSheet.importing(try Self.filledTemplate(), id: "exampleshire-2026")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        let fromSheet = try #require(result.profile)
        let handWritten = try EditionSheet.profile(Self.handWritten, id: "exampleshire-2026")
        #expect(fromSheet == handWritten)
        #expect(try EditionSheet.edition(fromSheet) == EditionSheet.edition(handWritten))
    }

    static var bundledIDs: [String] {
        let folder = SheetRepo.path("Frameworks/editions")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test(arguments: bundledIDs)
    func aBundledEditionsWorkbookImportsBackToTheSameProfile(_ id: String) throws {
        let original = try EditionSheet.bundled(id)
        let workbook = EditionWorkbook.export(base: try #require(EditionSheet.base), profile: original)
        let result = try EditionSheet.importing(workbook, id: id, existing: original)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        let imported = try #require(result.profile)
        #expect(imported == original)
        #expect(try EditionSheet.edition(imported) == EditionSheet.edition(original))
    }

    @Test func theTemplateOffersDropDownsAndOneRowPerBaseCompetency() throws {
        let base = try #require(EditionSheet.base)
        let workbook = EditionWorkbook.export(base: base, profile: nil)
        let competencies = workbook[sheet: "Competencies"]
        #expect(competencies.rows.count == base.competencies.count)
        #expect(competencies.columns.first { $0.header == "keep? (Y/N)" }?.choices == .values(["Y", "N"]))
        #expect(competencies.columns.first { $0.header == "add training" }?.choices == .idListIn(sheet: "Local training"))
    }
}

@Suite("edition workbook errors at their cells")
struct EditionWorkbookErrorTests {
    static func errors(_ change: (inout Workbook) -> Void) throws -> [Diagnostic] {
        var workbook = try EditionWorkbookTests.filledTemplate()
        change(&workbook)
        let result = try EditionSheet.importing(workbook, id: "exampleshire-2026")
        #expect(result.profile == nil)
        return result.diagnostics.filter { $0.severity == .error }
    }

    static func rowOf(_ id: String, in sheet: Worksheet) -> Int {
        (sheet.rows.firstIndex { $0.first == .text(id) || ($0.count > 1 && $0[1] == .text(id)) } ?? 0) + 2
    }

    @Test func aChangeWithoutAReasonIsLocatedAtTheReasonCell() throws {
        let errors = try Self.errors { $0[sheet: "Competencies"].set("why reworded", "", whereID: "ws-02") }
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.code == "SH107")
        let row = Self.rowOf("ws-02", in: try EditionWorkbookTests.filledTemplate()[sheet: "Competencies"])
        #expect(error.location?.description == "e.xlsx:Competencies!I\(row)")
        #expect(error.message.contains("why reworded"))
    }

    @Test func anUnknownTrainingIDSuggestsTheLocalOne() throws {
        let errors = try Self.errors { $0[sheet: "Competencies"].set("add training", "exampleshire-safeguardng", whereID: "ws-03") }
        let error = try #require(errors.first)
        #expect(error.code == "SH106")
        let row = Self.rowOf("ws-03", in: try EditionWorkbookTests.filledTemplate()[sheet: "Competencies"])
        #expect(error.location?.description == "e.xlsx:Competencies!M\(row)")
        #expect(error.message.contains("did you mean 'exampleshire-safeguarding'?"))
    }

    @Test func aLocalTrainingIDThatTheBaseUsesIsRefused() throws {
        let errors = try Self.errors { $0[sheet: "Local training"].set("id", "minded-anxiety", row: 0) }
        let error = try #require(errors.first { $0.code == "SH105" })
        #expect(error.location?.description == "e.xlsx:'Local training'!A2")
        #expect(error.message.contains("already in the base"))
    }

    @Test func aKeepValueThatIsNotYesOrNoIsLocated() throws {
        let errors = try Self.errors { $0[sheet: "Competencies"].set("keep? (Y/N)", "maybe", whereID: "ws-05") }
        let error = try #require(errors.first)
        #expect(error.code == "SH108")
        let row = Self.rowOf("ws-05", in: try EditionWorkbookTests.filledTemplate()[sheet: "Competencies"])
        #expect(error.location?.description == "e.xlsx:Competencies!F\(row)")
    }

    @Test func aRowForACompetencyTheBaseDoesNotHaveIsLocated() throws {
        let errors = try Self.errors { $0[sheet: "Competencies"].set("id", "ws-99", whereID: "ws-05") }
        let error = try #require(errors.first)
        #expect(error.code == "SH106")
        #expect(error.message.contains("no competency 'ws-99'"))
    }
}
