import CompetencyModel
import FrameworkDiff

/// One pass over a profile: every entry that refers to the base is looked up in the
/// revision, classified, and its text edit queued.
struct Run {
    let profile: EditionProfile
    let revision: BaseRevision
    var editor: ProfileTextEditor
    let settings: ProfileRebase
    var findings: [RebaseFinding] = []
    /// How many entries were looked at, to report how many carry over.
    var entries = 0
    /// Entries with at least one finding (an override with two findings is one entry).
    var entriesWithFindings = Set<String>()

    private var fromLabel: String { "base \(revision.old.metadata.version)" }
    private var ontoLabel: String { "base \(revision.new.metadata.version)" }
    private var onto: String { revision.new.metadata.reference.description }

    init(profile: EditionProfile, revision: BaseRevision, editor: ProfileTextEditor, settings: ProfileRebase) {
        self.profile = profile
        self.revision = revision
        self.editor = editor
        self.settings = settings
    }

    func attributeLocation(_ name: String, inElementAt location: SourceLocation?) -> SourceLocation? {
        editor.attributeLocation(named: name, inElementAt: location)
    }

    mutating func classify() {
        for selection in [profile.include].compactMap({ $0 }) { self.selection(selection, verb: "includes") }
        for selection in profile.excludes { self.selection(selection, verb: "excludes") }
        for change in profile.groupChanges { group(change) }
        for change in profile.phaseChanges { phase(change) }
        for replacement in profile.replacements { self.replacement(replacement) }
        for override in profile.statementOverrides { statement(override) }
        for override in profile.trainingOverrides {
            references(competency: override.competency, added: override.added, removed: override.removed, kind: .training, rationale: override.rationale)
        }
        for override in profile.signpostOverrides {
            references(competency: override.competency, added: override.added, removed: override.removed, kind: .service, rationale: override.rationale)
        }
        for override in profile.enhancementOverrides { enhancement(override) }
        for addition in profile.additions { self.addition(addition) }
        for workshop in profile.workshops {
            for outcome in workshop.outcomes {
                for reference in outcome.develops { develops(reference, outcome: outcome.id) }
            }
        }
    }

    // MARK: - Recording

    private mutating func record(
        _ category: RebaseFinding.Category, _ code: String, _ message: String, at location: SourceLocation?,
        entry: String, resolution: RebaseFinding.Resolution, notes: [Diagnostic.Note] = [], wording: RebaseFinding.Wording? = nil
    ) {
        let severity: Diagnostic.Severity = switch category {
        case .followsRename: .note
        case .redundant: .warning
        case .conflict: .error
        }
        entriesWithFindings.insert(String(entry.prefix { $0 != "(" }))
        findings.append(RebaseFinding(
            category: category,
            diagnostic: Diagnostic(severity: severity, code: code, message: message, location: location, notes: notes),
            entry: entry, resolution: resolution, wording: wording))
    }

    /// The first line of every comment `rebase` writes, so authors can search for them.
    private func heading(_ code: String, _ category: RebaseFinding.Category) -> String {
        "rebase onto \(onto), \(category == .conflict ? "CONFLICT" : category.rawValue) \(code):"
    }

    private func wordingNotes(_ wording: RebaseFinding.Wording) -> [Diagnostic.Note] {
        [
            .init(message: "\(fromLabel) said: \(wording.baseOld)"),
            .init(message: "\(ontoLabel) says: \(WordDiff.inline(WordDiff.compare(wording.baseOld, wording.baseNew)))"),
            .init(message: "this edition says: \(WordDiff.inline(WordDiff.compare(wording.baseOld, wording.ours)))"),
        ]
    }

    private func wordingComment(_ wording: RebaseFinding.Wording) -> [String] {
        ["\(fromLabel): \(wording.baseOld)", "\(ontoLabel): \(wording.baseNew)", "Decide which wording the edition keeps, then delete this comment."]
    }

