import CompetencyModel
import FrameworkDiff
import Testing

/// The change set carries what a document needs to show each change without the two
/// frameworks: each side of a changed item, and where an old copy stood.
@Suite("change set: snapshots and old places")
struct ChangeSetPlacementTests {
    @Test func aRemovedCompetencyKeepsItsWordingNamesAndPlace() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.removeCompetency("ws-03")
        let change = try #require(FrameworkComparison().compare(old, new).competencyChanges.first)
        let removed = try #require(old.competency(withID: "ws-03"))
        let snapshot = try #require(change.oldSnapshot)
        #expect(change.newSnapshot == nil)
        #expect(snapshot.code == removed.code && snapshot.statement == removed.statement && snapshot.enhancements == removed.enhancements)
        // Names, as a reader sees them, not ids.
        #expect(snapshot.group == "Core")
        #expect(snapshot.phases == removed.phaseIDs.compactMap { id in old.phases.first { $0.id == id }?.name })
        #expect(snapshot.training == removed.trainingRefs.compactMap { ref in old.trainingOptions.first { $0.id == ref.id }?.title })
        #expect(change.oldPlace == OldPlace(container: "whole-setting", after: "ws-02", index: 2))
        #expect(!change.isMove)
    }

    @Test func aReorderIsAMoveFromItsOldPlace() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let area = try #require(new.areas.firstIndex { $0.id == "early-signs" })
        new.areas[area].competencies.append(new.areas[area].competencies.removeFirst())
        let change = try #require(FrameworkComparison().compare(old, new).competencyChanges.first)
        #expect(change.kinds == [.reordered])
        #expect(change.isMove)
        // It stood first, before anything that keeps its place.
        #expect(change.oldPlace == OldPlace(container: "early-signs", after: nil, index: 0))
        #expect(change.oldSnapshot == change.newSnapshot)
    }

    @Test func aChangeOfGroupAloneIsNotAMove() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.update("ws-02") { $0.groupID = "enhanced" }
        let change = try #require(FrameworkComparison().compare(old, new).competencyChanges.first)
        #expect(change.kinds == [.moved])
        #expect(!change.isMove && change.oldPlace == nil)
        #expect(change.oldSnapshot?.group == "Core" && change.newSnapshot?.group == "Enhanced")
    }

    @Test func aCompetencyMovedToAnotherAreaIsPlacedInItsOldArea() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let moving = try new.removeCompetency("ws-04")
        try new.insert(moving, inArea: "development-attachment", at: 0)
        let change = try #require(FrameworkComparison().compare(old, new).competencyChanges.first)
        #expect(change.isMove)
        #expect(change.oldPlace == OldPlace(container: "whole-setting", after: "ws-03", index: 3))
    }

    @Test func entityChangesCarryBothSidesAndOldPlaces() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let last = try #require(new.trainingOptions.last)
        new.trainingOptions.insert(new.trainingOptions.removeLast(), at: 0)
        let removed = new.trainingOptions.remove(at: 3)
        new.trainingOptions[4].url = "https://training.example.org/moved"
        let changes = FrameworkComparison().compare(old, new).otherChanges

        let reorder = try #require(changes.first { $0.kind == .reordered })
        #expect(reorder.id == last.id)
        #expect(reorder.oldPlace == OldPlace(container: nil, after: old.trainingOptions[old.trainingOptions.count - 2].id, index: old.trainingOptions.count - 1))
        #expect(reorder.oldValues?["title"] == last.title && reorder.newValues?["title"] == last.title)

        let removal = try #require(changes.first { $0.kind == .removed })
        #expect(removal.id == removed.id)
        #expect(removal.oldValues == EntityFields.dictionary(EntityFields.training(removed)))
        #expect(removal.newValues == nil)
        #expect(removal.oldPlace == OldPlace(container: nil, after: old.trainingOptions[1].id, index: 2))

        let link = try #require(changes.first { $0.kind == .linkChanged })
        #expect(link.oldValues?["url"] != link.newValues?["url"])
        #expect(link.newValues?["url"] == "https://training.example.org/moved")
        #expect(link.oldPlace == nil, "a link change alone keeps the option in its place")
    }

    @Test func aRoleMovedToAnotherGroupIsPlacedInItsOldGroup() throws {
        let old = try DiffRepo.framework("2019")
        var new = old
        let core = try #require(new.groups.firstIndex { $0.id == "core" })
        let targeted = try #require(new.groups.firstIndex { $0.id == "targeted" })
        let role = new.groups[core].roles.remove(at: 1)
        new.groups[targeted].roles.append(role)
        let change = try #require(FrameworkComparison().compare(old, new).otherChanges.first)
        #expect(change.entity == .role && change.kind == .modified)
        #expect(change.oldPlace == OldPlace(container: "core", after: old.groups[core].roles[0].id, index: 1))
        #expect(change.oldValues?["group"] == "core" && change.newValues?["group"] == "targeted")
    }

    /// The snapshots and places are for documents; the JSON change log stays as the schema
    /// describes it.
    @Test func theJSONReportHasNoNewFields() throws {
        let (old, new) = try RedlineFixture.frameworks()
        let json = ChangeSetJSON.document(FrameworkComparison().compare(old, new)).serialised()
        for key in ["oldSnapshot", "newSnapshot", "oldPlace", "oldValues", "newValues"] {
            #expect(!json.contains("\"\(key)\""))
        }
    }
}
