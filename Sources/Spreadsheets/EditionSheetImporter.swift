import CompetencyModel

/// Turns an edition workbook into an edition profile. The sheets own the parts of the
/// profile they show: competency-level excludes, statement, enhancement, training and
/// signpost overrides, role changes, local training, local services and strategies. Every
/// other part of an existing profile (publication details, phase wording, added
/// competencies, excludes by group or area, dissemination, workshops) is kept as it is.
public struct EditionSheetImporter: Sendable {
    public init() {}

    public struct Result: Sendable {
        public var profile: EditionProfile?
        public var diagnostics: [Diagnostic]
    }

    /// The base the workbook names in About (`base` row), if it names one.
    public static func baseReference(in tables: [SheetTable]) -> (FrameworkReference, SourceLocation)? {
        guard let about = tables.first(where: { $0.name.lowercased() == EditionWorkbook.Sheet.about.lowercased() }) else { return nil }
        var ignored: [Diagnostic] = []
        for row in about.rows where about.text(row, "field", diagnostics: &ignored)?.lowercased() == "base" {
            let parts = (about.text(row, "value", diagnostics: &ignored) ?? "").split(separator: "@").map(String.init)
            if parts.count == 2 { return (FrameworkReference(frameworkID: parts[0], version: parts[1]), about.location(row: row, column: "value")) }
        }
        return nil
    }

    public func run(_ tables: [SheetTable], base: Framework, existing: EditionProfile?, id: String, file: String) -> Result {
        var run = EditionImportRun(base: base, existing: existing, id: id, file: file, tables: tables)
        let profile = run.build()
        return Result(profile: run.diagnostics.hasErrors ? nil : profile, diagnostics: run.diagnostics)
    }
}

private struct EditionImportRun: SheetReading {
    typealias Header = EditionWorkbook.Header
    typealias Sheet = EditionWorkbook.Sheet

    let base: Framework
    let existing: EditionProfile?
    let id: String
    let file: String
    let tables: [String: SheetTable]
    var diagnostics: [Diagnostic] = []

