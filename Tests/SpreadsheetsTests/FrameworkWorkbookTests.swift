import CompetencyModel
import Foundation
import FrameworkLoading
import OutputFormats
@testable import Spreadsheets
import Testing

@Suite("framework workbook round trip")
struct FrameworkWorkbookRoundTripTests {
    @Test(arguments: SheetRepo.frameworkFiles)
    func exportThenImportGivesTheCanonicalXMLOfTheOriginal(_ file: String) throws {
        let original = try SheetRepo.framework(file)
        let bytes = try XLSXWriter().write(FrameworkWorkbook.export(original))
        let (imported, diagnostics) = SheetImport.run(bytes)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        let framework = try #require(imported)
        #expect(same(framework, original))
        #expect(FrameworkXMLWriter().write(framework) == FrameworkXMLWriter().write(original))
    }

    @Test(arguments: SheetRepo.frameworkFiles)
    func importingIntoTheOriginalChangesNothing(_ file: String) throws {
        let original = try SheetRepo.framework(file)
        let (imported, diagnostics) = SheetImport.run(try XLSXWriter().write(FrameworkWorkbook.export(original)), existing: original)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(same(imported, original))
    }

    @Test(arguments: SheetRepo.frameworkFiles)
    func theCompetenciesCSVRoundTrips(_ file: String) throws {
        let original = try SheetRepo.framework(file)
        let (imported, diagnostics) = try SheetImport.csv(FrameworkWorkbook.competenciesCSV(original), existing: original)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(same(imported, original))
    }

    /// What LibreOffice writes is not what we write (its own shared strings, styles, row
    /// attributes and number formats); the framework must survive it unchanged.
    @Test func aLibreOfficeResaveRoundTrips() throws {
        let original = try SheetRepo.framework("Frameworks/in-it-together/2019.xml")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("framework.xlsx")
        try Data(XLSXWriter().write(FrameworkWorkbook.export(original))).write(to: source)
        let out = folder.appendingPathComponent("resaved")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["soffice", "-env:UserInstallation=file://\(folder.path)/profile", "--headless",
                             "--convert-to", "xlsx:Calc Office Open XML", "--outdir", out.path, source.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let resaved = try Data(contentsOf: out.appendingPathComponent("framework.xlsx"))
        #expect([UInt8](resaved) != (try XLSXWriter().write(FrameworkWorkbook.export(original))), "LibreOffice wrote its own file")
        let (imported, diagnostics) = SheetImport.run([UInt8](resaved))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(same(imported, original))
    }

    @Test func theSameFrameworkGivesTheSameBytes() throws {
        let original = try SheetRepo.framework("Frameworks/in-it-together/2019.xml")
        #expect(try XLSXWriter().write(FrameworkWorkbook.export(original)) == XLSXWriter().write(FrameworkWorkbook.export(original)))
    }
}

@Suite("framework workbook updates by id")
struct FrameworkWorkbookUpdateTests {
    static let file = "Frameworks/in-it-together/2019.xml"

    @Test func changedCellsUpdateNewRowsAddAndOrderIsKept() throws {
        let original = try SheetRepo.framework(Self.file)
        var workbook = FrameworkWorkbook.export(original)
        var rows = workbook.sheets[0].rows
        rows[1][6] = .text("Knows who leads on wellbeing in the setting, and how to reach them quickly.")
        var added = rows[0]
        added[0] = .empty
        added[1] = .text("WS.99")
        added[6] = .text("Knows where the setting's wellbeing noticeboard is.")
        rows.insert(added, at: 2)
        rows.swapAt(3, 4)
        workbook.sheets[0].rows = rows
        let (imported, diagnostics) = SheetImport.run(try XLSXWriter().write(workbook), existing: original)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        let framework = try #require(imported)
        let ids = framework.areas[0].competencies.map(\.id)
        #expect(Array(ids.prefix(5)) == ["ws-01", "ws-02", "ws-99", "ws-04", "ws-03"])
        #expect(framework.competencies.first { $0.id == "ws-02" }?.statement == "Knows who leads on wellbeing in the setting, and how to reach them quickly.")
        #expect(framework.competencies.first { $0.id == "ws-99" }?.code == "WS.99")
        #expect(framework.competencies.count == original.competencies.count + 1)
    }

