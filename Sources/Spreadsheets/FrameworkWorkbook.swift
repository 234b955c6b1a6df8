import CompetencyModel

/// A framework as a workbook: one sheet per kind of item, ids in column A, references
/// between sheets offered as drop-downs. `export` and `FrameworkSheetImporter` are exact
/// inverses for every framework the schema accepts.
public enum FrameworkWorkbook {
    public enum Sheet {
        public static let competencies = "Competencies"
        public static let areas = "Areas"
        public static let groups = "Groups"
        public static let roles = "Roles"
        public static let phases = "Phases"
        public static let training = "Training"
        public static let services = "Services"
        public static let ratingScale = "Rating scale"
        public static let about = "About"
    }

    /// The Competencies columns, in order; also the CSV header.
    public static let competencyColumns = ["id", "code", "area", "group", "kind", "phases", "statement", "enhancements", "training", "signposts", "topics"]

    /// About sheet field names, in order.
    public static let aboutFields = ["id", "version", "title", "short title", "publisher", "date", "licence", "licence url", "language", "base uri", "subject", "derived from", "description", "credit"]

    public static func export(_ framework: Framework) -> Workbook {
        let metadata = framework.metadata
        return Workbook(title: "\(metadata.title) (\(metadata.reference)): workbook", date: metadata.date, sheets: [
            Worksheet(name: Sheet.competencies, columns: [
                Column("id", width: 10), Column("code", width: 8),
                Column("area", width: 16, choices: .idsIn(sheet: Sheet.areas)),
                Column("group", width: 11, choices: .idsIn(sheet: Sheet.groups)),
                Column("kind", width: 13, choices: .values(CompetencyKind.allCases.map(\.rawValue))),
                Column("phases", width: 20, wraps: true, choices: .idListIn(sheet: Sheet.phases)),
                Column("statement", width: 60, wraps: true),
                Column("enhancements", width: 45, wraps: true),
                Column("training", width: 22, wraps: true, choices: .idListIn(sheet: Sheet.training)),
                Column("signposts", width: 20, wraps: true, choices: .idListIn(sheet: Sheet.services)),
                Column("topics", width: 18, wraps: true),
            ], rows: framework.areas.flatMap { area in
                area.competencies.map { competency in
                    [.text(competency.id), .text(competency.code), .text(area.id), .text(competency.groupID), .text(competency.kind.rawValue),
                     .text(competency.phaseIDs.joined(separator: ", ")), .text(competency.statement),
                     .text(competency.enhancements.joined(separator: "\n")),
                     .text(competency.trainingRefs.map(\.id).joined(separator: ", ")),
                     .text(competency.serviceRefs.map(\.id).joined(separator: ", ")),
                     .text(competency.topics.joined(separator: ", "))]
                }
            }),
            Worksheet(name: Sheet.areas, columns: [Column("id", width: 16), Column("name", width: 40, wraps: true), Column("description", width: 80, wraps: true)],
                      rows: framework.areas.map { [.text($0.id), .text($0.name), .text($0.description ?? "")] }),
            Worksheet(name: Sheet.groups, columns: [Column("id", width: 12), Column("rank", width: 6), Column("name", width: 20), Column("description", width: 80, wraps: true)],
                      rows: framework.groups.map { [.text($0.id), .number($0.rank), .text($0.name), .text($0.description)] }),
            Worksheet(name: Sheet.roles, columns: [Column("id", width: 28), Column("group", width: 12, choices: .idsIn(sheet: Sheet.groups)), Column("name", width: 60, wraps: true)],
                      rows: framework.groups.flatMap { group in group.roles.map { [.text($0.id), .text(group.id), .text($0.name)] } }),
            Worksheet(name: Sheet.phases, columns: [Column("id", width: 14), Column("name", width: 16), Column("description", width: 80, wraps: true), Column("ceds", width: 22)],
                      rows: framework.phases.map { [.text($0.id), .text($0.name), .text($0.description ?? ""), .text($0.cedsLevels.joined(separator: " "))] }),
            Worksheet(name: Sheet.training, columns: [
                Column("id", width: 24), Column("scope", width: 10, choices: .values(Scope.allCases.map(\.rawValue))),
                Column("format", width: 14, choices: .values(TrainingFormat.allCases.map(\.rawValue))),
                Column("title", width: 40, wraps: true), Column("provider", width: 28, wraps: true),
                Column("duration", width: 10), Column("url", width: 50),
            ], rows: framework.trainingOptions.map {
                [.text($0.id), .text($0.scope.rawValue), .text($0.format.rawValue), .text($0.title), .text($0.provider), .text($0.duration ?? ""), .text($0.url)]
            }),
            Worksheet(name: Sheet.services, columns: [
                Column("id", width: 24), Column("scope", width: 10, choices: .values(Scope.allCases.map(\.rawValue))),
                Column("name", width: 32, wraps: true), Column("description", width: 60, wraps: true), Column("url", width: 45),
            ], rows: framework.services.map { [.text($0.id), .text($0.scope.rawValue), .text($0.name), .text($0.description), .text($0.url ?? "")] }),
            Worksheet(name: Sheet.ratingScale, columns: [Column("value", width: 7), Column("label", width: 24), Column("descriptor", width: 80, wraps: true)],
                      rows: framework.ratingScale.points.map { [.number($0.value), .text($0.label), .text($0.descriptor)] }),
            Worksheet(name: Sheet.about, columns: [Column("field", width: 14), Column("value", width: 100, wraps: true)], rows: [
                [.text("id"), .text(metadata.id)], [.text("version"), .text(metadata.version)],
                [.text("title"), .text(metadata.title)], [.text("short title"), .text(metadata.shortTitle ?? "")],
                [.text("publisher"), .text(metadata.publisher)],
                [.text("date"), .text(metadata.date)], [.text("licence"), .text(metadata.licence)],
                [.text("licence url"), .text(metadata.licenceURL ?? "")],
                [.text("language"), .text(metadata.language)],
                [.text("base uri"), .text(metadata.baseURI ?? "")], [.text("subject"), .text(metadata.subject ?? "")],
                [.text("derived from"), .text(metadata.derivedFrom?.description ?? "")],
                [.text("description"), .text(metadata.description)], [.text("credit"), .text(metadata.credit ?? "")],
            ], spareRows: 0),
        ])
    }

    /// The Competencies sheet as CSV rows, header first.
    public static func competenciesCSV(_ framework: Framework) -> String {
        guard let sheet = export(framework).sheets.first else { return "" }
        return CSVTable.write([sheet.columns.map(\.header)] + sheet.rows.map { row in
            row.map { cell in
                switch cell {
                case .text(let text): text
                case .number(let number): String(number)
                case .empty: ""
                }
            }
        })
    }
}
