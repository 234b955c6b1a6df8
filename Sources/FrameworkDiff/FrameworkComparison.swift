import CompetencyModel

/// Compares two frameworks. Competencies are aligned by stable id first; those left over on
/// each side are matched by statement similarity through an inverted index of their rarer
/// words, so a renamed id is a rename, not a removal and an addition, and the work stays
/// close to linear in the size of the frameworks.
public struct FrameworkComparison: Sendable {
    /// The lowest statement similarity (Dice coefficient over word sets) at which an id that
    /// disappeared and one that appeared are taken to be the same competency.
    public var renameThreshold: Double

    public init(renameThreshold: Double = 0.6) {
        self.renameThreshold = renameThreshold
    }

    public func compare(_ old: Framework, _ new: Framework) -> ChangeSet {
        ChangeSet(
            old: ChangeSet.Side(old), new: ChangeSet.Side(new),
            competencyChanges: competencyChanges(old, new),
            otherChanges: metadataChanges(old, new) + phaseChanges(old, new) + groupChanges(old, new)
                + areaChanges(old, new) + trainingChanges(old, new) + serviceChanges(old, new) + ratingChanges(old, new))
    }

    // MARK: - Competencies

    private struct Placed {
        var competency: Competency
        var area: String
        /// Position within its area.
        var position: Int
    }

    private func placed(_ framework: Framework) -> [Placed] {
        framework.areas.flatMap { area in
            area.competencies.enumerated().map { Placed(competency: $1, area: area.id, position: $0) }
        }
    }

    private func competencyChanges(_ old: Framework, _ new: Framework) -> [CompetencyChange] {
        let oldItems = placed(old)
        let newItems = placed(new)
        var oldByID: [String: Int] = [:]
        for (index, item) in oldItems.enumerated() where oldByID[item.competency.id] == nil {
            oldByID[item.competency.id] = index
        }
        var newByID: [String: Int] = [:]
        for (index, item) in newItems.enumerated() where newByID[item.competency.id] == nil {
            newByID[item.competency.id] = index
        }

        // new index → (old index, confidence)
        var pairs: [Int: (old: Int, confidence: Double)] = [:]
        var matchedOld = Set<Int>()
        for (newIndex, item) in newItems.enumerated() {
            if let oldIndex = oldByID[item.competency.id], !matchedOld.contains(oldIndex) {
                pairs[newIndex] = (oldIndex, 1)
                matchedOld.insert(oldIndex)
            }
        }
        let unmatchedOld = oldItems.indices.filter { !matchedOld.contains($0) }
        let unmatchedNew = newItems.indices.filter { pairs[$0] == nil }
        for (newIndex, oldIndex, similarity) in matchByWording(
            old: unmatchedOld.map { ($0, oldItems[$0].competency.statement) },
            new: unmatchedNew.map { ($0, newItems[$0].competency.statement) })
        {
            pairs[newIndex] = (oldIndex, similarity)
            matchedOld.insert(oldIndex)
        }

        let reordered = reorderedPairs(pairs: pairs, oldItems: oldItems, newItems: newItems)
        var newForOld: [Int: Int] = [:]
        for (newIndex, pair) in pairs { newForOld[pair.old] = newIndex }
        let places = oldPlaces(oldItems: oldItems, newItems: newItems, newForOld: newForOld, reordered: reordered)
        let oldNames = CompetencySnapshot.Names(old)
        let newNames = CompetencySnapshot.Names(new)

        var changes: [CompetencyChange] = []
        // Walk the new version in reading order, slotting each removal in after the
        // competency that preceded it in the old version, so a report reads like the document.
        var removalsAfter: [Int: [Int]] = [:]
        var lastMatchedNew = -1
        var leadingRemovals: [Int] = []
        for oldIndex in oldItems.indices {
            if let newIndex = newForOld[oldIndex] {
                lastMatchedNew = newIndex
            } else if lastMatchedNew < 0 {
                leadingRemovals.append(oldIndex)
            } else {
                removalsAfter[lastMatchedNew, default: []].append(oldIndex)
            }
        }
        func removal(_ oldIndex: Int) -> CompetencyChange {
            let item = oldItems[oldIndex]
            return CompetencyChange(
                kinds: [.removed], oldID: item.competency.id, oldCode: item.competency.code, oldArea: item.area,
                oldStatement: item.competency.statement, oldLocation: item.competency.location,
                oldSnapshot: CompetencySnapshot(item.competency, names: oldNames), oldPlace: places[oldIndex])
        }
        changes += leadingRemovals.map(removal)
        for (newIndex, item) in newItems.enumerated() {
            if let pair = pairs[newIndex] {
                if var change = compare(oldItems[pair.old], item, confidence: pair.confidence, reordered: reordered.contains(newIndex)) {
                    change.oldSnapshot = CompetencySnapshot(oldItems[pair.old].competency, names: oldNames)
                    change.newSnapshot = CompetencySnapshot(item.competency, names: newNames)
                    change.oldPlace = places[pair.old]
                    changes.append(change)
                }
            } else {
                changes.append(CompetencyChange(
                    kinds: [.added], newID: item.competency.id, newCode: item.competency.code, newArea: item.area,
                    newStatement: item.competency.statement, newLocation: item.competency.location,
                    newSnapshot: CompetencySnapshot(item.competency, names: newNames)))
            }
            changes += (removalsAfter[newIndex] ?? []).map(removal)
        }
        return changes
    }

