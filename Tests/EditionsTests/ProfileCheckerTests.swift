import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Testing

/// Each profile error code, triggered by a small profile and reported at the profile's own
/// line and column.
@Suite("profile checks")
struct ProfileCheckerTests {
    let base: Framework

    init() throws {
        base = try Fixtures.base()
    }

    /// A clean workshop profile; variants of it trigger the workshop codes.
    static let workshopBody = """
          <keyMessages>
            <keyMessage id="listen">
              <title>Listen first</title>
              <text>Listening helps.</text>
              <valueStatement>I listen before I advise.</valueStatement>
            </keyMessage>
          </keyMessages>
          <workshops>
            <workshop id="w1" number="1">
              <title>One</title>
              <duration>PT1H</duration>
              <purpose>Practise listening.</purpose>
              <outcome id="w1-o1">
                <text>Listen calmly.</text>
                <develops ref="hc-01"/>
              </outcome>
              <segment minutes="30" keyMessages="listen" outcomes="w1-o1">
                <activity>Talk.</activity>
              </segment>
              <segment minutes="30">
                <activity>Practise.</activity>
              </segment>
            </workshop>
          </workshops>
          <evaluation>
            <sector id="health">Health</sector>
            <agreementScale><point>Disagree</point><point>Agree</point></agreementScale>
            <confidenceScale><point>Not confident</point><point>Confident</point></confidenceScale>
            <ediTopics>equality</ediTopics>
          </evaluation>
        """

