import CompetencyModel

/// Turns the sheets of a framework workbook (or a Competencies CSV) into a framework,
/// updating an existing one by id: a row whose id exists updates that item (only the
/// columns the sheet has), a new id adds one, a competency with no id gets one minted from
/// its code, and an item with no row is kept and reported unless `prune` is set. Row order
/// is the order of the result. Every problem is located at its cell.
public struct FrameworkSheetImporter: Sendable {
    public var prune: Bool

    public init(prune: Bool = false) {
        self.prune = prune
    }

    public struct Result: Sendable {
        public var framework: Framework?
        public var diagnostics: [Diagnostic]
        /// Where each item's row is (kind/id → location), to place later findings.
        public var rowLocations: [String: SourceLocation]
    }

    public func run(_ tables: [SheetTable], existing: Framework?, file: String) -> Result {
        var run = ImportRun(prune: prune, file: file, existing: existing, tables: tables)
        let framework = run.build()
        return Result(framework: run.diagnostics.hasErrors ? nil : framework, diagnostics: run.diagnostics, rowLocations: run.rowLocations)
    }

    /// `FPI.8` → `fpi-08`, the form the bundled frameworks use; any other code lower-cased
    /// with its dots as hyphens.
    public static func mintedID(fromCode code: String) -> String {
        let lowered = code.lowercased()
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, let number = Int(parts[1]), !parts[0].isEmpty {
            return "\(parts[0])-\(number < 10 ? "0" : "")\(number)"
        }
        return String(lowered.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isIDScalar(first), first != "-" else { return false }
        return text.unicodeScalars.allSatisfy(isIDScalar)
    }

    private static func isIDScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }
}

private struct ImportRun: SheetReading {
    let prune: Bool
    let file: String
    let existing: Framework?
    let tables: [String: SheetTable]
    var diagnostics: [Diagnostic] = []
    var rowLocations: [String: SourceLocation] = [:]
    var missingRows: [(key: String, kind: String, location: SourceLocation, ids: [String])] = []

