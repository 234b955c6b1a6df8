import CompetencyModel
@testable import Editions
import Foundation
import FrameworkLoading
import Testing

@Suite("workshop-edition: national-workshops")
struct NationalWorkshopsTests {
    let base: Framework
    let profile: EditionProfile
    let edition: Edition

    init() throws {
        base = try Fixtures.base()
        profile = try Fixtures.shippedProfile("national-workshops")
        edition = try WorkshopEditionPlugin().adapt(base, profile: profile)
    }

    private var developed: Set<String> {
        Set(profile.workshops.flatMap { $0.outcomes.flatMap { $0.develops.map(\.id) } })
    }

    @Test func checkFindsNothing() {
        let diagnostics = WorkshopEditionPlugin().check(profile, base: base)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
    }

    @Test func keepsExactlyTheCompetenciesTheOutcomesDevelop() {
        #expect(developed.count > 30)
        #expect(Set(edition.framework.competencies.map(\.id)) == developed)
        #expect(edition.framework.competencies.count == developed.count, "no competency appears twice")
        for competency in base.competencies where !developed.contains(competency.id) {
            #expect(edition.change(of: .competency, competency.id) == .removed)
            #expect(edition.records(.competency, competency.id).first?.rationale == "no workshop in the programme sets out to develop them")
        }
    }

    @Test func metadataIsTheEditions() {
        #expect(edition.framework.metadata.id == "national-workshops")
        #expect(edition.framework.metadata.version == "2023")
        #expect(edition.framework.metadata.derivedFrom == FrameworkReference(frameworkID: "in-it-together", version: "2019"))
        #expect(edition.info.pluginID == "workshop-edition")
        #expect(edition.keyMessages == profile.keyMessages)
        #expect(edition.dissemination.isEmpty)
    }

    @Test func threeWorkshopsOfTwoHoursEach() {
        #expect(edition.workshops.count == 3)
        #expect(edition.workshops.map(\.number) == [1, 2, 3])
        for workshop in edition.workshops {
            #expect(workshop.minutes == 120, "\(workshop.id)")
            #expect(workshop.duration == "PT2H")
            #expect(workshop.segments.map(\.minutes).reduce(0, +) == 120, "\(workshop.id)")
        }
    }

    @Test func outcomesResolveToTheirCompetencies() throws {
        for plan in profile.workshops {
            let workshop = try #require(edition.workshops.first { $0.id == plan.id })
            #expect(workshop.outcomes.map(\.id) == plan.outcomes.map(\.id))
            for (outcome, planned) in zip(workshop.outcomes, plan.outcomes) {
                #expect(outcome.competencyIDs == planned.develops.map(\.id))
                #expect(outcome.text == planned.text)
            }
        }
    }

    @Test func profileOverridesAndRoleChangesApply() throws {
        for override in profile.statementOverrides {
            #expect(edition.framework.competency(override.competency.id)?.statement == override.text)
            #expect(edition.change(of: .competency, override.competency.id) == .reworded)
        }
        let core = try #require(edition.framework.group("core"))
        #expect(!core.roles.contains { $0.id == "governor" })
        #expect(core.roles.contains { $0.id == "community-faith-leader" })
        let removedRoles = profile.groupChanges.flatMap(\.removedRoles)
        #expect(removedRoles.count > 10)
        for change in profile.groupChanges {
            let group = try #require(edition.framework.group(change.group.id))
            for removed in change.removedRoles {
                #expect(!group.roles.contains { $0.id == removed.id }, "\(removed.id) is still in \(group.id)")
                #expect(edition.change(of: .role, removed.id) == .removed)
                #expect(edition.records(.role, removed.id).first?.rationale == change.rationale)
            }
        }
    }

    @Test func segmentsThatDoNotAddUpAreED110() throws {
        var broken = profile
        broken.workshops[1].segments[0].minutes += 5
        let diagnostics = WorkshopEditionPlugin().check(broken, base: base)
        let timing = diagnostics.filter { $0.code == EditionCode.segmentTiming.code }
        #expect(timing.count == 1)
        #expect(timing.first?.severity == .error)
        #expect(timing.first?.message.contains("workshop-2") == true)
        #expect(timing.first?.location == broken.workshops[1].durationLocation)
        #expect(timing.first?.location?.line ?? 0 > 0)
        #expect(diagnostics.filter { $0.severity == .error }.count == 1)
    }

