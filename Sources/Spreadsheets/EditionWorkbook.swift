import CompetencyModel

/// A council's edition as a workbook: one row per base competency saying whether to keep
/// it and what to change, each change with the reason beside it; sheets for local training,
/// local services, roles and strategies; and the edition's details. Exported blank from a
/// base (the template) or filled from an existing profile; imported back into a profile.
public enum EditionWorkbook {
    public enum Sheet {
        public static let competencies = "Competencies"
        public static let roles = "Roles"
        public static let training = "Local training"
        public static let services = "Local services"
        public static let strategies = "Strategies"
        public static let about = "About"
        public static let baseTraining = "Base training"
        public static let baseServices = "Base services"
    }

    public enum Header {
        public static let keep = "keep? (y/n)"
        public static let whyRemoved = "why removed"
        public static let wording = "our wording"
        public static let whyWording = "why reworded"
        public static let enhancement = "our enhancement"
        public static let replacesEnhancement = "replaces base enhancement? (y/n)"
        public static let whyEnhancement = "why this enhancement"
        public static let addTraining = "add training"
        public static let removeTraining = "remove training"
        public static let whyTraining = "why training changes"
        public static let addSignpost = "add signpost"
        public static let removeSignpost = "remove signpost"
        public static let whySignpost = "why signposts change"
        public static let ourName = "our name"
        public static let remove = "remove? (y/n)"
    }

    public static let aboutFields = ["id", "plugin", "base", "title", "short title", "publisher", "version", "date", "licence", "base uri", "audience", "description", "enhancement label"]

