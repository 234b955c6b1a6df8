import CompetencyModel

/// The adaptation every built-in plugin shares: select, localise groups and roles, add
/// local training and services, apply overrides, add local competencies, prune what no
/// competency uses any more, and record the provenance of each change.
public struct Adaptation: Sendable {
    public let profile: EditionProfile
    public let base: Framework

    public init(profile: EditionProfile, base: Framework) {
        self.profile = profile
        self.base = base
    }

    /// Base competencies that survive the profile's include and exclude selections.
    public static func selectedCompetencyIDs(in base: Framework, profile: EditionProfile) -> Set<String> {
        Set(Adaptation(profile: profile, base: base).selection().competencies.keys)
    }

    struct Selected {
        var phases: Set<String>
        var groups: Set<String>
        var areas: Set<String>
        /// Competency id → the phases it keeps.
        var competencies: [String: [String]]
        /// Why each dropped item was dropped, keyed by kind and id.
        var reasons: [String: String]
    }

    func selection() -> Selected {
        var reasons: [String: String] = [:]
        func kept(_ ids: [String], kind: String, include: KeyPath<Selection, IDList?>) -> Set<String> {
            var result = Set(ids)
            if let only = profile.include?[keyPath: include] {
                for id in result where !only.ids.contains(id) {
                    reasons["\(kind):\(id)"] = profile.include?.rationale ?? "not among the \(kind == "competency" ? "competencies" : kind + "s") this edition includes"
                }
                result.formIntersection(only.ids)
            }
            for exclude in profile.excludes {
                for id in exclude[keyPath: include]?.ids ?? [] where result.contains(id) {
                    result.remove(id)
                    reasons["\(kind):\(id)"] = exclude.rationale ?? "excluded by the edition profile"
                }
            }
            return result
        }
        let phases = kept(base.phases.map(\.id), kind: "phase", include: \.phases)
        let groups = kept(base.groups.map(\.id), kind: "group", include: \.groups)
        let areas = kept(base.areas.map(\.id), kind: "area", include: \.areas)
        let chosen = kept(base.competencies.map(\.id), kind: "competency", include: \.competencies)

        var competencies: [String: [String]] = [:]
        for area in base.areas {
            for competency in area.competencies {
                let key = "competency:\(competency.id)"
                let keptPhases = competency.phaseIDs.filter(phases.contains)
                if !areas.contains(area.id) {
                    reasons[key] = reasons[key] ?? reasons["area:\(area.id)"]
                } else if !groups.contains(competency.groupID) {
                    reasons[key] = reasons[key] ?? reasons["group:\(competency.groupID)"]
                } else if keptPhases.isEmpty {
                    reasons[key] = reasons[key] ?? "none of its phases is in this edition"
                } else if chosen.contains(competency.id) {
                    competencies[competency.id] = keptPhases
                }
            }
        }
        return Selected(phases: phases, groups: groups, areas: areas, competencies: competencies, reasons: reasons)
    }