    private func says(_ ours: String, _ theirs: String) -> Bool {
        ours == theirs || FrameworkComparison.similarity(FrameworkComparison.words(ours), FrameworkComparison.words(theirs)) >= settings.redundancyThreshold
    }

    /// Follows a renamed competency in a single-id attribute; true when the competency is
    /// still there (under its old id or a new one).
    private mutating func follow(_ reference: Reference, entry: String) -> Bool {
        switch revision.fate(ofCompetency: reference.id) {
        case .renamed(let newID):
            let done = editor.setAttribute(at: reference.location, to: newID)
            record(.followsRename, RebaseCode.followsRename.code,
                   "\(onto) renamed competency \(reference.id) to \(newID); this \(entry) now names \(newID)",
                   at: reference.location, entry: entry, resolution: done ? .followed : .none)
            return true
        case .unchanged, .changed, nil:
            return true
        case .removed, .merged:
            return false
        }
    }

    /// Records a conflict whose entry cannot stay as it is, and switches the entry off in a
    /// comment that says what happened and what to do.
    private mutating func switchOff(
        _ code: String, _ message: String, advice: String, element: SourceLocation?, at location: SourceLocation?, entry: String
    ) {
        let done = editor.switchOff(elementAt: element, comment: [heading(code, .conflict) + " " + message + ".",
                                                                "Switched off so the profile still validates: \(advice)."])
        record(.conflict, code, message + "; " + advice, at: location, entry: entry, resolution: done ? .switchedOff : .none)
    }

    /// Switches off an entry that names a competency the base removed or merged.
    private mutating func gone(_ reference: Reference, entry: String, element: SourceLocation?, what: String) {
        switch revision.fate(ofCompetency: reference.id) {
        case .merged(let target):
            switchOff(RebaseCode.mergedUpstream.code, "\(onto) merged competency \(reference.id) into \(target), so this \(entry) has nothing to \(what)",
                      advice: "rewrite it for \(target) or delete it", element: element, at: reference.location, entry: entry)
            if let merged = revision.newCompetencies[target] {
                findings[findings.count - 1].diagnostic.notes = [.init(message: "\(target) now reads: \(merged.statement)", location: merged.location)]
            }
        default:
            switchOff(RebaseCode.removedUpstream.code, "\(onto) removed competency \(reference.id), so this \(entry) has nothing to \(what)",
                      advice: "point it at another competency or delete it", element: element, at: reference.location, entry: entry)
        }
    }

    // MARK: - Overrides

    /// For an entry about one base competency: follows a rename, switches the entry off if
    /// the competency went, and returns the base's value before and after when it changed.
    private mutating func changedBaseValue<Value: Equatable>(
        _ reference: Reference, entry: String, what: String, _ value: (Competency) -> Value
    ) -> (before: Value, after: Value)? {
        entries += 1
        guard follow(reference, entry: entry) else {
            gone(reference, entry: entry, element: reference.location, what: what)
            return nil
        }
        guard let before = revision.oldCompetencies[reference.id].map(value),
              let after = revision.successor(ofCompetency: reference.id).map(value),
              before != after
        else { return nil }
        return (before, after)
    }

    private mutating func statement(_ override: StatementOverride) {
        let entry = "statement override of \(override.competency.id)"
        guard let (before, after) = changedBaseValue(override.competency, entry: entry, what: "reword", \.statement) else { return }
        reconcile(entry: entry, subject: "wording of \(override.competency.id)", ours: override.text, before: before, after: after,
                  element: override.competency.location, rationale: override.rationale)
    }

