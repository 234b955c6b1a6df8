import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Testing

/// What a council needs to make an edition its own without code: local options that
/// replace the base's placeholders everywhere, base options left out everywhere, phases
/// described in its own words, enhancements reworded.
@Suite("localisation: replacements, exclusions, phases and enhancements")
struct LocalisationTests {
    let base: Framework

    init() throws {
        base = try Fixtures.base()
    }

    private func build(_ body: String) throws -> Edition {
        let profile = try Fixtures.profile(Fixtures.profileXML(body: body))
        let diagnostics = LocalVariantPlugin().check(profile, base: base)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        let edition = try LocalVariantPlugin().adapt(base, profile: profile)
        #expect(!FrameworkLoader().validate(edition.framework).hasErrors)
        return edition
    }

    static let localCourse = """
          <trainingOptions>
            <trainingOption id="our-safeguarding" scope="local" format="face-to-face" replaces="local-safeguarding-partnership">
              <title>Our safeguarding course</title>
              <provider>Our partnership</provider>
              <url>https://example.org/safeguarding</url>
            </trainingOption>
          </trainingOptions>
        """

    @Test func aLocalCourseReplacesTheBasePlaceholderInEveryCompetency() throws {
        let before = base.competencies.filter { $0.trainingRefs.contains { $0.id == "local-safeguarding-partnership" } }
        #expect(before.count > 3)
        let edition = try build(Self.localCourse)
        for competency in edition.framework.competencies {
            #expect(!competency.trainingRefs.contains { $0.id == "local-safeguarding-partnership" })
        }
        for old in before {
            let now = try #require(edition.framework.competencies.first { $0.id == old.id })
            let position = try #require(old.trainingRefs.firstIndex { $0.id == "local-safeguarding-partnership" })
            #expect(now.trainingRefs[position].id == "our-safeguarding", "\(old.code): the local course does not take the placeholder's place")
            #expect(now.trainingRefs.count == old.trainingRefs.count)
        }
        #expect(!edition.framework.trainingOptions.contains { $0.id == "local-safeguarding-partnership" })
        #expect(edition.records(.training, "local-safeguarding-partnership").first?.change == .removed)
        let added = try #require(edition.records(.training, "our-safeguarding").first)
        #expect(added.rationale.contains("Multi-agency safeguarding children training"))
    }

    @Test func aLocalServiceReplacesTheBaseOne() throws {
        let edition = try build("""
              <services>
                <service id="our-camhs" scope="local" replaces="local-camhs-spa">
                  <name>Our CAMHS</name>
                  <description>The local specialist service.</description>
                </service>
              </services>
            """)
        #expect(!edition.framework.services.contains { $0.id == "local-camhs-spa" })
        let pointed = base.competencies.filter { $0.serviceRefs.contains { $0.id == "local-camhs-spa" } }.map(\.id)
        #expect(!pointed.isEmpty)
        for id in pointed {
            #expect(edition.framework.competencies.first { $0.id == id }?.serviceRefs.contains { $0.id == "our-camhs" } == true)
        }
    }

    @Test func excludedTrainingLeavesEveryCompetencyAndTheList() throws {
        let edition = try build("""
              <exclude training="pshe-mental-health">
                <rationale>Not for this workforce.</rationale>
              </exclude>
            """)
        #expect(!edition.framework.trainingOptions.contains { $0.id == "pshe-mental-health" })
        #expect(!edition.framework.competencies.contains { $0.trainingRefs.contains { $0.id == "pshe-mental-health" } })
        #expect(edition.records(.training, "pshe-mental-health").first?.rationale == "Not for this workforce.")
    }

    @Test func phasesAndEnhancementsInTheEditionsOwnWords() throws {
        let edition = try build("""
              <phases>
                <phase ref="primary">
                  <description>Children aged five to eleven, wherever staff meet them.</description>
                  <rationale>Not only schools.</rationale>
                </phase>
              </phases>
              <overrides>
                <enhancement competency="ws-05" replace="true">
                  <text>Adapts activities so that every child can take part.</text>
                  <rationale>Not only lessons.</rationale>
                </enhancement>
              </overrides>
            """)
        #expect(edition.framework.phases.first { $0.id == "primary" }?.description == "Children aged five to eleven, wherever staff meet them.")
        #expect(edition.change(of: .phase, "primary") == .localised)
        #expect(edition.framework.competencies.first { $0.id == "ws-05" }?.enhancements == ["Adapts activities so that every child can take part."])
    }

    @Test func unknownReplacementsExclusionsAndPhasesAreLocatedErrors() throws {
        let text = Fixtures.profileXML(body: """
              <exclude training="no-such-course">
                <rationale>x</rationale>
              </exclude>
              <phases>
                <phase ref="no-such-phase">
                  <description>x</description>
                  <rationale>x</rationale>
                </phase>
              </phases>
              <trainingOptions>
                <trainingOption id="ours" scope="local" format="workshop" replaces="no-such-placeholder">
                  <title>Ours</title>
                  <provider>Us</provider>
                  <url>https://example.org/ours</url>
                </trainingOption>
              </trainingOptions>
            """)
        let profile = try Fixtures.profile(text)
        let diagnostics = LocalVariantPlugin().check(profile, base: base)
        let messages = diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("training 'no-such-course'") })
        #expect(messages.contains { $0.contains("phase 'no-such-phase'") })
        #expect(messages.contains { $0.contains("replaces training 'no-such-placeholder'") })
        let replaced = try #require(diagnostics.first { $0.message.contains("no-such-placeholder") })
        let expected = try position(of: "replaces=\"no-such-placeholder\"", in: text)
        #expect(replaced.location?.line == expected.line)
    }
}
