import CompetencyModel
import Foundation
import FrameworkLoading
import Testing
import XMLSupport

@Suite("FrameworkLoader: decoding valid.xml")
struct FrameworkDecodingTests {
    @Test func validFixtureDecodesAsWritten() throws {
        let text = try validText
        let framework = try #require(try load(text).framework)
        let metadata = framework.metadata
        #expect(metadata.id == "fixture")
        #expect(metadata.version == "2")
        #expect(metadata.title == "Fixture framework")
        #expect(metadata.date == "2020-01-31")
        #expect(metadata.language == "en-GB")
        #expect(metadata.derivedFrom == FrameworkReference(frameworkID: "fixture", version: "1"))
        #expect(metadata.derivedFromLocation == SourceLocation(file: "variant.xml", line: 9, column: 3))
        #expect(framework.phases.map(\.id) == ["primary", "secondary"])
        #expect(framework.phases.map(\.description) == [nil, "Young people aged eleven to sixteen."])
        #expect(framework.groups.map(\.id) == ["core", "enhanced", "targeted"])
        #expect(framework.groups.map(\.rank) == [1, 2, 3])
        #expect(framework.groups[0].roles.map(\.id) == ["caretaker", "receptionist"])
        #expect(framework.groups[0].roles.map(\.name) == ["Caretakers", "Receptionists"])
        #expect(framework.ratingScale.points.map(\.value) == [1, 2, 3, 4])
        #expect(framework.ratingScale.points.first?.label == "Not yet")
        #expect(framework.trainingOptions.map(\.id) == ["t-awareness", "t-skills"])
        #expect(framework.trainingOptions.map(\.format) == [.eLearning, .workshop])
        #expect(framework.trainingOptions.map(\.scope) == [.national, .local])
        #expect(framework.trainingOptions.map(\.duration) == ["PT30M", nil])
        #expect(framework.trainingOptions[1].url == "https://training.example.net/skills?id=2")
        #expect(framework.services.map(\.id) == ["helpline"])
        #expect(framework.areas.map(\.id) == ["wellbeing", "support"])
        #expect(framework.competencies.map(\.id) == ["wb-01", "wb-02", "sp-01", "sp-02"])

        let wb02 = framework.competencies[1]
        #expect(wb02.code == "WB2")
        #expect(wb02.groupID == "enhanced")
        #expect(wb02.kind == .skill)
        #expect(wb02.phaseIDs == ["primary", "secondary"])
        #expect(wb02.enhancements == ["Uses the child's preferred way of communicating."])
        #expect(wb02.trainingRefs.map(\.id) == ["t-awareness", "t-skills"])
        #expect(wb02.serviceRefs.map(\.id) == ["helpline"])
        #expect(framework.competencies[0].topics == ["signs"])

        // Locations: the element's `<`, each attribute's name, each ref's `ref`.
        let startTag = "<competency id=\"wb-02\""
        let wb02Line = try line(of: startTag, in: text)
        #expect(wb02.location == SourceLocation(file: "variant.xml", line: wb02Line, column: try column(of: startTag, in: text)))
        let phasesAttribute = "kind=\"skill\" phases=\"primary secondary\""
        #expect(wb02.location(ofAttribute: "phases") == SourceLocation(
            file: "variant.xml", line: wb02Line, column: try column(of: phasesAttribute, in: text) + 13))
        #expect(wb02.location(ofAttribute: "kind")?.column == (try column(of: phasesAttribute, in: text)))
        #expect(wb02.statementLocation == SourceLocation(file: "variant.xml", line: wb02Line + 1, column: 9))
        // statement, enhancement, t-awareness, then t-skills four lines below the start tag.
        #expect(wb02.trainingRefs[1].location == SourceLocation(file: "variant.xml", line: wb02Line + 4, column: 19))
        #expect(wb02.serviceRefs[0].location == SourceLocation(file: "variant.xml", line: wb02Line + 5, column: 19))
        #expect(framework.trainingOptions[0].urlLocation == SourceLocation(
            file: "variant.xml", line: try line(of: "<url>https://example.org/awareness</url>", in: text), column: 7))
        #expect(framework.groups[2].rankLocation == SourceLocation(
            file: "variant.xml", line: try line(of: "<group id=\"targeted\"", in: text), column: 26))
    }

    @Test func textIsWhitespaceCollapsed() throws {
        let text = try validVariant([(
            "<statement>Knows the signs that a child may be struggling.</statement>",
            "<statement>\n          Knows the signs\n          that a child   may be struggling.\n        </statement>"
        )])
        let result = try load(text)
        #expect(result.diagnostics.isEmpty)
        #expect(result.framework?.competencies.first?.statement == "Knows the signs that a child may be struggling.")
    }

    @Test func diagnosticsAreSortedByLocation() throws {
        // Two defects, the later one listed by an earlier rule.
        let text = try validVariant([
            ("<url>https://example.org/awareness</url>", "<url>http://example.org/awareness</url>"),
            ("<competency id=\"sp-02\" code=\"SP2\"", "<competency id=\"sp-01\" code=\"SP2\""),
        ])
        let diagnostics = try load(text).diagnostics
        #expect(diagnostics.map(\.code) == ["FW113", "FW101"])
        #expect(diagnostics == diagnostics.sortedByLocation())
    }
}