    /// Where each old competency that does not keep its place stood: a removal, a move to
    /// another area, or one out of order in its area. A competency keeps its place when it
    /// is matched in the same area and not reordered; those are the landmarks the others
    /// are placed after, so a redline can show each old copy where it was.
    private func oldPlaces(oldItems: [Placed], newItems: [Placed], newForOld: [Int: Int], reordered: Set<Int>) -> [Int: OldPlace] {
        var places: [Int: OldPlace] = [:]
        var area: String?
        var landmark: String?
        for (oldIndex, item) in oldItems.enumerated() {
            if item.area != area {
                area = item.area
                landmark = nil
            }
            if let newIndex = newForOld[oldIndex], newItems[newIndex].area == item.area, !reordered.contains(newIndex) {
                landmark = newItems[newIndex].competency.id
            } else {
                places[oldIndex] = OldPlace(container: item.area, after: landmark, index: item.position)
            }
        }
        return places
    }

    private func compare(_ old: Placed, _ new: Placed, confidence: Double, reordered: Bool) -> CompetencyChange? {
        let a = old.competency
        let b = new.competency
        var kinds: Set<CompetencyChange.Kind> = []
        var fields: [FieldChange] = []
        if a.id != b.id { kinds.insert(.renamed) }
        var statementDiff: [WordDiff.Segment] = []
        if a.statement != b.statement {
            kinds.insert(.reworded)
            statementDiff = WordDiff.compare(a.statement, b.statement)
        }
        if old.area != new.area { fields.append(FieldChange(field: "area", old: old.area, new: new.area)) }
        if a.groupID != b.groupID { fields.append(FieldChange(field: "group", old: a.groupID, new: b.groupID)) }
        if Set(a.phaseIDs) != Set(b.phaseIDs) {
            fields.append(FieldChange(field: "phases", old: a.phaseIDs.joined(separator: " "), new: b.phaseIDs.joined(separator: " ")))
        }
        if !fields.isEmpty { kinds.insert(.moved) }
        if reordered && old.area == new.area { kinds.insert(.reordered) }

        var modified: [FieldChange] = []
        if a.code != b.code { modified.append(FieldChange(field: "code", old: a.code, new: b.code)) }
        if a.kind != b.kind { modified.append(FieldChange(field: "kind", old: a.kind.rawValue, new: b.kind.rawValue)) }
        func list(_ name: String, _ x: [String], _ y: [String]) {
            if x != y { modified.append(FieldChange(field: name, old: x.isEmpty ? nil : x.joined(separator: "\n"), new: y.isEmpty ? nil : y.joined(separator: "\n"))) }
        }
        list("enhancements", a.enhancements, b.enhancements)
        list("training", a.trainingRefs.map(\.id), b.trainingRefs.map(\.id))
        list("signposts", a.serviceRefs.map(\.id), b.serviceRefs.map(\.id))
        list("topics", a.topics, b.topics)
        if !modified.isEmpty { kinds.insert(.modified) }
        guard !kinds.isEmpty else { return nil }
        return CompetencyChange(
            kinds: kinds, oldID: a.id, newID: b.id, oldCode: a.code, newCode: b.code, oldArea: old.area, newArea: new.area,
            oldStatement: a.statement, newStatement: b.statement, statementDiff: statementDiff, fields: fields + modified,
            confidence: confidence, oldLocation: a.location, newLocation: b.location)
    }

    /// Within each area, the matched competencies that stayed in the area keep their order
    /// if they belong to a longest increasing run of old positions; the rest were reordered.
    /// Patience sorting keeps this n·log n.
    private func reorderedPairs(pairs: [Int: (old: Int, confidence: Double)], oldItems: [Placed], newItems: [Placed]) -> Set<Int> {
        var byArea: [String: [(new: Int, oldPosition: Int)]] = [:]
        for newIndex in newItems.indices {
            guard let pair = pairs[newIndex], oldItems[pair.old].area == newItems[newIndex].area else { continue }
            byArea[newItems[newIndex].area, default: []].append((newIndex, oldItems[pair.old].position))
        }
        var reordered = Set<Int>()
        for (_, sequence) in byArea {
            let keep = Self.longestIncreasing(sequence.map(\.oldPosition))
            for (offset, entry) in sequence.enumerated() where !keep.contains(offset) {
                reordered.insert(entry.new)
            }
        }
        return reordered
    }