    private mutating func enhancement(_ override: EnhancementOverride) {
        let entry = "enhancement \(override.replacesBase ? "replacement" : "addition") for \(override.competency.id)"
        guard let (before, after) = changedBaseValue(override.competency, entry: entry, what: "enhance", \.enhancements) else { return }
        let fresh = after.filter { !before.contains($0) }
        if let same = fresh.first(where: { says(override.text, $0) }) {
            let done = editor.drop(elementAt: override.competency.location, comment: [
                heading(RebaseCode.redundantOverride.code, .redundant) + " dropped the enhancement for \(override.competency.id): the base now has",
                "\"\(same)\"", "Reason the override gave: \(override.rationale)",
            ])
            record(.redundant, RebaseCode.redundantOverride.code,
                   "\(onto) now gives \(override.competency.id) the enhancement this edition adds; the override is no longer needed",
                   at: override.competency.location, entry: entry, resolution: done ? .dropped : .none)
        } else if override.replacesBase {
            let wording = RebaseFinding.Wording(baseOld: before.joined(separator: " "), baseNew: after.joined(separator: " "), ours: override.text)
            let done = editor.mark(elementAt: override.competency.location, comment: [
                heading(RebaseCode.bothReworded.code, .conflict) + " the base changed the enhancements of \(override.competency.id) that this entry replaces; this edition's text is kept for now.",
            ] + wordingComment(wording))
            record(.conflict, RebaseCode.bothReworded.code,
                   "\(onto) changes the enhancements of \(override.competency.id), which this edition replaces; check the replacement still fits",
                   at: override.competency.location, entry: entry, resolution: done ? .marked : .none,
                   notes: wordingNotes(wording), wording: wording)
        }
    }

    private enum Catalogue {
        case training, service

        var noun: String { self == .training ? "training option" : "service" }
        var element: String { self == .training ? "training" : "signpost" }
    }

    private func removedUpstream(_ id: String, _ kind: Catalogue) -> Bool {
        kind == .training ? revision.trainingRemoved(id) : revision.serviceRemoved(id)
    }

    private func ownCatalogue(_ id: String, _ kind: Catalogue) -> Bool {
        kind == .training ? profile.trainingOptions.contains { $0.id == id } : profile.services.contains { $0.id == id }
    }

    private mutating func references(competency: Reference, added: [Reference], removed: [Reference], kind: Catalogue, rationale: String) {
        let entry = "\(kind.element) override of \(competency.id)"
        entries += 1
        guard follow(competency, entry: entry) else {
            return gone(competency, entry: entry, element: competency.location, what: "change")
        }
        let oldRefs = Set((kind == .training ? revision.oldCompetencies[competency.id]?.trainingRefs : revision.oldCompetencies[competency.id]?.serviceRefs)?.map(\.id) ?? [])
        let successor = revision.successor(ofCompetency: competency.id)
        let newRefs = Set((kind == .training ? successor?.trainingRefs : successor?.serviceRefs)?.map(\.id) ?? [])
        // Each add or remove is settled on its own; the override goes only if none is left.
        var settled: [(reference: Reference, category: RebaseFinding.Category, code: String, message: String, comment: String)] = []
        for reference in added where !ownCatalogue(reference.id, kind) {
            if removedUpstream(reference.id, kind) {
                settled.append((reference, .conflict, RebaseCode.catalogueRemoved.code,
                                "\(onto) removed the \(kind.noun) \(reference.id), which this edition adds to \(competency.id); choose another or delete the line",
                                "the base removed the \(kind.noun) \(reference.id); switched off so the profile still validates."))
            } else if newRefs.contains(reference.id) && !oldRefs.contains(reference.id) {
                settled.append((reference, .redundant, RebaseCode.redundantChange.code,
                                "\(onto) now links \(competency.id) to \(reference.id) itself; this addition is no longer needed",
                                "dropped: the base now links \(competency.id) to \(reference.id) itself."))
            }
        }
        for reference in removed where !ownCatalogue(reference.id, kind) {
            if removedUpstream(reference.id, kind) || (oldRefs.contains(reference.id) && !newRefs.contains(reference.id)) {
                settled.append((reference, .redundant, RebaseCode.redundantChange.code,
                                "\(onto) no longer links \(competency.id) to \(reference.id); this removal is no longer needed",
                                "dropped: the base no longer links \(competency.id) to \(reference.id)."))
            }
        }
        let wholeOverride = settled.count == added.count + removed.count && !settled.isEmpty
        for item in settled {
            let done: Bool
            let resolution: RebaseFinding.Resolution
            let lines = [heading(item.code, item.category) + " " + item.comment]
            if wholeOverride {
                done = item.category == .conflict
                    ? editor.switchOff(elementAt: competency.location, comment: lines + ["Reason the override gave: \(rationale)"])
                    : editor.drop(elementAt: competency.location, comment: lines + ["Reason the override gave: \(rationale)"])
            } else {
                done = item.category == .conflict
                    ? editor.switchOff(elementAt: item.reference.location, comment: lines)
                    : editor.drop(elementAt: item.reference.location, comment: lines)
            }
            resolution = done ? (item.category == .conflict ? .switchedOff : .dropped) : .none
            record(item.category, item.code, item.message, at: item.reference.location, entry: entry + " (\(item.reference.id))", resolution: resolution)
        }
    }