@Suite("FrameworkLoader: specific rule cases")
struct FrameworkRuleCaseTests {
    @Test func duplicateCompetencyIdPointsAtTheDuplicateWithANoteAtTheFirst() throws {
        let url = Paths.ruleFixtures.appendingPathComponent("FW101.xml")
        let text = try readText(url)
        let result = try FrameworkLoader().load(contentsOf: url.path)
        let diagnostic = try #require(result.diagnostics.first { $0.code == "FW101" })
        let duplicate = "<competency id=\"wb-01\" code=\"SP3\""
        let first = "<competency id=\"wb-01\" code=\"WB1\""
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: url.path, line: try line(of: duplicate, in: text), column: try column(of: duplicate, in: text)))
        #expect(diagnostic.message.contains("wb-01"))
        #expect(diagnostic.message.contains("competency"))
        let note = try #require(diagnostic.notes.first)
        #expect(diagnostic.notes.count == 1)
        #expect(note.location == SourceLocation(file: url.path, line: try line(of: first, in: text), column: try column(of: first, in: text)))
        #expect(diagnostic.formatted.contains("\(url.path):\(try line(of: first, in: text)):7: note:"))
    }

    @Test(arguments: [
        ("phase", "<phase id=\"secondary\">", "<phase id=\"primary\">"),
        ("role", "<role id=\"teacher\">", "<role id=\"caretaker\">"),
        ("training option", "<trainingOption id=\"t-skills\" scope=\"local\" format=\"workshop\">", "<trainingOption id=\"t-awareness\" scope=\"local\" format=\"workshop\">"),
        ("area", "<area id=\"support\">", "<area id=\"wellbeing\">"),
    ])
    func duplicateIdsOfOtherKinds(kind: String, original: String, duplicate: String) throws {
        let text = try validVariant([(original, duplicate + " <!-- here -->")])
        let diagnostics = try load(text).diagnostics
        let found = diagnostics.filter { $0.code == "FW101" }
        #expect(found.count == 1, "\(diagnostics.map(\.formatted))")
        #expect(found.first?.location?.line == (try line(of: "<!-- here -->", in: text)))
        #expect(found.first?.message.contains("duplicate \(kind) id") == true)
        // The note points at the first definition: the line with the same id, unmarked.
        let idAttribute = try #require(duplicate.firstMatch(of: /id="[^"]+"/)).output
        let lines = text.components(separatedBy: "\n")
        let firstLine = try #require(lines.firstIndex { $0.contains(idAttribute) && !$0.contains("<!-- here -->") }) + 1
        #expect(found.first?.notes.first?.location?.line == firstLine)
        #expect(firstLine < (try line(of: "<!-- here -->", in: text)))
    }

    @Test func duplicateCodePointsAtTheCodeAttribute() throws {
        let url = Paths.ruleFixtures.appendingPathComponent("FW102.xml")
        let text = try readText(url)
        let diagnostic = try #require(try FrameworkLoader().load(contentsOf: url.path).diagnostics.first)
        #expect(diagnostic.code == "FW102")
        let tag = "<competency id=\"sp-03\" code=\"WB1\""
        #expect(diagnostic.location?.line == (try line(of: tag, in: text)))
        #expect(diagnostic.location?.column == (try column(of: tag, in: text)) + 23) // `<competency id="sp-03" ` is 23 columns
        #expect(diagnostic.notes.first?.location?.line == (try line(of: "code=\"WB1\" group=\"core\" kind=\"knowledge\"", in: text)))
    }

    @Test func unknownTrainingPointsAtTheRefAttributeColumn() throws {
        let url = Paths.ruleFixtures.appendingPathComponent("FW104.xml")
        let text = try readText(url)
        let diagnostics = try FrameworkLoader().load(contentsOf: url.path).diagnostics
        let diagnostic = try #require(diagnostics.first { $0.code == "FW104" })
        let refLine = try line(of: "t-missing", in: text)
        #expect(diagnostic.location?.line == refLine)
        // `        <training ref="t-missing"/>`: ref starts at column 19.
        #expect(diagnostic.location?.column == 19)
        #expect(diagnostic.location?.column == (try column(of: "ref=\"t-missing\"", in: text)))
        #expect(diagnostic.message.contains("t-missing"))
        #expect(diagnostic.message.contains("wb-01"))
    }

    @Test func unknownServicePointsAtTheRefAttributeColumn() throws {
        let text = try validVariant([(
            "        <signpost ref=\"helpline\"/>",
            "        <signpost ref=\"helpline\"/><signpost    ref=\"gone\"/>"
        )])
        let diagnostic = try #require(try load(text).diagnostics.first { $0.code == "FW106" })
        #expect(diagnostic.location?.line == (try line(of: "ref=\"gone\"", in: text)))
        #expect(diagnostic.location?.column == (try column(of: "ref=\"gone\"", in: text)))
        // `        <signpost ref="helpline"/><signpost    ref="gone"/>`: the second ref is at 48.
        #expect(diagnostic.location?.column == 48)
    }

    @Test(arguments: [
        ("http://example.org/awareness", "non-https"),
        ("ftp://example.org/awareness", "non-https"),
        ("HTTP://example.org/awareness", "non-https"),
        ("example.org/awareness", "malformed"),
        ("//example.org/awareness", "malformed"),
        ("https://localhost/awareness", "no valid host"),
        ("https:///awareness", "no valid host"),
        ("https://example.org./awareness", "no valid host"),
    ])
    func badTrainingURLs(url: String, problem: String) throws {
        let text = try validVariant([("<url>https://example.org/awareness</url>", "<url>\(url)</url>")])
        let result = try load(text)
        let diagnostic = try #require(result.diagnostics.first { $0.code == "FW113" }, "\(url): \(result.diagnostics.map(\.formatted))")
        #expect(diagnostic.message.contains(problem), "\(url): \(diagnostic.message)")
        #expect(diagnostic.message.contains(url))
        #expect(diagnostic.location == SourceLocation(file: "variant.xml", line: try line(of: "<url>\(url)</url>", in: text), column: 7))
    }

    @Test func badServiceURLIsReportedToo() throws {
        let text = try validVariant([("<url>https://helpline.example.org/</url>", "<url>http://helpline.example.org/</url>")])
        let diagnostic = try #require(try load(text).diagnostics.first { $0.code == "FW113" })
        #expect(diagnostic.message.contains("service 'helpline'"))
        #expect(diagnostic.location?.line == (try line(of: "http://helpline", in: text)))
    }

    @Test(arguments: ["https://example.org", "https://EXAMPLE.org/a?b=c#d", "HTTPS://sub.example.co.uk/path/", "https://example.org:8443/x"])
    func goodURLsPass(url: String) throws {
        let text = try validVariant([("<url>https://example.org/awareness</url>", "<url>\(url)</url>")])
        #expect(try load(text).diagnostics.isEmpty)
    }

    @Test func ranksOneTwoFourReportTheGapAtTheRankAttribute() throws {
        let url = Paths.ruleFixtures.appendingPathComponent("FW110.xml")
        let text = try readText(url)
        let diagnostics = try FrameworkLoader().load(contentsOf: url.path).diagnostics
        #expect(diagnostics.count == 1)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == "FW110")
        #expect(diagnostic.message.contains("targeted"))
        #expect(diagnostic.message.contains("rank 4"))
        #expect(diagnostic.location?.line == (try line(of: "rank=\"4\"", in: text)))
        #expect(diagnostic.location?.column == (try column(of: "rank=\"4\"", in: text)))
    }

    @Test func repeatedRanksAreReported() throws {
        let text = try validVariant([("<group id=\"enhanced\" rank=\"2\">", "<group id=\"enhanced\" rank=\"1\">")])
        let found = try load(text).diagnostics.filter { $0.code == "FW110" }
        #expect(!found.isEmpty)
        // Either of the two rank-1 groups is out of place; the finding points at its rank.
        let candidates = try ["<group id=\"core\" rank=\"1\">", "<group id=\"enhanced\" rank=\"1\">"].map { tag in
            SourceLocation(file: "variant.xml", line: try line(of: tag, in: text), column: try column(of: tag, in: text) + tag.count - 9)
        }
        #expect(found.count == 1)
        #expect(found.allSatisfy { $0.location.map(candidates.contains) ?? false }, "\(found.map(\.formatted))")
    }

    @Test func ratingScaleOneThreeTwoReportsBothMisplacedPoints() throws {
        let text = try validVariant([
            ("<point value=\"2\">", "<point value=\"3\"> <!-- second -->"),
            ("<point value=\"3\">\n", "<point value=\"2\"> <!-- third -->\n"),
        ])
        let diagnostics = try load(text).diagnostics
        #expect(diagnostics.allSatisfy { $0.code == "FW114" })
        #expect(diagnostics.compactMap(\.location?.line) == [try line(of: "<!-- second -->", in: text), try line(of: "<!-- third -->", in: text)])
        #expect(diagnostics.first?.message.contains("value 3") == true)
        #expect(diagnostics.last?.message.contains("value 2") == true)
    }

    @Test func ratingScaleOfThreePointsOneThreeTwo() throws {
        var text = try removing(from: "    <point value=\"4\">", upTo: "  </ratingScale>", in: try validText)
        text = try replacing("<point value=\"2\">", with: "<point value=\"three\"> <!-- 3 -->", in: text)
        text = try replacing("<point value=\"3\">", with: "<point value=\"2\"> <!-- 2 -->", in: text)
        text = try replacing("\"three\"", with: "\"3\"", in: text)
        let result = try load(text)
        #expect(result.framework?.ratingScale.points.map(\.value) == [1, 3, 2])
        #expect(result.diagnostics.map(\.code) == ["FW114", "FW114"])
        #expect(result.diagnostics.compactMap(\.location?.line) == [try line(of: "<!-- 3 -->", in: text), try line(of: "<!-- 2 -->", in: text)])
        #expect(result.diagnostics.allSatisfy { $0.location?.column == 5 })
    }

    @Test func singlePointScaleNeedsTwoPoints() throws {
        let text = try removing(from: "    <point value=\"2\">", upTo: "  </ratingScale>", in: try validText)
        let result = try load(text)
        #expect(result.framework?.ratingScale.points.count == 1)
        #expect(result.diagnostics.map(\.code) == ["FW114"])
        #expect(result.diagnostics.first?.message.contains("at least two") == true)
        #expect(result.diagnostics.first?.location == SourceLocation(file: "variant.xml", line: try line(of: "<ratingScale>", in: text), column: 3))
    }

    @Test func frameworkThatDerivesFromItself() throws {
        let url = Paths.ruleFixtures.appendingPathComponent("FW115.xml")
        let diagnostics = try FrameworkLoader().load(contentsOf: url.path).diagnostics
        #expect(diagnostics.map(\.code) == ["FW115"])
        #expect(diagnostics.first?.location == SourceLocation(file: url.path, line: 9, column: 3))
        #expect(diagnostics.first?.message.contains("fixture@2") == true)
        // Same id, other version (valid.xml), and other id, same version, are both fine.
        let otherFramework = try validVariant([("<derivedFrom framework=\"fixture\" version=\"1\"/>", "<derivedFrom framework=\"another\" version=\"2\"/>")])
        #expect(try load(otherFramework).diagnostics.isEmpty)
        let none = try validVariant([("<derivedFrom framework=\"fixture\" version=\"1\"/>", "")])
        #expect(try load(none).diagnostics.isEmpty)
    }

    @Test func emptyEnhancementIsAnEmptyStatement() throws {
        let text = try validVariant([("<enhancement>Uses the child's preferred way of communicating.</enhancement>", "<enhancement> </enhancement>")])
        let diagnostics = try load(text).diagnostics
        #expect(diagnostics.map(\.code) == ["FW107"])
        #expect(diagnostics.first?.message.contains("enhancement") == true)
    }

    @Test func statementOfExactlyTheMaximumLengthIsFine() throws {
        let statement = String(repeating: "a", count: FrameworkRules.maximumStatementLength - 1) + "."
        let text = try validVariant([("Listens to a child without judging them.", statement)])
        #expect(try load(text).diagnostics.isEmpty)
        let longer = try validVariant([("Listens to a child without judging them.", statement + "b")])
        #expect(try load(longer).diagnostics.map(\.code) == ["FW108"])
    }

    @Test func repeatedPhaseAndTopicAreReported() throws {
        let text = try validVariant([
            ("kind=\"knowledge\" phases=\"primary secondary\"", "kind=\"knowledge\" phases=\"primary secondary primary\""),
            ("<topic>planning</topic>", "<topic>planning</topic><topic>planning</topic>"),
        ])
        let found = try load(text).diagnostics.filter { $0.code == "FW118" }
        #expect(found.count == 2)
        #expect(found.contains { $0.message.contains("phase 'primary'") })
        #expect(found.contains { $0.message.contains("topic 'planning'") })
    }
}