    /// Runs the whole adaptation. `keep`, when given, narrows the selection further (the
    /// workshop plugin keeps only the competencies its workshops develop), with `keepRationale`
    /// recorded for what it drops.
    public func run(keep: Set<String>? = nil, keepRationale: String = "") -> (framework: Framework, provenance: [Provenance]) {
        var selected = selection()
        if let keep {
            for id in selected.competencies.keys where !keep.contains(id) {
                selected.competencies[id] = nil
                selected.reasons["competency:\(id)"] = keepRationale
            }
        }
        var provenance: [Provenance] = []
        func record(_ kind: Provenance.ItemKind, _ id: String, _ change: Provenance.Change, _ rationale: String, _ detail: String? = nil) {
            provenance.append(Provenance(itemKind: kind, itemID: id, change: change, rationale: rationale, detail: detail))
        }

        var framework = base
        framework.phases = base.phases.filter { selected.phases.contains($0.id) }
        for change in profile.phaseChanges {
            guard let index = framework.phases.firstIndex(where: { $0.id == change.phase.id }) else { continue }
            framework.phases[index].description = change.description
            record(.phase, change.phase.id, .localised, change.rationale)
        }
        for phase in base.phases where !selected.phases.contains(phase.id) {
            record(.phase, phase.id, .removed, selected.reasons["phase:\(phase.id)"] ?? "")
        }

        framework.groups = adaptGroups(selected: selected, record: record)

        var areas: [Area] = []
        for var area in base.areas {
            guard selected.areas.contains(area.id) else {
                record(.area, area.id, .removed, selected.reasons["area:\(area.id)"] ?? "")
                continue
            }
            area.competencies = area.competencies.compactMap { competency in
                guard let phases = selected.competencies[competency.id] else { return nil }
                var kept = competency
                kept.phaseIDs = phases
                return kept
            }
            area.competencies += profile.additions.filter { $0.area.id == area.id }.map(\.competency)
            if area.competencies.isEmpty {
                record(.area, area.id, .removed, "none of its competencies is in this edition")
            } else {
                areas.append(area)
            }
        }
        for competency in base.competencies where selected.competencies[competency.id] == nil {
            record(.competency, competency.id, .removed, selected.reasons["competency:\(competency.id)"] ?? "not selected for this edition")
        }
        framework.areas = areas
        applyReplacements(to: &framework, record: record)
        applyOverrides(to: &framework, record: record)
        for addition in profile.additions where framework.areas.contains(where: { $0.id == addition.area.id }) {
            record(.competency, addition.competency.id, .added, addition.rationale)
        }

        framework.trainingOptions = adaptCatalogue(
            base: base.trainingOptions, added: profile.trainingOptions, kind: .training,
            used: Set(framework.competencies.flatMap { $0.trainingRefs.map(\.id) }),
            unusedRationale: "no competency in this edition is mapped to it", record: record)
        framework.services = adaptCatalogue(
            base: base.services, added: profile.services, kind: .service,
            used: Set(framework.competencies.flatMap { $0.serviceRefs.map(\.id) }),
            unusedRationale: "no competency in this edition signposts to it", record: record)
        for strategy in profile.strategies {
            record(.strategy, strategy.id, .added, "a local strategy the framework helps to deliver")
        }

        framework.metadata = FrameworkMetadata(
            id: profile.id, version: profile.version, title: profile.title, publisher: profile.publisher,
            date: profile.date, licence: profile.licence ?? base.metadata.licence, language: base.metadata.language,
            derivedFrom: base.metadata.reference, description: profile.description,
            // The base's creators are credited in every adaptation of it.
            credit: base.metadata.credit,
            // A licence the profile names itself has no known address.
            licenceURL: profile.licence == nil ? base.metadata.licenceURL : nil,
            baseURI: profile.baseURI, subject: base.metadata.subject, shortTitle: profile.shortTitle)
        return (framework, provenance)
    }

    private func adaptGroups(
        selected: Selected,
        record: (Provenance.ItemKind, String, Provenance.Change, String, String?) -> Void
    ) -> [CompetencyGroup] {
        var groups: [CompetencyGroup] = []
        for var group in base.groupsByRank {
            guard selected.groups.contains(group.id) else {
                record(.group, group.id, .removed, selected.reasons["group:\(group.id)"] ?? "", nil)
                continue
            }
            // Ranks stay contiguous when a lower group is left out.
            group.rank = groups.count + 1
            for change in profile.groupChanges where change.group.id == group.id {
                let rationale = change.rationale ?? "adapted for this edition's workforce"
                if let description = change.description {
                    group.description = description
                    record(.group, group.id, .localised, rationale, nil)
                }
                for rename in change.renames {
                    guard let index = group.roles.firstIndex(where: { $0.id == rename.role.id }) else { continue }
                    let old = group.roles[index].name
                    group.roles[index].name = rename.name
                    record(.role, rename.role.id, .localised, rationale, "was \u{201C}\(old)\u{201D}")
                }
                for removed in change.removedRoles where group.roles.contains(where: { $0.id == removed.id }) {
                    group.roles.removeAll { $0.id == removed.id }
                    record(.role, removed.id, .removed, rationale, nil)
                }
                for role in change.addedRoles {
                    group.roles.append(role)
                    record(.role, role.id, .added, rationale, "in group \(group.name)")
                }
            }
            groups.append(group)
        }
        return groups
    }

    /// A local option that replaces a base one takes its place in every competency, once.
    private func applyReplacements(
        to framework: inout Framework,
        record: (Provenance.ItemKind, String, Provenance.Change, String, String?) -> Void
    ) {
        // Training and services the profile leaves out go from every competency first.
        let droppedTraining = Set(profile.excludes.flatMap { $0.training?.ids ?? [] })
        let droppedServices = Set(profile.excludes.flatMap { $0.services?.ids ?? [] })
        if !droppedTraining.isEmpty || !droppedServices.isEmpty {
            for areaIndex in framework.areas.indices {
                for index in framework.areas[areaIndex].competencies.indices {
                    framework.areas[areaIndex].competencies[index].trainingRefs.removeAll { droppedTraining.contains($0.id) }
                    framework.areas[areaIndex].competencies[index].serviceRefs.removeAll { droppedServices.contains($0.id) }
                }
            }
        }
        for replacement in profile.replacements {
            let old = replacement.replaced.id
            let new = Reference(replacement.replacementID)
            for areaIndex in framework.areas.indices {
                for index in framework.areas[areaIndex].competencies.indices {
                    var competency = framework.areas[areaIndex].competencies[index]
                    switch replacement.kind {
                    case .training:
                        guard let at = competency.trainingRefs.firstIndex(where: { $0.id == old }) else { continue }
                        competency.trainingRefs.remove(at: at)
                        if !competency.trainingRefs.contains(where: { $0.id == new.id }) { competency.trainingRefs.insert(new, at: at) }
                    case .service:
                        guard let at = competency.serviceRefs.firstIndex(where: { $0.id == old }) else { continue }
                        competency.serviceRefs.remove(at: at)
                        if !competency.serviceRefs.contains(where: { $0.id == new.id }) { competency.serviceRefs.insert(new, at: at) }
                    }
                    framework.areas[areaIndex].competencies[index] = competency
                }
            }
        }
    }

