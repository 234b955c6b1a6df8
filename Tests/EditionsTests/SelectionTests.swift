import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Testing

/// Each include and exclude rule on its own, with small profiles.
@Suite("selection rules")
struct SelectionTests {
    let base: Framework

    init() throws {
        base = try Fixtures.base()
    }

    private func build(_ body: String) throws -> (EditionProfile, Edition) {
        let profile = try Fixtures.profile(Fixtures.profileXML(body: body))
        let diagnostics = LocalVariantPlugin().check(profile, base: base)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        let edition = try LocalVariantPlugin().adapt(base, profile: profile)
        let rules = FrameworkLoader().validate(edition.framework)
        #expect(!rules.hasErrors, "the edition breaks framework rules: \(rules.map(\.formatted))")
        return (profile, edition)
    }

    @Test func includeByPhaseNarrowsPhaseListsAndDropsCompetenciesLeftWithNone() throws {
        let (_, edition) = try build("""
              <include phases="early-years">
                <rationale>An early years edition.</rationale>
              </include>
            """)
        #expect(edition.framework.phases.map(\.id) == ["early-years"])
        for phase in ["primary", "secondary", "college"] {
            #expect(edition.change(of: .phase, phase) == .removed)
            #expect(edition.records(.phase, phase).first?.rationale == "An early years edition.")
        }
        var kept = 0
        var dropped = 0
        for competency in base.competencies {
            if competency.phaseIDs.contains("early-years") {
                let adapted = try #require(edition.framework.competency(competency.id), "\(competency.id) has early-years")
                #expect(adapted.phaseIDs == ["early-years"], "\(competency.id) keeps only the included phase")
                #expect(adapted.statement == competency.statement)
                kept += 1
            } else {
                #expect(edition.framework.competency(competency.id) == nil, "\(competency.id) has no early-years phase")
                #expect(edition.change(of: .competency, competency.id) == .removed)
                #expect(edition.records(.competency, competency.id).first?.rationale == "none of its phases is in this edition")
                dropped += 1
            }
        }
        // The base has competencies of both kinds, and some with several phases.
        #expect(kept > 0 && dropped > 0)
        #expect(base.competencies.contains { $0.phaseIDs.count > 1 && $0.phaseIDs.contains("early-years") })
        #expect(edition.framework.competencies.count == kept)
    }

    @Test func includeByPhaseWrittenInSwift() throws {
        // The same rule with a profile built as a value rather than read from XML.
        let profile = EditionProfile(
            id: "college-only", pluginID: "local-variant",
            base: FrameworkReference(frameworkID: "in-it-together", version: "2019"),
            title: "College edition", publisher: "Test", version: "1", date: "2024-01-01",
            audience: "College staff", description: "Only the college phase.",
            include: Selection(phases: IDList(["college", "secondary"])))
        #expect(LocalVariantPlugin().check(profile, base: base).isEmpty)
        let edition = try LocalVariantPlugin().adapt(base, profile: profile)
        // Phases keep the base's order, not the profile's.
        #expect(edition.framework.phases.map(\.id) == ["secondary", "college"])
        for competency in edition.framework.competencies {
            let original = try #require(base.competency(competency.id))
            #expect(competency.phaseIDs == original.phaseIDs.filter { $0 == "secondary" || $0 == "college" })
            #expect(!competency.phaseIDs.isEmpty)
        }
        let expected = base.competencies.filter { $0.phaseIDs.contains("college") || $0.phaseIDs.contains("secondary") }.map(\.id)
        #expect(edition.framework.competencies.map(\.id) == expected)
        #expect(edition.records(.phase, "early-years").first?.rationale == "not among the phases this edition includes")
    }

    @Test(arguments: ["core", "enhanced", "targeted"])
    func excludingAGroupRenumbersRanksContiguously(group: String) throws {
        let (_, edition) = try build("""
              <exclude groups="\(group)">
                <rationale>Not this group.</rationale>
              </exclude>
            """)
        let remaining = base.groupsByRank.map(\.id).filter { $0 != group }
        #expect(edition.framework.groups.map(\.id) == remaining)
        #expect(edition.framework.groups.map(\.rank) == [1, 2])
        #expect(edition.change(of: .group, group) == .removed)
        #expect(edition.records(.group, group).first?.rationale == "Not this group.")
        for competency in base.competencies {
            if competency.groupID == group {
                #expect(edition.framework.competency(competency.id) == nil, "\(competency.id)")
                #expect(edition.records(.competency, competency.id).first?.rationale == "Not this group.")
            } else {
                #expect(edition.framework.competency(competency.id) == competency, "\(competency.id)")
            }
        }
    }

    @Test func excludingAnAreaDropsItAndItsCompetencies() throws {
        let (_, edition) = try build("""
              <exclude areas="staff-wellbeing">
                <rationale>Covered by the employer's own programme.</rationale>
              </exclude>
            """)
        let area = try #require(base.areas.first { $0.id == "staff-wellbeing" })
        #expect(!area.competencies.isEmpty)
        #expect(!edition.framework.areas.contains { $0.id == "staff-wellbeing" })
        #expect(edition.framework.areas.map(\.id) == base.areas.map(\.id).filter { $0 != "staff-wellbeing" })
        #expect(edition.change(of: .area, "staff-wellbeing") == .removed)
        #expect(edition.records(.area, "staff-wellbeing").first?.rationale == "Covered by the employer's own programme.")
        for competency in area.competencies {
            #expect(edition.framework.competency(competency.id) == nil)
            #expect(edition.records(.competency, competency.id).first?.rationale == "Covered by the employer's own programme.")
        }
        #expect(edition.framework.competencies.count == base.competencies.count - area.competencies.count)
    }