@Suite("FrameworkLoader: documents that are not valid frameworks")
struct FrameworkLoaderFailureTests {
    @Test func schemaViolationIsFW005AtTheElement() throws {
        let text = try validVariant([("<competency id=\"wb-02\" code=\"WB2\" group=\"enhanced\" kind=\"skill\"", "<competency id=\"wb-02\" code=\"WB2\" group=\"enhanced\" kind=\"opinion\"")])
        let result = try load(text)
        #expect(result.framework == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.allSatisfy { $0.code == DiagnosticCode.schema.code && $0.severity == .error })
        #expect(diagnostic.location == SourceLocation(file: "variant.xml", line: try line(of: "kind=\"opinion\"", in: text), column: 7))
        #expect(diagnostic.message.contains("opinion"))
        // Messages name elements without libxml2's `{namespace}` prefix.
        #expect(!diagnostic.message.contains("{urn:competencykit"))
    }

    @Test func unexpectedElementIsFW005AtItsOwnLineAndColumn() throws {
        let text = try validVariant([("<topic>signs</topic>", "<topic>signs</topic>\n        <!-- x --><bogus/>")])
        let result = try load(text)
        #expect(result.framework == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == "FW005")
        #expect(diagnostic.location?.line == (try line(of: "<bogus/>", in: text)))
        #expect(diagnostic.location?.column == 19)
        #expect(diagnostic.message.contains("bogus"))
    }