    /// Loads `text` as `path`, runs `plugin`'s check, and expects exactly one `code` among the
    /// diagnostics (and no other error), at the position where `needle` starts.
    @discardableResult
    private func expect(
        _ code: String, severity: Diagnostic.Severity = .error, at needle: String, occurrence: Int = 1,
        in text: String, path: String, plugin: any ExportPlugin = LocalVariantPlugin(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let profile = try Fixtures.profile(text, path: path)
        let diagnostics = plugin.check(profile, base: base)
        let matching = diagnostics.filter { $0.code == code }
        #expect(matching.count == 1, "expected one \(code), got \(diagnostics.map(\.formatted))", sourceLocation: sourceLocation)
        let others = diagnostics.filter { $0.code != code && $0.severity == .error }
        #expect(others.isEmpty, "unexpected errors: \(others.map(\.formatted))", sourceLocation: sourceLocation)
        let diagnostic = try #require(matching.first, sourceLocation: sourceLocation)
        let expected = try position(of: needle, in: text, occurrence: occurrence)
        let location = try #require(diagnostic.location, "\(code) has no location", sourceLocation: sourceLocation)
        #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
        #expect(location.file == path, sourceLocation: sourceLocation)
        #expect(location.line == expected.line, "\(diagnostic.formatted)", sourceLocation: sourceLocation)
        #expect(location.column == expected.column, "\(diagnostic.formatted)", sourceLocation: sourceLocation)
        #expect(location.column > 0, sourceLocation: sourceLocation)
        #expect(diagnostic.formatted.hasPrefix("\(path):\(expected.line):\(expected.column): \(severity.rawValue): "), sourceLocation: sourceLocation)
        #expect(diagnostic.formatted.contains("[\(code)]"), sourceLocation: sourceLocation)
        return diagnostic
    }

    @Test func cleanSmallProfilesHaveNoDiagnostics() throws {
        let local = try Fixtures.profile(Fixtures.profileXML(body: ""))
        #expect(LocalVariantPlugin().check(local, base: base).isEmpty)
        let workshop = try Fixtures.profile(Fixtures.profileXML(plugin: "workshop-edition", body: Self.workshopBody))
        let diagnostics = WorkshopEditionPlugin().check(workshop, base: base)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    }

    @Test func ed101UnknownCompetencyInAStatementOverride() throws {
        // "A profile that references an unknown competency."
        let text = Fixtures.profileXML(body: """
              <overrides>
                <statement competency="no-such-competency">
                  <text>New words.</text>
                  <rationale>Because.</rationale>
                </statement>
              </overrides>
            """)
        let diagnostic = try expect(EditionCode.unknownCompetency.code, at: #"competency="no-such-competency""#, in: text, path: "profiles/ed101.xml")
        #expect(diagnostic.message.contains("no-such-competency"))
        #expect(diagnostic.code == "ED101")
    }

    @Test func ed101UnknownCompetencyInASelectionAndAnOutcome() throws {
        let selection = Fixtures.profileXML(body: #"  <exclude competencies="ws-01 zz-99"/>"#)
        try expect("ED101", at: #"competencies="ws-01 zz-99""#, in: selection, path: "ed101-selection.xml")
        let outcome = Fixtures.profileXML(plugin: "workshop-edition", body: try replacingOnce(
            #"<develops ref="hc-01"/>"#, with: #"<develops ref="hc-99"/>"#, in: Self.workshopBody))
        try expect("ED101", at: #"ref="hc-99""#, in: outcome, path: "ed101-outcome.xml", plugin: WorkshopEditionPlugin())
    }

    @Test func ed102UnknownGroup() throws {
        let selection = Fixtures.profileXML(body: #"  <exclude groups="volunteers"/>"#)
        try expect("ED102", at: #"groups="volunteers""#, in: selection, path: "ed102-selection.xml")
        let change = Fixtures.profileXML(body: """
              <groups>
                <group ref="managers">
                  <description>Managers.</description>
                </group>
              </groups>
            """)
        try expect("ED102", at: #"ref="managers""#, in: change, path: "ed102-group.xml")
    }

    @Test func ed103UnknownPhase() throws {
        let text = Fixtures.profileXML(body: #"  <include phases="early-years university"/>"#)
        let diagnostic = try expect("ED103", at: #"phases="early-years university""#, in: text, path: "ed103.xml")
        #expect(diagnostic.message.contains("university"))
    }

    @Test func ed104UnknownArea() throws {
        let text = Fixtures.profileXML(body: """
              <exclude areas="astronomy">
                <rationale>Not relevant.</rationale>
              </exclude>
            """)
        try expect("ED104", at: #"areas="astronomy""#, in: text, path: "ed104.xml")
    }

    @Test func ed105UnknownRole() throws {
        let rename = Fixtures.profileXML(body: """
              <groups>
                <group ref="core">
                  <renameRole ref="astronaut">Space staff</renameRole>
                </group>
              </groups>
            """)
        let diagnostic = try expect("ED105", at: #"ref="astronaut""#, in: rename, path: "ed105-rename.xml")
        #expect(diagnostic.notes.first?.message.contains("caretaker") == true, "the note lists the group's roles")
        let remove = Fixtures.profileXML(body: """
              <groups>
                <group ref="enhanced">
                  <removeRole ref="caretaker"/>
                </group>
              </groups>
            """)
        try expect("ED105", at: #"ref="caretaker""#, in: remove, path: "ed105-remove.xml")
    }

    @Test func ed106UnknownTraining() throws {
        let added = Fixtures.profileXML(body: """
              <overrides>
                <training competency="ws-01">
                  <add ref="no-such-course"/>
                  <rationale>Local course.</rationale>
                </training>
              </overrides>
            """)
        try expect("ED106", at: #"ref="no-such-course""#, in: added, path: "ed106-add.xml")
        // ws-01 is mapped to ww-early-signs only, so removing minded-anxiety is an error.
        let removed = Fixtures.profileXML(body: """
              <overrides>
                <training competency="ws-01">
                  <remove ref="minded-anxiety"/>
                  <rationale>Not needed.</rationale>
                </training>
              </overrides>
            """)
        try expect("ED106", at: #"ref="minded-anxiety""#, in: removed, path: "ed106-remove.xml")
    }

    @Test func ed107UnknownService() throws {
        let text = Fixtures.profileXML(body: """
              <additions>
                <competency id="loc-01" code="LOC.1" area="signposting" group="core" kind="knowledge" phases="primary">
                  <statement>Knows the local helpline.</statement>
                  <signpost ref="no-such-service"/>
                  <rationale>Local.</rationale>
                </competency>
              </additions>
            """)
        try expect("ED107", at: #"ref="no-such-service""#, in: text, path: "ed107.xml")
    }

    @Test func ed108IDCollisions() throws {
        let training = Fixtures.profileXML(body: """
              <trainingOptions>
                <trainingOption id="minded-anxiety" scope="local" format="workshop">
                  <title>Our anxiety course</title>
                  <provider>Us</provider>
                  <url>https://example.org/anxiety</url>
                </trainingOption>
              </trainingOptions>
            """)
        try expect("ED108", at: #"<trainingOption id="minded-anxiety""#, in: training, path: "ed108-training.xml")
        let competencyID = Fixtures.profileXML(body: """
              <additions>
                <competency id="ws-01" code="LOC.1" area="signposting" group="core" kind="knowledge" phases="primary">
                  <statement>Knows the local helpline.</statement>
                  <rationale>Local.</rationale>
                </competency>
              </additions>
            """)
        try expect("ED108", at: #"id="ws-01""#, in: competencyID, path: "ed108-id.xml")
        let competencyCode = Fixtures.profileXML(body: """
              <additions>
                <competency id="loc-01" code="WS.1" area="signposting" group="core" kind="knowledge" phases="primary">
                  <statement>Knows the local helpline.</statement>
                  <rationale>Local.</rationale>
                </competency>
              </additions>
            """)
        try expect("ED108", at: #"code="WS.1""#, in: competencyCode, path: "ed108-code.xml")
        let role = Fixtures.profileXML(body: """
              <groups>
                <group ref="core">
                  <addRole id="teacher">Teachers again</addRole>
                </group>
              </groups>
            """)
        try expect("ED108", at: #"<addRole id="teacher""#, in: role, path: "ed108-role.xml")
    }

    @Test func ed109UnknownWorkshopReference() throws {
        let message = Fixtures.profileXML(plugin: "workshop-edition", body: try replacingOnce(
            #"<segment minutes="30">"#, with: #"<segment minutes="30" keyMessages="listen hope">"#, in: Self.workshopBody))
        let diagnostic = try expect("ED109", at: #"keyMessages="listen hope""#, in: message, path: "ed109-message.xml", plugin: WorkshopEditionPlugin())
        #expect(diagnostic.message.contains("hope"))
        let outcome = Fixtures.profileXML(plugin: "workshop-edition", body: try replacingOnce(
            #"<segment minutes="30">"#, with: #"<segment minutes="30" outcomes="w1-o9">"#, in: Self.workshopBody))
        try expect("ED109", at: #"outcomes="w1-o9""#, in: outcome, path: "ed109-outcome.xml", plugin: WorkshopEditionPlugin())
    }

    @Test func ed110SegmentsDoNotAddUpToTheDuration() throws {
        let text = Fixtures.profileXML(plugin: "workshop-edition", body: try replacingOnce(
            #"<segment minutes="30">"#, with: #"<segment minutes="35">"#, in: Self.workshopBody))
        let diagnostic = try expect("ED110", at: "<duration>PT1H</duration>", in: text, path: "ed110.xml", plugin: WorkshopEditionPlugin())
        #expect(diagnostic.message.contains("60") && diagnostic.message.contains("65"))
    }

    @Test func ed114StatementRewordedTwice() throws {
        let text = Fixtures.profileXML(body: """
              <overrides>
                <statement competency="ws-01">
                  <text>First rewording.</text>
                  <rationale>One.</rationale>
                </statement>
                <statement competency="ws-01">
                  <text>Second rewording.</text>
                  <rationale>Two.</rationale>
                </statement>
              </overrides>
            """)
        let diagnostic = try expect("ED114", at: #"competency="ws-01""#, occurrence: 2, in: text, path: "ed114.xml")
        let first = try position(of: #"competency="ws-01""#, in: text)
        #expect(diagnostic.notes.first?.location?.line == first.line)
        #expect(diagnostic.notes.first?.location?.column == first.column)
    }

    @Test func ed116OverrideOfAnExcludedCompetencyIsAWarning() throws {
        let text = Fixtures.profileXML(body: """
              <exclude competencies="ws-01"/>
              <overrides>
                <statement competency="ws-01">
                  <text>Reworded but left out.</text>
                  <rationale>Oops.</rationale>
                </statement>
              </overrides>
            """)
        try expect("ED116", severity: .warning, at: #"competency="ws-01""#, in: text, path: "ed116.xml")
    }

    @Test func ed118NonHTTPSLinks() throws {
        let training = Fixtures.profileXML(body: """
              <trainingOptions>
                <trainingOption id="local-course" scope="local" format="workshop">
                  <title>Local course</title>
                  <provider>Us</provider>
                  <url>http://example.org/course</url>
                </trainingOption>
              </trainingOptions>
            """)
        try expect("ED118", at: "<url>http://example.org/course</url>", in: training, path: "ed118-training.xml")
        let service = Fixtures.profileXML(body: """
              <services>
                <service id="local-service" scope="local">
                  <name>Local service</name>
                  <description>Helps.</description>
                  <url>https://localhost/help</url>
                </service>
              </services>
            """)
        try expect("ED118", at: "<url>https://localhost/help</url>", in: service, path: "ed118-service.xml")
    }

    /// A workshop edition without workshops or without an evaluation has its own code; it
    /// used to borrow ED109, which means a segment names something unknown.
    @Test func ed121WorkshopEditionWithoutWorkshopsOrEvaluation() throws {
        let workshopsStart = try #require(Self.workshopBody.range(of: "  <workshops>"))
        let workshopsEnd = try #require(Self.workshopBody.range(of: "</workshops>\n"))
        var noWorkshops = Self.workshopBody
        noWorkshops.removeSubrange(workshopsStart.lowerBound..<workshopsEnd.upperBound)
        // Without workshops every key message goes unused (ED115, a warning) as well.
        let diagnostic = try expect("ED121", at: #"plugin="workshop-edition""#,
                                    in: Fixtures.profileXML(plugin: "workshop-edition", body: noWorkshops),
                                    path: "ed121-workshops.xml", plugin: WorkshopEditionPlugin())
        #expect(diagnostic.message.contains("<workshop>"))
        let evaluationStart = try #require(Self.workshopBody.range(of: "  <evaluation>"))
        var noEvaluation = Self.workshopBody
        noEvaluation.removeSubrange(evaluationStart.lowerBound..<noEvaluation.endIndex)
        let missing = try expect("ED121", at: #"plugin="workshop-edition""#,
                                 in: Fixtures.profileXML(plugin: "workshop-edition", body: noEvaluation),
                                 path: "ed121-evaluation.xml", plugin: WorkshopEditionPlugin())
        #expect(missing.message.contains("<evaluation>"))
    }

    /// An addition to an area the edition leaves out has its own code; it used to borrow
    /// ED104, which means the area is not in the base at all.
    @Test func ed122AdditionJoinsAnAreaTheEditionLeavesOut() throws {
        let text = Fixtures.profileXML(body: """
              <exclude areas="staff-wellbeing">
                <rationale>Covered elsewhere.</rationale>
              </exclude>
              <additions>
                <competency id="loc-01" code="LOC.1" area="staff-wellbeing" group="core" kind="knowledge" phases="early-years">
                  <statement>Knows the local staff wellbeing offer.</statement>
                  <training ref="ww-more-help"/>
                  <rationale>Local.</rationale>
                </competency>
              </additions>
            """)
        let diagnostic = try expect("ED122", at: #"area="staff-wellbeing""#, in: text, path: "ed122.xml")
        #expect(diagnostic.message.contains("staff-wellbeing"))
    }

    @Test func shippedProfilesPointAtTheirOwnFileWhenBroken() throws {
        // The real Sandwell profile with one override pointing nowhere.
        let original = try Repo.text("Frameworks/editions/sandwell-2022.xml")
        let text = try replacingOnce(#"<statement competency="fpi-08">"#, with: #"<statement competency="fpi-88">"#, in: original)
        try expect("ED101", at: #"competency="fpi-88""#, in: text, path: "/tmp/editions/sandwell-2022.xml")
    }
}
