import CompetencyModel
import Editions
import FrameworkLoading
import Rebase
import Testing

/// Base changes the fixture does not make, made to a copy of the 2026 model.
@Suite("Rebase classes the fixture does not reach")
struct RebaseVariationTests {
    /// The framework with a training option or service gone from its catalogue and from
    /// every competency; a competency left with no training gets a general course.
    static func withdrawing(_ id: String, from framework: Framework) -> Framework {
        var result = framework
        result.trainingOptions.removeAll { $0.id == id }
        result.services.removeAll { $0.id == id }
        for area in result.areas.indices {
            for index in result.areas[area].competencies.indices {
                result.areas[area].competencies[index].trainingRefs.removeAll { $0.id == id }
                result.areas[area].competencies[index].serviceRefs.removeAll { $0.id == id }
                if result.areas[area].competencies[index].trainingRefs.isEmpty {
                    result.areas[area].competencies[index].trainingRefs = [Reference("ww-more-help")]
                }
            }
        }
        return result
    }

    static func codes(_ plan: RebasePlan) -> [String: [String]] {
        Dictionary(grouping: plan.findings, by: \.entry).mapValues { $0.map(\.diagnostic.code).sorted() }
    }

    @Test("a base competency that takes an added competency's id switches the addition off (RB125)")
    func additionIDTaken() throws {
        var next = try Repo.next()
        let index = try #require(next.areas.firstIndex { $0.id == "limits-escalation" })
        var taken = next.areas[index].competencies[0]
        taken.id = "sand-01"
        taken.code = "LE.99"
        taken.statement = "Knows how to find the borough's crisis line for a young person at risk tonight."
        next.areas[index].competencies.append(taken)
        let plan = try Repo.plan("sandwell-2022", onto: next)
        #expect(Self.codes(plan)["added competency sand-01"] == [RebaseCode.idTaken.code])
        #expect(plan.findings.first { $0.entry == "added competency sand-01" }?.resolution == .switchedOff)
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
    }

    @Test("a service the edition signposts to, removed upstream, is switched off (RB123)")
    func serviceRemoved() throws {
        let next = Self.withdrawing("papyrus-hopeline", from: try Repo.next())
        let plan = try Repo.plan("sandwell-2022", onto: next)
        #expect(Self.codes(plan)["added competency sand-01 (papyrus-hopeline)"] == [RebaseCode.catalogueRemoved.code])
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
        #expect(plan.rebasedEdition?.framework.competencies.first { $0.id == "sand-01" }?.serviceRefs.map(\.id) == ["bchft-camhs"])
    }

    @Test("a base that adopts the edition's role name makes the rename redundant (RB110); a new base role id clashes with an added one (RB125)")
    func roles() throws {
        var next = try Repo.next()
        let core = try #require(next.groups.firstIndex { $0.id == "core" })
        let caretaker = try #require(next.groups[core].roles.firstIndex { $0.id == "caretaker" })
        next.groups[core].roles[caretaker].name = "Caretakers and premises staff in any setting"
        next.groups[core].roles.append(Role(id: "pcso", name: "Police community support officers"))
        let plan = try Repo.plan("sandwell-2022", onto: next)
        #expect(Self.codes(plan)["new name for role caretaker"] == [RebaseCode.redundantOverride.code])
        #expect(Self.codes(plan)["added role pcso"] == [RebaseCode.idTaken.code])
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
    }

    @Test("a removed area takes the additions in it with it (RB121)")
    func areaRemoved() throws {
        var next = try Repo.next()
        next.areas.removeAll { $0.id == "whole-setting" }
        let plan = try Repo.plan("sandwell-2022", onto: next)
        #expect(Self.codes(plan)["added competency sand-04"] == [RebaseCode.removedUpstream.code])
        #expect(Self.codes(plan)["statement override of ws-05"] == [RebaseCode.removedUpstream.code])
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
    }

    @Test("a replaced base option removed upstream loses its replaces attribute (RB123)")
    func replacedOptionRemoved() throws {
        let next = Self.withdrawing("local-early-help", from: try Repo.next())
        let plan = try Repo.plan("sandwell-2022", onto: next)
        #expect(Self.codes(plan)["sandwell-early-help-training replacing local-early-help"] == [RebaseCode.catalogueRemoved.code])
        let text = String(decoding: plan.rebasedBytes, as: UTF8.self)
        #expect(text.contains("<trainingOption id=\"sandwell-early-help-training\" scope=\"local\" format=\"blended\">"))
        #expect(plan.canWrite, "\(plan.rebasedDiagnostics.map(\.formatted))")
    }
}