    @Test func unreadableDurationIsED110() throws {
        var broken = profile
        broken.workshops[0].duration = "two hours"
        let diagnostics = WorkshopEditionPlugin().check(broken, base: base)
        #expect(diagnostics.contains { $0.code == "ED110" && $0.message.contains("two hours") })
    }

    @Test func questionnaireHasAboutYouAndOneValuesItemPerKeyMessage() throws {
        let questionnaire = try #require(edition.questionnaire)
        let sections = questionnaire.sections.map(\.id)
        #expect(sections.first == "about-you")
        #expect(sections.contains("values"))
        #expect(Set(sections).isSubset(of: ["about-you", "values", "knowledge", "skills", "edi", "training-views", "equality-monitoring"]))
        let values = try #require(questionnaire.sections.first { $0.id == "values" })
        #expect(values.items.count == profile.keyMessages.count)
        #expect(values.items.map(\.source) == profile.keyMessages.map(\.id))
        #expect(values.items.map(\.text) == profile.keyMessages.map(\.valueStatement))
        #expect(values.items.allSatisfy { $0.response == .scale("agreement") })
        let about = try #require(questionnaire.sections.first { $0.id == "about-you" })
        let sectors = about.items.compactMap { item -> [ChoiceOption]? in
            if case .choice(let options) = item.response { return options }
            return nil
        }
        #expect(sectors == [profile.evaluation?.sectors ?? []])
        #expect(questionnaire.scales.map(\.id) == ["agreement", "confidence"])
        #expect(questionnaire.scales.first?.points == profile.evaluation?.agreementScale)
    }

    @Test func competencyItemsComeFromKeptCompetencies() throws {
        let questionnaire = try #require(edition.questionnaire)
        let kept = Set(edition.framework.competencies.map(\.id))
        let competencySections = questionnaire.sections.filter { ["knowledge", "skills", "edi"].contains($0.id) }
        #expect(!competencySections.isEmpty)
        let sources = competencySections.flatMap(\.items).map(\.source)
        #expect(sources.allSatisfy { $0.map(kept.contains) == true }, "every item's source is a kept competency")
        // Each kept competency is asked about exactly once, in its own words put in the
        // first person: "Knows that …" becomes "I know that …".
        #expect(sources.compactMap { $0 }.sorted() == kept.sorted())
        for item in competencySections.flatMap(\.items) {
            let competency = try #require(edition.framework.competency(item.source ?? ""))
            #expect(item.text.hasPrefix("I "), "\(item.text)")
            let firstWord = try #require(competency.statement.split(separator: " ").first)
            #expect(item.text.dropFirst(2).lowercased().hasPrefix(String(firstWord.dropLast()).lowercased().prefix(3)))
            #expect(item.text.split(separator: " ").count == competency.statement.split(separator: " ").count + 1)
            for third in [" explains ", " passes ", " and knows ", " their own "] {
                #expect(!item.text.contains(third), "\(item.text)")
            }
            #expect(item.response == .scale("confidence"))
        }
        let skills = questionnaire.sections.first { $0.id == "skills" }?.items ?? []
        let ediTopics = Set(profile.evaluation?.ediTopics.ids ?? [])
        for item in skills {
            let competency = try #require(edition.framework.competency(item.source ?? ""))
            #expect(competency.kind == .skill)
            #expect(!competency.topics.contains(where: ediTopics.contains))
        }
        for item in questionnaire.sections.first(where: { $0.id == "edi" })?.items ?? [] {
            let competency = try #require(edition.framework.competency(item.source ?? ""))
            #expect(competency.topics.contains(where: ediTopics.contains))
        }
    }

    @Test func itemIDsAreUnique() throws {
        let items = try #require(edition.questionnaire).items
        #expect(items.count > 10)
        #expect(Set(items.map(\.id)).count == items.count)
    }

    @Test func generatingTwiceGivesEqualQuestionnaires() throws {
        let again = try WorkshopEditionPlugin().adapt(base, profile: profile)
        #expect(again.questionnaire == edition.questionnaire)
        #expect(again == edition)
    }

    @Test func editionPassesTheFrameworkRules() {
        let diagnostics = FrameworkLoader().validate(edition.framework)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.formatted))")
    }
}

