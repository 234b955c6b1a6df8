import CompetencyModel

/// What an edition changes against its base, in the words readers see: one row per
/// competency (however many changes it had) and one per reason for everything else; role
/// changes by group and reason; what was left out, counted. The Word edition and the web
/// edition show the same summary.
struct EditionChangeSummary {
    struct Row {
        /// "Training (7 courses): " and the like, or empty.
        var heading: String
        var what: String
        var change: String
        var reasons: [String]
    }

    struct RoleRow {
        var group: String
        var renamed: [String]
        var added: [String]
        var why: String
    }

    var rows: [Row] = []
    var roles: [RoleRow] = []
    /// Sentences saying how many items of a kind are not in the edition, and why.
    var leftOut: [String] = []

    /// Nothing changed or left out at all (removals of training count, though not listed).
    var isEmpty = true

    /// The summary for the whole edition, or for one phase's document (only what a reader
    /// of that phase can see).
    init(edition: Edition, phaseID: String?, competencies competenciesInScope: [Competency], training trainingInScope: [TrainingOption], services servicesInScope: [Service]) {
        let framework = edition.framework
        let trainingByID = Dictionary(framework.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let inScope = Set(competenciesInScope.map(\.id))
        let trainingShown = Set(trainingInScope.map(\.id))
        let servicesShown = Set(servicesInScope.map(\.id))
        // A phase's document reports only the changes a reader of that phase can see.
        let records = edition.provenance.filter { record in
            guard record.change != .removed && record.change != .unchanged else { return false }
            guard phaseID != nil else { return true }
            switch record.itemKind {
            case .competency: return inScope.contains(record.itemID)
            case .training: return trainingShown.contains(record.itemID)
            case .service: return servicesShown.contains(record.itemID)
            case .phase: return record.itemID == phaseID
            default: return true
            }
        }
        let removals = RemovalSummary.summarise(edition.provenance)
        isEmpty = records.isEmpty && removals.isEmpty
        let competencies = Dictionary(framework.competencies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let roles = Dictionary(framework.groups.flatMap { group in group.roles.map { ($0.id, ($0.name, group.name)) } }, uniquingKeysWith: { first, _ in first })
        // Rows for people: one per competency (however many changes it had), one per
        // reason for everything else, so seven courses added for one reason are one row.
        var rows: [(what: [String], kinds: [Provenance.ItemKind], changes: [Provenance.Change], reasons: [String], key: String)] = []
        // Role changes share their group's reason: one entry per group and reason, listing
        // every rename and addition by name.
        var roleRows: [(group: String, rationale: String, renamed: [String], added: [String])] = []
        for record in records {
            switch record.itemKind {
            case .role:
                let (name, group) = roles[record.itemID] ?? (record.itemID, "")
                let index = roleRows.firstIndex { $0.group == group && $0.rationale == record.rationale } ?? {
                    roleRows.append((group, record.rationale, [], []))
                    return roleRows.count - 1
                }()
                if record.change == .added {
                    roleRows[index].added.append(name)
                } else {
                    let was = record.detail.map { " (\($0))" } ?? ""
                    roleRows[index].renamed.append(name + was)
                }
            default:
                let name: String
                switch record.itemKind {
                case .competency: name = competencies[record.itemID].map { "Competency \($0.code)" } ?? "A competency"
                case .training: name = trainingByID[record.itemID]?.title ?? "A course"
                case .service: name = framework.services.first { $0.id == record.itemID }?.name ?? "A service"
                case .group: name = framework.groups.first { $0.id == record.itemID }.map { "\($0.name) group" } ?? "A group"
                case .phase: name = framework.phases.first { $0.id == record.itemID }.map { "Phase: \($0.name)" } ?? "A phase"
                case .area: name = framework.areas.first { $0.id == record.itemID }.map { "Area: \($0.name)" } ?? "An area"
                case .strategy: name = edition.strategies.first { $0.id == record.itemID }?.name ?? "A local strategy"
                case .role: name = ""
                }
                let key = record.itemKind == .competency || record.itemKind == .group
                    ? "\(record.itemKind.rawValue):\(record.itemID)"
                    : "\(record.itemKind.rawValue):\(record.change.rawValue):\(record.rationale)"
                if let index = rows.firstIndex(where: { $0.key == key }) {
                    if !rows[index].what.contains(name) { rows[index].what.append(name) }
                    if !rows[index].changes.contains(record.change) { rows[index].changes.append(record.change) }
                    let reason = EditionDocumentComposer.sentence(record.rationale)
                    if !rows[index].reasons.contains(reason) { rows[index].reasons.append(reason) }
                } else {
                    rows.append(([name], [record.itemKind], [record.change], [EditionDocumentComposer.sentence(record.rationale)], key))
                }
            }
        }
        self.rows = rows.map { row in
            let heading: String
            switch (row.kinds.first, row.what.count) {
            case (.training?, 1): heading = "Training: "
            case (.training?, _): heading = "Training (\(row.what.count) courses): "
            case (.service?, 1): heading = "Service: "
            case (.service?, _): heading = "Services (\(row.what.count)): "
            case (.strategy?, 1): heading = "Local strategy: "
            case (.strategy?, _): heading = "Local strategies (\(row.what.count)): "
            default: heading = ""
            }
            let changes = row.changes.map { EditionDocumentComposer.changeName($0).lowercased() }
            let changeText = (changes.count > 1 ? changes.dropLast().joined(separator: ", ") + " and " + (changes.last ?? "") : changes.first ?? "").capitalisedFirst
            return Row(heading: heading, what: row.what.joined(separator: "; "), change: changeText, reasons: row.reasons)
        }
        self.roles = roleRows.map { RoleRow(group: $0.group, renamed: $0.renamed, added: $0.added, why: EditionDocumentComposer.sentence($0.rationale)) }
        for removal in removals where removal.itemKind == .competency || removal.itemKind == .phase || removal.itemKind == .group {
            let noun = removal.count == 1 ? removal.itemKind.rawValue
                : removal.itemKind == .competency ? "competencies" : removal.itemKind.rawValue + "s"
            let count = removal.count == 1 ? "One" : removal.count <= 10 ? EditionDocumentComposer.countWord(removal.count).capitalisedFirst : String(removal.count)
            leftOut.append("\(count) \(noun) of \(edition.info.baseTitle) (\(edition.info.base.version)) \(removal.count == 1 ? "is" : "are") not in this edition. " + EditionDocumentComposer.sentence(removal.rationale))
        }
    }
}
