import CompetencyModel
import Foundation
import FrameworkDiff
import Testing

private func compare(_ old: Framework, _ new: Framework) -> ChangeSet {
    FrameworkComparison().compare(old, new)
}

@Suite("comparing the bundled versions")
struct BundledVersionComparisonTests {
    @Test func aFrameworkComparedWithItselfHasNoChanges() throws {
        let framework = try DiffRepo.framework("2019")
        let changes = compare(framework, framework)
        #expect(changes.isEmpty)
        #expect(changes.competencyChanges.isEmpty)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyCounts.isEmpty)
        #expect(changes.entityCounts.isEmpty)
    }

    @Test func theSameTextReadFromAnotherPathIsIdentical() throws {
        // Source locations differ (another file name); they are provenance, not content.
        let original = try DiffRepo.framework("2019")
        let copy = try DiffRepo.framework(xml: try DiffRepo.text("Frameworks/in-it-together/2019.xml"), path: "elsewhere/copy.xml")
        #expect(copy.location?.file == "elsewhere/copy.xml")
        #expect(compare(original, copy).isEmpty)
    }

    @Test func from2017To2019OnlyTrainingLinksChanged() throws {
        let oldURLs = try DiffRepo.trainingURLs("2017")
        let newURLs = try DiffRepo.trainingURLs("2019")
        #expect(!oldURLs.isEmpty)
        #expect(Set(oldURLs.keys) == Set(newURLs.keys))
        let differing = Set(oldURLs.keys.filter { oldURLs[$0] != newURLs[$0] })
        #expect(differing.count == 7, "the two files differ in \(differing.count) training URLs")

        let changes = compare(try DiffRepo.framework("2017"), try DiffRepo.framework("2019"))
        #expect(changes.competencyChanges.isEmpty)
        #expect(changes.otherChanges.count == 7)
        #expect(Set(changes.otherChanges.map(\.id)) == differing)
        for change in changes.otherChanges {
            #expect(change.entity == .training)
            #expect(change.kind == .linkChanged)
            #expect(change.fields == [FieldChange(field: "url", old: oldURLs[change.id], new: newURLs[change.id])])
        }
        // Version, date and derivedFrom differ between the files but are not changes.
        #expect(!changes.otherChanges.contains { $0.entity == .metadata })
        #expect(changes.old.version == "2017")
        #expect(changes.new.version == "2019")
        #expect(changes.old.date == "2017-09-01")
        #expect(changes.new.date == "2019-12-02")
        #expect(changes.entityCounts.map(\.0) == [.training])
        #expect(changes.entityCounts.map(\.1) == [7])
    }

    @Test func versionDateAndLineageAreNotChanges() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.metadata.version = "2099"
        new.metadata.date = "2099-01-31"
        new.metadata.derivedFrom = FrameworkReference(frameworkID: "in-it-together", version: "2098")
        let changes = compare(old, new)
        #expect(changes.isEmpty)
        #expect(changes.new.label == "in-it-together@2099")
        #expect(changes.new.date == "2099-01-31")
    }
}

@Suite("competency changes, one kind at a time")
struct CompetencyChangeKindTests {
    static let newStatement = "Plants a calm garden with the children every spring and talks with them about growing."