@Suite("plugin registry")
struct PluginRegistryTests {
    struct EchoPlugin: ExportPlugin {
        var id: String
        var summary = "Builds what local-variant builds, under its own id."

        func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
            var edition = try LocalVariantPlugin().adapt(framework, profile: profile)
            edition.info.pluginID = id
            return edition
        }
    }

    @Test func builtInHasTheShippedPlugins() {
        #expect(PluginRegistry.builtIn.plugins.map(\.id) == ["local-variant", "workshop-edition"])
        #expect(PluginRegistry.builtIn.plugin(id: "local-variant") is LocalVariantPlugin)
        #expect(PluginRegistry.builtIn.plugin(id: "workshop-edition") is WorkshopEditionPlugin)
        #expect(PluginRegistry.builtIn.plugin(id: "echo") == nil)
    }

    @Test func addingAPluginMakesItFindable() throws {
        let registry = PluginRegistry.builtIn.adding(EchoPlugin(id: "echo"))
        let found = try #require(registry.plugin(id: "echo"))
        #expect(found is EchoPlugin)
        #expect(registry.plugins.map(\.id) == ["local-variant", "workshop-edition", "echo"])
        // The built-in registry itself is unchanged.
        #expect(PluginRegistry.builtIn.plugin(id: "echo") == nil)
    }

    @Test func addingABuiltInIDReplacesIt() throws {
        let registry = PluginRegistry.builtIn.adding(EchoPlugin(id: "local-variant", summary: "replacement"))
        #expect(registry.plugins.count == 2)
        #expect(registry.plugins.filter { $0.id == "local-variant" }.count == 1)
        let found = try #require(registry.plugin(id: "local-variant"))
        #expect(found is EchoPlugin)
        #expect(found.summary == "replacement")
        #expect(registry.plugin(id: "workshop-edition") is WorkshopEditionPlugin)
    }

    @Test func aPluginWithoutItsOwnCheckGetsTheCommonChecks() throws {
        let base = try Fixtures.base()
        let profile = try Fixtures.profile(Fixtures.profileXML(plugin: "echo", body: #"  <exclude groups="nobody"/>"#))
        let diagnostics = EchoPlugin(id: "echo").check(profile, base: base)
        #expect(diagnostics.map(\.code) == ["ED102"])
    }
}

@Suite("questionnaire: one voice, views of the training, optional monitoring")
struct QuestionnaireVoiceTests {
    @Test(arguments: [
        ("Understands that looking after their own wellbeing helps them to support children.", "I understand that looking after my own wellbeing helps me to support children."),
        ("Agrees simple next steps with the child and explains what will happen.", "I agree simple next steps with the child and explain what will happen."),
        ("Watches for changes in behaviour.", "I watch for changes in behaviour."),
        ("Is calm when a child is upset.", "I am calm when a child is upset."),
        ("Identifies a worry early.", "I identify a worry early."),
        ("Listens to families and respects their views.", "I listen to families and respect their views."),
    ])
    func statementsReadInTheFirstPerson(statement: String, expected: String) {
        #expect(FirstPerson.statement(statement) == expected)
    }

    @Test func viewsAndDeliveryAreAskedAfterAndMonitoringBeforeAndOptional() throws {
        let profile = try Fixtures.shippedProfile("national-workshops")
        let edition = try WorkshopEditionPlugin().adapt(try Fixtures.base(), profile: profile)
        let questionnaire = try #require(edition.questionnaire)
        let views = try #require(questionnaire.sections.first { $0.id == "training-views" })
        #expect(views.timing == .after)
        #expect(views.items.contains { if case .choice(let options) = $0.response { return options.count >= 2 && $0.text.contains("take part") } else { return false } })
        let monitoring = try #require(questionnaire.sections.first { $0.id == "equality-monitoring" })
        #expect(monitoring.timing == .before)
        #expect(monitoring.title.contains("optional"))
        for item in monitoring.items {
            guard case .choice(let options) = item.response else { Issue.record("\(item.id) is not a choice"); continue }
            #expect(options.contains { $0.label == "Prefer not to say" }, "\(item.id) cannot be declined")
        }
        #expect(questionnaire.sections.filter { $0.timing == .both }.map(\.id).contains("knowledge"))
    }
}
