import CompetencyModel
import XMLSupport

/// Loads edition profiles (`Frameworks/editions/<id>.xml`): safe parse and schema
/// validation. References into the base framework are checked by the export plugin that
/// builds the edition, since only it knows the base.
public struct EditionProfileLoader: Sendable {
    public var documentReader: DocumentReader
    /// Plugin id → top-level sections that plugin ignores, so an order message lists only
    /// the sections that matter for the profile's plugin.
    public var sectionsIgnoredByPlugin: [String: Set<String>]

    public init(documentReader: DocumentReader = DocumentReader(), sectionsIgnoredByPlugin: [String: Set<String>] = [:]) {
        self.documentReader = documentReader
        self.sectionsIgnoredByPlugin = sectionsIgnoredByPlugin
    }

    /// The embedded profile schema, compiled once per process.
    public static let compiledSchema = EmbeddedSchemas.compile(EmbeddedSchemas.edition, name: "edition.xsd")

    /// The compiled schema, or the internal-error diagnostic saying why it is missing.
    public static func schema() throws(LoadFailure) -> XMLSchema {
        try compiledSchema.get()
    }

    public struct Result: Sendable {
        public var profile: EditionProfile?
        public var diagnostics: [Diagnostic]
    }

    public func load(contentsOf path: String) throws(LoadFailure) -> Result {
        try load(bytes: documentReader.readBytes(atPath: path), path: path)
    }

    public func load(bytes: [UInt8], path: String) throws(LoadFailure) -> Result {
        let ignored = sectionsIgnoredByPlugin
        let document = try documentReader.read(
            bytes: bytes, path: path, schema: Self.schema(), order: .edition,
            omittedFromRoot: { root in root.attribute("plugin").flatMap { ignored[$0.value] } ?? [] })
        if !document.schemaDiagnostics.isEmpty {
            return Result(profile: nil, diagnostics: document.schemaDiagnostics.sortedByLocation())
        }
        return Result(profile: EditionProfileDecoder(document: document).decode(), diagnostics: [])
    }
}

/// Which vocabulary a document is in, judged by its root element alone, so `validate` can
/// take frameworks and profiles side by side.
public enum DocumentKind: Sendable {
    case framework, editionProfile, unknown

    public static let frameworkNamespace = "urn:competencykit:framework:1"
    public static let editionNamespace = "urn:competencykit:edition:1"

    public static func of(bytes: [UInt8]) -> DocumentKind {
        // A cheap look at the first start tag; the real parse happens in the loader.
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.contains(editionNamespace) && head.contains("<edition") { return .editionProfile }
        if head.contains(frameworkNamespace) { return .framework }
        return .unknown
    }
}

struct EditionProfileDecoder {
    let document: DocumentReader.Document