    @Test func aMissingRowIsKeptAndReportedUnlessPruned() throws {
        let original = try SheetRepo.framework(Self.file)
        var workbook = FrameworkWorkbook.export(original)
        workbook.sheets[0].rows.remove(at: 2)
        let bytes = try XLSXWriter().write(workbook)
        let kept = SheetImport.run(bytes, existing: original)
        #expect(same(kept.framework, original))
        let warning = try #require(kept.diagnostics.first)
        #expect(warning.code == "SH109")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("competency 'ws-03' has no row"))
        #expect(warning.location?.description == "f.xlsx:Competencies!A1")
        let pruned = SheetImport.run(bytes, existing: original, prune: true)
        #expect(pruned.diagnostics.isEmpty)
        #expect(pruned.framework?.competencies.count == original.competencies.count - 1)
        #expect(pruned.framework?.competencies.contains { $0.id == "ws-03" } == false)
    }

    @Test func aCSVWithReorderedAndMissingColumnsUpdatesOnlyThoseColumns() throws {
        let original = try SheetRepo.framework(Self.file)
        let csv = "statement,id\r\n\"Understands that every adult, whatever their job, helps children feel well.\",ws-01\r\n"
        let (imported, diagnostics) = try SheetImport.csv(csv, existing: original)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.formatted))")
        let first = try #require(imported?.competencies.first)
        #expect(first.statement == "Understands that every adult, whatever their job, helps children feel well.")
        #expect(first.trainingRefs == original.competencies[0].trainingRefs)
        #expect(first.code == "WS.1")
    }
}

@Suite("framework workbook errors at their cells")
struct FrameworkWorkbookErrorTests {
    static let original = try? SheetRepo.framework("Frameworks/in-it-together/2019.xml")

    /// Imports the exported workbook with one cell of the Competencies sheet changed.
    static func importing(row: Int, column: Int, _ value: Cell, sheet: Int = 0) throws -> [Diagnostic] {
        var workbook = FrameworkWorkbook.export(try #require(original))
        workbook.sheets[sheet].rows[row - 2][column - 1] = value
        let (framework, diagnostics) = SheetImport.run(try XLSXWriter().write(workbook), existing: original)
        #expect(framework.map { _ in "a framework" } == nil)
        return diagnostics.filter { $0.severity == .error }
    }

    static func only(_ diagnostics: [Diagnostic]) throws -> Diagnostic {
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.formatted))")
        return try #require(diagnostics.first)
    }

    @Test func aGroupNotInTheListSuggestsTheClosest() throws {
        let error = try Self.only(Self.importing(row: 2, column: 4, .text("cor")))
        #expect(error.code == "SH106")
        #expect(error.location?.description == "f.xlsx:Competencies!D2")
        #expect(error.message.contains("there is no group 'cor' (did you mean 'core'?)"))
    }

    @Test func anUnknownTrainingIDInAListIsLocated() throws {
        let error = try Self.only(Self.importing(row: 3, column: 9, .text("ww-more-help, ww-no-such-course")))
        #expect(error.code == "SH106")
        #expect(error.location?.description == "f.xlsx:Competencies!I3")
        #expect(error.message.contains("no training option 'ww-no-such-course'"))
    }

    @Test func anEmptyStatementIsLocated() throws {
        let error = try Self.only(Self.importing(row: 4, column: 7, .text("   ")))
        #expect(error.code == "SH107")
        #expect(error.location?.description == "f.xlsx:Competencies!G4")
    }

    @Test func aDuplicateIDPointsAtBothRows() throws {
        let error = try Self.only(Self.importing(row: 3, column: 1, .text("ws-01")))
        #expect(error.code == "SH105")
        #expect(error.location?.description == "f.xlsx:Competencies!A3")
        #expect(error.notes.first?.location?.description == "f.xlsx:Competencies!A2")
    }

    @Test func aPhaseListThatDoesNotParseIsLocated() throws {
        let error = try Self.only(Self.importing(row: 2, column: 6, .text("Early Years/primary")))
        #expect(error.code == "SH108")
        #expect(error.location?.description == "f.xlsx:Competencies!F2")
        #expect(error.message.contains("does not parse"))
    }

    @Test func aKindNotInTheListSuggestsOne() throws {
        let error = try Self.only(Self.importing(row: 5, column: 5, .text("skills")))
        #expect(error.code == "SH108")
        #expect(error.location?.description == "f.xlsx:Competencies!E5")
        #expect(error.message.contains("did you mean 'skill'?"))
    }

    @Test func aRankThatIsNotANumberIsLocatedInItsSheet() throws {
        let error = try Self.only(Self.importing(row: 3, column: 2, .text("second"), sheet: 2))
        #expect(error.code == "SH108")
        #expect(error.location?.description == "f.xlsx:Groups!B3")
    }

    @Test func aFormulaWhereTextBelongsIsRefused() throws {
        let original = try #require(Self.original)
        let workbook = FrameworkWorkbook.export(original)
        var editable = EditableWorkbook(workbook)
        try editable.edit(editable.sheetPart("Competencies", in: workbook)) { xml in
            Self.replacingCell("G2", in: xml, with: "<c r=\"G2\" t=\"str\"><f>B2&amp;\" text\"</f><v>WS.1 text</v></c>")
        }
        let (framework, diagnostics) = SheetImport.run(try editable.bytes(), existing: original)
        #expect(framework.map { _ in "a framework" } == nil)
        let error = try Self.only(diagnostics.filter { $0.severity == .error })
        #expect(error.code == "SH103")
        #expect(error.location?.description == "f.xlsx:Competencies!G2")
        #expect(error.message.contains("Paste Special"))
    }

    @Test func mergedCellsAreRefusedAtTheirFirstCell() throws {
        let original = try #require(Self.original)
        let workbook = FrameworkWorkbook.export(original)
        var editable = EditableWorkbook(workbook)
        try editable.edit(editable.sheetPart("Competencies", in: workbook)) { xml in
            xml.replacingOccurrences(of: "</sheetData>", with: "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"C2:C4\"/></mergeCells>")
        }
        let (framework, diagnostics) = SheetImport.run(try editable.bytes(), existing: original)
        #expect(framework.map { _ in "a framework" } == nil)
        let error = try Self.only(diagnostics.filter { $0.severity == .error })
        #expect(error.code == "SH104")
        #expect(error.location?.description == "f.xlsx:Competencies!C2")
        #expect(error.message.contains("C2:C4 are merged"))
    }

    @Test func aBadDateInAboutIsLocated() throws {
        let error = try Self.only(Self.importing(row: 7, column: 2, .text("2 December 2019"), sheet: 8))
        #expect(error.code == "SH108")
        #expect(error.location?.description == "f.xlsx:About!B7")
    }

    @Test func csvErrorsAreLocatedByLineAndColumn() throws {
        let csv = "id,code,group\r\nws-01,WS.1,core\r\nws-02,WS.2,middle\r\n"
        let (_, diagnostics) = try SheetImport.csv(csv, existing: Self.original)
        let error = try Self.only(diagnostics.filter { $0.severity == .error })
        #expect(error.code == "SH106")
        #expect(error.location?.description == "f.csv:3:12")
    }

    static func replacingCell(_ reference: String, in xml: String, with replacement: String) -> String {
        guard let start = xml.range(of: "<c r=\"\(reference)\""),
              let end = xml.range(of: "</c>", range: start.upperBound..<xml.endIndex) else { return xml }
        return xml.replacingCharacters(in: start.lowerBound..<end.upperBound, with: replacement)
    }
}

