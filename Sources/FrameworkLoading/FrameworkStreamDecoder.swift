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

    /// The vocabulary's element names, so that each element is looked up once and the
    /// decoder then switches on a small enum rather than comparing strings.
    enum Tag: UInt8 {
        case other, framework, title, shortTitle, publisher, date, licence, licenceURL, language, baseURI, subject
        case derivedFrom, description, credit, phases, phase, name, groups, group, roles, role, ratingScale, point, label
        case descriptor, trainingOptions, trainingOption, provider, duration, url, services, service, areas, area
        case competency, statement, enhancement, training, signpost, topic

        /// Elements that hold other elements and no text of their own.
        var holdsOnlyElements: Bool {
            switch self {
            case .framework, .phases, .phase, .groups, .group, .roles, .ratingScale, .point, .trainingOptions, .trainingOption,
                 .services, .service, .areas, .area, .competency, .derivedFrom, .training, .signpost:
                true
            default:
                false
            }
        }
    }

    private static let tags: [String: Tag] = [
        "framework": .framework, "title": .title, "shortTitle": .shortTitle, "publisher": .publisher, "date": .date,
        "licence": .licence, "licenceURL": .licenceURL, "language": .language, "baseURI": .baseURI, "subject": .subject,
        "derivedFrom": .derivedFrom, "description": .description, "credit": .credit, "phases": .phases, "phase": .phase,
        "name": .name, "groups": .groups, "group": .group, "roles": .roles, "role": .role, "ratingScale": .ratingScale,
        "point": .point, "label": .label, "descriptor": .descriptor, "trainingOptions": .trainingOptions,
        "trainingOption": .trainingOption, "provider": .provider, "duration": .duration, "url": .url, "services": .services,
        "service": .service, "areas": .areas, "area": .area, "competency": .competency, "statement": .statement,
        "enhancement": .enhancement, "training": .training, "signpost": .signpost, "topic": .topic,
    ]

    /// The open elements, root first.
    private var open: [Tag] = []
    /// Tags by the reader's number for each name, so a name is looked up once per document.
    private var tagsByNumber = [Tag?](repeating: nil, count: 1_024)

    private mutating func tag(_ element: StreamElement) -> Tag {
        guard element.nameNumber >= 0, element.nameNumber < tagsByNumber.count else { return Self.tags[element.name] ?? .other }
        if let known = tagsByNumber[element.nameNumber] { return known }
        let found = Self.tags[element.name] ?? .other
        tagsByNumber[element.nameNumber] = found
        return found
    }
    private var text = ""
    /// Phase lists by their text: most competencies share a handful of lists, and one
    /// array each is 100 bytes or more.
    private var phaseLists: [String: [String]] = [:]
    /// Whether the element now open is one whose text the model keeps.
    private var keepsText = false

    /// Where finished areas go, to be checked while the rest is read.
    let background: BackgroundCompetencyPass?

    /// A guess at the number of competencies, to size the walk's tables once.
    let expectedCompetencies: Int

    init(path: String, background: BackgroundCompetencyPass? = nil, expectedCompetencies: Int = 0) {
        self.path = path
        self.background = background
        self.expectedCompetencies = expectedCompetencies
    }

    var framework: Framework {
        Framework(
            metadata: metadata, phases: phases, groups: groups, ratingScale: ratingScale,
            trainingOptions: trainingOptions, services: services, areas: areas, location: location)
    }

    private mutating func phaseList(_ text: String) -> [String] {
        if let known = phaseLists[text] { return known }
        let list = text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
        // A framework with a list per competency gains nothing from remembering them.
        if phaseLists.count < 1_024 { phaseLists[text] = list }
        return list
    }


    mutating func start(_ element: StreamElement) {
        let tag = self.tag(element)
        open.append(tag)
        text = ""
        keepsText = !tag.holdsOnlyElements
        // Locations are made from a local copy of the path: a nested function that reached
        // for `self.path` would copy the whole decoder at every reference.
        let path = self.path
        func at(_ position: XMLPosition) -> SourceLocation {
            SourceLocation(file: path, line: position.line, column: position.column)
        }
        let here = at(element.position)
        func value(_ name: String) -> String { element.attribute(name)?.value ?? "" }
        // The schema's list types are split on XML white space, which attribute-value
        // normalisation has already turned into spaces; splitting bytes avoids Unicode
        // property look-ups for every phase list.
        func words(_ name: String) -> [String] {
            value(name).utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).map { String(decoding: $0, as: UTF8.self) }
        }
        func integer(_ name: String) -> Int { Int(value(name).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        func reference() -> Reference {
            let attribute = element.attribute("ref")
            return Reference(attribute?.value ?? "", location: at(attribute?.position ?? element.position))
        }
        switch (open.count, tag) {
        case (1, _):
            metadata.id = value("id")
            metadata.version = value("version")
            location = here
        case (2, .derivedFrom):
            metadata.derivedFrom = FrameworkReference(frameworkID: value("framework"), version: value("version"))
            metadata.derivedFromLocation = here
        case (3, .phase):
            phase = Phase(id: value("id"), name: "", cedsLevels: words("ceds"), location: here)
        case (3, .group):
            group = CompetencyGroup(
                id: value("id"), rank: integer("rank"), name: "", description: "", roles: [], location: here,
                rankLocation: element.attribute("rank").map { at($0.position) })
        case (5, .role):
            role = Role(id: value("id"), name: "", location: here)
        case (2, .ratingScale):
            ratingScale.location = here
        case (3, .point):
            point = RatingPoint(value: integer("value"), label: "", descriptor: "", location: here)
        case (3, .trainingOption):
            training = TrainingOption(
                id: value("id"), scope: Scope(rawValue: value("scope")) ?? .national,
                format: TrainingFormat(rawValue: value("format")) ?? .resource, title: "", provider: "", url: "", location: here)
        case (3, .service):
            service = Service(id: value("id"), scope: Scope(rawValue: value("scope")) ?? .national, name: "", description: "", location: here)
        case (2, .areas):
            // Everything before the areas is known now; the walk can start.
            background?.begin(with: framework, expecting: expectedCompetencies)
        case (3, .area):
            area = Area(id: value("id"), name: "", competencies: [], location: here)
        case (4, .competency):
            let positions = element.attributes.map {
                AttributePositions.Entry(name: $0.name, line: Int32(clamping: $0.position.line), column: Int32(clamping: $0.position.column))
            }
            competency = Competency(
                id: value("id"), code: value("code"), groupID: value("group"),
                kind: CompetencyKind(rawValue: value("kind")) ?? .knowledge, phaseIDs: phaseList(value("phases")), statement: "",
                location: here,
                attributePositions: element.attributes.contains { Int32(exactly: $0.position.line) == nil || Int32(exactly: $0.position.column) == nil }
                    ? AttributePositions(Dictionary(element.attributes.map { ($0.name, at($0.position)) }, uniquingKeysWith: { first, _ in first }))
                    : AttributePositions(file: path, entries: positions))
        case (5, .training) where competency != nil:
            let made = reference()
            competency?.trainingRefs.append(made)
        case (5, .signpost) where competency != nil:
            let made = reference()
            competency?.serviceRefs.append(made)
        case (5, .statement) where competency != nil:
            competency?.statementLocation = here
        case (4, .url) where training != nil:
            training?.urlLocation = here
        case (4, .url) where service != nil:
            service?.urlLocation = here
        default:
            break
        }
    }

    /// Text matters only inside the elements whose text the model keeps; the white space
    /// between the others is never turned into strings.
    var wantsText: Bool { keepsText }

    mutating func text(_ text: String) {
        self.text += text
    }

    mutating func end() {
        guard let name = open.popLast() else { return }
        // The element that held the one ending.
        let owner = open.last ?? .other
        let value = keepsText ? text.collapsingWhitespace : ""
        text = ""
        // Whatever encloses an element holds elements, not text.
        keepsText = false
        switch (open.count, owner, name) {
        case (1, _, .title): metadata.title = value
        case (1, _, .publisher): metadata.publisher = value
        case (1, _, .date): metadata.date = value
        case (1, _, .licence): metadata.licence = value
        case (1, _, .language): metadata.language = value
        case (1, _, .description): metadata.description = value
        case (1, _, .credit): metadata.credit = value
        case (1, _, .licenceURL): metadata.licenceURL = value
        case (1, _, .baseURI): metadata.baseURI = value
        case (1, _, .subject): metadata.subject = value
        case (1, _, .shortTitle): metadata.shortTitle = value
        case (3, .phase, .name): phase?.name = value
        case (3, .phase, .description): phase?.description = value
        case (2, _, .phase): if let done = phase.take() { phases.append(done) }
        case (3, .group, .name): group?.name = value
        case (3, .group, .description): group?.description = value
        case (4, _, .role):
            role?.name = value
            if let done = role.take() { group?.roles.append(done) }
        case (2, _, .group): if let done = group.take() { groups.append(done) }
        case (3, .point, .label): point?.label = value
        case (3, .point, .descriptor): point?.descriptor = value
        case (2, _, .point): if let done = point.take() { ratingScale.points.append(done) }
        case (3, .trainingOption, .title): training?.title = value
        case (3, .trainingOption, .provider): training?.provider = value
        case (3, .trainingOption, .duration): training?.duration = value
        case (3, .trainingOption, .url): training?.url = value
        case (2, _, .trainingOption): if let done = training.take() { trainingOptions.append(done) }
        case (3, .service, .name): service?.name = value
        case (3, .service, .description): service?.description = value
        case (3, .service, .url): service?.url = value
        case (2, _, .service): if let done = service.take() { services.append(done) }
        case (3, .area, .name): area?.name = value
        case (3, .area, .description): area?.description = value
        case (4, .competency, .statement): competency?.statement = value
        case (4, .competency, .enhancement): competency?.enhancements.append(value)
        case (4, .competency, .topic): competency?.topics.append(value)
        case (3, _, .competency):
            if let done = competency.take() { area?.competencies.append(done) }
        case (2, _, .area):
            if let done = area.take() {
                areas.append(done)
                background?.add(done)
            }
        default: break
        }
    }
}