    // MARK: - Selections

    private mutating func selection(_ selection: Selection, verb: String) {
        let named = [("groups", selection.groups), ("phases", selection.phases), ("areas", selection.areas), ("competencies", selection.competencies),
                     ("training", selection.training), ("services", selection.services)]
            .compactMap { name, list in list.map { "\(name) \($0.ids.joined(separator: " "))" } }
        let entry = "\(verb == "excludes" ? "exclusion" : "inclusion") of \(named.joined(separator: ", "))"
        entries += 1
        var conflicts: [String] = []
        var anyLeft = false
        typealias Check = (String) -> (code: String, message: String, replacement: String?)?
        func list(_ ids: IDList?, _ check: Check) -> (kept: [String], changed: Bool, problems: [(String, String, String?)]) {
            guard let ids else { return ([], false, []) }
            var kept: [String] = []
            var problems: [(String, String, String?)] = []
            for id in ids.ids {
                if let problem = check(id) {
                    problems.append((problem.code, problem.message, problem.replacement))
                    if let replacement = problem.replacement { kept.append(replacement) }
                } else {
                    kept.append(id)
                }
            }
            return (kept, !problems.isEmpty, problems)
        }
        let revision = self.revision
        let onto = self.onto
        let competencyCheck: Check = { id in
            switch revision.fate(ofCompetency: id) {
            case .renamed(let newID): (RebaseCode.followsRename.code, "\(onto) renamed competency \(id) to \(newID); this \(entry) now names \(newID)", newID)
            case .removed: (RebaseCode.removedUpstream.code, "\(onto) removed competency \(id), which this edition \(verb); check whether it should now \(verb == "excludes" ? "leave out" : "take") something else", nil)
            case .merged(let target): (RebaseCode.mergedUpstream.code, "\(onto) merged competency \(id), which this edition \(verb), into \(target); decide whether the edition \(verb) \(target)", nil)
            default: nil
            }
        }
        func removed(_ noun: String, _ test: @escaping (String) -> Bool, code: String = RebaseCode.removedUpstream.code) -> Check {
            { id in test(id) ? (code, "\(onto) removed the \(noun) \(id), which this edition \(verb)", nil) : nil }
        }
        let lists: [(name: String, ids: IDList?, check: Check)] = [
            ("groups", selection.groups, removed("group", revision.removed(group:))),
            ("phases", selection.phases, removed("phase", revision.removed(phase:))),
            ("areas", selection.areas, removed("area", revision.removed(area:))),
            ("competencies", selection.competencies, competencyCheck),
            ("training", selection.training, removed("training option", revision.trainingRemoved, code: RebaseCode.catalogueRemoved.code)),
            ("services", selection.services, removed("service", revision.serviceRemoved, code: RebaseCode.catalogueRemoved.code)),
        ]
        var pending: [(location: SourceLocation?, kept: [String])] = []
        var problems: [(code: String, message: String, location: SourceLocation?)] = []
        for entryList in lists {
            let outcome = list(entryList.ids, entryList.check)
            if !outcome.kept.isEmpty { anyLeft = true }
            guard outcome.changed else { continue }
            pending.append((entryList.ids?.location, outcome.kept))
            for problem in outcome.problems {
                problems.append((problem.0, problem.1, entryList.ids?.location))
                if problem.0 != RebaseCode.followsRename.code { conflicts.append(problem.1) }
            }
        }
        guard !problems.isEmpty else { return }
        var resolution: RebaseFinding.Resolution = .removedFromList
        if !anyLeft {
            let done = editor.switchOff(elementAt: selection.location, comment: [
                heading(problems[0].code, .conflict) + " every id this \(verb == "excludes" ? "exclusion" : "inclusion") named is gone from the base.",
            ] + conflicts + ["Switched off so the profile still validates: rework it or delete it."])
            resolution = done ? .switchedOff : .none
        } else {
            for item in pending {
                let done = item.kept.isEmpty ? editor.removeAttribute(at: item.location) : editor.setAttribute(at: item.location, to: item.kept.joined(separator: " "))
                if !done { resolution = .none }
            }
            if !conflicts.isEmpty {
                _ = editor.mark(elementAt: selection.location, comment: [heading(problems.first { $0.code != RebaseCode.followsRename.code }?.code ?? "", .conflict)] + conflicts
                                + ["The ids were taken out of the list; check the \(verb == "excludes" ? "exclusion" : "inclusion") still does what the edition needs."])
            }
        }
        for problem in problems {
            let category: RebaseFinding.Category = problem.code == RebaseCode.followsRename.code ? .followsRename : .conflict
            record(category, problem.code, problem.message, at: problem.location, entry: entry,
                   resolution: category == .followsRename && resolution == .removedFromList ? .followed : resolution)
        }
    }