    /// The workbook for `base`, filled from `profile` when there is one.
    public static func export(base: Framework, profile: EditionProfile?, id: String? = nil) -> Workbook {
        let filled = ProfileView(profile)
        let yesNo = Choices.values(["Y", "N"])
        let competencies = Worksheet(name: Sheet.competencies, columns: [
            Column("id", width: 8), Column("code", width: 8), Column("area", width: 14), Column("group", width: 10),
            Column("base wording", width: 48, wraps: true),
            Column(Header.keep.replacingOccurrences(of: "(y/n)", with: "(Y/N)"), width: 9, choices: yesNo),
            Column(Header.whyRemoved, width: 30, wraps: true),
            Column(Header.wording, width: 48, wraps: true), Column(Header.whyWording, width: 30, wraps: true),
            Column(Header.enhancement, width: 40, wraps: true),
            Column(Header.replacesEnhancement.replacingOccurrences(of: "(y/n)", with: "(Y/N)"), width: 12, choices: yesNo),
            Column(Header.whyEnhancement, width: 30, wraps: true),
            Column(Header.addTraining, width: 20, wraps: true, choices: .idListIn(sheet: Sheet.training)),
            Column(Header.removeTraining, width: 20, wraps: true, choices: .idListIn(sheet: Sheet.baseTraining)),
            Column(Header.whyTraining, width: 30, wraps: true),
            Column(Header.addSignpost, width: 20, wraps: true, choices: .idListIn(sheet: Sheet.services)),
            Column(Header.removeSignpost, width: 20, wraps: true, choices: .idListIn(sheet: Sheet.baseServices)),
            Column(Header.whySignpost, width: 30, wraps: true),
        ], rows: base.areas.flatMap { area in
            area.competencies.map { competency -> [Cell] in
                let id = competency.id
                return [.text(id), .text(competency.code), .text(area.id), .text(competency.groupID), .text(competency.statement),
                        .text(filled.removed[id] == nil ? "Y" : "N"), .text(filled.removed[id] ?? ""),
                        .text(filled.wording[id]?.text ?? ""), .text(filled.wording[id]?.rationale ?? ""),
                        .text(filled.enhancements[id]?.text ?? ""), .text(filled.enhancements[id].map { $0.replaces ? "Y" : "N" } ?? ""),
                        .text(filled.enhancements[id]?.rationale ?? ""),
                        .text(filled.training[id]?.added.joined(separator: ", ") ?? ""), .text(filled.training[id]?.removed.joined(separator: ", ") ?? ""),
                        .text(filled.training[id]?.rationale ?? ""),
                        .text(filled.signposts[id]?.added.joined(separator: ", ") ?? ""), .text(filled.signposts[id]?.removed.joined(separator: ", ") ?? ""),
                        .text(filled.signposts[id]?.rationale ?? "")]
            }
        })
        let roles = Worksheet(name: Sheet.roles, columns: [
            Column("group", width: 10, choices: .values(base.groups.map(\.id))), Column("id", width: 26), Column("base name", width: 40, wraps: true),
            Column(Header.ourName, width: 40, wraps: true), Column(Header.remove.replacingOccurrences(of: "(y/n)", with: "(Y/N)"), width: 10, choices: yesNo),
            Column("why", width: 50, wraps: true),
        ], rows: base.groups.flatMap { group -> [[Cell]] in
            let change = profile?.groupChanges.first { $0.group.id == group.id }
            let renames = Dictionary((change?.renames ?? []).map { ($0.role.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let removed = Set((change?.removedRoles ?? []).map(\.id))
            let why = change?.rationale ?? ""
            return group.roles.map { role in
                let changed = renames[role.id] != nil || removed.contains(role.id)
                return [.text(group.id), .text(role.id), .text(role.name), .text(renames[role.id] ?? ""), .text(removed.contains(role.id) ? "Y" : "N"), .text(changed ? why : "")]
            } + (change?.addedRoles ?? []).map { [.text(group.id), .text($0.id), .text(""), .text($0.name), .text("N"), .text(why)] }
        })
        let replaced = Dictionary((profile?.replacements ?? []).map { ("\($0.kind.rawValue)/\($0.replacementID)", $0.replaced.id) }, uniquingKeysWith: { first, _ in first })
        let training = Worksheet(name: Sheet.training, columns: [
            Column("id", width: 24), Column("scope", width: 9, choices: .values(Scope.allCases.map(\.rawValue))),
            Column("format", width: 13, choices: .values(TrainingFormat.allCases.map(\.rawValue))),
            Column("title", width: 36, wraps: true), Column("provider", width: 28, wraps: true), Column("duration", width: 9),
            Column("url", width: 44), Column("replaces", width: 20, choices: .idsIn(sheet: Sheet.baseTraining)),
        ], rows: (profile?.trainingOptions ?? []).map {
            [.text($0.id), .text($0.scope.rawValue), .text($0.format.rawValue), .text($0.title), .text($0.provider), .text($0.duration ?? ""), .text($0.url), .text(replaced["training/\($0.id)"] ?? "")]
        })
        let services = Worksheet(name: Sheet.services, columns: [
            Column("id", width: 24), Column("scope", width: 9, choices: .values(Scope.allCases.map(\.rawValue))),
            Column("name", width: 30, wraps: true), Column("description", width: 50, wraps: true), Column("url", width: 44),
            Column("replaces", width: 20, choices: .idsIn(sheet: Sheet.baseServices)),
        ], rows: (profile?.services ?? []).map {
            [.text($0.id), .text($0.scope.rawValue), .text($0.name), .text($0.description), .text($0.url ?? ""), .text(replaced["service/\($0.id)"] ?? "")]
        })
        let strategies = Worksheet(name: Sheet.strategies, columns: [
            Column("id", width: 24), Column("name", width: 36, wraps: true), Column("description", width: 60, wraps: true), Column("url", width: 44),
        ], rows: (profile?.strategies ?? []).map { [.text($0.id), .text($0.name), .text($0.description), .text($0.url ?? "")] })
        let values: [String: String] = [
            "id": profile?.id ?? id ?? "", "plugin": profile?.pluginID ?? "local-variant", "base": base.metadata.reference.description,
            "title": profile?.title ?? "", "short title": profile?.shortTitle ?? "", "publisher": profile?.publisher ?? "", "version": profile?.version ?? "",
            "date": profile?.date ?? "", "licence": profile?.licence ?? "", "base uri": profile?.baseURI ?? "", "audience": profile?.audience ?? "",
            "description": profile?.description ?? "", "enhancement label": profile?.enhancementLabel ?? "",
        ]
        let about = Worksheet(name: Sheet.about, columns: [Column("field", width: 18), Column("value", width: 100, wraps: true)],
                              rows: aboutFields.map { [.text($0), .text(values[$0] ?? "")] }, spareRows: 0)
        let baseTraining = Worksheet(name: Sheet.baseTraining, columns: [Column("id", width: 24), Column("title", width: 50, wraps: true), Column("provider", width: 36, wraps: true)],
                                     rows: base.trainingOptions.map { [.text($0.id), .text($0.title), .text($0.provider)] }, spareRows: 0)
        let baseServices = Worksheet(name: Sheet.baseServices, columns: [Column("id", width: 24), Column("name", width: 36, wraps: true), Column("description", width: 60, wraps: true)],
                                     rows: base.services.map { [.text($0.id), .text($0.name), .text($0.description)] }, spareRows: 0)
        let title = profile.map { "\($0.title): edition workbook" } ?? "Edition workbook for \(base.metadata.title) (\(base.metadata.reference))"
        return Workbook(title: title, date: profile?.date ?? base.metadata.date, sheets: [
            competencies, roles, training, services, strategies, about, baseTraining, baseServices,
        ])
    }

    /// A profile's competency-level choices, by competency id.
    struct ProfileView {
        var removed: [String: String] = [:]
        var wording: [String: (text: String, rationale: String)] = [:]
        var enhancements: [String: (text: String, replaces: Bool, rationale: String)] = [:]
        var training: [String: (added: [String], removed: [String], rationale: String)] = [:]
        var signposts: [String: (added: [String], removed: [String], rationale: String)] = [:]

        init(_ profile: EditionProfile?) {
            guard let profile else { return }
            for exclude in profile.excludes where EditionWorkbook.isCompetencyExclude(exclude) {
                for id in exclude.competencies?.ids ?? [] { removed[id] = exclude.rationale ?? "" }
            }
            for change in profile.statementOverrides { wording[change.competency.id] = (change.text, change.rationale) }
            for change in profile.enhancementOverrides {
                let previous = enhancements[change.competency.id]
                enhancements[change.competency.id] = (
                    previous.map { $0.text + "\n" + change.text } ?? change.text,
                    (previous?.replaces ?? false) || change.replacesBase,
                    previous?.rationale ?? change.rationale)
            }
            for change in profile.trainingOverrides {
                let previous = training[change.competency.id]
                training[change.competency.id] = ((previous?.added ?? []) + change.added.map(\.id), (previous?.removed ?? []) + change.removed.map(\.id), previous?.rationale ?? change.rationale)
            }
            for change in profile.signpostOverrides {
                let previous = signposts[change.competency.id]
                signposts[change.competency.id] = ((previous?.added ?? []) + change.added.map(\.id), (previous?.removed ?? []) + change.removed.map(\.id), previous?.rationale ?? change.rationale)
            }
        }
    }

    /// An exclude that names competencies and nothing else: what the Competencies sheet's
    /// keep column shows and replaces. Excludes by group, phase, area or catalogue entry are
    /// kept as the profile has them.
    static func isCompetencyExclude(_ selection: Selection) -> Bool {
        selection.competencies != nil && selection.groups == nil && selection.phases == nil && selection.areas == nil
            && selection.training == nil && selection.services == nil
    }
}
