import CompetencyModel
import XMLSupport

/// Builds the model straight from the stream reader's events: the same framework, field for
/// field and location for location, as `FrameworkXMLDecoder` makes from a tree, without the
/// tree. The schema has been checked by the time the document ends; until then the decoder
/// trusts nothing and the result is dropped if the stream stops early.
struct FrameworkStreamDecoder: XMLStreamHandler {
    let path: String

    private var metadata = FrameworkMetadata(id: "", version: "", title: "", publisher: "", date: "", licence: "", language: "", description: "")
    private var location: SourceLocation?
    private var phases: [Phase] = []
    private var groups: [CompetencyGroup] = []
    private var ratingScale = RatingScale(points: [])
    private var trainingOptions: [TrainingOption] = []
    private var services: [Service] = []
    private var areas: [Area] = []

    // The entity being read, innermost last; only one of each kind can be open.
    private var phase: Phase?
    private var group: CompetencyGroup?
    private var role: Role?
    private var point: RatingPoint?
    private var training: TrainingOption?
    private var service: Service?
    private var area: Area?
    private var competency: Competency?

    /// Names of the open elements, root first.
    private var open: [String] = []
    private var text = ""
    private var textPosition = XMLPosition(line: 1, column: 1)

    init(path: String) {
        self.path = path
    }

    var framework: Framework {
        Framework(
            metadata: metadata, phases: phases, groups: groups, ratingScale: ratingScale,
            trainingOptions: trainingOptions, services: services, areas: areas, location: location)
    }

    private func at(_ position: XMLPosition) -> SourceLocation {
        SourceLocation(file: path, line: position.line, column: position.column)
    }

    mutating func start(_ element: StreamElement) {
        open.append(element.name)
        text = ""
        textPosition = element.position
        let here = at(element.position)
        func value(_ name: String) -> String { element.attribute(name)?.value ?? "" }
        func words(_ name: String) -> [String] { value(name).split(whereSeparator: { $0.isWhitespace }).map(String.init) }
        func integer(_ name: String) -> Int { Int(value(name).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        func reference() -> Reference {
            let attribute = element.attribute("ref")
            return Reference(attribute?.value ?? "", location: at(attribute?.position ?? element.position))
        }
        switch (open.count, element.name) {
        case (1, _):
            metadata.id = value("id")
            metadata.version = value("version")
            location = here
        case (2, "derivedFrom"):
            metadata.derivedFrom = FrameworkReference(frameworkID: value("framework"), version: value("version"))
            metadata.derivedFromLocation = here
        case (3, "phase"):
            phase = Phase(id: value("id"), name: "", cedsLevels: words("ceds"), location: here)
        case (3, "group"):
            group = CompetencyGroup(
                id: value("id"), rank: integer("rank"), name: "", description: "", roles: [], location: here,
                rankLocation: element.attribute("rank").map { at($0.position) })
        case (5, "role"):
            role = Role(id: value("id"), name: "", location: here)
        case (2, "ratingScale"):
            ratingScale.location = here
        case (3, "point"):
            point = RatingPoint(value: integer("value"), label: "", descriptor: "", location: here)
        case (3, "trainingOption"):
            training = TrainingOption(
                id: value("id"), scope: Scope(rawValue: value("scope")) ?? .national,
                format: TrainingFormat(rawValue: value("format")) ?? .resource, title: "", provider: "", url: "", location: here)
        case (3, "service"):
            service = Service(id: value("id"), scope: Scope(rawValue: value("scope")) ?? .national, name: "", description: "", location: here)
        case (3, "area"):
            area = Area(id: value("id"), name: "", competencies: [], location: here)
        case (4, "competency"):
            var attributeLocations: [String: SourceLocation] = [:]
            attributeLocations.reserveCapacity(element.attributes.count)
            for attribute in element.attributes { attributeLocations[attribute.name] = at(attribute.position) }
            competency = Competency(
                id: value("id"), code: value("code"), groupID: value("group"),
                kind: CompetencyKind(rawValue: value("kind")) ?? .knowledge, phaseIDs: words("phases"), statement: "",
                location: here, attributeLocations: attributeLocations)
        case (5, "training") where competency != nil:
            let made = reference()
            competency?.trainingRefs.append(made)
        case (5, "signpost") where competency != nil:
            let made = reference()
            competency?.serviceRefs.append(made)
        case (5, "statement") where competency != nil:
            competency?.statementLocation = here
        case (4, "url") where training != nil:
            training?.urlLocation = here
        case (4, "url") where service != nil:
            service?.urlLocation = here
        default:
            break
        }
    }

    mutating func text(_ text: String) {
        self.text += text
    }

    mutating func end() {
        guard let name = open.popLast() else { return }
        // The element that held the one ending.
        let owner = open.last ?? ""
        let value = text.collapsingWhitespace
        text = ""
        switch (open.count, owner, name) {
        case (1, _, "title"): metadata.title = value
        case (1, _, "publisher"): metadata.publisher = value
        case (1, _, "date"): metadata.date = value
        case (1, _, "licence"): metadata.licence = value
        case (1, _, "language"): metadata.language = value
        case (1, _, "description"): metadata.description = value
        case (1, _, "credit"): metadata.credit = value
        case (1, _, "licenceURL"): metadata.licenceURL = value
        case (1, _, "baseURI"): metadata.baseURI = value
        case (1, _, "subject"): metadata.subject = value
        case (1, _, "shortTitle"): metadata.shortTitle = value
        case (3, "phase", "name"): phase?.name = value
        case (3, "phase", "description"): phase?.description = value
        case (2, _, "phase"): if let phase { phases.append(phase) }; phase = nil
        case (3, "group", "name"): group?.name = value
        case (3, "group", "description"): group?.description = value
        case (4, _, "role"):
            role?.name = value
            if let role { group?.roles.append(role) }
            role = nil
        case (2, _, "group"): if let group { groups.append(group) }; group = nil
        case (3, "point", "label"): point?.label = value
        case (3, "point", "descriptor"): point?.descriptor = value
        case (2, _, "point"): if let point { ratingScale.points.append(point) }; point = nil
        case (3, "trainingOption", "title"): training?.title = value
        case (3, "trainingOption", "provider"): training?.provider = value
        case (3, "trainingOption", "duration"): training?.duration = value
        case (3, "trainingOption", "url"): training?.url = value
        case (2, _, "trainingOption"): if let training { trainingOptions.append(training) }; training = nil
        case (3, "service", "name"): service?.name = value
        case (3, "service", "description"): service?.description = value
        case (3, "service", "url"): service?.url = value
        case (2, _, "service"): if let service { services.append(service) }; service = nil
        case (3, "area", "name"): area?.name = value
        case (3, "area", "description"): area?.description = value
        case (4, "competency", "statement"): competency?.statement = value
        case (4, "competency", "enhancement"): competency?.enhancements.append(value)
        case (4, "competency", "topic"): competency?.topics.append(value)
        case (3, _, "competency"):
            if let competency { area?.competencies.append(competency) }
            competency = nil
        case (2, _, "area"): if let area { areas.append(area) }; area = nil
        default: break
        }
    }
}