    @Test func missingRequiredElementIsFW005() throws {
        let text = try validVariant([("  <title>Fixture framework</title>\n", "")])
        let result = try load(text)
        #expect(result.framework == nil)
        #expect(result.diagnostics.map(\.code) == ["FW005"])
        #expect(result.diagnostics.first?.location?.line == (try line(of: "<publisher>", in: text)))
    }

    @Test func severalSchemaViolationsAreAllReportedInOrder() throws {
        let text = try validVariant([
            ("<date>2020-01-31</date>", "<date>31/01/2020</date>"),
            ("<group id=\"enhanced\" rank=\"2\">", "<group id=\"Enhanced\" rank=\"2\">"),
        ])
        let diagnostics = try load(text).diagnostics
        #expect(diagnostics.count == 2)
        #expect(diagnostics.compactMap(\.location?.line) == [try line(of: "<date>", in: text), try line(of: "id=\"Enhanced\"", in: text)])
        #expect(diagnostics.allSatisfy { $0.code == "FW005" })
    }

    @Test(arguments: [
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>hello</p></body></html>",
        "<framework xmlns=\"urn:somebody-else\" id=\"x\" version=\"1\"><title/></framework>",
        "<framework id=\"x\" version=\"1\"/>",
    ])
    func otherVocabularyIsFW005NotACrash(document: String) throws {
        let result = try load("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document)
        #expect(result.framework == nil)
        #expect(!result.diagnostics.isEmpty)
        #expect(result.diagnostics.allSatisfy { $0.code == "FW005" })
        #expect(result.diagnostics.first?.location?.line == 2)
    }

    @Test func notWellFormedThrowsFW001WithItsLine() throws {
        let text = try validVariant([("<title>Fixture framework</title>", "<title>Fixture framework</titel>")])
        let error = try #require(loadFailure { () throws(LoadFailure) in try load(text, path: "broken.xml") })
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.allSatisfy { $0.code == DiagnosticCode.malformed.code && $0.severity == .error })
        #expect(diagnostic.location?.file == "broken.xml")
        #expect(diagnostic.location?.line == 4)
        #expect((diagnostic.location?.column ?? 0) > 0)
    }