    // MARK: - Groups, phases, catalogue

    private mutating func group(_ change: GroupChange) {
        let groupID = change.group.id
        if revision.removed(group: groupID) {
            entries += 1
            return switchOff(RebaseCode.removedUpstream.code, "\(onto) removed the group \(groupID), which this edition changes",
                             advice: "move its changes to another group or delete them", element: change.group.location, at: change.group.location,
                             entry: "changes to group \(groupID)")
        }
        if let description = change.description {
            entries += 1
            let before = revision.old.groups.first { $0.id == groupID }?.description
            let after = revision.new.groups.first { $0.id == groupID }?.description
            if let before, let after, before != after {
                reconcile(entry: "description of group \(groupID)", subject: "description of group \(groupID)", ours: description,
                          before: before, after: after, element: descriptionLocation(in: change.group.location), rationale: nil)
            }
        }
        for rename in change.renames {
            let entry = "new name for role \(rename.role.id)"
            entries += 1
            let names = revision.roleNames(group: groupID, role: rename.role.id)
            guard let oldName = names.old else { continue }
            guard let newName = names.new else {
                switchOff(RebaseCode.removedUpstream.code, "\(onto) removed the role \(rename.role.id) from \(groupID), which this edition renames",
                          advice: "add the role with addRole if the edition still needs it", element: rename.role.location, at: rename.role.location, entry: entry)
                continue
            }
            guard oldName != newName else { continue }
            reconcile(entry: entry, subject: "name of role \(rename.role.id)", ours: rename.name, before: oldName, after: newName,
                      element: rename.role.location, rationale: nil, conflictCode: RebaseCode.roleRenamedUpstream.code)
        }
        for role in change.removedRoles {
            entries += 1
            let names = revision.roleNames(group: groupID, role: role.id)
            guard names.old != nil, names.new == nil else { continue }
            let done = editor.drop(elementAt: role.location, comment: [heading(RebaseCode.redundantChange.code, .redundant) + " dropped the removal of \(role.id): the base no longer has it."])
            record(.redundant, RebaseCode.redundantChange.code, "\(onto) no longer has the role \(role.id); removing it is no longer needed",
                   at: role.location, entry: "removal of role \(role.id)", resolution: done ? .dropped : .none)
        }
        for role in change.addedRoles {
            entries += 1
            guard !revision.roleExists(role.id, in: revision.old), revision.roleExists(role.id, in: revision.new) else { continue }
            switchOff(RebaseCode.idTaken.code, "\(onto) now has a role with the id \(role.id), which this edition adds",
                      advice: "rename the base's role with renameRole instead, or give this one another id", element: role.location, at: role.location,
                      entry: "added role \(role.id)")
        }
    }

