import CompetencyModel

/// The edition as a 1EdTech CASE 1.1 CFPackage (JSON), valid against
/// `Frameworks/schema/case-v1p1-cfpackage-schema.json`.
///
/// URIs are `urn:competencykit:` names built from ids (`urn:competencykit:<edition>` for the
/// document, `…:item:<competency>`, `…:area:<area>`, `…:association:…`, `…:licence`,
/// `…:rubric:…`). Every `identifier` is the name-based UUID (version 5, SHA-1) of that URI in
/// the namespace `60fbd761-5489-53bd-ae3a-854dc646eca1`, itself the version 5 UUID of
/// `urn:competencykit` in RFC 4122's URL namespace. So an item keeps its identifier from one
/// export to the next, and a competency's base item can be named without loading the base.
/// Every timestamp is the edition's own date at midnight UTC, never the clock.
public struct EditionCASEFormat: OutputFormat {
    public static let namespace = "60fbd761-5489-53bd-ae3a-854dc646eca1"
    public let id = "case"
    public let summary = "The edition as a 1EdTech CASE 1.1 CFPackage (JSON) with deterministic UUIDv5 identifiers."

    public init() {}

    public func render(_ edition: Edition) throws -> [Artifact] {
        [Artifact(relativePath: "\(edition.info.id).case.json", text: Self.package(for: edition).serialised())]
    }

    /// The UUIDv5 of `uri` in the CompetencyKit namespace.
    public static func identifier(for uri: String) -> String {
        // The namespace is a well-formed constant, so this cannot fail.
        UUIDv5.make(namespace: namespace, name: uri)!
    }

