import CompetencyModel

/// The edition as JSON, described by `Frameworks/schema/edition.schema.json`. Bump
/// `formatVersion` on any change a consumer would notice.
public struct EditionJSONFormat: OutputFormat {
    public static let formatVersion = 1
    public let id = "json"
    public let summary = "The edition as JSON with a formatVersion, sorted keys and a shipped JSON Schema."

    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        [Artifact(relativePath: "\(edition.info.id).json", text: Self.document(for: edition).serialised())]
    }

    public static func document(for edition: Edition) -> JSONValue {
        .object([
            ("formatVersion", .integer(formatVersion)),
            ("edition", editionInfo(edition)),
            ("framework", framework(edition.framework, edition: edition)),
        ])
    }

    static func framework(_ framework: Framework, edition: Edition) -> JSONValue {
        let metadata = framework.metadata
        return .object([
            ("id", .string(metadata.id)),
            ("version", .string(metadata.version)),
            ("title", .string(metadata.title)),
            ("shortTitle", .optional(metadata.shortTitle)),
            ("publisher", .string(metadata.publisher)),
            ("date", .string(metadata.date)),
            ("licence", .string(metadata.licence)),
            ("language", .string(metadata.language)),
            ("description", .string(metadata.description)),
            ("credit", .optional(metadata.credit)),
            ("licenceURL", .optional(metadata.licenceURL)),
            ("baseURI", .optional(metadata.baseURI)),
            ("subject", .optional(metadata.subject)),
            ("derivedFrom", metadata.derivedFrom.map { .object([("framework", .string($0.frameworkID)), ("version", .string($0.version))]) }),
            ("phases", .array(framework.phases.map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("description", .optional($0.description)),
                         ("ceds", $0.cedsLevels.isEmpty ? nil : .strings($0.cedsLevels))])
            })),
            ("groups", .array(framework.groups.map { group in
                .object([
                    ("id", .string(group.id)), ("rank", .integer(group.rank)), ("name", .string(group.name)),
                    ("description", .string(group.description)),
                    ("roles", .array(group.roles.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })),
                ])
            })),
            ("ratingScale", .array(framework.ratingScale.points.map {
                .object([("value", .integer($0.value)), ("label", .string($0.label)), ("descriptor", .string($0.descriptor))])
            })),
            ("trainingOptions", .array(framework.trainingOptions.map { option in
                .object([
                    ("id", .string(option.id)), ("scope", .string(option.scope.rawValue)), ("format", .string(option.format.rawValue)),
                    ("title", .string(option.title)), ("provider", .string(option.provider)),
                    ("duration", .optional(option.duration)), ("url", .string(option.url)),
                    ("provenance", .string(edition.change(of: .training, option.id).rawValue)),
                ])
            })),
            ("services", .array(framework.services.map { service in
                .object([
                    ("id", .string(service.id)), ("scope", .string(service.scope.rawValue)), ("name", .string(service.name)),
                    ("description", .string(service.description)), ("url", .optional(service.url)),
                    ("provenance", .string(edition.change(of: .service, service.id).rawValue)),
                ])
            })),
            ("areas", .array(framework.areas.map { area in
                .object([
                    ("id", .string(area.id)), ("name", .string(area.name)), ("description", .optional(area.description)),
                    ("competencies", .array(area.competencies.map { competency(area: area.id, $0, edition: edition) })),
                ])
            })),
        ])
    }

    static func competency(area: String, _ competency: Competency, edition: Edition) -> JSONValue {
        .object([
            ("id", .string(competency.id)), ("code", .string(competency.code)), ("area", .string(area)),
            ("group", .string(competency.groupID)), ("kind", .string(competency.kind.rawValue)),
            ("phases", .strings(competency.phaseIDs)), ("statement", .string(competency.statement)),
            ("enhancements", .strings(competency.enhancements)),
            ("training", .strings(competency.trainingRefs.map(\.id))),
            ("signposts", .strings(competency.serviceRefs.map(\.id))),
            ("topics", .strings(competency.topics)),
            ("provenance", .string(edition.change(of: .competency, competency.id).rawValue)),
        ])
    }

    static func editionInfo(_ edition: Edition) -> JSONValue {
        .object([
            ("id", .string(edition.info.id)),
            ("plugin", .string(edition.info.pluginID)),
            ("base", .object([("framework", .string(edition.info.base.frameworkID)), ("version", .string(edition.info.base.version))])),
            ("audience", .string(edition.info.audience)),
            ("enhancementLabel", .optional(edition.info.enhancementLabel)),
            ("publication", edition.publication.map { publication in
                .object([
                    ("contact", .string(publication.contact)), ("email", .optional(publication.email)),
                    ("telephone", .optional(publication.telephone)), ("website", .optional(publication.website)),
                    ("reviewDate", .optional(publication.reviewDate)),
                    ("abbreviations", .array(publication.abbreviations.map { .object([("term", .string($0.term)), ("expansion", .string($0.expansion))]) })),
                ])
            }),
            ("strategies", .array(edition.strategies.map {
                .object([("id", .string($0.id)), ("name", .string($0.name)), ("description", .string($0.description)), ("url", .optional($0.url))])
            })),
            ("dissemination", .array(edition.dissemination.map {
                .object([("audience", .string($0.audience)), ("timescale", .string($0.timescale)), ("note", .optional($0.note))])
            })),
            ("keyMessages", .array(edition.keyMessages.map {
                .object([("id", .string($0.id)), ("title", .string($0.title)), ("text", .string($0.text)), ("valueStatement", .string($0.valueStatement))])
            })),
            ("workshops", .array(edition.workshops.map(workshop))),
            ("questionnaire", edition.questionnaire.map(questionnaire)),
            ("provenance", .object([
                ("changes", .array(edition.provenance.filter { $0.change != .removed && $0.change != .unchanged }.map {
                    .object([
                        ("item", .string($0.itemKind.rawValue)), ("ref", .string($0.itemID)), ("kind", .string($0.change.rawValue)),
                        ("rationale", .string($0.rationale)), ("detail", .optional($0.detail)),
                    ])
                })),
                ("removed", .array(RemovalSummary.summarise(edition.provenance).map {
                    .object([("item", .string($0.itemKind.rawValue)), ("count", .integer($0.count)), ("rationale", .string($0.rationale))])
                })),
            ])),
        ])
    }

    static func workshop(_ workshop: Workshop) -> JSONValue {
        .object([
            ("id", .string(workshop.id)), ("number", .integer(workshop.number)), ("title", .string(workshop.title)),
            ("duration", .string(workshop.duration)), ("minutes", .integer(workshop.minutes)), ("purpose", .string(workshop.purpose)),
            ("outcomes", .array(workshop.outcomes.map {
                .object([("id", .string($0.id)), ("text", .string($0.text)), ("develops", .strings($0.competencyIDs))])
            })),
            ("segments", .array(workshop.segments.map {
                .object([
                    ("minutes", .integer($0.minutes)), ("activity", .string($0.activity)),
                    ("keyMessages", .strings($0.keyMessageIDs.ids)), ("outcomes", .strings($0.outcomeIDs.ids)),
                ])
            })),
        ])
    }

    static func questionnaire(_ questionnaire: Questionnaire) -> JSONValue {
        .object([
            ("scales", .array(questionnaire.scales.map { .object([("id", .string($0.id)), ("points", .strings($0.points))]) })),
            ("sections", .array(questionnaire.sections.map { section in
                .object([
                    ("id", .string(section.id)), ("title", .string(section.title)), ("prompt", .string(section.prompt)),
                    ("timing", .string(section.timing.rawValue)),
                    ("items", .array(section.items.map { item in
                        var response: JSONValue
                        switch item.response {
                        case .scale(let scale): response = .object([("type", .string("scale")), ("scale", .string(scale))])
                        case .choice(let options):
                            response = .object([
                                ("type", .string("choice")),
                                ("options", .array(options.map { .object([("id", .string($0.id)), ("label", .string($0.label))]) })),
                            ])
                        case .freeText: response = .object([("type", .string("text"))])
                        }
                        return .object([("id", .string(item.id)), ("text", .string(item.text)), ("response", response), ("source", .optional(item.source))])
                    })),
                ])
            })),
        ])
    }
}