    @Test func anAddedCompetency() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let added = Competency(
            id: "ws-10", code: "WS.10", groupID: "core", kind: .skill, phaseIDs: ["primary"], statement: Self.newStatement)
        try new.insert(added, inArea: "whole-setting", at: 3)
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1)
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.added])
        #expect(change.newID == "ws-10")
        #expect(change.oldID == nil)
        #expect(change.newArea == "whole-setting")
        #expect(change.oldArea == nil)
        #expect(change.newStatement == Self.newStatement)
        #expect(change.oldStatement == nil)
        #expect(change.newCode == "WS.10")
    }

    @Test func aRemovedCompetency() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let removed = try new.removeCompetency("ws-05")
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1, "\(changes.kindsByID)")
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.removed])
        #expect(change.oldID == "ws-05")
        #expect(change.newID == nil)
        #expect(change.oldArea == "whole-setting")
        #expect(change.newArea == nil)
        #expect(change.oldStatement == removed.statement)
        #expect(change.oldCode == "WS.5")
    }

    @Test func aRemovalIsListedWhereItStoodInTheOldVersion() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.removeCompetency("ws-05")
        try new.update("ws-04") { $0.topics.append("environment") }
        try new.update("ws-06") { $0.topics.append("check-ins") }
        let changes = compare(old, new)
        #expect(changes.competencyChanges.map(\.id) == ["ws-04", "ws-05", "ws-06"])
    }

    @Test func aNewIDWithTheSameStatementIsOneRename() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-05") { $0.id = "ws-05-curriculum" }
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1, "a rename must not be reported as removed + added: \(changes.kindsByID)")
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.renamed])
        #expect(change.oldID == "ws-05")
        #expect(change.newID == "ws-05-curriculum")
        #expect(change.confidence == 1.0)
        #expect(change.statementDiff.isEmpty)
        #expect(change.fields.isEmpty)
    }

    @Test func aReworkedStatementIsRewordedWithAWordDiff() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let before = try #require(old.competency(withID: "ws-02")).statement
        let after = "Knows who leads on mental health and wellbeing in the organisation and how to reach them quickly."
        try new.update("ws-02") { $0.statement = after }
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1)
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.reworded])
        #expect(change.oldID == "ws-02")
        #expect(change.newID == "ws-02")
        #expect(change.confidence == 1.0)
        #expect(change.oldStatement == before)
        #expect(change.newStatement == after)
        #expect(change.statementDiff.contains { $0.operation == .delete })
        #expect(change.statementDiff.contains { $0.operation == .insert })
        #expect(change.statementDiff.contains { $0.operation == .equal })
        #expect(spelled(change.statementDiff, keeping: [.equal, .delete]) == before)
        #expect(spelled(change.statementDiff, keeping: [.equal, .insert]) == after)
    }

    @Test func aRenameThatIsAlsoRewordedIsMatchedByWording() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        // 15 distinct words; one replaced: Dice = 2·14 / (15 + 15).
        let after = "Knows who leads on mental health and wellbeing in the setting and how to reach them."
        try new.update("ws-02") {
            $0.id = "ws-02-lead"
            $0.statement = after
        }
        let changes = compare(old, new)
        #expect(changes.competencyChanges.count == 1, "\(changes.kindsByID)")
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.renamed, .reworded])
        #expect(change.oldID == "ws-02")
        #expect(change.newID == "ws-02-lead")
        #expect(change.confidence < 1)
        #expect(change.confidence >= FrameworkComparison().renameThreshold)
        #expect(abs(change.confidence - 28.0 / 30.0) < 1e-9)
        #expect(spelled(change.statementDiff, keeping: [.equal, .insert]) == after)
    }

    @Test func theRenameThresholdDecidesWhenWordingStillMatches() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-02") {
            $0.id = "ws-02-lead"
            $0.statement = "Knows who leads on mental health and wellbeing in the setting and how to reach them."
        }
        // Similarity 28/30 ≈ 0.93: a rename at 0.9, a removal and an addition at 0.95.
        #expect(FrameworkComparison(renameThreshold: 0.9).compare(old, new).kindsByID == ["ws-02-lead": [.renamed, .reworded]])
        #expect(FrameworkComparison(renameThreshold: 0.95).compare(old, new).kindsByID == ["ws-02": [.removed], "ws-02-lead": [.added]])
    }

    @Test func aRenameRewordedInFourWordsIsStillARename() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        // 15 distinct words, 4 replaced: Dice = 2·11 / (15 + 15) ≈ 0.73, above the 0.6
        // threshold, so the two are the same competency.
        let before = try #require(old.competency(withID: "ws-02")).statement
        #expect(before == "Knows who leads on mental health and wellbeing in the setting and how to contact them.")
        let after = "Understands who leads on emotional health and wellbeing in the organisation and how to reach them."
        try new.update("ws-02") {
            $0.id = "ws-02-lead"
            $0.statement = after
        }
        let changes = compare(old, new)
        #expect(changes.kindsByID == ["ws-02-lead": [.renamed, .reworded]], "reported as \(changes.kindsByID)")
        if let change = changes.competencyChanges.first(where: { $0.kinds.contains(.renamed) }) {
            #expect(abs(change.confidence - 22.0 / 30.0) < 1e-9)
        }
    }

    @Test func aRenameWithUnrelatedWordingIsARemovalAndAnAddition() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-05") {
            $0.id = "ws-05-photos"
            $0.statement = "Books the photographer for the yearly class pictures."
        }
        let changes = compare(old, new)
        #expect(changes.competencyChanges.count == 2)
        #expect(changes.kindsByID == ["ws-05": [.removed], "ws-05-photos": [.added]])
        #expect(!changes.competencyChanges.contains { $0.kinds.contains(.renamed) })
    }

    @Test func statementsSwappedBetweenTwoIDsAreTwoRewordings() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let first = try #require(old.competency(withID: "ws-01")).statement
        let second = try #require(old.competency(withID: "ws-02")).statement
        try new.update("ws-01") { $0.statement = second }
        try new.update("ws-02") { $0.statement = first }
        let changes = compare(old, new)
        // Ids are stable: matching by id comes first, so both are reworded, not renamed.
        #expect(changes.kindsByID == ["ws-01": [.reworded], "ws-02": [.reworded]])
        #expect(changes.competencyChanges.allSatisfy { $0.confidence == 1 && $0.oldID == $0.newID })
        let change = try #require(changes.competencyChanges.first { $0.id == "ws-01" })
        #expect(change.oldStatement == first)
        #expect(change.newStatement == second)
    }

    @Test func movingToAnotherAreaIsAMoveWithTheAreaField() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let moving = try new.removeCompetency("ws-04")
        try new.insert(moving, inArea: "development-attachment")
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1, "\(changes.kindsByID)")
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.moved])
        #expect(change.id == "ws-04")
        #expect(change.oldArea == "whole-setting")
        #expect(change.newArea == "development-attachment")
        #expect(change.fields == [FieldChange(field: "area", old: "whole-setting", new: "development-attachment")])
    }

    @Test func changingTheGroupIsAMove() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-01") { $0.groupID = "enhanced" }
        let changes = compare(old, new)
        #expect(changes.competencyChanges.count == 1)
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.moved])
        #expect(change.id == "ws-01")
        #expect(change.fields == [FieldChange(field: "group", old: "core", new: "enhanced")])
    }

    @Test func changingThePhasesIsAMove() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        #expect(old.competency(withID: "ws-05")?.phaseIDs == ["primary", "secondary", "college"])
        try new.update("ws-05") { $0.phaseIDs = ["secondary", "college"] }
        let changes = compare(old, new)
        #expect(changes.competencyChanges.count == 1)
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.moved])
        #expect(change.fields == [FieldChange(field: "phases", old: "primary secondary college", new: "secondary college")])
    }

    @Test func listingTheSamePhasesInAnotherOrderIsNoChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-05") { $0.phaseIDs = ["college", "primary", "secondary"] }
        #expect(compare(old, new).isEmpty)
    }

    @Test func swappingTwoNeighboursIsOneReorder() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let area = try #require(new.areas.firstIndex { $0.id == "whole-setting" })
        #expect(new.areas[area].competencies[1].id == "ws-02")
        new.areas[area].competencies.swapAt(1, 2)
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1, "a swap is one reorder, not two: \(changes.kindsByID)")
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.reordered])
        #expect(["ws-02", "ws-03"].contains(change.id))
        #expect(change.fields.isEmpty)
    }

    @Test func movingTheFirstToTheEndIsOneReorder() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let area = try #require(new.areas.firstIndex { $0.id == "whole-setting" })
        let first = new.areas[area].competencies.removeFirst()
        #expect(first.id == "ws-01")
        new.areas[area].competencies.append(first)
        let changes = compare(old, new)
        #expect(changes.competencyChanges.count == 1, "\(changes.kindsByID)")
        #expect(changes.kindsByID == ["ws-01": [.reordered]])
    }

    enum ModifiedField: String, CaseIterable, Sendable {
        case training, kind, enhancements, topics, code, signposts
    }

    @Test(arguments: ModifiedField.allCases)
    func aChangedAttributeIsAModification(_ field: ModifiedField) throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let original = try #require(old.competency(withID: "ws-03"))
        #expect(original.trainingRefs.map(\.id) == ["minded-talking", "ww-helping-conversations"])
        let expected: FieldChange
        switch field {
        case .training:
            try new.update("ws-03") { $0.trainingRefs.removeLast() }
            expected = FieldChange(field: "training", old: "minded-talking\nww-helping-conversations", new: "minded-talking")
        case .kind:
            try new.update("ws-03") { $0.kind = .knowledge }
            expected = FieldChange(field: "kind", old: "skill", new: "knowledge")
        case .enhancements:
            try new.update("ws-03") { $0.enhancements.append("Gives a visual timetable of the day.") }
            expected = FieldChange(
                field: "enhancements", old: original.enhancements.joined(separator: "\n"),
                new: (original.enhancements + ["Gives a visual timetable of the day."]).joined(separator: "\n"))
        case .topics:
            try new.update("ws-03") { $0.topics = ["wellbeing"] }
            expected = FieldChange(field: "topics", old: "wellbeing\nrelationships", new: "wellbeing")
        case .code:
            try new.update("ws-03") { $0.code = "WS.3a" }
            expected = FieldChange(field: "code", old: "WS.3", new: "WS.3a")
        case .signposts:
            try new.update("ws-03") { $0.serviceRefs = [Reference("kooth")] }
            expected = FieldChange(field: "signposts", old: nil, new: "kooth")
        }
        let changes = compare(old, new)
        #expect(changes.otherChanges.isEmpty)
        #expect(changes.competencyChanges.count == 1)
        let change = try #require(changes.competencyChanges.first)
        #expect(change.kinds == [.modified])
        #expect(change.id == "ws-03")
        #expect(change.fields == [expected])
        #expect(change.statementDiff.isEmpty)
    }

    @Test func severalChangesAtOnceAreEachReportedOnce() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-02") { $0.statement += " They also know the deputy." }
        try new.removeCompetency("ws-09")
        try new.insert(
            Competency(id: "da-11", code: "DA.11", groupID: "core", kind: .knowledge, phaseIDs: ["college"], statement: Self.newStatement),
            inArea: "development-attachment")
        let moving = try new.removeCompetency("ws-08")
        try new.insert(moving, inArea: "early-signs", at: 0)
        let changes = compare(old, new)
        #expect(changes.kindsByID == ["ws-02": [.reworded], "ws-09": [.removed], "da-11": [.added], "ws-08": [.moved]])
        let counts = Dictionary(uniqueKeysWithValues: changes.competencyCounts.map { ($0.0, $0.1) })
        #expect(counts == [.reworded: 1, .removed: 1, .added: 1, .moved: 1])
    }
}

