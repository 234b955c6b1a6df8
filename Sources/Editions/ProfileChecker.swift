import CompetencyModel

/// Checks a profile's references against its base, reporting each at the profile's own
/// line and column.
public struct ProfileChecker: Sendable {
    public let profile: EditionProfile
    public let base: Framework

    public init(profile: EditionProfile, base: Framework) {
        self.profile = profile
        self.base = base
    }

    private func error(_ code: String, _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) -> Diagnostic {
        Diagnostic(severity: .error, code: code, message: message, location: location ?? profile.location, notes: notes)
    }

    private func warning(_ code: String, _ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, message: message, location: location ?? profile.location)
    }

    /// Ids of everything the edition can refer to: the base plus the profile's additions.
    var competencyIDs: Set<String> { Set(base.competencies.map(\.id) + profile.additions.map(\.competency.id)) }
    var trainingIDs: Set<String> { Set(base.trainingOptions.map(\.id) + profile.trainingOptions.map(\.id)) }
    var serviceIDs: Set<String> { Set(base.services.map(\.id) + profile.services.map(\.id)) }

    /// Adds "did you mean …?" to an unknown-reference error: the closest ids of the right
    /// kind, and a competency's id when its printed code was written (FPI.8 → fpi-08).
    func withSuggestion(_ diagnostic: Diagnostic) -> Diagnostic {
        let candidates: [String]
        switch diagnostic.code {
        case EditionCode.unknownCompetency.code: candidates = Array(competencyIDs)
        case EditionCode.unknownGroup.code: candidates = base.groups.map(\.id)
        case EditionCode.unknownPhase.code: candidates = base.phases.map(\.id)
        case EditionCode.unknownArea.code: candidates = base.areas.map(\.id)
        case EditionCode.unknownRole.code: candidates = base.groups.flatMap(\.roles).map(\.id)
        case EditionCode.unknownTraining.code: candidates = Array(trainingIDs)
        case EditionCode.unknownService.code: candidates = Array(serviceIDs)
        default: return diagnostic
        }
        // The unknown id is the quoted one the message says is missing.
        let parts = diagnostic.message.split(separator: "'", omittingEmptySubsequences: false).map(String.init)
        let missing = [" is not in", ", which is not in", " is in neither", ", which this edition", " to rename", " to remove"]
        guard let index = stride(from: 1, to: parts.count - 1, by: 2).first(where: { index in missing.contains { parts[index + 1].hasPrefix($0) } }) else {
            return diagnostic
        }
        let typed = parts[index]
        let found = Suggest.closest(typed, candidates).filter { $0 != typed }
        guard !found.isEmpty else { return diagnostic }
        var suggested = diagnostic
        suggested.notes.append(.init(message: "did you mean \(found.map { "'\($0)'" }.joined(separator: " or "))?"))
        return suggested
    }

    /// The checks every plugin built on `Adaptation` needs.
    public func commonDiagnostics() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let baseCompetencies = Set(base.competencies.map(\.id))
        let groups = Set(base.groups.map(\.id))
        let phases = Set(base.phases.map(\.id))
        let areas = Set(base.areas.map(\.id))

        func checkList(_ list: IDList?, known: Set<String>, code: String, kind: String) {
            guard let list else { return }
            for id in list.ids where !known.contains(id) {
                diagnostics.append(error(code, "\(kind) '\(id)' is not in \(base.metadata.reference)", at: list.location))
            }
        }
        for selection in [profile.include].compactMap({ $0 }) + profile.excludes {
            checkList(selection.groups, known: groups, code: EditionCode.unknownGroup.code, kind: "group")
            checkList(selection.phases, known: phases, code: EditionCode.unknownPhase.code, kind: "phase")
            checkList(selection.areas, known: areas, code: EditionCode.unknownArea.code, kind: "area")
            checkList(selection.competencies, known: baseCompetencies, code: EditionCode.unknownCompetency.code, kind: "competency")
            checkList(selection.training, known: Set(base.trainingOptions.map(\.id)), code: EditionCode.unknownTraining.code, kind: "training")
            checkList(selection.services, known: Set(base.services.map(\.id)), code: EditionCode.unknownService.code, kind: "service")
        }

        var roleIDs = Set(base.groups.flatMap(\.roles).map(\.id))
        for change in profile.groupChanges {
            guard let group = base.groups.first(where: { $0.id == change.group.id }) else {
                diagnostics.append(error(EditionCode.unknownGroup.code, "group '\(change.group.id)' is not in \(base.metadata.reference)", at: change.group.location))
                continue
            }
            for rename in change.renames where !group.roles.contains(where: { $0.id == rename.role.id }) {
                diagnostics.append(error(
                    EditionCode.unknownRole.code, "group '\(group.id)' has no role '\(rename.role.id)' to rename", at: rename.role.location,
                    notes: [.init(message: "roles of '\(group.id)': \(group.roles.map(\.id).joined(separator: ", "))")]))
            }
            for removed in change.removedRoles where !group.roles.contains(where: { $0.id == removed.id }) {
                diagnostics.append(error(
                    EditionCode.unknownRole.code, "group '\(group.id)' has no role '\(removed.id)' to remove", at: removed.location,
                    notes: [.init(message: "roles of '\(group.id)': \(group.roles.map(\.id).joined(separator: ", "))")]))
            }
            for role in change.addedRoles where !roleIDs.insert(role.id).inserted {
                diagnostics.append(error(EditionCode.idCollision.code, "added role id '\(role.id)' is already in use", at: role.location))
            }
        }

        checkNewIDs(profile.trainingOptions.map { ($0.id, $0.location) }, existing: base.trainingOptions.map(\.id), kind: "training option", into: &diagnostics)
        checkNewIDs(profile.services.map { ($0.id, $0.location) }, existing: base.services.map(\.id), kind: "service", into: &diagnostics)
        checkNewIDs(profile.strategies.map { ($0.id, $0.location) }, existing: [], kind: "strategy", into: &diagnostics)
        for option in profile.trainingOptions {
            if let problem = LinkCheck.problem(with: option.url) {
                diagnostics.append(error(EditionCode.badURL.code, "training option '\(option.id)' has \(problem): '\(option.url)'", at: option.urlLocation ?? option.location))
            }
        }
        for service in profile.services {
            if let url = service.url, let problem = LinkCheck.problem(with: url) {
                diagnostics.append(error(EditionCode.badURL.code, "service '\(service.id)' has \(problem): '\(url)'", at: service.urlLocation ?? service.location))
            }
        }

        let removed = Set(base.competencies.map(\.id)).subtracting(Adaptation.selectedCompetencyIDs(in: base, profile: profile))
        func checkTarget(_ reference: Reference, what: String) -> Bool {
            guard baseCompetencies.contains(reference.id) else {
                diagnostics.append(error(EditionCode.unknownCompetency.code, "\(what) names competency '\(reference.id)', which is not in \(base.metadata.reference)", at: reference.location))
                return false
            }
            if removed.contains(reference.id) {
                diagnostics.append(warning(EditionCode.overrideOfRemoved.code, "\(what) changes competency '\(reference.id)', which this edition leaves out", at: reference.location))
            }
            return true
        }
        var reworded: [String: SourceLocation?] = [:]
        for override in profile.statementOverrides where checkTarget(override.competency, what: "statement override") {
            if let first = reworded[override.competency.id] {
                diagnostics.append(error(
                    EditionCode.conflictingOverride.code, "competency '\(override.competency.id)' is reworded twice", at: override.competency.location,
                    notes: [.init(message: "first reworded here", location: first)]))
            } else {
                reworded[override.competency.id] = override.competency.location
            }
        }
        for override in profile.trainingOverrides where checkTarget(override.competency, what: "training override") {
            let mapped = Set(base.competencies.first { $0.id == override.competency.id }?.trainingRefs.map(\.id) ?? [])
            for reference in override.added where !trainingIDs.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownTraining.code, "training '\(reference.id)' is in neither the base catalogue nor this profile", at: reference.location))
            }
            for reference in override.removed where !mapped.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownTraining.code, "competency '\(override.competency.id)' is not mapped to training '\(reference.id)', so it cannot be removed", at: reference.location))
            }
        }
        for override in profile.enhancementOverrides {
            _ = checkTarget(override.competency, what: "enhancement override")
        }
        for override in profile.signpostOverrides where checkTarget(override.competency, what: "signpost override") {
            let signposted = Set(base.competencies.first { $0.id == override.competency.id }?.serviceRefs.map(\.id) ?? [])
            for reference in override.added where !serviceIDs.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownService.code, "service '\(reference.id)' is in neither the base nor this profile", at: reference.location))
            }
            for reference in override.removed where !signposted.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownService.code, "competency '\(override.competency.id)' does not signpost to service '\(reference.id)', so it cannot be removed", at: reference.location))
            }
        }
        for change in profile.phaseChanges where !phases.contains(change.phase.id) {
            diagnostics.append(error(
                EditionCode.unknownPhase.code, "phase '\(change.phase.id)' is not in \(base.metadata.reference)", at: change.phase.location,
                notes: [.init(message: "phases of the base: \(base.phases.map(\.id).joined(separator: ", "))")]))
        }
        for replacement in profile.replacements {
            let baseIDs = replacement.kind == .training ? base.trainingOptions.map(\.id) : base.services.map(\.id)
            guard !baseIDs.contains(replacement.replaced.id) else { continue }
            diagnostics.append(error(
                replacement.kind == .training ? EditionCode.unknownTraining.code : EditionCode.unknownService.code,
                "'\(replacement.replacementID)' replaces \(replacement.kind == .training ? "training" : "service") '\(replacement.replaced.id)', which is not in \(base.metadata.reference)",
                at: replacement.replaced.location))
        }

        let selected = Adaptation(profile: profile, base: base).selection()
        var usedIDs = Set(base.competencies.map(\.id))
        var usedCodes = Set(base.competencies.map(\.code))
        for addition in profile.additions {
            let competency = addition.competency
            if !usedIDs.insert(competency.id).inserted {
                diagnostics.append(error(EditionCode.idCollision.code, "added competency id '\(competency.id)' is already in use", at: competency.location(ofAttribute: "id")))
            }
            if !usedCodes.insert(competency.code).inserted {
                diagnostics.append(error(EditionCode.idCollision.code, "added competency code '\(competency.code)' is already in use", at: competency.location(ofAttribute: "code")))
            }
            if !areas.contains(addition.area.id) {
                diagnostics.append(error(EditionCode.unknownArea.code, "area '\(addition.area.id)' is not in \(base.metadata.reference)", at: addition.area.location))
            } else if !selected.areas.contains(addition.area.id) {
                diagnostics.append(error(EditionCode.additionToLeftOutPart.code, "added competency '\(competency.id)' joins area '\(addition.area.id)', which this edition leaves out; put it in an area the edition keeps, or stop leaving '\(addition.area.id)' out", at: addition.area.location))
            }
            if !groups.contains(competency.groupID) {
                diagnostics.append(error(EditionCode.unknownGroup.code, "group '\(competency.groupID)' is not in \(base.metadata.reference)", at: competency.location(ofAttribute: "group")))
            } else if !selected.groups.contains(competency.groupID) {
                diagnostics.append(error(EditionCode.additionToLeftOutPart.code, "added competency '\(competency.id)' is for group '\(competency.groupID)', which this edition leaves out; give it a group the edition keeps, or stop leaving '\(competency.groupID)' out", at: competency.location(ofAttribute: "group")))
            }
            for phase in competency.phaseIDs where !phases.contains(phase) {
                diagnostics.append(error(EditionCode.unknownPhase.code, "phase '\(phase)' is not in \(base.metadata.reference)", at: competency.location(ofAttribute: "phases")))
            }
            for phase in competency.phaseIDs where phases.contains(phase) && !selected.phases.contains(phase) {
                diagnostics.append(error(EditionCode.additionToLeftOutPart.code, "added competency '\(competency.id)' names phase '\(phase)', which this edition leaves out; remove '\(phase)' from its phases, or stop leaving the phase out", at: competency.location(ofAttribute: "phases")))
            }
            for reference in competency.trainingRefs where !trainingIDs.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownTraining.code, "training '\(reference.id)' is in neither the base catalogue nor this profile", at: reference.location))
            }
            for reference in competency.serviceRefs where !serviceIDs.contains(reference.id) {
                diagnostics.append(error(EditionCode.unknownService.code, "service '\(reference.id)' is in neither the base nor this profile", at: reference.location))
            }
        }
        return diagnostics.map(withSuggestion)
    }

    /// Warnings for profile sections a plugin does not read.
    public func ignored(_ sections: [String], by pluginID: String) -> [Diagnostic] {
        sections.filter(isPresent).map {
            warning(EditionCode.ignoredParameter.code, "plugin '\(pluginID)' does not use <\($0)>; it will not appear in the edition", at: profile.pluginLocation)
        }
    }

    /// Whether the profile has the top-level section with this element name.
    func isPresent(_ section: String) -> Bool {
        switch section {
        case "keyMessages": !profile.keyMessages.isEmpty
        case "workshops": !profile.workshops.isEmpty
        case "evaluation": profile.evaluation != nil
        case "dissemination": !profile.dissemination.isEmpty
        case "strategies": !profile.strategies.isEmpty
        case "additions": !profile.additions.isEmpty
        default: false
        }
    }

    private func checkNewIDs(_ entries: [(String, SourceLocation?)], existing: [String], kind: String, into diagnostics: inout [Diagnostic]) {
        var used = Set(existing)
        for (id, location) in entries where !used.insert(id).inserted {
            diagnostics.append(error(EditionCode.idCollision.code, "\(kind) id '\(id)' is already in use", at: location))
        }
    }
}