    @Test func includingCompetenciesKeepsExactlyThose() throws {
        let (_, edition) = try build("""
              <include competencies="da-01 ws-02 le-01"/>
            """)
        // Reading order is the base's.
        #expect(edition.framework.competencies.map(\.id) == ["ws-02", "da-01", "le-01"])
        for id in ["ws-02", "da-01", "le-01"] {
            #expect(edition.framework.competency(id) == base.competency(id))
        }
        let keptAreas = Set(["ws-02", "da-01", "le-01"].compactMap { base.area(containing: $0)?.id })
        #expect(Set(edition.framework.areas.map(\.id)) == keptAreas)
        for area in base.areas where !keptAreas.contains(area.id) {
            #expect(edition.records(.area, area.id).first?.rationale == "none of its competencies is in this edition")
        }
        let removed = edition.provenance.filter { $0.itemKind == .competency && $0.change == .removed }
        #expect(removed.count == base.competencies.count - 3)
        #expect(removed.allSatisfy { $0.rationale.hasPrefix("not among the ") && $0.rationale.hasSuffix(" this edition includes") })
        // The rationale is printed by `explain` and written into both outputs' removal summaries.
        #expect(removed.allSatisfy { !$0.rationale.contains("competencys") }, "misspelt plural in \(removed.first?.rationale ?? "")")
        // Groups and phases are untouched by a competency selection.
        #expect(edition.framework.groups.map(\.id) == base.groups.map(\.id))
        #expect(edition.framework.phases == base.phases)
    }

    /// Additions are not put through the selection, so one with a phase, group or area the
    /// edition leaves out would name something the edition does not have (FW105, FW103) and
    /// `export` would fail with ED117 after `check` called the profile clean. `check` reports
    /// each at the addition's own attribute instead.
    @Test func additionsOutsideTheSelectionAreReported() throws {
        let text = Fixtures.profileXML(body: """
              <include phases="early-years"/>
              <exclude groups="targeted"/>
              <exclude areas="staff-wellbeing"/>
              <additions>
                <competency id="loc-01" code="LOC.1" area="signposting" group="core" kind="knowledge" phases="early-years primary">
                  <statement>Knows the local helpline for parents of young children.</statement>
                  <training ref="ww-more-help"/>
                  <rationale>Local.</rationale>
                </competency>
                <competency id="loc-02" code="LOC.2" area="signposting" group="targeted" kind="knowledge" phases="early-years">
                  <statement>Leads the local early years network.</statement>
                  <training ref="ww-more-help"/>
                  <rationale>Local.</rationale>
                </competency>
                <competency id="loc-03" code="LOC.3" area="staff-wellbeing" group="core" kind="knowledge" phases="early-years">
                  <statement>Knows the local staff wellbeing offer.</statement>
                  <training ref="ww-more-help"/>
                  <rationale>Local.</rationale>
                </competency>
              </additions>
            """)
        let path = "profiles/additions.xml"
        let profile = try Fixtures.profile(text, path: path)
        let diagnostics = LocalVariantPlugin().check(profile, base: base).filter { $0.severity == .error }
        let expected: [(code: String, needle: String)] = [
            ("ED122", #"phases="early-years primary""#),
            ("ED122", #"group="targeted""#),
            ("ED122", #"area="staff-wellbeing""#),
        ]
        #expect(diagnostics.count == expected.count, "\(diagnostics.map(\.formatted))")
        for (code, needle) in expected {
            let at = try position(of: needle, in: text)
            #expect(diagnostics.contains {
                $0.code == code && $0.location?.file == path && $0.location?.line == at.line && $0.location?.column == at.column
            }, "\(code) at \(at.line):\(at.column) missing from \(diagnostics.map(\.formatted))")
        }

        // Within the selection, the same additions make a valid edition.
        let fixed = try Fixtures.profile(text
            .replacingOccurrences(of: #"phases="early-years primary""#, with: #"phases="early-years""#)
            .replacingOccurrences(of: #"group="targeted""#, with: #"group="enhanced""#)
            .replacingOccurrences(of: #"area="staff-wellbeing""#, with: #"area="signposting""#))
        #expect(LocalVariantPlugin().check(fixed, base: base).isEmpty)
        let edition = try LocalVariantPlugin().adapt(base, profile: fixed)
        #expect(!FrameworkLoader().validate(edition.framework).hasErrors)
        let signposting = try #require(edition.framework.areas.first { $0.id == "signposting" })
        #expect(signposting.competencies.suffix(3).map(\.id) == ["loc-01", "loc-02", "loc-03"])
    }

    @Test func excludeWinsOverInclude() throws {
        let (_, edition) = try build("""
              <include areas="whole-setting"/>
              <exclude competencies="ws-01 ws-02"/>
            """)
        let area = try #require(base.areas.first { $0.id == "whole-setting" })
        #expect(edition.framework.competencies.map(\.id) == area.competencies.map(\.id).filter { $0 != "ws-01" && $0 != "ws-02" })
        #expect(edition.records(.competency, "ws-01").first?.rationale == "excluded by the edition profile")
    }
}