    init(base: Framework, existing: EditionProfile?, id: String, file: String, tables: [SheetTable]) {
        self.base = base
        self.existing = existing
        self.id = id
        self.file = file
        self.tables = Dictionary(tables.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let read = Set([Sheet.competencies, Sheet.roles, Sheet.training, Sheet.services, Sheet.strategies, Sheet.about].map { $0.lowercased() })
        diagnostics = tables.filter { read.contains($0.name.lowercased()) }.flatMap(\.problems)
    }

    mutating func build() -> EditionProfile? {
        guard var profile = about() else { return nil }
        var replacements = profile.replacements
        if let table = tables[Sheet.training.lowercased()] {
            let (options, replaced) = localTraining(table)
            profile.trainingOptions = options
            replacements = replacements.filter { $0.kind != .training } + replaced
        }
        if let table = tables[Sheet.services.lowercased()] {
            let (services, replaced) = localServices(table)
            profile.services = services
            replacements = replacements.filter { $0.kind != .service } + replaced
        }
        profile.replacements = replacements
        if let table = tables[Sheet.strategies.lowercased()] { profile.strategies = strategies(table) }
        if let table = tables[Sheet.roles.lowercased()] { profile.groupChanges = roles(table, existing: profile.groupChanges) }
        if let table = tables[Sheet.competencies.lowercased()] { competencies(table, into: &profile) }
        return profile
    }

    // MARK: - About

    mutating func about() -> EditionProfile? {
        guard let table = tables[Sheet.about.lowercased()] else {
            if let existing { return existing }
            error(SheetCode.missingSheetOrColumn.code, "the workbook has no '\(Sheet.about)' sheet and there is no profile \(id) to take the edition's details from; add the sheet", at: SourceLocation(file: file, line: 1, column: 1))
            return nil
        }
        guard requireColumn(table, "field"), requireColumn(table, "value") else { return existing }
        var values: [String: (text: String, location: SourceLocation)] = [:]
        for row in table.rows {
            guard let field = table.text(row, "field", diagnostics: &diagnostics)?.lowercased(), !field.isEmpty else { continue }
            guard EditionWorkbook.aboutFields.contains(field) else {
                error(SheetCode.badValue.code, "'\(field)' is not an About field\(Suggest.clause(field, EditionWorkbook.aboutFields)); the fields are: \(EditionWorkbook.aboutFields.joined(separator: ", "))", at: table.location(row: row, column: "field"))
                continue
            }
            values[field] = ((table.text(row, "value", diagnostics: &diagnostics) ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " "), table.location(row: row, column: "value"))
        }
        func required(_ name: String, _ current: String?) -> String? {
            guard let value = values[name], !value.text.isEmpty else {
                if let current { return current }
                error(SheetCode.emptyCell.code, "the edition's \(name) is empty; fill it in", at: values[name]?.location ?? table.headerLocation)
                return nil
            }
            return value.text
        }
        func optional(_ name: String, _ current: String?) -> String? {
            guard let value = values[name] else { return current }
            return value.text.isEmpty ? nil : value.text
        }
        if let written = values["id"], !written.text.isEmpty, written.text != id {
            error(SheetCode.badValue.code, "the About sheet says this is edition '\(written.text)' but it is being imported as '\(id)'; make them the same", at: written.location)
        }
        if let written = values["base"], !written.text.isEmpty, written.text != base.metadata.reference.description {
            error(SheetCode.badValue.code, "the About sheet names base \(written.text), but this workbook is being read against \(base.metadata.reference)", at: written.location)
        }
        if let version = values["version"], !version.text.isEmpty, !FrameworkSheetImporter.isIdentifier(version.text) {
            error(SheetCode.badValue.code, "the version '\(version.text)' is not an id: use lower-case letters, digits and hyphens, such as 2026 or 2026-1", at: version.location)
        }
        if let date = values["date"], !date.text.isEmpty, !Self.isISODate(date.text) {
            error(SheetCode.badValue.code, "the date '\(date.text)' is not a date written YYYY-MM-DD, such as 2025-04-01", at: date.location)
        }
        let current = existing
        guard let title = required("title", current?.title), let publisher = required("publisher", current?.publisher),
              let version = required("version", current?.version), let date = required("date", current?.date),
              let audience = required("audience", current?.audience), let description = required("description", current?.description) else { return nil }
        let plugin = values["plugin"].flatMap { $0.text.isEmpty ? nil : $0.text } ?? current?.pluginID ?? "local-variant"
        var profile = current ?? EditionProfile(
            id: id, pluginID: plugin, base: base.metadata.reference, title: title, publisher: publisher,
            version: version, date: date, audience: audience, description: description)
        profile.id = id
        profile.pluginID = plugin
        profile.base = base.metadata.reference
        profile.title = title
        profile.publisher = publisher
        profile.version = version
        profile.date = date
        profile.audience = audience
        profile.description = description
        profile.licence = optional("licence", current?.licence)
        profile.shortTitle = optional("short title", current?.shortTitle)
        if let shortTitle = profile.shortTitle, shortTitle.count > 120, let location = values["short title"]?.location {
            error(SheetCode.badValue.code, "the short title has \(shortTitle.count) characters; keep it to 120", at: location)
        }
        profile.baseURI = optional("base uri", current?.baseURI)
        if let baseURI = profile.baseURI, !(baseURI.hasPrefix("https://") && !baseURI.hasSuffix("/")), let location = values["base uri"]?.location {
            error(SheetCode.badValue.code, "the base URI '\(baseURI)' must be an https address with no trailing slash, such as https://www.example.gov.uk/case/our-edition", at: location)
        }
        profile.enhancementLabel = optional("enhancement label", current?.enhancementLabel)
        return profile
    }


    // MARK: - Catalogue sheets

    mutating func localTraining(_ table: SheetTable) -> ([TrainingOption], [CatalogueReplacement]) {
        var seen = Set(base.trainingOptions.map(\.id))
        var options: [TrainingOption] = []
        var replaced: [CatalogueReplacement] = []
        guard requireColumn(table, "id") else { return ([], []) }
        for row in table.rows {
            guard let id = newID(table, row, kind: "training option", taken: &seen, baseIDs: base.trainingOptions.map(\.id)) else { continue }
            let option = TrainingOption(
                id: id, scope: localScope(table, row), format: choice(table, row, "format", nil as TrainingFormat?) ?? .resource,
                title: required(table, row, "title", nil) ?? "", provider: required(table, row, "provider", nil) ?? "",
                duration: optional(table, row, "duration", nil), url: required(table, row, "url", nil) ?? "")
            options.append(option)
            if let old = optional(table, row, "replaces", nil) {
                if reference(table, row, "replaces", nil, in: base.trainingOptions.map(\.id), kind: "base training option") != nil {
                    replaced.append(CatalogueReplacement(kind: .training, replacementID: id, replaced: Reference(old)))
                }
            }
        }
        return (options, replaced)
    }

    mutating func localServices(_ table: SheetTable) -> ([Service], [CatalogueReplacement]) {
        var seen = Set(base.services.map(\.id))
        var services: [Service] = []
        var replaced: [CatalogueReplacement] = []
        guard requireColumn(table, "id") else { return ([], []) }
        for row in table.rows {
            guard let id = newID(table, row, kind: "service", taken: &seen, baseIDs: base.services.map(\.id)) else { continue }
            services.append(Service(
                id: id, scope: localScope(table, row), name: required(table, row, "name", nil) ?? "",
                description: required(table, row, "description", nil) ?? "", url: optional(table, row, "url", nil)))
            if let old = optional(table, row, "replaces", nil) {
                if reference(table, row, "replaces", nil, in: base.services.map(\.id), kind: "base service") != nil {
                    replaced.append(CatalogueReplacement(kind: .service, replacementID: id, replaced: Reference(old)))
                }
            }
        }
        return (services, replaced)
    }

    mutating func strategies(_ table: SheetTable) -> [Strategy] {
        var seen = Set<String>()
        guard requireColumn(table, "id") else { return [] }
        return table.rows.compactMap { row in
            guard let id = newID(table, row, kind: "strategy", taken: &seen, baseIDs: []) else { return nil }
            return Strategy(id: id, name: required(table, row, "name", nil) ?? "", description: required(table, row, "description", nil) ?? "", url: optional(table, row, "url", nil))
        }
    }

    /// Local unless the row says national: an empty scope cell means local here.
    mutating func localScope(_ table: SheetTable, _ row: Row) -> Scope {
        guard optional(table, row, "scope", nil) != nil else { return .local }
        return choice(table, row, "scope", nil as Scope?) ?? .local
    }

    /// A new item's id: present, well-formed, and not one the base or an earlier row uses.
    mutating func newID(_ table: SheetTable, _ row: Row, kind: String, taken: inout Set<String>, baseIDs: [String]) -> String? {
        let value = table.text(row, "id", diagnostics: &diagnostics) ?? ""
        let location = table.location(row: row, column: "id")
        guard !value.isEmpty else {
            error(SheetCode.emptyCell.code, "the \(kind) in row \(row.number) has no id; give it one (lower-case letters, digits and hyphens)", at: location)
            return nil
        }
        guard FrameworkSheetImporter.isIdentifier(value) else {
            error(SheetCode.badValue.code, "'\(value)' is not an id: use lower-case letters, digits and hyphens, such as '\(FrameworkSheetImporter.mintedID(fromCode: value))'", at: location)
            return nil
        }
        guard taken.insert(value).inserted else {
            error(SheetCode.duplicateID.code, baseIDs.contains(value)
                  ? "\(kind) '\(value)' is already in the base; give the local one its own id (and put the base id under 'replaces' if it takes its place)"
                  : "\(kind) '\(value)' has two rows; give one of them another id", at: location)
            return nil
        }
        return value
    }

    // MARK: - Roles

    mutating func roles(_ table: SheetTable, existing: [GroupChange]) -> [GroupChange] {
        guard requireColumn(table, "group"), requireColumn(table, "id") else { return existing }
        let groupIDs = base.groups.map(\.id)
        let baseRoles = Dictionary(base.groups.flatMap { group in group.roles.map { ($0.id, (group: group.id, name: $0.name)) } }, uniquingKeysWith: { first, _ in first })
        struct Changes { var renames: [RoleRename] = []; var removed: [Reference] = []; var added: [Role] = []; var whys: [String] = [] }
        var byGroup: [String: Changes] = [:]
        var seen = Set<String>()
        for row in table.rows {
            guard let group = reference(table, row, "group", nil, in: groupIDs, kind: "group"),
                  let roleID = table.text(row, "id", diagnostics: &diagnostics) else { continue }
            let location = table.location(row: row, column: "id")
            guard FrameworkSheetImporter.isIdentifier(roleID) else {
                error(roleID.isEmpty ? SheetCode.emptyCell.code : SheetCode.badValue.code, roleID.isEmpty ? "the role in row \(row.number) has no id" : "'\(roleID)' is not an id: use lower-case letters, digits and hyphens", at: location)
                continue
            }
            guard seen.insert(roleID).inserted else {
                error(SheetCode.duplicateID.code, "role '\(roleID)' has two rows; give one of them another id", at: location)
                continue
            }
            let name = optional(table, row, Header.ourName, nil)
            let remove = yes(table, row, Header.remove) ?? false
            var changes = byGroup[group] ?? Changes()
            var changed = false
            if let known = baseRoles[roleID] {
                if known.group != group {
                    error(SheetCode.badValue.code, "role '\(roleID)' belongs to group '\(known.group)' in the base, not '\(group)'", at: table.location(row: row, column: "group"))
                    continue
                }
                if remove {
                    changes.removed.append(Reference(roleID))
                    changed = true
                } else if let name, name != known.name {
                    changes.renames.append(RoleRename(role: Reference(roleID), name: name))
                    changed = true
                }
            } else if !remove {
                guard let name else {
                    error(SheetCode.emptyCell.code, "new role '\(roleID)' has no name; fill in '\(Header.ourName)'", at: table.location(row: row, column: Header.ourName))
                    continue
                }
                changes.added.append(Role(id: roleID, name: name))
                changed = true
            }
            if changed, let why = optional(table, row, "why", nil), !changes.whys.contains(why) { changes.whys.append(why) }
            byGroup[group] = changes
        }
        // A group keeps its reworded description; its role changes are the sheet's.
        return base.groups.compactMap { group in
            let previous = existing.first { $0.group.id == group.id }
            let changes = byGroup[group.id] ?? Changes()
            let hasRoleChanges = !(changes.renames.isEmpty && changes.removed.isEmpty && changes.added.isEmpty)
            guard hasRoleChanges || previous?.description != nil else { return nil }
            return GroupChange(
                group: Reference(group.id), description: previous?.description,
                renames: Self.ordered(changes.renames, like: previous?.renames ?? []) { $0.role.id },
                removedRoles: Self.ordered(changes.removed, like: previous?.removedRoles ?? []) { $0.id },
                addedRoles: Self.ordered(changes.added, like: previous?.addedRoles ?? []) { $0.id },
                rationale: changes.whys.isEmpty ? (hasRoleChanges ? nil : previous?.rationale) : changes.whys.joined(separator: " "))
        }
    }

    // MARK: - Competencies

    mutating func competencies(_ table: SheetTable, into profile: inout EditionProfile) {
        guard requireColumn(table, "id") else { return }
        let baseIDs = base.competencies.map(\.id)
        let trainingIDs = base.trainingOptions.map(\.id) + profile.trainingOptions.map(\.id)
        let serviceIDs = base.services.map(\.id) + profile.services.map(\.id)
        var removedByReason: [(rationale: String, ids: [String])] = []
        var statements: [StatementOverride] = []
        var enhancements: [EnhancementOverride] = []
        var training: [TrainingOverride] = []
        var signposts: [SignpostOverride] = []
        var seen = Set<String>()
        for row in table.rows {
            guard let id = table.text(row, "id", diagnostics: &diagnostics) else { continue }
            let location = table.location(row: row, column: "id")
            guard baseIDs.contains(id) else {
                error(SheetCode.unknownReference.code, "there is no competency '\(id)' in \(base.metadata.reference)\(Suggest.clause(id, baseIDs)); this sheet has one row per base competency (add new ones in the profile's additions)", at: location)
                continue
            }
            guard seen.insert(id).inserted else {
                error(SheetCode.duplicateID.code, "competency '\(id)' has two rows; keep one", at: location)
                continue
            }
            let competency = Reference(id)
            if yes(table, row, Header.keep) == false {
                if let why = because(table, row, Header.whyRemoved, change: "leaving it out") {
                    if let index = removedByReason.firstIndex(where: { $0.rationale == why }) {
                        removedByReason[index].ids.append(id)
                    } else {
                        removedByReason.append((why, [id]))
                    }
                }
            }
            if let text = optional(table, row, Header.wording, nil), let why = because(table, row, Header.whyWording, change: "the new wording") {
                statements.append(StatementOverride(competency: competency, text: text, rationale: why))
            }
            if let cell = table.text(row, Header.enhancement, diagnostics: &diagnostics), !cell.isEmpty,
               let why = because(table, row, Header.whyEnhancement, change: "the enhancement") {
                let replaces = yes(table, row, Header.replacesEnhancement) ?? false
                for text in cell.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map({ $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }) where !text.isEmpty {
                    enhancements.append(EnhancementOverride(competency: competency, text: text, rationale: why, replacesBase: replaces))
                }
            }
            let addTraining = list(table, row, Header.addTraining, nil, in: trainingIDs, kind: "training option", required: false) ?? []
            let removeTraining = list(table, row, Header.removeTraining, nil, in: trainingIDs, kind: "training option", required: false) ?? []
            if !(addTraining.isEmpty && removeTraining.isEmpty), let why = because(table, row, Header.whyTraining, change: "the training changes") {
                training.append(TrainingOverride(competency: competency, added: addTraining.map { Reference($0) }, removed: removeTraining.map { Reference($0) }, rationale: why))
            }
            let addSignpost = list(table, row, Header.addSignpost, nil, in: serviceIDs, kind: "service", required: false) ?? []
            let removeSignpost = list(table, row, Header.removeSignpost, nil, in: serviceIDs, kind: "service", required: false) ?? []
            if !(addSignpost.isEmpty && removeSignpost.isEmpty), let why = because(table, row, Header.whySignpost, change: "the signpost changes") {
                signposts.append(SignpostOverride(competency: competency, added: addSignpost.map { Reference($0) }, removed: removeSignpost.map { Reference($0) }, rationale: why))
            }
        }
        profile.excludes = profile.excludes.filter { !EditionWorkbook.isCompetencyExclude($0) }
            + removedByReason.map { Selection(competencies: IDList($0.ids), rationale: $0.rationale) }
        // Changes the profile already had stay in its order (explain and the change report
        // follow it); new ones follow in sheet order.
        profile.statementOverrides = Self.ordered(statements, like: profile.statementOverrides) { $0.competency.id }
        profile.enhancementOverrides = Self.ordered(enhancements, like: profile.enhancementOverrides) { $0.competency.id }
        profile.trainingOverrides = Self.ordered(training, like: profile.trainingOverrides) { $0.competency.id }
        profile.signpostOverrides = Self.ordered(signposts, like: profile.signpostOverrides) { $0.competency.id }
    }

    /// `items` with those whose key the profile had first, in the profile's order.
    static func ordered<Item>(_ items: [Item], like previous: [Item], key: (Item) -> String) -> [Item] {
        var rank: [String: Int] = [:]
        for (index, item) in previous.enumerated() where rank[key(item)] == nil { rank[key(item)] = index }
        return items.enumerated().sorted { lhs, rhs in
            let left = rank[key(lhs.element)] ?? Int.max, right = rank[key(rhs.element)] ?? Int.max
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The reason given for a change, or an error at the reason's cell: every change a
    /// council makes is published with its reason.
    mutating func because(_ table: SheetTable, _ row: Row, _ column: String, change: String) -> String? {
        if let why = optional(table, row, column, nil) { return why }
        let at = table.has(column) ? table.location(row: row, column: column) : table.headerLocation
        error(SheetCode.emptyCell.code, "say why in '\(column)': the edition publishes the reason for \(change)", at: at)
        return nil
    }

    /// Y or N (also yes, no, true, false); nil for an empty cell or a missing column.
    mutating func yes(_ table: SheetTable, _ row: Row, _ column: String) -> Bool? {
        guard let text = table.text(row, column, diagnostics: &diagnostics)?.lowercased(), !text.isEmpty else { return nil }
        switch text {
        case "y", "yes", "true": return true
        case "n", "no", "false": return false
        default:
            error(SheetCode.badValue.code, "'\(text)' in '\(column)': write Y or N", at: table.location(row: row, column: column))
            return nil
        }
    }
}
