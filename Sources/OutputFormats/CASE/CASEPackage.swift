import CompetencyModel

/// One published thing in CASE terms: a framework version or an edition, known by its
/// publisher's base URI and its `id@version` key, so every URI and identifier it mints is
/// the publisher's own and the same whether the thing is published directly or linked to
/// as another's base.
public struct CASEIdentity: Sendable, Hashable {
    public var baseURI: String? {
        didSet { namespaceBytes = Self.namespaceBytes(baseURI) }
    }
    /// `framework-id@version`, or `edition-id@version` for an edition.
    public var key: String
    /// The namespace's bytes, worked out once: every record's identifier is made in it.
    private var namespaceBytes: [UInt8]?

    public init(baseURI: String?, key: String) {
        self.baseURI = baseURI
        self.key = key
        namespaceBytes = Self.namespaceBytes(baseURI)
    }

    private static func namespaceBytes(_ baseURI: String?) -> [UInt8]? {
        UUIDv5.bytes(ofNamespace: UUIDv5.make(namespace: urlNamespace, name: baseURI ?? "urn:competencykit") ?? EditionCASEFormat.namespace)
    }

    public init(_ metadata: FrameworkMetadata) {
        self.init(baseURI: metadata.baseURI, key: "\(metadata.id)@\(metadata.version)")
    }

    /// The RFC 4122 URL namespace.
    static let urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"

    /// The UUIDv5 namespace of this publisher: derived from its base URI, so two councils
    /// can never mint the same identifier; without one, CompetencyKit's own.
    var namespace: String {
        UUIDv5.make(namespace: Self.urlNamespace, name: baseURI ?? "urn:competencykit") ?? EditionCASEFormat.namespace
    }

    /// The identifier of the record called `name` (a version-independent name such as
    /// `item/ws-01`) in this publication.
    public func identifier(_ name: String) -> String {
        guard let namespaceBytes else { return EditionCASEFormat.namespace }
        return UUIDv5.make(namespace: namespaceBytes, name: "\(key)/\(name)")
    }

    /// `<baseURI>/ims/case/v1p1/<collection>/<identifier>`; rubric criteria and levels are
    /// fragments of their rubric's URI. Without a base URI, `urn:uuid:<identifier>`.
    public func uri(_ name: String) -> String {
        let id = identifier(name)
        guard let baseURI else { return "urn:uuid:\(id)" }
        if name.hasPrefix("rubric/") { return "\(uri("rubric"))#\(id)" }
        if name == "package" { return "\(baseURI)/ims/case/v1p1/CFPackages/\(identifier("document"))" }
        return "\(baseURI)/ims/case/v1p1/\(Self.collection(of: name))/\(id)"
    }

    static func collection(of name: String) -> String {
        switch name.split(separator: "/").first.map(String.init) ?? name {
        case "document": "CFDocuments"
        case "association": "CFAssociations"
        case "licence": "CFLicenses"
        case "subject": "CFSubjects"
        case "itemtype": "CFItemTypes"
        case "rubric": "CFRubrics"
        default: "CFItems"
        }
    }
}

/// Builds CASE 1.1 packages. Records are first described by content with version-independent
/// names, then serialised with the publication's identity; comparing the descriptions of the
/// same name across a version history dates each record by its last real change.
public struct CASEPackageBuilder: Sendable {
    /// What is being published.
    public var framework: Framework
    public var identity: CASEIdentity
    /// The version it was derived from, linked to with exactMatchOf or isRelatedTo.
    public var base: (framework: Framework, identity: CASEIdentity)?
    /// Why each changed competency changed (an edition's provenance), for association and
    /// item notes.
    public var reasons: [String: String]
    /// Earlier versions, oldest first, ending with the base if there is one: records whose
    /// content has not changed since an earlier version carry that version's date.
    public var history: [Framework]
    /// Extra notes on the document (an edition says what it adapts).
    public var documentNotes: String?

    public init(
        framework: Framework, identity: CASEIdentity? = nil, base: (framework: Framework, identity: CASEIdentity)? = nil,
        reasons: [String: String] = [:], history: [Framework] = [], documentNotes: String? = nil
    ) {
        self.framework = framework
        self.identity = identity ?? CASEIdentity(framework.metadata)
        self.base = base
        self.reasons = reasons
        self.history = history
        self.documentNotes = documentNotes
    }