    /// The `<description>` child of the element at `location`, for marks on it.
    private func descriptionLocation(in location: SourceLocation?) -> SourceLocation? {
        guard let location, let start = editor.elementStart(at: location), let range = editor.elementRange(from: start) else { return nil }
        let needle = Array("<description".utf8)
        var index = start + 1
        while index + needle.count < range.upperBound {
            if editor.original[index...].starts(with: needle) { return editor.sourceLocation(ofOffset: index, file: location.file) }
            index += 1
        }
        return nil
    }

    /// Settles an entry that rewrites text the base also changed: redundant when the base
    /// now says what the entry says, a conflict (kept, with both base texts in a comment)
    /// otherwise.
    private mutating func reconcile(
        entry: String, subject: String, ours: String, before: String, after: String, element: SourceLocation?,
        rationale: String?, conflictCode: String = RebaseCode.bothReworded.code
    ) {
        let wording = RebaseFinding.Wording(baseOld: before, baseNew: after, ours: ours)
        if says(ours, after) {
            let done = editor.drop(elementAt: element, comment: [
                heading(RebaseCode.redundantOverride.code, .redundant) + " dropped this edition's \(subject); the base now says",
                "\"\(after)\"",
            ] + (rationale.map { ["Reason the edition gave: \($0)"] } ?? []))
            record(.redundant, RebaseCode.redundantOverride.code, "\(onto) now has the same \(subject) as this edition; the edition's own is no longer needed",
                   at: element, entry: entry, resolution: done ? .dropped : .none, notes: wordingNotes(wording), wording: wording)
        } else {
            let done = editor.mark(elementAt: element, comment: [
                heading(conflictCode, .conflict) + " the base changed the \(subject) too; this edition's text is kept for now.",
            ] + wordingComment(wording))
            record(.conflict, conflictCode, "\(onto) changes the \(subject), which this edition also changes; choose the text to keep",
                   at: element, entry: entry, resolution: done ? .marked : .none, notes: wordingNotes(wording), wording: wording)
        }
    }

    private mutating func phase(_ change: PhaseChange) {
        entries += 1
        let entry = "description of phase \(change.phase.id)"
        if revision.removed(phase: change.phase.id) {
            return switchOff(RebaseCode.removedUpstream.code, "\(onto) removed the phase \(change.phase.id), which this edition describes",
                             advice: "delete the description or move it to another phase", element: change.phase.location, at: change.phase.location, entry: entry)
        }
        guard let before = revision.old.phases.first(where: { $0.id == change.phase.id })?.description,
              let after = revision.new.phases.first(where: { $0.id == change.phase.id })?.description,
              before != after
        else { return }
        reconcile(entry: entry, subject: entry, ours: change.description, before: before, after: after,
                  element: change.phase.location, rationale: change.rationale)
    }