    private func applyOverrides(
        to framework: inout Framework,
        record: (Provenance.ItemKind, String, Provenance.Change, String, String?) -> Void
    ) {
        func update(_ id: String, _ change: (inout Competency) -> Void) -> Bool {
            for areaIndex in framework.areas.indices {
                if let index = framework.areas[areaIndex].competencies.firstIndex(where: { $0.id == id }) {
                    change(&framework.areas[areaIndex].competencies[index])
                    return true
                }
            }
            return false
        }
        for override in profile.statementOverrides {
            var old = ""
            if update(override.competency.id, { old = $0.statement; $0.statement = override.text }) {
                record(.competency, override.competency.id, .reworded, override.rationale, old)
            }
        }
        for override in profile.trainingOverrides {
            let removed = Set(override.removed.map(\.id))
            let changed = update(override.competency.id) { competency in
                competency.trainingRefs.removeAll { removed.contains($0.id) }
                for added in override.added where !competency.trainingRefs.contains(where: { $0.id == added.id }) {
                    competency.trainingRefs.append(added)
                }
            }
            if changed {
                let detail = (override.added.map { "+\($0.id)" } + override.removed.map { "\u{2212}\($0.id)" }).joined(separator: " ")
                record(.competency, override.competency.id, .localised, override.rationale, "training \(detail)")
            }
        }
        for override in profile.signpostOverrides {
            let removed = Set(override.removed.map(\.id))
            let changed = update(override.competency.id) { competency in
                competency.serviceRefs.removeAll { removed.contains($0.id) }
                for added in override.added where !competency.serviceRefs.contains(where: { $0.id == added.id }) {
                    competency.serviceRefs.append(added)
                }
            }
            if changed {
                let detail = (override.added.map { "+\($0.id)" } + override.removed.map { "\u{2212}\($0.id)" }).joined(separator: " ")
                record(.competency, override.competency.id, .localised, override.rationale, "signposts \(detail)")
            }
        }
        var replacedEnhancements: Set<String> = []
        for override in profile.enhancementOverrides {
            // The first replacing override clears the base's enhancements; any more add to it.
            let replacing = override.replacesBase && replacedEnhancements.insert(override.competency.id).inserted
            if update(override.competency.id, { competency in
                if replacing { competency.enhancements = [] }
                competency.enhancements.append(override.text)
            }) {
                record(.competency, override.competency.id, .localised, override.rationale, override.replacesBase ? "enhancement reworded" : "enhancement added")
            }
        }
    }

    private static func name(of item: some Identifiable) -> String {
        if let option = item as? TrainingOption { return option.title }
        if let service = item as? Service { return service.name }
        return "\(item.id)"
    }

    private func adaptCatalogue<Item: Identifiable>(
        base: [Item], added: [Item], kind: Provenance.ItemKind, used: Set<String>, unusedRationale: String,
        record: (Provenance.ItemKind, String, Provenance.Change, String, String?) -> Void
    ) -> [Item] where Item.ID == String {
        var result: [Item] = []
        for item in base {
            if used.contains(item.id) {
                result.append(item)
            } else if profile.replacements.contains(where: { $0.replaced.id == item.id && ($0.kind == .training) == (kind == .training) }) {
                record(kind, item.id, .removed, "a local \(kind == .training ? "course" : "service") replaces it", nil)
            } else if let exclude = profile.excludes.first(where: { (kind == .training ? $0.training : $0.services)?.ids.contains(item.id) == true }) {
                record(kind, item.id, .removed, exclude.rationale ?? "excluded by the edition profile", nil)
            } else {
                record(kind, item.id, .removed, unusedRationale, nil)
            }
        }
        for item in added {
            result.append(item)
            let replaced = profile.replacements.first { $0.replacementID == item.id && ($0.kind == .training) == (kind == .training) }
                .flatMap { replacement in base.first { $0.id == replacement.replaced.id } }
            if let replaced {
                record(kind, item.id, .added, "it takes the place of \u{201C}\(Self.name(of: replaced))\u{201D}, the general suggestion in the base, wherever the base pointed to it", nil)
            } else {
                record(kind, item.id, .added, kind == .training ? "local training offered alongside the national courses" : "a local service staff can point children, young people and families to", nil)
            }
        }
        return result
    }
}