    static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    public static func package(for edition: Edition) -> JSONValue {
        let metadata = edition.framework.metadata
        let prefix = "urn:competencykit:\(edition.info.id)"
        let changed = "\(metadata.date)T00:00:00+00:00"
        let documentURI = prefix
        let licenceURI = "\(prefix):licence"

        func link(_ title: String, _ uri: String) -> JSONValue {
            .object([("title", .string(title)), ("identifier", .string(identifier(for: uri))), ("uri", .string(uri))])
        }
        func association(
            _ type: String, uri: String, origin: JSONValue, destination: JSONValue, sequence: Int?, notes: String? = nil
        ) -> JSONValue {
            .object([
                ("identifier", .string(identifier(for: uri))), ("uri", .string(uri)),
                ("associationType", .string(type)),
                ("originNodeURI", origin), ("destinationNodeURI", destination),
                ("sequenceNumber", sequence.map { .integer($0) }),
                ("notes", .optional(notes)),
                ("lastChangeDateTime", .string(changed)),
            ])
        }

        let documentLink = link(metadata.title, documentURI)
        let document = JSONValue.object([
            ("identifier", .string(identifier(for: documentURI))), ("uri", .string(documentURI)),
            ("caseVersion", .string("1.1")),
            ("title", .string(metadata.title)),
            ("creator", .string(metadata.publisher)), ("publisher", .string(metadata.publisher)),
            // The model has no status; shipped editions are published documents.
            ("adoptionStatus", .string("Adopted")),
            ("statusStartDate", .string(metadata.date)),
            ("language", .string(metadata.language)), ("version", .string(metadata.version)),
            ("description", .string(metadata.description)),
            ("notes", .string("Adapted from \(edition.info.baseTitle) (\(edition.info.base.frameworkID) \(edition.info.base.version)) by the \(edition.info.pluginID) plugin of CompetencyKit.")),
            ("licenseURI", link(metadata.licence, licenceURI)),
            ("lastChangeDateTime", .string(changed)),
        ])

        var items: [JSONValue] = []
        var associations: [JSONValue] = []
        let base = metadata.derivedFrom
        for (areaIndex, area) in edition.framework.areas.enumerated() {
            let areaURI = "\(prefix):area:\(area.id)"
            items.append(.object([
                ("identifier", .string(identifier(for: areaURI))), ("uri", .string(areaURI)),
                ("fullStatement", .string(area.name)),
                ("CFItemType", .string("Competency Area")),
                ("language", .string(metadata.language)),
                ("lastChangeDateTime", .string(changed)),
            ]))
            let areaLink = link(area.name, areaURI)
            associations.append(association(
                "isChildOf", uri: "\(prefix):association:area:\(area.id):isChildOf",
                origin: areaLink, destination: documentLink, sequence: areaIndex + 1))

            for (index, competency) in area.competencies.enumerated() {
                let itemURI = "\(prefix):item:\(competency.id)"
                items.append(.object([
                    ("identifier", .string(identifier(for: itemURI))), ("uri", .string(itemURI)),
                    ("fullStatement", .string(competency.statement)),
                    ("humanCodingScheme", .string(competency.code)),
                    ("CFItemType", .string(capitalised(competency.kind.rawValue))),
                    // The schema leaves educationLevel free text, so phase ids go in as written.
                    ("educationLevel", .strings(competency.phaseIDs)),
                    ("conceptKeywords", competency.topics.isEmpty ? nil : .strings(competency.topics)),
                    ("notes", competency.enhancements.isEmpty ? nil : .string(competency.enhancements.joined(separator: "\n"))),
                    ("language", .string(metadata.language)),
                    ("lastChangeDateTime", .string(changed)),
                ]))
                let itemLink = link(competency.code, itemURI)
                associations.append(association(
                    "isChildOf", uri: "\(prefix):association:item:\(competency.id):isChildOf",
                    origin: itemLink, destination: areaLink, sequence: index + 1))

                guard let base else { continue }
                let baseURI = "urn:competencykit:\(base.frameworkID)-\(base.version):item:\(competency.id)"
                let baseLink = JSONValue.object([
                    ("title", .string("\(base.frameworkID) \(base.version) \(competency.id)")),
                    ("identifier", .string(identifier(for: baseURI))), ("uri", .string(baseURI)),
                ])
                let change = edition.change(of: .competency, competency.id)
                let type: String
                switch change {
                case .unchanged: type = "exactMatchOf"
                case .reworded, .localised: type = "isRelatedTo"
                case .added, .removed: continue
                }
                let rationale = edition.provenance.first {
                    $0.itemKind == .competency && $0.itemID == competency.id && $0.change == change
                }?.rationale
                associations.append(association(
                    type, uri: "\(prefix):association:item:\(competency.id):\(type)",
                    origin: itemLink, destination: baseLink, sequence: nil,
                    notes: rationale.map { "\(capitalised(change.rawValue)) from \(base.frameworkID) \(base.version): \($0)" }))
            }
        }

        let licence = JSONValue.object([
            ("identifier", .string(identifier(for: licenceURI))), ("uri", .string(licenceURI)),
            ("title", .string(metadata.licence)),
            // The framework names its licence but does not carry the legal text.
            ("licenseText", .string(metadata.licence)),
            ("lastChangeDateTime", .string(changed)),
        ])

        // The self-assessment scale as one rubric with one criterion whose levels are the
        // scale points, lowest first.
        let rubricURI = "\(prefix):rubric:rating-scale"
        let criterionURI = "\(rubricURI):criterion:self-assessment"
        let criterionID = identifier(for: criterionURI)
        let levels = edition.framework.ratingScale.points.enumerated().map { index, point -> JSONValue in
            let levelURI = "\(criterionURI):level:\(point.value)"
            return .object([
                ("identifier", .string(identifier(for: levelURI))), ("uri", .string(levelURI)),
                ("quality", .string(point.label)), ("description", .string(point.descriptor)),
                ("score", .integer(point.value)), ("position", .integer(index + 1)),
                ("rubricCriterionId", .string(criterionID)),
                ("lastChangeDateTime", .string(changed)),
            ])
        }
        let rubric = JSONValue.object([
            ("identifier", .string(identifier(for: rubricURI))), ("uri", .string(rubricURI)),
            ("title", .string("Self-assessment rating scale")),
            ("description", .string("How confident a member of staff is in each competency, rated lowest to highest.")),
            ("lastChangeDateTime", .string(changed)),
            ("CFRubricCriteria", .array([
                .object([
                    ("identifier", .string(criterionID)), ("uri", .string(criterionURI)),
                    ("category", .string("Self-assessment")),
                    ("description", .string("Applies to every competency in the document.")),
                    ("position", .integer(1)), ("rubricId", .string(identifier(for: rubricURI))),
                    ("lastChangeDateTime", .string(changed)),
                    ("CFRubricCriterionLevels", .array(levels)),
                ]),
            ])),
        ])

        return .object([
            ("CFDocument", document),
            ("CFItems", .array(items)),
            ("CFAssociations", .array(associations)),
            ("CFDefinitions", .object([("CFLicenses", .array([licence]))])),
            ("CFRubrics", edition.framework.ratingScale.points.isEmpty ? nil : .array([rubric])),
        ])
    }
}