@Suite("changes to the rest of the framework")
struct EntityChangeTests {
    private func only(_ changes: ChangeSet, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> EntityChange {
        #expect(changes.competencyChanges.isEmpty, sourceLocation: sourceLocation)
        #expect(changes.otherChanges.count == 1, "\(changes.otherChanges)", sourceLocation: sourceLocation)
        return try #require(changes.otherChanges.first, sourceLocation: sourceLocation)
    }

    @Test func aGroupDescriptionChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        #expect(new.groups[0].id == "core")
        new.groups[0].description = "Everyone who meets children and young people in the setting."
        let change = try only(compare(old, new))
        #expect(change.entity == .group)
        #expect(change.kind == .modified)
        #expect(change.id == "core")
        #expect(change.fields == [FieldChange(field: "description", old: old.groups[0].description, new: new.groups[0].description)])
    }

    @Test func aRoleAdded() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.groups[0].roles.append(Role(id: "crossing-patrol", name: "School crossing patrols"))
        let change = try only(compare(old, new))
        #expect(change.entity == .role)
        #expect(change.kind == .added)
        #expect(change.id == "crossing-patrol")
    }

    @Test func aRoleRemoved() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.groups[0].roles.removeAll { $0.id == "cleaner" }
        #expect(new.groups[0].roles.count == old.groups[0].roles.count - 1)
        let change = try only(compare(old, new))
        #expect(change.entity == .role)
        #expect(change.kind == .removed)
        #expect(change.id == "cleaner")
    }

    @Test func aRoleRenamed() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let index = try #require(new.groups[0].roles.firstIndex { $0.id == "caretaker" })
        new.groups[0].roles[index].name = "Premises staff"
        let change = try only(compare(old, new))
        #expect(change.entity == .role)
        #expect(change.kind == .modified)
        #expect(change.id == "caretaker")
        #expect(change.fields == [FieldChange(field: "name", old: "Site staff and caretakers", new: "Premises staff")])
    }

    @Test func aRoleMovedToAnotherGroupIsModifiedNotReordered() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let index = try #require(new.groups[0].roles.firstIndex { $0.id == "librarian" })
        let role = new.groups[0].roles.remove(at: index)
        new.groups[1].roles.insert(role, at: 0)
        let change = try only(compare(old, new))
        #expect(change.entity == .role)
        #expect(change.kind == .modified)
        #expect(change.fields == [FieldChange(field: "group", old: "core", new: "enhanced")])
    }

    @Test func aPhaseAdded() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.phases.append(Phase(id: "sixth-form", name: "Sixth form"))
        let change = try only(compare(old, new))
        #expect(change.entity == .phase)
        #expect(change.kind == .added)
        #expect(change.id == "sixth-form")
    }

    @Test func anAreaRenamed() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.areas[0].name = "Whole-school approach"
        let change = try only(compare(old, new))
        #expect(change.entity == .area)
        #expect(change.kind == .modified)
        #expect(change.id == "whole-setting")
        #expect(change.fields == [FieldChange(field: "name", old: "Whole-setting approach", new: "Whole-school approach")])
    }

    @Test func aTrainingTitleChangeIsAModificationNotALinkChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let oldTitle = new.trainingOptions[0].title
        new.trainingOptions[0].title = "MindEd: anxiety"
        let change = try only(compare(old, new))
        #expect(change.entity == .training)
        #expect(change.kind == .modified)
        #expect(change.id == old.trainingOptions[0].id)
        #expect(change.fields == [FieldChange(field: "title", old: oldTitle, new: "MindEd: anxiety")])
    }

    @Test func aTrainingURLChangeIsALinkChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.trainingOptions[0].url = "https://example.org/anxiety"
        let change = try only(compare(old, new))
        #expect(change.entity == .training)
        #expect(change.kind == .linkChanged)
        #expect(change.fields == [FieldChange(field: "url", old: old.trainingOptions[0].url, new: "https://example.org/anxiety")])
    }

    @Test func aTitleAndURLChangeAreReportedApart() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.trainingOptions[0].url = "https://example.org/anxiety"
        new.trainingOptions[0].title = "MindEd: anxiety"
        let changes = compare(old, new)
        #expect(changes.otherChanges.count == 2)
        let linkChange = try #require(changes.otherChanges.first { $0.kind == .linkChanged })
        let modification = try #require(changes.otherChanges.first { $0.kind == .modified })
        #expect(linkChange.fields.map(\.field) == ["url"])
        #expect(modification.fields.map(\.field) == ["title"])
    }

    @Test func aServiceURLChangeIsALinkChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try #require(!new.services.isEmpty)
        new.services[0].url = "https://example.org/service"
        let change = try only(compare(old, new))
        #expect(change.entity == .service)
        #expect(change.kind == .linkChanged)
        #expect(change.id == old.services[0].id)
        #expect(change.fields == [FieldChange(field: "url", old: old.services[0].url, new: "https://example.org/service")])
    }

    @Test func aRatingPointLabelChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        #expect(new.ratingScale.points[1].value == 2)
        new.ratingScale.points[1].label = "Getting there"
        let change = try only(compare(old, new))
        #expect(change.entity == .ratingPoint)
        #expect(change.kind == .modified)
        #expect(change.id == "2")
        #expect(change.fields == [FieldChange(field: "label", old: "Developing", new: "Getting there")])
    }

    @Test func aMetadataTitleChange() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.metadata.title = "In It Together, revised"
        let change = try only(compare(old, new))
        #expect(change.entity == .metadata)
        #expect(change.kind == .modified)
        #expect(change.id == "in-it-together")
        #expect(change.fields == [FieldChange(field: "title", old: old.metadata.title, new: "In It Together, revised")])
    }

    @Test func swappingTwoTrainingOptionsIsOneReorder() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        new.trainingOptions.swapAt(0, 1)
        let change = try only(compare(old, new))
        #expect(change.entity == .training)
        #expect(change.kind == .reordered)
        #expect([old.trainingOptions[0].id, old.trainingOptions[1].id].contains(change.id))
    }
}