    @Test func truncatedFileThrowsFW001() throws {
        let bytes = Array(try validText.utf8)
        let truncated = Array(bytes.prefix(bytes.count / 2))
        let error = try #require(loadFailure { () throws(LoadFailure) in try FrameworkLoader().load(bytes: truncated, path: "half.xml") })
        #expect(error.diagnostics.first?.code == "FW001")
        let lines = String(decoding: truncated, as: UTF8.self).components(separatedBy: "\n").count
        #expect(error.diagnostics.first?.location?.line == lines)
    }

    @Test func doctypeIsFW003() throws {
        let text = try validVariant([("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE framework [<!ENTITY who \"me\">]>\n")])
        let error = try #require(loadFailure { () throws(LoadFailure) in try load(text) })
        #expect(error.diagnostics.map(\.code) == ["FW003"])
        #expect(error.diagnostics.first?.location == SourceLocation(file: "variant.xml", line: 2, column: 1))
    }

    @Test func nonUTF8IsFW002() throws {
        let text = try validVariant([("<title>Fixture framework</title>", "<title>Fixture caf\u{E9} framework</title>")])
        let bytes = Array(text.utf8)
        // Re-encode the é as Latin-1: one byte 0xE9.
        let index = try #require(bytes.firstIndex(of: 0xC3))
        var latin1 = bytes
        latin1.replaceSubrange(index..<(index + 2), with: [0xE9])
        let error = try #require(loadFailure { () throws(LoadFailure) in try FrameworkLoader().load(bytes: latin1, path: "latin1.xml") })
        #expect(error.diagnostics.map(\.code) == ["FW002"])
        // `  <title>Fixture caf` is 20 columns; the bad byte is column 21 of line 4.
        #expect(error.diagnostics.first?.location == SourceLocation(file: "latin1.xml", line: 4, column: 21))
    }

