import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import Testing

/// The Sandwell edition, built from the real base and the real profile.
@Suite("local-variant: sandwell-2022")
struct SandwellEditionTests {
    let base: Framework
    let profile: EditionProfile
    let edition: Edition

    init() throws {
        base = try Fixtures.base()
        profile = try Fixtures.shippedProfile("sandwell-2022")
        edition = try LocalVariantPlugin().adapt(base, profile: profile)
    }

    @Test func checkFindsNothing() {
        let diagnostics = LocalVariantPlugin().check(profile, base: base)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    }

    @Test func profileHasTheContentTheseTestsRelyOn() {
        // Guards the loops below against passing vacuously on an emptied profile.
        #expect(profile.pluginID == "local-variant")
        #expect(profile.statementOverrides.count == 6)
        #expect(profile.trainingOverrides.count == 3)
        #expect(profile.enhancementOverrides.count == 7)
        #expect(profile.enhancementOverrides.filter(\.replacesBase).count == 4)
        #expect(profile.replacements.count == 3)
        #expect(profile.phaseChanges.count == 4)
        #expect(profile.additions.count == 8)
        #expect(profile.excludes.flatMap { $0.competencies?.ids ?? [] } == ["la-06"])
    }

    @Test func metadataIsTheEditionsAndNamesTheBase() {
        let metadata = edition.framework.metadata
        #expect(metadata.id == "sandwell-2022")
        #expect(metadata.version == "2022")
        #expect(metadata.title == profile.title)
        #expect(metadata.publisher == "Sandwell Council Public Health")
        #expect(metadata.date == "2022-12-07")
        #expect(metadata.description == profile.description)
        #expect(metadata.derivedFrom == FrameworkReference(frameworkID: "in-it-together", version: "2019"))
        // No <licence> in the profile: the base's applies.
        #expect(metadata.licence == base.metadata.licence)
        #expect(metadata.language == base.metadata.language)
        #expect(edition.info.id == "sandwell-2022")
        #expect(edition.info.pluginID == "local-variant")
        #expect(edition.info.base == base.metadata.reference)
        #expect(edition.info.audience == profile.audience)
        #expect(edition.info.enhancementLabel == "Children and young people with additional needs")
    }

    @Test func everyStatementOverrideIsAppliedAndRecordedAsReworded() throws {
        for override in profile.statementOverrides {
            let id = override.competency.id
            let old = try #require(base.competency(id)).statement
            let now = try #require(edition.framework.competency(id), "\(id) missing from the edition")
            #expect(now.statement == override.text, "\(id)")
            #expect(now.statement != old, "\(id)")
            let reworded = edition.records(.competency, id).filter { $0.change == .reworded }
            #expect(reworded.count == 1, "\(id)")
            #expect(reworded.first?.rationale == override.rationale)
            #expect(reworded.first?.detail == old, "the old statement is the detail")
        }
        #expect(edition.provenance.filter { $0.change == .reworded }.count == profile.statementOverrides.count)
    }