    /// Titles longer than this are cut for consumers that store 120 characters (OpenSALT).
    public static let titleLimit = 120

    // MARK: - Content

    /// A value in a record, with links to other records by name.
    indirect enum Field: Hashable {
        case text(String)
        case texts([String])
        case integer(Int)
        /// Another record of this publication.
        case link(String, title: String)
        /// A record of the base publication.
        case baseLink(String, title: String)
        /// Something outside CASE, such as a training web page.
        case external(uri: String, title: String)
        case identifierOf(String)
        case uriOf(String)
        case object([String: Field])
        case array([Field])
    }

    struct Record: Hashable {
        enum Kind: Hashable { case item, association, itemType, subject, licence }
        var kind: Kind
        var name: String
        var fields: [String: Field]
    }

    struct Content {
        var document: [String: Field]
        var records: [Record]
        var rubric: [String: Field]?
    }

    static func slug(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// The letters before the dot shared by an area's competency codes (`WS` for WS.1…).
    static func areaCode(_ area: Area) -> String? {
        let prefixes = Set(area.competencies.map { $0.code.split(separator: ".").first.map(String.init) ?? $0.code })
        guard prefixes.count == 1, let prefix = prefixes.first, !prefix.isEmpty else { return nil }
        return prefix
    }

    /// CEDS levels of a competency: those of its phases, in the order of the option set.
    static func levels(of competency: Competency, in framework: Framework) -> [String] {
        let order = ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "AE", "OT"]
        let codes = Set(framework.phases.filter { competency.phaseIDs.contains($0.id) }.flatMap(\.cedsLevels))
        return order.filter(codes.contains)
    }

    /// What CASE carries of a competency, to decide between exactMatchOf and isRelatedTo.
    static func caseView(_ competency: Competency, in framework: Framework) -> [String] {
        [competency.statement, competency.code, competency.kind.rawValue, levels(of: competency, in: framework).joined(separator: " "),
         competency.topics.joined(separator: " "), competency.enhancements.joined(separator: "\n"), competency.groupID,
         competency.trainingRefs.map(\.id).joined(separator: " ")]
    }

