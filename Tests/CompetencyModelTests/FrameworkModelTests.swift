import Testing
import CompetencyModel

func at(_ line: Int, _ column: Int = 1, file: String = "a.xml") -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
}

/// A small framework; `shift` moves every source location, which must not change equality.
func sampleFramework(shift: Int = 0, file: String = "a.xml") -> Framework {
    func loc(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line + shift, column: 3 + shift) }
    let groups = [
        CompetencyGroup(id: "enhanced", rank: 2, name: "Enhanced", description: "d2",
                        roles: [Role(id: "teacher", name: "Teachers", location: loc(5))], location: loc(4), rankLocation: loc(4)),
        CompetencyGroup(id: "core", rank: 1, name: "Core", description: "d1",
                        roles: [Role(id: "caretaker", name: "Caretakers", location: loc(3))], location: loc(2), rankLocation: loc(2)),
        CompetencyGroup(id: "targeted", rank: 3, name: "Targeted", description: "d3", roles: [], location: loc(6)),
    ]
    let competencies = [
        Competency(id: "c-core", code: "C1", groupID: "core", kind: .knowledge, phaseIDs: ["primary"],
                   statement: "Knows.", trainingRefs: [Reference("t1", location: loc(20))],
                   serviceRefs: [Reference("s1", location: loc(21))], location: loc(19),
                   attributeLocations: ["code": loc(19)], statementLocation: loc(19)),
        Competency(id: "c-enh", code: "C2", groupID: "enhanced", kind: .skill, phaseIDs: ["primary"],
                   statement: "Does.", location: loc(22)),
        Competency(id: "c-tgt", code: "C3", groupID: "targeted", kind: .understanding, phaseIDs: ["primary"],
                   statement: "Understands.", location: loc(23)),
        Competency(id: "c-none", code: "C4", groupID: "nobody", kind: .skill, phaseIDs: ["primary"],
                   statement: "Orphan.", location: loc(24)),
    ]
    return Framework(
        metadata: FrameworkMetadata(
            id: "fw", version: "2", title: "T", publisher: "P", date: "2020-01-01", licence: "L",
            language: "en-GB", derivedFrom: FrameworkReference(frameworkID: "fw", version: "1"),
            description: "D", derivedFromLocation: loc(1)),
        phases: [Phase(id: "primary", name: "Primary", location: loc(7))],
        groups: groups,
        ratingScale: RatingScale(points: [
            RatingPoint(value: 1, label: "Low", descriptor: "d", location: loc(8)),
            RatingPoint(value: 2, label: "High", descriptor: "d", location: loc(9)),
        ], location: loc(8)),
        trainingOptions: [TrainingOption(id: "t1", scope: .national, format: .eLearning, title: "T", provider: "P",
                                         duration: "PT1H", url: "https://example.org/", location: loc(10), urlLocation: loc(11))],
        services: [Service(id: "s1", scope: .local, name: "S", description: "d", url: nil, location: loc(12))],
        areas: [Area(id: "a", name: "A", competencies: competencies, location: loc(18))],
        location: loc(0))
}

@Suite("Framework model")
struct FrameworkModelTests {
    @Test func equalityIgnoresSourceLocations() {
        let original = sampleFramework()
        let moved = sampleFramework(shift: 40, file: "elsewhere.xml")
        #expect(original.location != moved.location)
        #expect(original.competencies[0].attributeLocations != moved.competencies[0].attributeLocations)
        #expect(original == moved)
        #expect(original.hashValue == moved.hashValue)
        #expect(Set([original, moved]).count == 1)
    }

    @Test func equalityStillComparesContent() {
        let original = sampleFramework()
        var changed = original
        changed.trainingOptions[0].url = "https://example.org/other"
        #expect(changed != original)
        changed = original
        changed.areas[0].competencies[1].statement = "Does more."
        #expect(changed != original)
        changed = original
        changed.areas[0].competencies[0].trainingRefs[0].id = "t2"
        #expect(changed != original)
        changed = original
        changed.groups[0].rank = 5
        #expect(changed != original)
    }

    @Test func notComparedWrapperIsAlwaysEqual() {
        let a = NotCompared(wrappedValue: at(1))
        let b = NotCompared(wrappedValue: at(99, 4, file: "z.xml"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Reference("x", location: at(1)) == Reference("x", location: nil))
        #expect(Reference("x") != Reference("y"))
    }

    @Test func appliesRespectsCumulativeGroups() throws {
        let framework = sampleFramework()
        let byID = Dictionary(uniqueKeysWithValues: framework.groups.map { ($0.id, $0) })
        let core = try #require(byID["core"]), enhanced = try #require(byID["enhanced"]), targeted = try #require(byID["targeted"])
        let competencies = Dictionary(uniqueKeysWithValues: framework.competencies.map { ($0.id, $0) })
        let coreCompetency = try #require(competencies["c-core"])
        let enhancedCompetency = try #require(competencies["c-enh"])
        let targetedCompetency = try #require(competencies["c-tgt"])

        // A core competency applies to everyone.
        #expect(framework.applies(coreCompetency, to: core))
        #expect(framework.applies(coreCompetency, to: enhanced))
        #expect(framework.applies(coreCompetency, to: targeted))
        // An enhanced one applies to enhanced and above, not to core.
        #expect(!framework.applies(enhancedCompetency, to: core))
        #expect(framework.applies(enhancedCompetency, to: enhanced))
        #expect(framework.applies(enhancedCompetency, to: targeted))
        // A targeted one only to targeted.
        #expect(!framework.applies(targetedCompetency, to: core))
        #expect(!framework.applies(targetedCompetency, to: enhanced))
        #expect(framework.applies(targetedCompetency, to: targeted))
        // A competency whose group is unknown applies to nobody.
        let orphan = try #require(competencies["c-none"])
        #expect(framework.groups.allSatisfy { !framework.applies(orphan, to: $0) })
    }

    @Test func groupsByRankAndCompetenciesInReadingOrder() {
        let framework = sampleFramework()
        #expect(framework.groupsByRank.map(\.id) == ["core", "enhanced", "targeted"])
        #expect(framework.competencies.map(\.id) == ["c-core", "c-enh", "c-tgt", "c-none"])
        #expect(framework.metadata.reference == FrameworkReference(frameworkID: "fw", version: "2"))
        #expect(framework.metadata.reference.description == "fw@2")
    }

    @Test func attributeLocationFallsBackToElement() {
        let competency = sampleFramework().competencies[0]
        #expect(competency.location(ofAttribute: "code") == at(19, 3))
        #expect(competency.location(ofAttribute: "phases") == competency.location)
    }

    @Test func trainingFormatRawValuesMatchTheSchema() {
        #expect(TrainingFormat.allCases.map(\.rawValue) == ["e-learning", "face-to-face", "live-online", "blended", "workshop", "resource"])
        #expect(CompetencyKind.allCases.map(\.rawValue) == ["knowledge", "skill", "understanding"])
        #expect(Scope.allCases.map(\.rawValue) == ["national", "local"])
    }
}
