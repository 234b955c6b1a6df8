import CompetencyModel
import FrameworkDiff

/// What happened to each thing in a framework between two of its versions, keyed by the old
/// version's ids so that a profile's references can be looked up directly. Competencies are
/// aligned by the diff engine (ids first, then wording, so a renamed id is a rename).
public struct BaseRevision: Sendable {
    public enum CompetencyFate: Sendable, Hashable {
        case unchanged
        /// Same id; the statement, enhancements or other fields changed.
        case changed
        case renamed(to: String)
        case removed
        /// Removed, with its content now part of another competency of the new version.
        case merged(into: String)
    }

    public var old: Framework
    public var new: Framework
    public var changes: ChangeSet
    public private(set) var fates: [String: CompetencyFate] = [:]
    public private(set) var oldCompetencies: [String: Competency] = [:]
    public private(set) var newCompetencies: [String: Competency] = [:]
    /// Competencies of the new version that match none of the old one.
    public private(set) var added: [Competency] = []

    /// The least share of a removed statement's words that another new statement must
    /// contain for the removal to count as a merge into it.
    public static let mergeContainment = 0.75

    public init(old: Framework, new: Framework, comparison: FrameworkComparison = FrameworkComparison()) {
        self.old = old
        self.new = new
        self.changes = comparison.compare(old, new)
        for competency in old.competencies where oldCompetencies[competency.id] == nil {
            oldCompetencies[competency.id] = competency
            fates[competency.id] = .unchanged
        }
        for competency in new.competencies where newCompetencies[competency.id] == nil {
            newCompetencies[competency.id] = competency
        }
        var removed: [String] = []
        var changedNew = Set<String>()
        for change in changes.competencyChanges {
            switch (change.oldID, change.newID) {
            case (let oldID?, let newID?):
                fates[oldID] = oldID == newID ? .changed : .renamed(to: newID)
                if change.kinds.contains(.reworded) { changedNew.insert(newID) }
            case (let oldID?, nil):
                removed.append(oldID)
            case (nil, let newID?):
                if let competency = newCompetencies[newID] { added.append(competency) }
                changedNew.insert(newID)
            case (nil, nil):
                break
            }
        }
        // A removed competency whose words now sit inside a reworded or added one was
        // merged into it; the absorbing statement is the one holding most of its words.
        let candidates = changedNew.sorted().compactMap { newCompetencies[$0] }
        let candidateWords = candidates.map { FrameworkComparison.words($0.statement) }
        for oldID in removed {
            guard let competency = oldCompetencies[oldID] else { continue }
            let words = FrameworkComparison.words(competency.statement)
            var best: (share: Double, id: String)?
            for (index, candidate) in candidates.enumerated() where !words.isEmpty {
                let share = Double(words.intersection(candidateWords[index]).count) / Double(words.count)
                if share >= Self.mergeContainment, share > (best?.share ?? 0) { best = (share, candidate.id) }
            }
            fates[oldID] = best.map { .merged(into: $0.id) } ?? .removed
        }
    }

    public func fate(ofCompetency id: String) -> CompetencyFate? { fates[id] }

    /// The new version's competency an old id now names, when it still exists.
    public func successor(ofCompetency id: String) -> Competency? {
        switch fates[id] {
        case .unchanged, .changed: newCompetencies[id]
        case .renamed(let newID): newCompetencies[newID]
        default: nil
        }
    }

    public func hasTraining(_ id: String, in framework: Framework) -> Bool {
        framework.trainingOptions.contains { $0.id == id }
    }

    public func trainingRemoved(_ id: String) -> Bool {
        old.trainingOptions.contains { $0.id == id } && !new.trainingOptions.contains { $0.id == id }
    }

    public func serviceRemoved(_ id: String) -> Bool {
        old.services.contains { $0.id == id } && !new.services.contains { $0.id == id }
    }

    public func removed(group id: String) -> Bool {
        old.groups.contains { $0.id == id } && !new.groups.contains { $0.id == id }
    }

    public func removed(phase id: String) -> Bool {
        old.phases.contains { $0.id == id } && !new.phases.contains { $0.id == id }
    }

    public func removed(area id: String) -> Bool {
        old.areas.contains { $0.id == id } && !new.areas.contains { $0.id == id }
    }

    /// A role's name in each version, nil where the version has no such role in the group.
    public func roleNames(group: String, role: String) -> (old: String?, new: String?) {
        func name(_ framework: Framework) -> String? {
            framework.groups.first { $0.id == group }?.roles.first { $0.id == role }?.name
        }
        return (name(old), name(new))
    }

    public func roleExists(_ role: String, in framework: Framework) -> Bool {
        framework.groups.contains { $0.roles.contains { $0.id == role } }
    }
}