@Suite("workbooks as people save them")
struct WorkbookVariantTests {
    static let original = try? SheetRepo.framework("Frameworks/in-it-together/2019.xml")

    @Test func inlineAndRichTextNumbersAsTextDatesTrailingRowsAndHiddenColumnsAreRead() throws {
        let original = try #require(Self.original)
        let workbook = FrameworkWorkbook.export(original)
        var editable = EditableWorkbook(workbook)
        let competencies = editable.sheetPart("Competencies", in: workbook)
        try editable.edit(competencies) { xml in
            var xml = FrameworkWorkbookErrorTests.replacingCell("G2", in: xml, with:
                "<c r=\"G2\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">Understands that every adult in the setting, whatever their job, </t></r><r><rPr><b/></rPr><t>has a part to play in children and young people's wellbeing.</t></r><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></is></c>")
            xml = xml.replacingOccurrences(of: "</sheetData>", with: "<row r=\"900\"><c r=\"A900\" t=\"inlineStr\"><is><t> </t></is></c></row></sheetData>")
            return xml.replacingOccurrences(of: "<col min=\"2\" max=\"2\"", with: "<col hidden=\"1\" min=\"2\" max=\"2\"")
        }
        // Rank stored as text, as a CSV paste leaves it.
        try editable.edit(editable.sheetPart("Groups", in: workbook)) { xml in
            FrameworkWorkbookErrorTests.replacingCell("B2", in: xml, with: "<c r=\"B2\" t=\"inlineStr\"><is><t>1</t></is></c>")
        }
        // The date retyped, so the spreadsheet stores a serial day number with a date format.
        try editable.edit("xl/styles.xml") { xml in
            xml.replacingOccurrences(of: "<cellXfs count=\"5\">", with: "<cellXfs count=\"6\">")
                .replacingOccurrences(of: "</cellXfs>", with: "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>")
        }
        try editable.edit(editable.sheetPart("About", in: workbook)) { xml in
            FrameworkWorkbookErrorTests.replacingCell("B7", in: xml, with: "<c r=\"B7\" s=\"5\"><v>43801</v></c>")
        }
        let (imported, diagnostics) = SheetImport.run(try editable.bytes(), existing: original)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(same(imported, original))
    }

    @Test func numbersReadAsTheyShow() {
        #expect(XLSXReader.numberText(3) == "3")
        #expect(XLSXReader.numberText(1.1) == "1.1")
        #expect(XLSXReader.isoDate(serial: 43801, uses1904: false) == "2019-12-02")
        #expect(XLSXReader.isoDate(serial: 61, uses1904: false) == "1900-03-01")
        #expect(XLSXReader.isoDate(serial: 42339, uses1904: true) == "2019-12-02")
    }

    @Test func mintedIDsFollowTheCodes() {
        #expect(FrameworkSheetImporter.mintedID(fromCode: "FPI.8") == "fpi-08")
        #expect(FrameworkSheetImporter.mintedID(fromCode: "WS.12") == "ws-12")
        #expect(FrameworkSheetImporter.mintedID(fromCode: "LOCAL-A") == "local-a")
    }
}

@Suite("hostile workbooks")
struct HostileWorkbookTests {
    static let workbook = FrameworkWorkbook.export(try! SheetRepo.framework("Frameworks/in-it-together/2019.xml"))