    func content(of framework: Framework, reasons: [String: String], base: Framework?) -> Content {
        let metadata = framework.metadata
        var records: [Record] = []
        func association(_ type: String, from origin: String, _ originTitle: String, to destination: Field, _ destinationKey: String, sequence: Int? = nil, notes: String? = nil) {
            var fields: [String: Field] = [
                "associationType": .text(type), "originNodeURI": .link(origin, title: originTitle), "destinationNodeURI": destination,
            ]
            if let sequence { fields["sequenceNumber"] = .integer(sequence) }
            if let notes { fields["notes"] = .text(notes) }
            records.append(Record(kind: .association, name: "association/\(origin)/\(type)/\(destinationKey)", fields: fields))
        }

        let itemTypes: [(name: String, description: String, code: String)] = [
            ("Competency Area", "A theme that holds competencies in reading order.", "1"),
            ("Competency Group", "A cumulative tier of staff by contact with children and young people; a competency applies to its group and every group above it.", "2"),
            ("Knowledge", "A competency about what staff know.", "3.1"),
            ("Skill", "A competency about what staff can do.", "3.2"),
            ("Understanding", "A competency about what staff understand.", "3.3"),
            ("Enhancement", "An addition to a competency for children and young people with additional needs.", "4"),
        ]
        for type in itemTypes {
            records.append(Record(kind: .itemType, name: "itemtype/\(Self.slug(type.name))", fields: [
                "title": .text(type.name), "description": .text(type.description), "hierarchyCode": .text(type.code), "typeCode": .text(Self.slug(type.name)),
            ]))
        }
        func typed(_ type: String) -> [String: Field] {
            ["CFItemType": .text(type), "CFItemTypeURI": .link("itemtype/\(Self.slug(type))", title: type)]
        }
        var sequence = 0
        for area in framework.areas {
            sequence += 1
            var fields = typed("Competency Area")
            fields["fullStatement"] = .text(area.name)
            if let code = Self.areaCode(area) { fields["humanCodingScheme"] = .text(code) }
            if let description = area.description { fields["notes"] = .text(description) }
            fields["language"] = .text(metadata.language)
            fields["extensions"] = .object(["competencykit": .object(["area": .text(area.id)])])
            records.append(Record(kind: .item, name: "area/\(area.id)", fields: fields))
            association("isChildOf", from: "area/\(area.id)", area.name, to: .link("document", title: metadata.title), "document", sequence: sequence)
        }
        for group in framework.groupsByRank {
            sequence += 1
            var fields = typed("Competency Group")
            fields["fullStatement"] = .text(group.name)
            fields["abbreviatedStatement"] = .text(group.name)
            fields["notes"] = .text(group.description)
            fields["language"] = .text(metadata.language)
            fields["extensions"] = .object(["competencykit": .object([
                "group": .text(group.id), "rank": .integer(group.rank),
                "roles": .array(group.roles.map { .object(["id": .text($0.id), "name": .text($0.name)]) }),
            ])])
            records.append(Record(kind: .item, name: "group/\(group.id)", fields: fields))
            association("isChildOf", from: "group/\(group.id)", group.name, to: .link("document", title: metadata.title), "document", sequence: sequence)
        }
        let baseCompetencies = Dictionary((base?.competencies ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let training = Dictionary(framework.trainingOptions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let services = Dictionary(framework.services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for area in framework.areas {
            for (index, competency) in area.competencies.enumerated() {
                let name = "item/\(competency.id)"
                var fields = typed(Self.capitalised(competency.kind.rawValue))
                fields["fullStatement"] = .text(competency.statement)
                fields["humanCodingScheme"] = .text(competency.code)
                fields["educationLevel"] = .texts(Self.levels(of: competency, in: framework))
                let phaseNames = framework.phases.filter { competency.phaseIDs.contains($0.id) }.map(\.name)
                fields["conceptKeywords"] = .texts(competency.topics + phaseNames)
                fields["language"] = .text(metadata.language)
                if let reason = reasons[competency.id] { fields["notes"] = .text(reason) }
                // What CASE has no field for, so an import can restore the framework exactly.
                fields["extensions"] = .object(["competencykit": .object([
                    "id": .text(competency.id), "kind": .text(competency.kind.rawValue), "group": .text(competency.groupID),
                    "phases": .texts(competency.phaseIDs), "topics": .texts(competency.topics),
                    "training": .texts(competency.trainingRefs.map(\.id)), "signposts": .texts(competency.serviceRefs.map(\.id)),
                ])])
                records.append(Record(kind: .item, name: name, fields: fields))
                association("isChildOf", from: name, competency.code, to: .link("area/\(area.id)", title: area.name), "area/\(area.id)", sequence: index + 1)
                if framework.groups.contains(where: { $0.id == competency.groupID }) {
                    let group = framework.groups.first { $0.id == competency.groupID }
                    association("isPartOf", from: name, competency.code, to: .link("group/\(competency.groupID)", title: group?.name ?? competency.groupID), "group/\(competency.groupID)")
                }
                for (number, enhancement) in competency.enhancements.enumerated() {
                    let enhancementName = "\(name)/enhancement/\(number + 1)"
                    var enhancementFields = typed("Enhancement")
                    enhancementFields["fullStatement"] = .text(enhancement)
                    enhancementFields["humanCodingScheme"] = .text("\(competency.code).E\(number + 1)")
                    enhancementFields["language"] = .text(metadata.language)
                    records.append(Record(kind: .item, name: enhancementName, fields: enhancementFields))
                    association("isChildOf", from: enhancementName, "\(competency.code).E\(number + 1)", to: .link(name, title: competency.code), name, sequence: number + 1)
                }
                for reference in competency.trainingRefs {
                    guard let option = training[reference.id] else { continue }
                    association("exemplar", from: name, competency.code, to: .external(uri: option.url, title: option.title), "training/\(option.id)")
                }
                for reference in competency.serviceRefs {
                    guard let service = services[reference.id], let url = service.url else { continue }
                    association("isRelatedTo", from: name, competency.code, to: .external(uri: url, title: service.name), "service/\(service.id)",
                                notes: "Signpost: staff can point children, young people and families to \(service.name).")
                }
                // No lineage to itself: a base published under the same key and address is
                // this very publication.
                if let original = baseCompetencies[competency.id], let base, CASEIdentity(base.metadata) != CASEIdentity(metadata) {
                    let same = Self.caseView(original, in: base) == Self.caseView(competency, in: framework)
                    let type = same ? "exactMatchOf" : "isRelatedTo"
                    // The base's key is part of the name: the same link to another base is
                    // another record.
                    association(type, from: name, competency.code, to: .baseLink(name, title: original.code), "\(CASEIdentity(base.metadata).key)/\(name)",
                                notes: reasons[competency.id].map { "Changed from \(base.metadata.reference): \($0)" })
                }
            }
        }
        records.append(Record(kind: .licence, name: "licence", fields: [
            "title": .text(metadata.licence),
            "licenseText": .text(metadata.licenceURL.map { "\(metadata.licence). The full text is at \($0)" } ?? metadata.licence),
        ].merging(metadata.licenceURL.map { ["description": .text("Full text: \($0)")] } ?? [:]) { first, _ in first }))
        if let subject = metadata.subject {
            records.append(Record(kind: .subject, name: "subject", fields: ["title": .text(subject), "hierarchyCode": .text("1")]))
        }

        var document: [String: Field] = [
            "title": .text(metadata.shortTitle ?? Self.shortTitle(metadata.title)),
            "creator": .text(metadata.publisher), "publisher": .text(metadata.publisher),
            "frameworkType": .text("Competency framework"),
            "caseVersion": .text("1.1"),
            "adoptionStatus": .text("Adopted"), "statusStartDate": .text(metadata.date),
            "language": .text(metadata.language), "version": .text(metadata.version),
            "description": .text(metadata.description),
            "licenseURI": .link("licence", title: metadata.licence),
        ]
        var notes: [String] = []
        if metadata.title.count > Self.titleLimit { notes.append("Full title: \(metadata.title).") }
        if let credit = metadata.credit { notes.append(credit) }
        if let documentNotes { notes.append(documentNotes) }
        if !notes.isEmpty { document["notes"] = .text(notes.joined(separator: "\n\n")) }
        if let subject = metadata.subject {
            document["subject"] = .texts([subject])
            document["subjectURI"] = .array([.link("subject", title: subject)])
        }
        if metadata.baseURI != nil { document["officialSourceURL"] = .uriOf("package") }
        // What CASE has no place for, so `competency import case` restores the framework
        // exactly: the full title and credit, the phases (CASE has only education levels),
        // and the training and service catalogues (CASE links only their web pages).
        var extra: [String: Field] = [
            "id": .text(metadata.id), "title": .text(metadata.title),
            "phases": .array(framework.phases.map { phase in
                .object(["id": .text(phase.id), "name": .text(phase.name), "ceds": .texts(phase.cedsLevels)]
                    .merging(phase.description.map { ["description": .text($0)] } ?? [:]) { first, _ in first })
            }),
            "trainingOptions": .array(framework.trainingOptions.map { option in
                .object(["id": .text(option.id), "scope": .text(option.scope.rawValue), "format": .text(option.format.rawValue),
                         "title": .text(option.title), "provider": .text(option.provider), "url": .text(option.url)]
                    .merging(option.duration.map { ["duration": .text($0)] } ?? [:]) { first, _ in first })
            }),
            "services": .array(framework.services.map { service in
                .object(["id": .text(service.id), "scope": .text(service.scope.rawValue), "name": .text(service.name), "description": .text(service.description)]
                    .merging(service.url.map { ["url": .text($0)] } ?? [:]) { first, _ in first })
            }),
        ]
        if let derived = metadata.derivedFrom { extra["derivedFrom"] = .text(derived.description) }
        if let credit = metadata.credit { extra["credit"] = .text(credit) }
        if let url = metadata.licenceURL { extra["licenceURL"] = .text(url) }
        if let short = metadata.shortTitle { extra["shortTitle"] = .text(short) }
        if let subject = metadata.subject { extra["subject"] = .text(subject) }
        if let baseURI = metadata.baseURI { extra["baseURI"] = .text(baseURI) }
        document["extensions"] = .object(["competencykit": .object(extra)])

        // The self-assessment scale as one rubric with one criterion per competency, each
        // naming its item (CFItemURI), with the scale's points as levels, lowest first.
        var rubric: [String: Field]?
        if !framework.ratingScale.points.isEmpty {
            let criteria = framework.competencies.enumerated().map { index, competency -> Field in
                let criterion = "rubric/criterion/\(competency.id)"
                return .object([
                    "identifier": .identifierOf(criterion), "uri": .uriOf(criterion),
                    "category": .text("Self-assessment"), "description": .text("How confident the member of staff is in \(competency.code)."),
                    "CFItemURI": .link("item/\(competency.id)", title: competency.code),
                    "position": .integer(index + 1), "rubricId": .identifierOf("rubric"),
                    "CFRubricCriterionLevels": .array(framework.ratingScale.points.enumerated().map { position, point in
                        let level = "\(criterion)/level/\(point.value)"
                        return .object([
                            "identifier": .identifierOf(level), "uri": .uriOf(level),
                            "quality": .text(point.label), "description": .text(point.descriptor),
                            "score": .integer(point.value), "position": .integer(position + 1),
                            "rubricCriterionId": .identifierOf(criterion),
                        ])
                    }),
                ])
            }
            rubric = [
                "title": .text("Self-assessment rating scale"),
                "description": .text("How confident a member of staff is in each competency, rated lowest to highest."),
                "CFRubricCriteria": .array(criteria),
            ]
        }
        return Content(document: document, records: records, rubric: rubric)
    }

    static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }

    /// The title, or, past the limit consumers store, its words up to the limit and "…".
    static func shortTitle(_ title: String) -> String {
        guard title.count > titleLimit else { return title }
        var short = ""
        for word in title.split(separator: " ") {
            if short.count + word.count + 2 > titleLimit { break }
            short += (short.isEmpty ? "" : " ") + word
        }
        return short + "…"
    }

    // MARK: - Dates

    /// The date of each record's last change: walking back through the history, a record
    /// keeps an earlier version's date for as long as its content is the same there.
    func recordDates(_ published: Content) -> [String: String] {
        let date = framework.metadata.date
        var dates: [String: String] = [:]
        var current = Dictionary(published.records.map { ($0.name, $0.fields) }, uniquingKeysWith: { first, _ in first })
        for record in published.records { dates[record.name] = date }
        var rubricCriteria = Self.criteria(published.rubric)
        for (name, _) in rubricCriteria { dates[name] = date }
        var open = Set(dates.keys)
        for (index, earlier) in history.enumerated().reversed() {
            let before = index > 0 ? history[index - 1] : nil
            let older = content(of: earlier, reasons: [:], base: before)
            let olderFields = Dictionary(older.records.map { ($0.name, $0.fields) }, uniquingKeysWith: { first, _ in first })
            let olderCriteria = Self.criteria(older.rubric)
            for name in open {
                if let fields = current[name], olderFields[name].map({ Self.sameContent($0, fields) }) == true {
                    dates[name] = earlier.metadata.date
                } else if let criterion = rubricCriteria[name], olderCriteria[name] == criterion {
                    dates[name] = earlier.metadata.date
                } else {
                    open.remove(name)
                }
            }
            current = olderFields
            rubricCriteria = olderCriteria
            if open.isEmpty { break }
        }
        return dates
    }

    /// Equal apart from notes that only say how the record relates to its own base.
    static func sameContent(_ lhs: [String: Field], _ rhs: [String: Field]) -> Bool {
        lhs == rhs
    }

    static func criteria(_ rubric: [String: Field]?) -> [String: Field] {
        guard case .array(let criteria)? = rubric?["CFRubricCriteria"] else { return [:] }
        var result: [String: Field] = [:]
        for criterion in criteria {
            guard case .object(let fields) = criterion, case .identifierOf(let name)? = fields["identifier"] else { continue }
            result[name] = criterion
        }
        return result
    }

    // MARK: - Serialising

    func json(_ field: Field) -> JSONValue {
        switch field {
        case .text(let text): .string(text)
        case .texts(let texts): .strings(texts)
        case .integer(let value): .integer(value)
        case .link(let name, let title): .object([("title", .string(title)), ("identifier", .string(identity.identifier(name))), ("uri", .string(identity.uri(name)))])
        case .baseLink(let name, let title):
            .object([("title", .string(title)), ("identifier", .string(base?.identity.identifier(name) ?? "")), ("uri", .string(base?.identity.uri(name) ?? ""))])
        case .external(let uri, let title):
            .object([("title", .string(title)), ("identifier", .string(UUIDv5.make(namespace: CASEIdentity.urlNamespace, name: uri) ?? "")), ("uri", .string(uri))])
        case .identifierOf(let name): .string(identity.identifier(name))
        case .uriOf(let name): .string(identity.uri(name))
        case .object(let members): .object(members.mapValues(json))
        case .array(let values): .array(values.map(json))
        }
    }

    func stamp(_ fields: [String: Field], name: String, date: String) -> JSONValue {
        var members = fields.mapValues(json)
        members["identifier"] = .string(identity.identifier(name))
        members["uri"] = .string(identity.uri(name))
        members["lastChangeDateTime"] = .string("\(date)T00:00:00+00:00")
        return .object(members)
    }

    /// Every record, serialised: what the package and the static API tree are made of.
    public struct Records: Sendable {
        public var document: JSONValue
        public var items: [JSONValue]
        public var associations: [JSONValue]
        public var itemTypes: [JSONValue]
        public var subjects: [JSONValue]
        public var licences: [JSONValue]
        public var rubrics: [JSONValue]
        /// Identifier of each record, for file names in the API tree.
        public var documentIdentifier: String
    }

    public func records() -> Records {
        let content = self.content(of: framework, reasons: reasons, base: base?.framework)
        let dates = recordDates(content)
        let own = framework.metadata.date
        func of(_ kind: Record.Kind) -> [JSONValue] {
            content.records.filter { $0.kind == kind }.map { stamp($0.fields, name: $0.name, date: dates[$0.name] ?? own) }
        }
        var rubrics: [JSONValue] = []
        if var rubric = content.rubric, case .array(let criteria)? = rubric["CFRubricCriteria"] {
            // Criteria and their levels carry their own dates.
            rubric["CFRubricCriteria"] = .array(criteria.map { criterion in
                guard case .object(var fields) = criterion, case .identifierOf(let name)? = fields["identifier"] else { return criterion }
                let date = "\(dates[name] ?? own)T00:00:00+00:00"
                fields["lastChangeDateTime"] = .text(date)
                if case .array(let levels)? = fields["CFRubricCriterionLevels"] {
                    fields["CFRubricCriterionLevels"] = .array(levels.map { level in
                        guard case .object(var levelFields) = level else { return level }
                        levelFields["lastChangeDateTime"] = .text(date)
                        return .object(levelFields)
                    })
                }
                return .object(fields)
            })
            let latest = criteria.compactMap { criterion -> String? in
                guard case .object(let fields) = criterion, case .identifierOf(let name)? = fields["identifier"] else { return nil }
                return dates[name]
            }.max() ?? own
            rubrics = [stamp(rubric, name: "rubric", date: latest)]
        }
        return Records(
            document: stamp(content.document, name: "document", date: own),
            items: of(.item), associations: of(.association), itemTypes: of(.itemType),
            subjects: of(.subject), licences: of(.licence), rubrics: rubrics,
            documentIdentifier: identity.identifier("document"))
    }

    /// The CFPackage.
    public func package() -> JSONValue {
        let records = records()
        var definitions: [(String, JSONValue?)] = [("CFItemTypes", .array(records.itemTypes)), ("CFLicenses", .array(records.licences))]
        if !records.subjects.isEmpty { definitions.append(("CFSubjects", .array(records.subjects))) }
        return .object([
            ("CFDocument", records.document),
            ("CFItems", .array(records.items)),
            ("CFAssociations", .array(records.associations)),
            ("CFDefinitions", .object(definitions)),
            ("CFRubrics", records.rubrics.isEmpty ? nil : .array(records.rubrics)),
        ])
    }
}