    init(prune: Bool, file: String, existing: Framework?, tables: [SheetTable]) {
        self.prune = prune
        self.file = file
        self.existing = existing
        self.tables = Dictionary(tables.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        // Merged cells are reported only for the sheets this import reads.
        let read = Set([Sheet.competencies, Sheet.areas, Sheet.groups, Sheet.roles, Sheet.phases, Sheet.training, Sheet.services, Sheet.ratingScale, Sheet.about].map { $0.lowercased() })
        diagnostics = tables.filter { read.contains($0.name.lowercased()) }.flatMap(\.problems)
    }

    typealias Row = SheetTable.Row
    typealias Sheet = FrameworkWorkbook.Sheet

    mutating func build() -> Framework? {
        let metadata = buildMetadata()
        let phases = merge(Sheet.phases, kind: "phase", existing: existing?.phases, id: \.id) { run, table, row, id, current in
            Phase(id: id, name: run.required(table, row, "name", current?.name) ?? "",
                  description: run.optional(table, row, "description", current?.description),
                  cedsLevels: run.cedsLevels(table, row, current?.cedsLevels))
        }
        var groups = merge(Sheet.groups, kind: "group", existing: existing?.groups, id: \.id) { run, table, row, id, current in
            CompetencyGroup(id: id, rank: run.integer(table, row, "rank", current?.rank) ?? 0,
                            name: run.required(table, row, "name", current?.name) ?? "",
                            description: run.required(table, row, "description", current?.description) ?? "",
                            roles: current?.roles ?? [])
        }
        mergeRoles(into: &groups)
        let ratingPoints = mergeRatingScale()
        let training = merge(Sheet.training, kind: "training option", existing: existing?.trainingOptions, id: \.id) { run, table, row, id, current in
            TrainingOption(id: id, scope: run.choice(table, row, "scope", current?.scope) ?? .national,
                           format: run.choice(table, row, "format", current?.format) ?? .resource,
                           title: run.required(table, row, "title", current?.title) ?? "",
                           provider: run.required(table, row, "provider", current?.provider) ?? "",
                           duration: run.optional(table, row, "duration", current?.duration),
                           url: run.required(table, row, "url", current?.url) ?? "")
        }
        let services = merge(Sheet.services, kind: "service", existing: existing?.services, id: \.id) { run, table, row, id, current in
            Service(id: id, scope: run.choice(table, row, "scope", current?.scope) ?? .local,
                    name: run.required(table, row, "name", current?.name) ?? "",
                    description: run.required(table, row, "description", current?.description) ?? "",
                    url: run.optional(table, row, "url", current?.url))
        }
        var areas = merge(Sheet.areas, kind: "area", existing: existing?.areas, id: \.id) { run, table, row, id, current in
            Area(id: id, name: run.required(table, row, "name", current?.name) ?? "",
                 description: run.optional(table, row, "description", current?.description),
                 competencies: current?.competencies ?? [])
        }
        let known = KnownIDs(
            areas: areas.map(\.id), groups: groups.map(\.id), phases: phases.map(\.id),
            training: training.map(\.id), services: services.map(\.id))
        mergeCompetencies(into: &areas, known: known)
        reportMissingRows()
        guard let metadata else { return nil }
        return Framework(
            metadata: metadata, phases: phases, groups: groups, ratingScale: RatingScale(points: ratingPoints),
            trainingOptions: training, services: services, areas: areas)
    }

    // MARK: - Items by id

    /// Rows of `sheet` merged into `existing` by id. Without the sheet, `existing` as it is.
    mutating func merge<Item>(
        _ sheet: String, kind: String, existing: [Item]?, id: (Item) -> String,
        make: (inout ImportRun, SheetTable, Row, String, Item?) -> Item
    ) -> [Item] {
        guard let table = tables[sheet.lowercased()] else {
            if existing == nil { missingSheet(sheet) }
            return existing ?? []
        }
        guard requireColumn(table, "id") else { return existing ?? [] }
        let byID = Dictionary((existing ?? []).map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceLocation] = [:]
        var result: [Item] = []
        for row in table.rows {
            guard let itemID = identifier(table, row, kind: kind, seen: &seen) else { continue }
            rowLocations["\(kind)/\(itemID)"] = table.location(row: row, column: "id")
            result.append(make(&self, table, row, itemID, byID[itemID]))
        }
        let kept = (existing ?? []).filter { seen[id($0)] == nil && keepMissing(kind: kind, id: id($0), table: table) }
        return Self.placing(kept, into: result, order: existing ?? [], id: id)
    }

    /// `result` with each kept item put back after the item it followed before, so an item
    /// that lost its row stays where it was.
    static func placing<Item>(_ kept: [Item], into result: [Item], order: [Item], id: (Item) -> String) -> [Item] {
        guard !kept.isEmpty else { return result }
        var out = result
        let keptIDs = Set(kept.map(id))
        for (index, item) in order.enumerated() where keptIDs.contains(id(item)) {
            var position = 0
            for earlier in order[..<index].reversed() {
                let earlierID = id(earlier)
                if let found = out.firstIndex(where: { id($0) == earlierID }) {
                    position = found + 1
                    break
                }
            }
            out.insert(item, at: position)
        }
        return out
    }

    /// The row's id, checked: present, well-formed and not a repeat.
    mutating func identifier(_ table: SheetTable, _ row: Row, kind: String, seen: inout [String: SourceLocation], mintedFrom code: String? = nil) -> String? {
        var value = table.text(row, "id", diagnostics: &diagnostics) ?? ""
        let location = table.location(row: row, column: "id")
        if value.isEmpty, let code, !code.isEmpty {
            value = FrameworkSheetImporter.mintedID(fromCode: code)
        }
        guard !value.isEmpty else {
            error(SheetCode.emptyCell.code, "the \(kind) in row \(row.number) has no id; give it one (lower-case letters, digits and hyphens)", at: location)
            return nil
        }
        guard FrameworkSheetImporter.isIdentifier(value) else {
            error(SheetCode.badValue.code, "'\(value)' is not an id: use lower-case letters, digits and hyphens, such as '\(FrameworkSheetImporter.mintedID(fromCode: value))'", at: location)
            return nil
        }
        if let first = seen[value] {
            diagnostics.append(Diagnostic(
                severity: .error, code: SheetCode.duplicateID.code,
                message: "\(kind) '\(value)' has two rows; give one of them another id, or delete it",
                location: location, notes: [.init(message: "the first row with '\(value)'", location: first)]))
            return nil
        }
        seen[value] = location
        return value
    }

    /// Whether an item with no row stays: yes, unless pruning. Kept items are reported
    /// once per sheet and kind, not once each: a CSV of three edited rows should not bury
    /// its one error under a hundred warnings.
    mutating func keepMissing(kind: String, id: String, table: SheetTable) -> Bool {
        if prune { return false }
        let key = table.name + "\u{0}" + kind
        if let index = missingRows.firstIndex(where: { $0.key == key }) {
            missingRows[index].ids.append(id)
        } else {
            missingRows.append((key, kind, table.headerLocation, [id]))
        }
        return true
    }

    mutating func reportMissingRows() {
        for entry in missingRows {
            let message: String
            if entry.ids.count == 1 {
                message = "\(entry.kind) '\(entry.ids[0])' has no row in this sheet; it is kept (pass --prune to remove it)"
            } else {
                let plural = entry.kind.hasSuffix("y") ? entry.kind.dropLast() + "ies" : entry.kind + "s"
                let shown = entry.ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                message = "\(entry.ids.count) \(plural) have no row in this sheet and are kept (pass --prune to remove them): \(shown)\(entry.ids.count > 5 ? " and \(entry.ids.count - 5) more" : "")"
            }
            diagnostics.append(Diagnostic(severity: .warning, code: SheetCode.missingRow.code, message: message, location: entry.location))
        }
    }

    mutating func mergeRoles(into groups: inout [CompetencyGroup]) {
        guard let table = tables[Sheet.roles.lowercased()] else {
            if existing == nil { missingSheet(Sheet.roles) }
            return
        }
        guard requireColumn(table, "id"), requireColumn(table, "group") else { return }
        let groupIDs = groups.map(\.id)
        let previous = Dictionary(groups.flatMap { group in group.roles.map { ($0.id, (group: group.id, role: $0)) } }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceLocation] = [:]
        var rolesByGroup: [String: [Role]] = [:]
        for row in table.rows {
            guard let id = identifier(table, row, kind: "role", seen: &seen) else { continue }
            let current = previous[id]
            guard let group = reference(table, row, "group", current?.group, in: groupIDs, kind: "group") else { continue }
            rolesByGroup[group, default: []].append(Role(id: id, name: required(table, row, "name", current?.role.name) ?? ""))
        }
        for group in groups {
            let kept = group.roles.filter { seen[$0.id] == nil && keepMissing(kind: "role", id: $0.id, table: table) }
            rolesByGroup[group.id] = Self.placing(kept, into: rolesByGroup[group.id] ?? [], order: group.roles, id: \.id)
        }
        for index in groups.indices { groups[index].roles = rolesByGroup[groups[index].id] ?? [] }
    }

    mutating func mergeRatingScale() -> [RatingPoint] {
        let existingPoints = existing?.ratingScale.points
        guard let table = tables[Sheet.ratingScale.lowercased()] else {
            if existing == nil { missingSheet(Sheet.ratingScale) }
            return existingPoints ?? []
        }
        guard requireColumn(table, "value") else { return existingPoints ?? [] }
        let byValue = Dictionary((existingPoints ?? []).map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [Int: SourceLocation] = [:]
        var points: [RatingPoint] = []
        for row in table.rows {
            guard let value = integer(table, row, "value", nil) else { continue }
            let location = table.location(row: row, column: "value")
            if let first = seen[value] {
                diagnostics.append(Diagnostic(severity: .error, code: SheetCode.duplicateID.code, message: "rating value \(value) has two rows", location: location, notes: [.init(message: "the first row with \(value)", location: first)]))
                continue
            }
            seen[value] = location
            let current = byValue[value]
            points.append(RatingPoint(value: value, label: required(table, row, "label", current?.label) ?? "", descriptor: required(table, row, "descriptor", current?.descriptor) ?? ""))
        }
        let kept = (existingPoints ?? []).filter { seen[$0.value] == nil && keepMissing(kind: "rating point", id: String($0.value), table: table) }
        return Self.placing(kept, into: points, order: existingPoints ?? [], id: { String($0.value) })
    }

    struct KnownIDs {
        var areas, groups, phases, training, services: [String]
    }

    mutating func mergeCompetencies(into areas: inout [Area], known: KnownIDs) {
        let previousArea = Dictionary((existing?.areas ?? []).flatMap { area in area.competencies.map { ($0.id, area.id) } }, uniquingKeysWith: { first, _ in first })
        guard let table = tables[Sheet.competencies.lowercased()] else {
            if existing == nil { missingSheet(Sheet.competencies) }
            return
        }
        guard table.has("id") || requireColumn(table, "code") else { return }
        let previous = Dictionary((existing?.competencies ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceLocation] = [:]
        var byArea: [String: [Competency]] = [:]
        for row in table.rows {
            let code = table.text(row, "code", diagnostics: &diagnostics)
            guard let id = identifier(table, row, kind: "competency", seen: &seen, mintedFrom: code) else { continue }
            rowLocations["competency/\(id)"] = table.location(row: row, column: table.has("id") ? "id" : "code")
            let current = previous[id]
            guard let competency = competency(table, row, id: id, current: current, known: known),
                  let area = reference(table, row, "area", current.flatMap { previousArea[$0.id] }, in: known.areas, kind: "area") else { continue }
            byArea[area, default: []].append(competency)
        }
        for area in areas {
            let kept = area.competencies.filter { seen[$0.id] == nil && keepMissing(kind: "competency", id: $0.id, table: table) }
            byArea[area.id] = Self.placing(kept, into: byArea[area.id] ?? [], order: area.competencies, id: \.id)
        }
        for index in areas.indices { areas[index].competencies = byArea[areas[index].id] ?? [] }
    }

    mutating func competency(_ table: SheetTable, _ row: Row, id: String, current: Competency?, known: KnownIDs) -> Competency? {
        let code = required(table, row, "code", current?.code) ?? ""
        if !code.isEmpty, !Self.isCode(code) {
            error(SheetCode.badValue.code, "code '\(code)' is not a printed code: start with a capital letter, then capitals, digits, dots or hyphens, such as FPI.8", at: table.location(row: row, column: "code"))
        }
        let group = reference(table, row, "group", current?.groupID, in: known.groups, kind: "group")
        let kind: CompetencyKind? = choice(table, row, "kind", current?.kind)
        let phases = list(table, row, "phases", current?.phaseIDs, in: known.phases, kind: "phase", required: true)
        let statement = required(table, row, "statement", current?.statement)
        let enhancements = table.text(row, "enhancements", diagnostics: &diagnostics).map { cell in
            cell.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { Self.oneLine(String($0)) }.filter { !$0.isEmpty }
        } ?? current?.enhancements ?? []
        let training = list(table, row, "training", current?.trainingRefs.map(\.id), in: known.training, kind: "training option", required: false)
        let signposts = list(table, row, "signposts", current?.serviceRefs.map(\.id), in: known.services, kind: "service", required: false)
        let topics = list(table, row, "topics", current?.topics, in: nil, kind: "topic", required: false)
        guard let group, let kind, let phases, let statement, let training, let signposts, let topics else { return nil }
        return Competency(
            id: id, code: code, groupID: group, kind: kind, phaseIDs: phases, statement: statement,
            enhancements: enhancements, trainingRefs: training.map { Reference($0) },
            serviceRefs: signposts.map { Reference($0) }, topics: topics)
    }

    static func isCode(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    // MARK: - About

    mutating func buildMetadata() -> FrameworkMetadata? {
        guard let table = tables[Sheet.about.lowercased()] else {
            if existing == nil { missingSheet(Sheet.about) }
            return existing?.metadata
        }
        guard requireColumn(table, "field"), requireColumn(table, "value") else { return existing?.metadata }
        var values: [String: (text: String, location: SourceLocation)] = [:]
        for row in table.rows {
            guard let field = table.text(row, "field", diagnostics: &diagnostics)?.lowercased(), !field.isEmpty else { continue }
            let location = table.location(row: row, column: "value")
            guard FrameworkWorkbook.aboutFields.contains(field) else {
                error(SheetCode.badValue.code, "'\(field)' is not an About field\(Suggest.clause(field, FrameworkWorkbook.aboutFields)); the fields are: \(FrameworkWorkbook.aboutFields.joined(separator: ", "))", at: table.location(row: row, column: "field"))
                continue
            }
            values[field] = (table.text(row, "value", diagnostics: &diagnostics).map(Self.oneLine) ?? "", location)
        }
        let current = existing?.metadata
        func field(_ name: String, _ present: String?) -> String? {
            guard let value = values[name] else {
                if present == nil { error(SheetCode.missingSheetOrColumn.code, "the About sheet has no '\(name)' row; add one", at: table.headerLocation) }
                return present
            }
            if value.text.isEmpty {
                error(SheetCode.emptyCell.code, "the framework's \(name) is empty; fill it in", at: value.location)
                return nil
            }
            return value.text
        }
        let id = field("id", current?.id), version = field("version", current?.version)
        let title = field("title", current?.title), publisher = field("publisher", current?.publisher)
        let date = field("date", current?.date), licence = field("licence", current?.licence)
        let language = field("language", current?.language), description = field("description", current?.description)
        if let id, !FrameworkSheetImporter.isIdentifier(id), let location = values["id"]?.location {
            error(SheetCode.badValue.code, "'\(id)' is not an id: use lower-case letters, digits and hyphens", at: location)
        }
        if let date, !Self.isISODate(date), let location = values["date"]?.location {
            error(SheetCode.badValue.code, "the date '\(date)' is not a date written YYYY-MM-DD, such as 2019-12-02", at: location)
        }
        var derivedFrom = current?.derivedFrom
        if let derived = values["derived from"] {
            let parts = derived.text.split(separator: "@").map(String.init)
            if derived.text.isEmpty {
                derivedFrom = nil
            } else if parts.count == 2, FrameworkSheetImporter.isIdentifier(parts[0]), !parts[1].isEmpty {
                derivedFrom = FrameworkReference(frameworkID: parts[0], version: parts[1])
            } else {
                error(SheetCode.badValue.code, "'derived from' is '\(derived.text)'; write FRAMEWORK@VERSION, such as in-it-together@2017, or leave it empty", at: derived.location)
            }
        }
        let credit = values["credit"].map { $0.text.isEmpty ? nil : $0.text } ?? current?.credit
        let licenceURL = values["licence url"].map { $0.text.isEmpty ? nil : $0.text } ?? current?.licenceURL
        let baseURI = values["base uri"].map { $0.text.isEmpty ? nil : $0.text } ?? current?.baseURI
        let subject = values["subject"].map { $0.text.isEmpty ? nil : $0.text } ?? current?.subject
        let shortTitle = values["short title"].map { $0.text.isEmpty ? nil : $0.text } ?? current?.shortTitle
        if let shortTitle, shortTitle.count > 120, let location = values["short title"]?.location {
            error(SheetCode.badValue.code, "the short title has \(shortTitle.count) characters; keep it to 120", at: location)
        }
        if let baseURI, !Self.isBaseURI(baseURI), let location = values["base uri"]?.location {
            error(SheetCode.badValue.code, "the base URI '\(baseURI)' must be an https address with no trailing slash, such as https://www.example.gov.uk/case/our-framework", at: location)
        }
        guard let id, let version, let title, let publisher, let date, let licence, let language, let description else { return nil }
        return FrameworkMetadata(
            id: id, version: version, title: title, publisher: publisher, date: date, licence: licence,
            language: language, derivedFrom: derivedFrom, description: description, credit: credit,
            licenceURL: licenceURL, baseURI: baseURI, subject: subject, shortTitle: shortTitle)
    }

    static func isBaseURI(_ text: String) -> Bool {
        text.hasPrefix("https://") && !text.hasSuffix("/") && text.count > 8 && !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" })
    }

    /// Space- or comma-separated CEDS codes; an empty cell clears them.
    mutating func cedsLevels(_ table: SheetTable, _ row: Row, _ current: [String]?) -> [String] {
        guard let text = table.text(row, "ceds", diagnostics: &diagnostics) else { return current ?? [] }
        let codes = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map { $0.uppercased() }
        let allowed = ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "AE", "OT"]
        // A grade typed as a number loses its leading zero: 1 means 01.
        let normalised = codes.map { $0.count == 1 && $0.first?.isNumber == true ? "0" + $0 : $0 }
        if let bad = normalised.first(where: { !allowed.contains($0) }) {
            error(SheetCode.badValue.code, "'\(bad)' is not a CEDS education level; use codes such as IT, PK, KG, 01 to 13, PS or AE", at: table.location(row: row, column: "ceds"))
            return current ?? []
        }
        return normalised
    }


    mutating func missingSheet(_ sheet: String) {
        error(SheetCode.missingSheetOrColumn.code, "the workbook has no '\(sheet)' sheet and there is no framework to take it from; add the sheet, or import --into an existing framework", at: SourceLocation(file: file, line: 1, column: 1))
    }
}

/// Reading typed values out of sheet cells, each problem recorded at its cell. Shared by
/// the framework and edition importers.
protocol SheetReading {
    var diagnostics: [Diagnostic] { get set }
}

extension SheetReading {
    typealias Row = SheetTable.Row

    /// YYYY-MM-DD with a month and day in range.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }


    /// Text collapsed to one line: line breaks and runs of spaces become single spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    mutating func required(_ table: SheetTable, _ row: Row, _ column: String, _ current: String?) -> String? {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else {
            if current == nil && !table.has(column) { missingColumn(table, column) }
            return current
        }
        guard !text.isEmpty else {
            error(SheetCode.emptyCell.code, "\(column) is empty; fill it in", at: table.location(row: row, column: column))
            return nil
        }
        return Self.oneLine(text)
    }

    mutating func optional(_ table: SheetTable, _ row: Row, _ column: String, _ current: String?) -> String? {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else { return current }
        return text.isEmpty ? nil : Self.oneLine(text)
    }

    mutating func integer(_ table: SheetTable, _ row: Row, _ column: String, _ current: Int?) -> Int? {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else {
            if current == nil && !table.has(column) { missingColumn(table, column) }
            return current
        }
        guard let value = Int(text), (0...999).contains(value) else {
            error(text.isEmpty ? SheetCode.emptyCell.code : SheetCode.badValue.code, text.isEmpty ? "\(column) is empty; give a whole number" : "\(column) is '\(text)'; give a whole number such as 1, 2 or 3", at: table.location(row: row, column: column))
            return nil
        }
        return value
    }

    mutating func choice<Value: RawRepresentable & CaseIterable>(_ table: SheetTable, _ row: Row, _ column: String, _ current: Value?) -> Value? where Value.RawValue == String {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else {
            if current == nil && !table.has(column) { missingColumn(table, column) }
            return current
        }
        let allowed = Value.allCases.map(\.rawValue)
        guard let value = Value(rawValue: text.lowercased()) else {
            error(text.isEmpty ? SheetCode.emptyCell.code : SheetCode.badValue.code,
                  text.isEmpty ? "\(column) is empty; choose one of: \(allowed.joined(separator: ", "))" : "\(column) '\(text)' is not one of: \(allowed.joined(separator: ", "))\(Suggest.clause(text, allowed))",
                  at: table.location(row: row, column: column))
            return nil
        }
        return value
    }

    /// One id that must name an item of `kind`.
    mutating func reference(_ table: SheetTable, _ row: Row, _ column: String, _ current: String?, in known: [String], kind: String) -> String? {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else {
            if current == nil && !table.has(column) { missingColumn(table, column) }
            return current
        }
        let location = table.location(row: row, column: column)
        guard !text.isEmpty else {
            error(SheetCode.emptyCell.code, "\(column) is empty; choose a \(kind) from the list", at: location)
            return nil
        }
        guard known.contains(text) else {
            error(SheetCode.unknownReference.code, "there is no \(kind) '\(text)'\(Suggest.clause(text, known)); choose one of: \(known.joined(separator: ", "))", at: location)
            return nil
        }
        return text
    }

    /// A list of ids separated by commas, semicolons, spaces or line breaks, each naming an
    /// item of `kind` (when `known` is given).
    mutating func list(_ table: SheetTable, _ row: Row, _ column: String, _ current: [String]?, in known: [String]?, kind: String, required: Bool) -> [String]? {
        guard let text = table.text(row, column, diagnostics: &diagnostics) else {
            if current == nil && required && !table.has(column) { missingColumn(table, column) }
            return current ?? []
        }
        let location = table.location(row: row, column: column)
        let items = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
        if required && items.isEmpty {
            error(SheetCode.emptyCell.code, "\(column) is empty; list at least one \(kind) id", at: location)
            return nil
        }
        if let bad = items.first(where: { !FrameworkSheetImporter.isIdentifier($0) }) {
            error(SheetCode.badValue.code, "the \(column) list '\(text)' does not parse at '\(bad)': write \(kind) ids separated by commas, such as \(known?.prefix(2).joined(separator: ", ") ?? "anxiety, self-harm")", at: location)
            return nil
        }
        var seen = Set<String>()
        if let repeated = items.first(where: { !seen.insert($0).inserted }) {
            error(SheetCode.duplicateID.code, "\(column) lists '\(repeated)' twice", at: location)
            return nil
        }
        if let known {
            let unknown = items.filter { !known.contains($0) }
            for id in unknown {
                error(SheetCode.unknownReference.code, "there is no \(kind) '\(id)'\(Suggest.clause(id, known))", at: location)
            }
            if !unknown.isEmpty { return nil }
        }
        return items
    }

    mutating func error(_ code: String, _ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(severity: .error, code: code, message: message, location: location))
    }

    mutating func requireColumn(_ table: SheetTable, _ column: String) -> Bool {
        if table.has(column) { return true }
        missingColumn(table, column)
        return false
    }

    mutating func missingColumn(_ table: SheetTable, _ column: String) {
        let message = "the \(table.name) sheet has no '\(column)' column; add it to the header row"
        guard !diagnostics.contains(where: { $0.message == message }) else { return }
        error(SheetCode.missingSheetOrColumn.code, message, at: table.headerLocation)
    }

}