    @Test func declaredLatin1IsFW002() throws {
        let text = try validVariant([("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")])
        let error = try #require(loadFailure { () throws(LoadFailure) in try load(text) })
        #expect(error.diagnostics.map(\.code) == ["FW002"])
    }

    @Test func limitsAreFW004() throws {
        let text = try validText
        let small = FrameworkLoader(documentReader: DocumentReader(reader: XMLReader(maximumBytes: 1_000)))
        let error = try #require(loadFailure { () throws(LoadFailure) in try small.load(bytes: Array(text.utf8), path: "big.xml") })
        #expect(error.diagnostics.map(\.code) == ["FW004"])
        // A file over the cap is refused before it is read.
        let fileError = try #require(loadFailure { () throws(LoadFailure) in try small.load(contentsOf: Paths.valid.path) })
        #expect(fileError.diagnostics.map(\.code) == ["FW004"])
        let shallow = FrameworkLoader(documentReader: DocumentReader(reader: XMLReader(maximumDepth: 3)))
        let deep = try #require(loadFailure { () throws(LoadFailure) in try shallow.load(contentsOf: Paths.valid.path) })
        #expect(deep.diagnostics.map(\.code) == ["FW004"])
        // The first element at depth 4 is the first phase's <name>.
        #expect(deep.diagnostics.first?.location == SourceLocation(file: Paths.valid.path, line: 13, column: 7))
    }

    @Test func missingFileIsFW006() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).xml").path
        let error = try #require(loadFailure { () throws(LoadFailure) in try FrameworkLoader().load(contentsOf: path) })
        #expect(error.diagnostics.map(\.code) == ["FW006"])
        #expect(error.diagnostics.first?.location == SourceLocation(file: path, line: 1, column: 1))
    }

    @Test func directoryIsFW006() throws {
        let error = try #require(loadFailure { () throws(LoadFailure) in try FrameworkLoader().load(contentsOf: Paths.fixtures.path) })
        #expect(error.diagnostics.map(\.code) == ["FW006"])
        #expect(error.diagnostics.first?.message.contains("directory") == true)
    }

    @Test func externalEntityNeverLeaksIntoDiagnostics() throws {
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secretURL = directory.appendingPathComponent("secret.txt")
        try Data(secret.utf8).write(to: secretURL)
        let text = try validVariant([
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE framework [<!ENTITY xxe SYSTEM \"\(secretURL.absoluteString)\">]>\n"),
            ("<title>Fixture framework</title>", "<title>&xxe;</title>"),
        ])
        let error = try #require(loadFailure { () throws(LoadFailure) in try load(text) })
        #expect(error.diagnostics.map(\.code) == ["FW003"])
        #expect(error.diagnostics.allSatisfy { !$0.formatted.contains(secret) })
    }
}