    private mutating func replacement(_ replacement: CatalogueReplacement) {
        entries += 1
        let kind: Catalogue = replacement.kind == .training ? .training : .service
        guard removedUpstream(replacement.replaced.id, kind) else { return }
        let message = "\(onto) removed the \(kind.noun) \(replacement.replaced.id), which this edition's \(replacement.replacementID) replaces"
        let marked = editor.mark(elementAt: replacement.replaced.location, comment: [
            heading(RebaseCode.catalogueRemoved.code, .conflict) + " " + message + ".",
            "The replaces attribute was taken out, so \(replacement.replacementID) is now linked only where this profile links it; link it to the competencies that need it.",
        ])
        let removed = editor.removeAttribute(at: replacement.replaced.location)
        record(.conflict, RebaseCode.catalogueRemoved.code, message + "; link \(replacement.replacementID) where it is needed",
               at: replacement.replaced.location, entry: "\(replacement.replacementID) replacing \(replacement.replaced.id)",
               resolution: marked && removed ? .marked : .none)
    }

    // MARK: - Additions and workshops

    private mutating func addition(_ addition: AddedCompetency) {
        let competency = addition.competency
        let entry = "added competency \(competency.id)"
        entries += 1
        let element = competency.location
        if revision.newCompetencies[competency.id] != nil || revision.new.competencies.contains(where: { $0.code == competency.code }) {
            let clash = revision.newCompetencies[competency.id] != nil ? "id \(competency.id)" : "code \(competency.code)"
            return switchOff(RebaseCode.idTaken.code, "\(onto) now has a competency with the \(clash), which this edition adds",
                             advice: "give the addition another id and code", element: element, at: competency.location(ofAttribute: "id"), entry: entry)
        }
        if revision.removed(area: addition.area.id) || revision.removed(group: competency.groupID) {
            let what = revision.removed(area: addition.area.id) ? "area \(addition.area.id)" : "group \(competency.groupID)"
            return switchOff(RebaseCode.removedUpstream.code, "\(onto) removed the \(what) this addition belongs to",
                             advice: "move it to another \(what.split(separator: " ")[0])", element: element,
                             at: revision.removed(area: addition.area.id) ? addition.area.location : competency.location(ofAttribute: "group"), entry: entry)
        }
        for (references, kind) in [(competency.trainingRefs, Catalogue.training), (competency.serviceRefs, .service)] {
            for reference in references where !ownCatalogue(reference.id, kind) && removedUpstream(reference.id, kind) {
                let message = "\(onto) removed the \(kind.noun) \(reference.id), which this edition's \(competency.id) links to"
                let done = editor.switchOff(elementAt: reference.location, comment: [heading(RebaseCode.catalogueRemoved.code, .conflict) + " " + message + "; switched off."])
                record(.conflict, RebaseCode.catalogueRemoved.code, message + "; link another or delete the line", at: reference.location,
                       entry: entry + " (\(reference.id))", resolution: done ? .switchedOff : .none)
            }
        }
        let words = FrameworkComparison.words(competency.statement)
        let duplicate = revision.added
            .map { ($0, FrameworkComparison.similarity(words, FrameworkComparison.words($0.statement))) }
            .filter { $0.1 >= settings.duplicateThreshold }
            .max { $0.1 < $1.1 }
        if let (twin, _) = duplicate {
            let message = "\(onto) adds \(twin.id), which says what this edition's \(competency.id) says; keep one of them"
            let done = editor.mark(elementAt: element, comment: [
                heading(RebaseCode.duplicatedAddition.code, .redundant) + " the base now has \(twin.id): \"\(twin.statement)\"",
                "Both are in the edition for now: delete this addition, or exclude \(twin.id), once you have compared them.",
            ])
            record(.redundant, RebaseCode.duplicatedAddition.code, message, at: competency.location(ofAttribute: "id"), entry: entry,
                   resolution: done ? .marked : .none,
                   notes: [.init(message: "\(twin.id) reads: \(twin.statement)", location: twin.location),
                           .init(message: "\(competency.id) reads: \(competency.statement)")])
        }
    }

    private mutating func develops(_ reference: Reference, outcome: String) {
        let entry = "link from outcome \(outcome) to \(reference.id)"
        entries += 1
        guard follow(reference, entry: entry) else {
            return gone(reference, entry: entry, element: reference.location, what: "point at")
        }
    }
}