    func decode() -> EditionProfile {
        let root = document.root
        let base = root.child("base")
        return EditionProfile(
            id: root.attribute("id")?.value ?? "",
            pluginID: root.attribute("plugin")?.value ?? "",
            base: FrameworkReference(
                frameworkID: base?.attribute("framework")?.value ?? "",
                version: base?.attribute("version")?.value ?? ""),
            title: text(root.child("title")),
            shortTitle: root.child("shortTitle").map { text($0) },
            publisher: text(root.child("publisher")),
            version: text(root.child("version")),
            date: text(root.child("date")),
            licence: root.child("licence").map { text($0) },
            baseURI: root.child("baseURI").map { text($0) },
            audience: text(root.child("audience")),
            description: text(root.child("description")),
            enhancementLabel: root.child("enhancementLabel").map { text($0) },
            publication: root.child("publication").map { element in
                Publication(
                    contact: text(element.child("contact")),
                    email: element.child("email").map { text($0) },
                    telephone: element.child("telephone").map { text($0) },
                    website: element.child("website").map { text($0) },
                    reviewDate: element.child("reviewDate").map { text($0) },
                    abbreviations: element.children("abbreviation").map {
                        Publication.Abbreviation(term: $0.attribute("term")?.value ?? "", expansion: text($0))
                    })
            },
            include: root.child("include").map(selection),
            excludes: root.children("exclude").map(selection),
            groupChanges: (root.child("groups")?.children("group") ?? []).map(groupChange),
            phaseChanges: (root.child("phases")?.children("phase") ?? []).map {
                PhaseChange(phase: reference($0, "ref"), description: text($0.child("description")), rationale: text($0.child("rationale")))
            },
            replacements: (root.child("trainingOptions")?.children("trainingOption") ?? []).compactMap { replacement($0, .training) }
                + (root.child("services")?.children("service") ?? []).compactMap { replacement($0, .service) },
            trainingOptions: (root.child("trainingOptions")?.children("trainingOption") ?? []).map(trainingOption),
            services: (root.child("services")?.children("service") ?? []).map(service),
            strategies: (root.child("strategies")?.children("strategy") ?? []).map(strategy),
            statementOverrides: (root.child("overrides")?.children("statement") ?? []).map {
                StatementOverride(competency: reference($0, "competency"), text: text($0.child("text")), rationale: text($0.child("rationale")))
            },
            trainingOverrides: (root.child("overrides")?.children("training") ?? []).map {
                TrainingOverride(
                    competency: reference($0, "competency"),
                    added: $0.children("add").map { reference($0, "ref") },
                    removed: $0.children("remove").map { reference($0, "ref") },
                    rationale: text($0.child("rationale")))
            },
            signpostOverrides: (root.child("overrides")?.children("signpost") ?? []).map {
                SignpostOverride(
                    competency: reference($0, "competency"),
                    added: $0.children("add").map { reference($0, "ref") },
                    removed: $0.children("remove").map { reference($0, "ref") },
                    rationale: text($0.child("rationale")))
            },
            enhancementOverrides: (root.child("overrides")?.children("enhancement") ?? []).map {
                EnhancementOverride(
                    competency: reference($0, "competency"), text: text($0.child("text")), rationale: text($0.child("rationale")),
                    replacesBase: ["true", "1"].contains($0.attribute("replace")?.value.trimmingCharacters(in: .whitespaces) ?? ""))
            },
            additions: (root.child("additions")?.children("competency") ?? []).map(addition),
            dissemination: (root.child("dissemination")?.children("step") ?? []).map {
                DisseminationStep(audience: text($0.child("audience")), timescale: text($0.child("timescale")), note: $0.child("note").map { text($0) })
            },
            keyMessages: (root.child("keyMessages")?.children("keyMessage") ?? []).map {
                KeyMessage(
                    id: $0.attribute("id")?.value ?? "", title: text($0.child("title")), text: text($0.child("text")),
                    valueStatement: text($0.child("valueStatement")), location: location($0))
            },
            workshops: (root.child("workshops")?.children("workshop") ?? []).map(workshop),
            evaluation: root.child("evaluation").map(evaluation),
            perPhaseDocuments: root.child("wordDocuments")?.attribute("perPhase").map { $0.value == "true" || $0.value == "1" } ?? false,
            location: location(root),
            pluginLocation: root.attribute("plugin").map { document.location($0.position) },
            baseLocation: base.map { location($0) },
            idLocation: root.attribute("id").map { document.location($0.position) })
    }

    private func selection(_ element: XMLElement) -> Selection {
        Selection(
            groups: idList(element, "groups"), phases: idList(element, "phases"),
            areas: idList(element, "areas"), competencies: idList(element, "competencies"),
            training: idList(element, "training"), services: idList(element, "services"),
            rationale: element.child("rationale").map { text($0) }, location: location(element))
    }

    private func groupChange(_ element: XMLElement) -> GroupChange {
        GroupChange(
            group: reference(element, "ref"),
            description: element.child("description").map { text($0) },
            renames: element.children("renameRole").map { RoleRename(role: reference($0, "ref"), name: text($0)) },
            removedRoles: element.children("removeRole").map { reference($0, "ref") },
            addedRoles: element.children("addRole").map { Role(id: $0.attribute("id")?.value ?? "", name: text($0), location: location($0)) },
            rationale: element.child("rationale").map { text($0) })
    }

    private func trainingOption(_ element: XMLElement) -> TrainingOption {
        TrainingOption(
            id: element.attribute("id")?.value ?? "",
            scope: Scope(rawValue: element.attribute("scope")?.value ?? "") ?? .local,
            format: TrainingFormat(rawValue: element.attribute("format")?.value ?? "") ?? .resource,
            title: text(element.child("title")), provider: text(element.child("provider")),
            duration: element.child("duration").map { text($0) }, url: text(element.child("url")),
            location: location(element), urlLocation: element.child("url").map { location($0) })
    }