    @Test func trainingOverridesAddAndRemoveRefsAndAreLocalised() throws {
        // Replacements apply first: a local course takes its placeholder's place.
        let replaced = Dictionary(uniqueKeysWithValues: profile.replacements.filter { $0.kind == .training }.map { ($0.replaced.id, $0.replacementID) })
        for override in profile.trainingOverrides {
            let id = override.competency.id
            let before = try #require(base.competency(id)).trainingRefs.map { replaced[$0.id] ?? $0.id }
            let after = try #require(edition.framework.competency(id)).trainingRefs.map(\.id)
            for added in override.added {
                #expect(after.contains(added.id), "\(id) should be mapped to \(added.id)")
                #expect(!before.contains(added.id), "\(added.id) is new for \(id)")
            }
            for removed in override.removed {
                #expect(before.contains(removed.id))
                #expect(!after.contains(removed.id), "\(id) should no longer be mapped to \(removed.id)")
            }
            let removedIDs = Set(override.removed.map(\.id))
            #expect(after == before.filter { !removedIDs.contains($0) } + override.added.map(\.id),
                    "kept refs stay in order and additions follow")
            let localised = edition.records(.competency, id).filter { $0.change == .localised && $0.rationale == override.rationale }
            #expect(localised.count == 1, "\(id)")
            let detail = try #require(localised.first?.detail)
            for added in override.added { #expect(detail.contains("+\(added.id)")) }
            for removed in override.removed { #expect(detail.contains(removed.id)) }
        }
    }

    @Test func enhancementOverridesAppendToTheBaseEnhancements() throws {
        for override in profile.enhancementOverrides {
            let id = override.competency.id
            let before = try #require(base.competency(id)).enhancements
            let after = try #require(edition.framework.competency(id)).enhancements
            // A replacing override rewords the base's enhancement; the others add one.
            #expect(after == (override.replacesBase ? [override.text] : before + [override.text]), "\(id)")
            #expect(edition.records(.competency, id).contains { $0.change == .localised && $0.rationale == override.rationale })
        }
    }

    @Test func additionsJoinTheEndOfTheirAreaAndAreRecordedAsAdded() throws {
        for addition in profile.additions {
            let id = addition.competency.id
            #expect(base.competency(id) == nil)
            let area = try #require(edition.framework.areas.first { $0.id == addition.area.id })
            let added = try #require(area.competencies.first { $0.id == id }, "\(id) not in area \(addition.area.id)")
            #expect(added == addition.competency)
            #expect(edition.change(of: .competency, id) == .added)
            #expect(edition.records(.competency, id).first?.rationale == addition.rationale)
            // Additions follow every base competency of the area.
            let index = try #require(area.competencies.firstIndex { $0.id == id })
            #expect(area.competencies[index...].allSatisfy { base.competency($0.id) == nil }, "\(id) is placed after base competencies")
        }
    }

    @Test func excludedCompetencyIsAbsentAndRecordedAsRemoved() throws {
        #expect(base.competency("la-06") != nil)
        #expect(edition.framework.competency("la-06") == nil)
        #expect(edition.change(of: .competency, "la-06") == .removed)
        let exclude = try #require(profile.excludes.first)
        #expect(edition.records(.competency, "la-06").first?.rationale == exclude.rationale)
        // Nothing else was removed: every other base competency is still there.
        let removed = Set(edition.provenance.filter { $0.itemKind == .competency && $0.change == .removed }.map(\.itemID))
        #expect(removed == ["la-06"])
        #expect(edition.framework.competencies.count == base.competencies.count - 1 + profile.additions.count)
    }

    @Test func untouchedBaseCompetenciesAreCarriedOverUnchanged() {
        let replacedIDs = Set(profile.replacements.map(\.replaced.id))
        let repointed = base.competencies.filter { competency in
            competency.trainingRefs.contains { replacedIDs.contains($0.id) } || competency.serviceRefs.contains { replacedIDs.contains($0.id) }
        }.map(\.id)
        let touched = Set(profile.statementOverrides.map(\.competency.id) + profile.trainingOverrides.map(\.competency.id)
            + profile.enhancementOverrides.map(\.competency.id) + ["la-06"] + repointed)
        var checked = 0
        for competency in base.competencies where !touched.contains(competency.id) {
            #expect(edition.framework.competency(competency.id) == competency, "\(competency.id)")
            #expect(edition.change(of: .competency, competency.id) == .unchanged)
            checked += 1
        }
        #expect(checked >= 70)
    }

    @Test func rolesAreRenamedRemovedAndAdded() throws {
        for change in profile.groupChanges {
            let before = try #require(base.group(change.group.id))
            let after = try #require(edition.framework.group(change.group.id))
            if let description = change.description { #expect(after.description == description) }
            for rename in change.renames {
                let role = try #require(after.roles.first { $0.id == rename.role.id })
                #expect(role.name == rename.name)
                let old = try #require(before.roles.first { $0.id == rename.role.id }).name
                let record = edition.records(.role, rename.role.id).first
                #expect(record?.change == .localised)
                #expect(record?.detail?.contains(old) == true)
            }
            for removed in change.removedRoles {
                #expect(!after.roles.contains { $0.id == removed.id })
                #expect(edition.change(of: .role, removed.id) == .removed)
            }
            for added in change.addedRoles {
                #expect(after.roles.contains { $0.id == added.id && $0.name == added.name })
                #expect(edition.change(of: .role, added.id) == .added)
            }
            let expectedCount = before.roles.count - change.removedRoles.count + change.addedRoles.count
            #expect(after.roles.count == expectedCount, "\(change.group.id)")
        }
        let core = try #require(edition.framework.group("core"))
        #expect(core.roles.first { $0.id == "caretaker" }?.name == "Caretakers and premises staff in any setting")
        #expect(core.roles.contains { $0.id == "pcso" })
    }

    @Test func localTrainingServicesAndStrategiesArePresent() {
        let training = Set(edition.framework.trainingOptions.map(\.id))
        for option in profile.trainingOptions {
            #expect(edition.framework.trainingOptions.contains(option), "\(option.id)")
            #expect(edition.change(of: .training, option.id) == .added)
        }
        let services = Set(edition.framework.services.map(\.id))
        for service in profile.services {
            #expect(edition.framework.services.contains(service), "\(service.id)")
            #expect(edition.change(of: .service, service.id) == .added)
        }
        #expect(edition.strategies == profile.strategies)
        #expect(edition.strategies.count == 3)
        #expect(edition.dissemination == profile.dissemination)
        #expect(edition.dissemination.count == 12)
        // Every reference in the edition resolves inside the edition.
        for competency in edition.framework.competencies {
            for reference in competency.trainingRefs { #expect(training.contains(reference.id), "\(competency.id) → \(reference.id)") }
            for reference in competency.serviceRefs { #expect(services.contains(reference.id), "\(competency.id) → \(reference.id)") }
        }
    }

    @Test func baseTrainingInTheCatalogueIsAllStillUsed() {
        let used = Set(edition.framework.competencies.flatMap { $0.trainingRefs.map(\.id) })
        let local = Set(profile.trainingOptions.map(\.id))
        for option in edition.framework.trainingOptions where !local.contains(option.id) {
            #expect(used.contains(option.id), "base training \(option.id) is kept but no competency uses it")
        }
        for option in base.trainingOptions where !used.contains(option.id) {
            #expect(!edition.framework.trainingOptions.contains { $0.id == option.id })
            #expect(edition.change(of: .training, option.id) == .removed)
        }
    }

    @Test func editionPassesTheFrameworkRules() {
        let diagnostics = FrameworkLoader().validate(edition.framework)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.formatted))")
    }

    @Test func adaptingTwiceGivesTheSameEdition() throws {
        let again = try LocalVariantPlugin().adapt(base, profile: profile)
        #expect(again == edition)
    }
}

/// Unused base training leaves the catalogue with a removal record.
@Suite("local-variant: pruning")
struct PruningTests {
    @Test func trainingNoKeptCompetencyUsesIsPruned() throws {
        let base = try Fixtures.base()
        let users = base.competencies.filter { $0.trainingRefs.contains { $0.id == "pshe-mental-health" } }.map(\.id)
        #expect(users.sorted() == ["la-06", "ws-05"])
        let profile = try Fixtures.profile(Fixtures.profileXML(body: """
              <exclude competencies="\(users.joined(separator: " "))">
                <rationale>Curriculum work is out of scope.</rationale>
              </exclude>
            """))
        #expect(LocalVariantPlugin().check(profile, base: base).isEmpty)
        let edition = try LocalVariantPlugin().adapt(base, profile: profile)
        #expect(!edition.framework.trainingOptions.contains { $0.id == "pshe-mental-health" })
        let record = edition.records(.training, "pshe-mental-health").first
        #expect(record?.change == .removed)
        #expect(record?.rationale == "no competency in this edition is mapped to it")
        // Training still used elsewhere stays.
        #expect(edition.framework.trainingOptions.contains { $0.id == "samaritans-deal" })
        #expect(edition.framework.trainingOptions.count == base.trainingOptions.count - 1)
    }

    @Test func servicesNoKeptCompetencySignpostsArePruned() throws {
        let base = try Fixtures.base()
        let profile = try Fixtures.profile(Fixtures.profileXML(body: """
              <include areas="signposting"/>
            """))
        let edition = try LocalVariantPlugin().adapt(base, profile: profile)
        let used = Set(edition.framework.competencies.flatMap { $0.serviceRefs.map(\.id) })
        #expect(!used.isEmpty)
        #expect(Set(edition.framework.services.map(\.id)) == used)
        #expect(used.count < base.services.count)
        for service in base.services where !used.contains(service.id) {
            #expect(edition.change(of: .service, service.id) == .removed)
        }
    }
}