    /// Offsets of one longest strictly increasing subsequence of `values`.
    static func longestIncreasing(_ values: [Int]) -> Set<Int> {
        var tails: [Int] = []      // offset of the smallest tail for each length
        var previous = [Int](repeating: -1, count: values.count)
        for (offset, value) in values.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if values[tails[middle]] < value { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[offset] = tails[low - 1] }
            if low == tails.count { tails.append(offset) } else { tails[low] = offset }
        }
        var result = Set<Int>()
        var current = tails.last ?? -1
        while current >= 0 {
            result.insert(current)
            current = previous[current]
        }
        return result
    }

    // MARK: - Matching by wording

    public static func words(_ text: String) -> Set<String> {
        var result = Set<String>()
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                result.insert(word)
                word = ""
            }
        }
        if !word.isEmpty { result.insert(word) }
        return result
    }

    public static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    /// Pairs leftover competencies by wording. Candidates come from an index of each old
    /// statement's rarest words, so each new statement is compared with a handful of old
    /// ones, not all of them; pairs are then taken best first, each side used once.
    func matchByWording(old: [(index: Int, statement: String)], new: [(index: Int, statement: String)]) -> [(new: Int, old: Int, similarity: Double)] {
        guard !old.isEmpty, !new.isEmpty else { return [] }
        let oldWords = old.map { Self.words($0.statement) }
        let newWords = new.map { Self.words($0.statement) }
        var frequency: [String: Int] = [:]
        for words in oldWords + newWords { for word in words { frequency[word, default: 0] += 1 } }
        // Every old statement is indexed under all its words; a query follows only words
        // rare enough to have short lists, so each new statement meets a bounded number of
        // candidates, yet a rewording that replaces several rare words still shares others.
        var index: [String: [Int]] = [:]
        for (offset, words) in oldWords.enumerated() {
            for word in words { index[word, default: []].append(offset) }
        }
        var candidates: [(similarity: Double, new: Int, old: Int)] = []
        for (newOffset, words) in newWords.enumerated() {
            var seen = Set<Int>()
            var lists = words.compactMap { index[$0] }.filter { $0.count <= Self.maximumCandidatesPerWord }
            if lists.isEmpty {
                // Only common words: fall back to the rarest few, truncated.
                lists = words.sorted { (frequency[$0]!, $0) < (frequency[$1]!, $1) }.prefix(Self.fallbackWords)
                    .compactMap { index[$0].map { Array($0.prefix(Self.maximumCandidatesPerWord)) } }
            }
            for list in lists {
                for oldOffset in list where seen.insert(oldOffset).inserted {
                    let score = Self.similarity(words, oldWords[oldOffset])
                    if score >= renameThreshold { candidates.append((score, newOffset, oldOffset)) }
                }
            }
        }
        candidates.sort { ($0.similarity, -$0.new, -$0.old) > ($1.similarity, -$1.new, -$1.old) }
        var usedNew = Set<Int>()
        var usedOld = Set<Int>()
        var result: [(new: Int, old: Int, similarity: Double)] = []
        for candidate in candidates where !usedNew.contains(candidate.new) && !usedOld.contains(candidate.old) {
            usedNew.insert(candidate.new)
            usedOld.insert(candidate.old)
            result.append((new[candidate.new].index, old[candidate.old].index, candidate.similarity))
        }
        return result
    }

    /// Words shared by more statements than this are too common to find candidates with.
    static let maximumCandidatesPerWord = 64
    static let fallbackWords = 4

    // MARK: - Everything else

    private func metadataChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        let before = EntityFields.metadata(old.metadata)
        let after = EntityFields.metadata(new.metadata)
        let fields = differences(before, after)
        return fields.isEmpty ? [] : [EntityChange(
            entity: .metadata, kind: .modified, id: new.metadata.id, fields: fields,
            oldValues: EntityFields.dictionary(before), newValues: EntityFields.dictionary(after))]
    }

    /// Compares one kind of item by id. `values` gives every compared field of an item in a
    /// fixed order; `container` the list an item stands in when the framework has several
    /// (a role's group); `reportsReorders` is false where order carries no meaning.
    private func compareByID<Item>(
        _ entity: EntityChange.Entity, old: [Item], new: [Item], id: (Item) -> String,
        location: (Item) -> SourceLocation?, values: (Item) -> EntityFields.Values,
        container: (Item) -> String? = { _ in nil }, linkField: String? = nil, reportsReorders: Bool = true
    ) -> [EntityChange] {
        var changes: [EntityChange] = []
        let oldByID = Dictionary(old.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })

        // Reorders first: what keeps its place decides where each old copy is shown.
        var reordered: [String] = []
        let commonOld = old.map(id).filter { newByID[$0] != nil }
        let commonNew = new.map(id).filter { oldByID[$0] != nil }
        if reportsReorders, commonOld != commonNew {
            var positions: [String: Int] = [:]
            for (offset, itemID) in commonOld.enumerated() where positions[itemID] == nil { positions[itemID] = offset }
            let keep = Self.longestIncreasing(commonNew.map { positions[$0] ?? 0 })
            reordered = commonNew.enumerated().filter { !keep.contains($0.offset) }.map(\.element)
        }
        let reorderedIDs = Set(reordered)
        var places: [String: OldPlace] = [:]
        var landmarks: [String?: String] = [:]
        var positions: [String?: Int] = [:]
        for item in old {
            let itemID = id(item)
            let list = container(item)
            let index = positions[list, default: 0]
            positions[list] = index + 1
            guard places[itemID] == nil else { continue }
            if let current = newByID[itemID], container(current) == list, !reorderedIDs.contains(itemID) {
                landmarks[list] = itemID
            } else {
                places[itemID] = OldPlace(container: list, after: landmarks[list], index: index)
            }
        }

        for item in old where newByID[id(item)] == nil {
            changes.append(EntityChange(
                entity: entity, kind: .removed, id: id(item), oldLocation: location(item),
                oldValues: EntityFields.dictionary(values(item)), oldPlace: places[id(item)]))
        }
        for item in new {
            let after = values(item)
            guard let previous = oldByID[id(item)] else {
                changes.append(EntityChange(entity: entity, kind: .added, id: id(item), newLocation: location(item), newValues: EntityFields.dictionary(after)))
                continue
            }
            let before = values(previous)
            let changed = differences(before, after)
            let links = changed.filter { $0.field == linkField }
            let others = changed.filter { $0.field != linkField }
            for (kind, fields) in [(EntityChange.Kind.linkChanged, links), (.modified, others)] where !fields.isEmpty {
                changes.append(EntityChange(
                    entity: entity, kind: kind, id: id(item), fields: fields, oldLocation: location(previous), newLocation: location(item),
                    oldValues: EntityFields.dictionary(before), newValues: EntityFields.dictionary(after), oldPlace: places[id(item)]))
            }
        }
        for itemID in reordered {
            guard let previous = oldByID[itemID], let current = newByID[itemID] else { continue }
            changes.append(EntityChange(
                entity: entity, kind: .reordered, id: itemID,
                oldValues: EntityFields.dictionary(values(previous)), newValues: EntityFields.dictionary(values(current)), oldPlace: places[itemID]))
        }
        return changes
    }

    /// The fields whose values differ, in the order given; both lists name the same fields.
    private func differences(_ before: EntityFields.Values, _ after: EntityFields.Values) -> [FieldChange] {
        zip(before, after).filter { $0.value != $1.value }.map { FieldChange(field: $0.field, old: $0.value, new: $1.value) }
    }

    private func phaseChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        compareByID(.phase, old: old.phases, new: new.phases, id: \.id, location: \.location, values: EntityFields.phase)
    }

    private func groupChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        var changes = compareByID(.group, old: old.groups, new: new.groups, id: \.id, location: \.location, values: EntityFields.group)
        // Roles are listed under their group; a role's order is not reported (a move to
        // another group is, as a change of its group field).
        let oldRoles = old.groups.flatMap { group in group.roles.map { (group: group.id, role: $0) } }
        let newRoles = new.groups.flatMap { group in group.roles.map { (group: group.id, role: $0) } }
        changes += compareByID(
            .role, old: oldRoles, new: newRoles, id: \.role.id, location: \.role.location,
            values: { EntityFields.role($0.role, group: $0.group) }, container: \.group, reportsReorders: false)
        return changes
    }

    private func areaChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        compareByID(.area, old: old.areas, new: new.areas, id: \.id, location: \.location, values: EntityFields.area)
    }

    private func trainingChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        compareByID(.training, old: old.trainingOptions, new: new.trainingOptions, id: \.id, location: \.location, values: EntityFields.training, linkField: "url")
    }

    private func serviceChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        compareByID(.service, old: old.services, new: new.services, id: \.id, location: \.location, values: EntityFields.service, linkField: "url")
    }

    private func ratingChanges(_ old: Framework, _ new: Framework) -> [EntityChange] {
        compareByID(.ratingPoint, old: old.ratingScale.points, new: new.ratingScale.points, id: { String($0.value) }, location: \.location, values: EntityFields.ratingPoint)
    }
}