    private func replacement(_ element: XMLElement, _ kind: CatalogueReplacement.Kind) -> CatalogueReplacement? {
        guard element.attribute("replaces") != nil else { return nil }
        return CatalogueReplacement(kind: kind, replacementID: element.attribute("id")?.value ?? "", replaced: reference(element, "replaces"))
    }

    private func service(_ element: XMLElement) -> Service {
        Service(
            id: element.attribute("id")?.value ?? "",
            scope: Scope(rawValue: element.attribute("scope")?.value ?? "") ?? .local,
            name: text(element.child("name")), description: text(element.child("description")),
            url: element.child("url").map { text($0) },
            location: location(element), urlLocation: element.child("url").map { location($0) })
    }

    private func strategy(_ element: XMLElement) -> Strategy {
        Strategy(
            id: element.attribute("id")?.value ?? "", name: text(element.child("name")),
            description: text(element.child("description")), url: element.child("url").map { text($0) },
            location: location(element))
    }

    private func addition(_ element: XMLElement) -> AddedCompetency {
        var attributeLocations: [String: SourceLocation] = [:]
        for attribute in element.attributes {
            attributeLocations[attribute.name] = document.location(attribute.position)
        }
        let competency = Competency(
            id: element.attribute("id")?.value ?? "",
            code: element.attribute("code")?.value ?? "",
            groupID: element.attribute("group")?.value ?? "",
            kind: CompetencyKind(rawValue: element.attribute("kind")?.value ?? "") ?? .knowledge,
            phaseIDs: words(element.attribute("phases")?.value),
            statement: text(element.child("statement")),
            enhancements: element.children("enhancement").map { text($0) },
            trainingRefs: element.children("training").map { reference($0, "ref") },
            serviceRefs: element.children("signpost").map { reference($0, "ref") },
            topics: element.children("topic").map { text($0) },
            location: location(element),
            attributeLocations: attributeLocations,
            statementLocation: element.child("statement").map { location($0) })
        return AddedCompetency(area: reference(element, "area"), competency: competency, rationale: text(element.child("rationale")))
    }

    /// XSD integers allow surrounding whitespace and a leading plus sign; the schema has
    /// already bounded the value, so it fits.
    private func integer(_ text: String?) -> Int {
        Int((text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    private func workshop(_ element: XMLElement) -> WorkshopPlan {
        WorkshopPlan(
            id: element.attribute("id")?.value ?? "",
            number: integer(element.attribute("number")?.value),
            title: text(element.child("title")),
            duration: text(element.child("duration")),
            purpose: text(element.child("purpose")),
            outcomes: element.children("outcome").map {
                OutcomePlan(
                    id: $0.attribute("id")?.value ?? "", text: text($0.child("text")),
                    develops: $0.children("develops").map { reference($0, "ref") }, location: location($0))
            },
            segments: element.children("segment").map {
                Segment(
                    minutes: integer($0.attribute("minutes")?.value),
                    activity: text($0.child("activity")),
                    keyMessageIDs: idList($0, "keyMessages") ?? IDList([], location: location($0)),
                    outcomeIDs: idList($0, "outcomes") ?? IDList([], location: location($0)),
                    location: location($0))
            },
            location: location(element),
            durationLocation: element.child("duration").map { location($0) })
    }

    private func evaluation(_ element: XMLElement) -> EvaluationPlan {
        let topics = element.child("ediTopics")
        return EvaluationPlan(
            sectors: element.children("sector").map { ChoiceOption(id: $0.attribute("id")?.value ?? "", label: text($0)) },
            agreementScale: (element.child("agreementScale")?.children("point") ?? []).map { text($0) },
            confidenceScale: (element.child("confidenceScale")?.children("point") ?? []).map { text($0) },
            ediTopics: IDList(words(topics?.text), location: topics.map { location($0) }))
    }

    private func idList(_ element: XMLElement, _ attribute: String) -> IDList? {
        element.attribute(attribute).map { IDList(words($0.value), location: document.location($0.position)) }
    }

    private func reference(_ element: XMLElement, _ attribute: String) -> Reference {
        let found = element.attribute(attribute)
        return Reference(found?.value ?? "", location: document.location(found?.position ?? element.position))
    }

    private func words(_ value: String?) -> [String] {
        (value ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    private func text(_ element: XMLElement?) -> String {
        element?.text.collapsingWhitespace ?? ""
    }

    private func location(_ element: XMLElement) -> SourceLocation {
        document.location(element.position)
    }
}