    static func failure(_ bytes: [UInt8], reader: XLSXReader = XLSXReader()) throws -> String {
        do {
            _ = try reader.read(bytes: bytes)
        } catch {
            return error.message
        }
        Issue.record("the workbook was read")
        return ""
    }

    @Test func anExternalEntityInAPartIsRefused() throws {
        var editable = EditableWorkbook(Self.workbook)
        try editable.edit("xl/sharedStrings.xml") { xml in
            xml.replacingOccurrences(of: "<sst ", with: "<!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst ")
                .replacingOccurrences(of: "<si><t xml:space=\"preserve\">id</t></si>", with: "<si><t>&x;</t></si>")
        }
        let message = try Self.failure(try editable.bytes())
        #expect(message.contains("xl/sharedStrings.xml"))
        #expect(message.contains("not readable XML"))
    }

    @Test func aSheetThatPointsOutsideThePackageIsRefused() throws {
        var editable = EditableWorkbook(Self.workbook)
        try editable.edit("xl/_rels/workbook.xml.rels") { xml in
            xml.replacingOccurrences(of: "Target=\"worksheets/sheet1.xml\"", with: "Target=\"../../../etc/passwd\"")
        }
        #expect(try Self.failure(try editable.bytes()).contains("points outside the workbook"))
    }

    @Test func aZipBombIsRefused() throws {
        var editable = EditableWorkbook(Self.workbook)
        try editable.edit("xl/sharedStrings.xml") { xml in
            xml.replacingOccurrences(of: "<si><t xml:space=\"preserve\">id</t></si>", with: "<si><t>" + String(repeating: " ", count: 8 << 20) + "</t></si>")
        }
        let message = try Self.failure(try editable.bytes())
        #expect(message.contains("cannot be read"))
        #expect(message.lowercased().contains("ratio") || message.contains("times"), "\(message)")
    }

    @Test func tooManySharedStringsAreRefused() throws {
        var reader = XLSXReader()
        reader.maximumSharedStrings = 100
        #expect(try Self.failure(try XLSXWriter().write(Self.workbook), reader: reader).contains("shared strings; the limit is 100"))
    }

    @Test func aZipThatIsNotAWorkbookSaysSo() throws {
        let docx = try OPCPackage(parts: [OPCPackage.Part(name: "word/document.xml", contentType: "application/xml", xml: "<w/>")]).docx()
        #expect(try Self.failure(docx).contains("no xl/workbook.xml"))
        #expect(try Self.failure(Array("id,code\r\n".utf8)).contains("not a zip"))
    }
}

/// Equality without dumping two whole frameworks into the log when it fails.
func same(_ framework: Framework?, _ original: Framework) -> Bool {
    framework == original
}
