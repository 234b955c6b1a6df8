import CompetencyModel
import Foundation

/// Codes for what a CASE import reports. Published codes never change meaning.
public enum CASECode {
    /// The file is not JSON, or not a CFPackage.
    public static let unreadable = package("CS101", .error, "The file is not JSON, or not a CASE CFPackage.")
    /// Something CASE does not carry was filled with a stated default (warning).
    public static let defaulted = package("CS102", .warning, "Something the framework needs that CASE does not carry was filled with a stated default.")
    /// Part of the package has no place in the framework model and is left out (warning).
    public static let dropped = package("CS103", .warning, "Part of the CASE package has no place in a framework and is left out.")
    /// A value was rewritten to fit the framework format (an id, a code) (warning).
    public static let rewritten = package("CS104", .warning, "A value was rewritten to fit the framework format, such as a code or an id.")

    /// Every code of this family, in code order, for the catalog.
    public static let descriptors: [DiagnosticDescriptor] = [
        unreadable, defaulted, dropped, rewritten,
    ]

    private static func package(_ code: String, _ severity: Diagnostic.Severity, _ summary: String) -> DiagnosticDescriptor {
        DiagnosticDescriptor(code: code, severity: severity, family: .caseImport, summary: summary)
    }
}

/// Turns a CASE CFPackage into a framework. Packages CompetencyKit wrote come back exactly
/// (what CASE has no field for travels in `extensions.competencykit`); any other package is
/// mapped by its structure, with a located warning for everything defaulted or left out:
///
/// - the document's top-level items (by `isChildOf`) become areas, and the leaves under each
///   become its competencies in tree order (`sequenceNumber`); levels in between are headings
///   the model does not have;
/// - `humanCodingScheme` gives codes, `fullStatement` statements, `CFItemType` the kind;
/// - `educationLevel` gives phases, through the phases' CEDS codes where the package names
///   phases, or one phase per level otherwise;
/// - the first rubric's levels give the rating scale; `exemplar` links give training.
public struct CASEImporter: Sendable {
    public init() {}

    public struct Result: Sendable {
        public var framework: Framework?
        public var diagnostics: [Diagnostic]
    }

    public func run(_ root: JSONNode, file: String) -> Result {
        var run = CASEImportRun(root: root, file: file)
        let framework = run.build()
        return Result(framework: run.diagnostics.hasErrors ? nil : framework, diagnostics: run.diagnostics)
    }

    /// An id in the framework format (lower-case letters, digits, hyphens) made from any text.
    public static func slug(_ text: String) -> String {
        var result = ""
        var lastWasHyphen = true
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastWasHyphen = false
            } else if !lastWasHyphen {
                result += "-"
                lastWasHyphen = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return String(result.prefix(60))
    }
}

private struct CASEImportRun {
    let root: JSONNode
    let file: String
    var diagnostics: [Diagnostic] = []

    init(root: JSONNode, file: String) {
        self.root = root
        self.file = file
    }

    func location(_ node: JSONNode?) -> SourceLocation {
        SourceLocation(file: file, line: node?.line ?? 1, column: node?.column ?? 1)
    }

    mutating func warn(_ code: String, _ message: String, at node: JSONNode?) {
        let pointer = node.map { $0.pointer.isEmpty ? "" : " (at \($0.pointer))" } ?? ""
        diagnostics.append(Diagnostic(severity: .warning, code: code, message: message + pointer, location: location(node)))
    }

    mutating func fail(_ message: String, at node: JSONNode?) {
        let pointer = node.map { $0.pointer.isEmpty ? "" : " (at \($0.pointer))" } ?? ""
        diagnostics.append(Diagnostic(severity: .error, code: CASECode.unreadable.code, message: message + pointer, location: location(node)))
    }

    static func text(_ node: JSONNode?) -> String? {
        guard let raw = node?.string else { return nil }
        let collapsed = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    static func extensions(_ node: JSONNode?) -> JSONNode? {
        node?["extensions"]?["competencykit"]
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-" else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isCode(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    // MARK: - Tree

    struct Node {
        var item: JSONNode
        var identifier: String
        var uri: String?
        var type: String?
    }

    mutating func build() -> Framework? {
        guard case .object = root.value, let document = root["CFDocument"], case .object = document.value else {
            fail("this is not a CASE CFPackage: it has no CFDocument object; give the package (the getCFPackage response), not a single document or item", at: root)
            return nil
        }
        let documentExtras = Self.extensions(document)
        let items = root["CFItems"]?.array ?? []
        var nodes: [String: Node] = [:]
        var byURI: [String: String] = [:]
        var order: [String] = []
        for item in items {
            guard let identifier = item["identifier"]?.string else {
                warn(CASECode.dropped.code, "an item without an identifier is left out", at: item)
                continue
            }
            if nodes[identifier] != nil {
                warn(CASECode.dropped.code, "a second item with identifier \(identifier) is left out", at: item)
                continue
            }
            nodes[identifier] = Node(item: item, identifier: identifier, uri: item["uri"]?.string, type: item["CFItemType"]?.string)
            if let uri = item["uri"]?.string { byURI[uri] = identifier }
            order.append(identifier)
        }
        let documentIdentifier = document["identifier"]?.string ?? ""
        let documentURI = document["uri"]?.string
        func resolve(_ link: JSONNode?) -> String? {
            guard let link else { return nil }
            if let identifier = link["identifier"]?.string, nodes[identifier] != nil || identifier == documentIdentifier { return identifier }
            if let uri = link["uri"]?.string {
                if uri == documentURI { return documentIdentifier }
                return byURI[uri]
            }
            return nil
        }
        var children: [String: [(identifier: String, sequence: Int, index: Int)]] = [:]
        var parent: [String: String] = [:]
        var partOf: [String: [String]] = [:]
        var exemplars: [String: [JSONNode]] = [:]
        var unplaced = 0
        var firstUnplaced: JSONNode?
        for (index, association) in (root["CFAssociations"]?.array ?? []).enumerated() {
            let type = association["associationType"]?.string ?? ""
            guard let origin = resolve(association["originNodeURI"]) else { continue }
            switch type {
            case "isChildOf":
                guard let destination = resolve(association["destinationNodeURI"]) else {
                    unplaced += 1
                    firstUnplaced = firstUnplaced ?? association
                    continue
                }
                guard parent[origin] == nil else { continue }
                parent[origin] = destination
                children[destination, default: []].append((origin, association["sequenceNumber"]?.integer ?? Int.max, index))
            case "isPartOf":
                if let destination = resolve(association["destinationNodeURI"]) { partOf[origin, default: []].append(destination) }
            case "exemplar":
                if let destination = association["destinationNodeURI"] { exemplars[origin, default: []].append(destination) }
            default:
                break
            }
        }
        if unplaced > 0 {
            warn(CASECode.dropped.code, "\(unplaced) isChildOf association\(unplaced == 1 ? "" : "s") point at nothing in the package and are left out", at: firstUnplaced)
        }
        func ordered(_ list: [(identifier: String, sequence: Int, index: Int)]) -> [String] {
            list.sorted { ($0.sequence, $0.index) < ($1.sequence, $1.index) }.map(\.identifier)
        }
        var topLevel = ordered(children[documentIdentifier] ?? [])
        if topLevel.isEmpty {
            topLevel = order.filter { parent[$0] == nil }
            if !topLevel.isEmpty {
                warn(CASECode.defaulted.code, "no item is a child of the document; items with no parent are taken as the top level", at: document)
            }
        }

        // MARK: Phases, groups, catalogue
        let phases = buildPhases(documentExtras: documentExtras, items: items)
        let groupNodes = topLevel.filter { nodes[$0]?.type == "Competency Group" }
        var groups = groupNodes.compactMap { identifier -> CompetencyGroup? in
            guard let node = nodes[identifier] else { return nil }
            let extras = Self.extensions(node.item)
            let name = Self.text(node.item["fullStatement"]) ?? "Group"
            return CompetencyGroup(
                id: extras?["group"]?.string ?? CASEImporter.slug(name), rank: extras?["rank"]?.integer ?? 1, name: name,
                description: Self.text(node.item["notes"]) ?? name,
                roles: (extras?["roles"]?.array ?? []).compactMap { role in
                    guard let id = role["id"]?.string, let name = Self.text(role["name"]) else { return nil }
                    return Role(id: id, name: name)
                })
        }
        groups.sort { $0.rank < $1.rank }
        let groupByNode = Dictionary(zip(groupNodes, groups.map(\.id)), uniquingKeysWith: { first, _ in first })
        if groups.isEmpty {
            groups = [CompetencyGroup(
                id: "everyone", rank: 1, name: "Everyone", description: "Everyone the framework is for; the CASE package does not divide its competencies into groups.",
                roles: [Role(id: "everyone", name: "Everyone the framework is for")])]
            warn(CASECode.defaulted.code, "the package has no competency groups (CASE has no such notion), so every competency is put in one group, 'everyone'", at: document)
        }
        var training = buildTraining(documentExtras: documentExtras, exemplars: exemplars, document: document)
        let services = (documentExtras?["services"]?.array ?? []).compactMap { service -> Service? in
            guard let id = service["id"]?.string, let name = Self.text(service["name"]), let description = Self.text(service["description"]) else { return nil }
            return Service(id: id, scope: Scope(rawValue: service["scope"]?.string ?? "") ?? .local, name: name, description: description, url: service["url"]?.string)
        }

        // MARK: Areas and competencies
        var areas: [Area] = []
        var usedIDs = Set<String>(), usedCodes = Set<String>(), usedAreaCodes = Set<String>()
        var placed = Set<String>(topLevel)
        var cycles = 0
        var droppedHeadings: [JSONNode] = []
        var looseCompetencies: [String] = []
        for identifier in topLevel where groupByNode[identifier] == nil {
            guard let node = nodes[identifier] else { continue }
            let below = ordered(children[identifier] ?? []).filter { nodes[$0]?.type != "Enhancement" }
            if below.isEmpty && node.type != "Competency Area" {
                looseCompetencies.append(identifier)
                continue
            }
            let extras = Self.extensions(node.item)
            let name = Self.text(node.item["fullStatement"]) ?? Self.text(node.item["abbreviatedStatement"]) ?? "Area"
            var areaID = extras?["area"]?.string ?? CASEImporter.slug(node.item["humanCodingScheme"]?.string.map { "\($0) \(name)" } ?? name)
            if areaID.isEmpty { areaID = "area" }
            while areas.contains(where: { $0.id == areaID }) { areaID += "-2" }
            // The leaves under the area, depth first; levels in between are headings.
            var leaves: [String] = []
            func collect(_ identifier: String) {
                // isChildOf links can form a loop in a hostile or broken package; each item is
                // placed once.
                guard placed.insert(identifier).inserted else {
                    cycles += 1
                    return
                }
                let next = ordered(children[identifier] ?? []).filter { nodes[$0]?.type != "Enhancement" }
                if next.isEmpty || Self.extensions(nodes[identifier]?.item)?["id"] != nil {
                    leaves.append(identifier)
                } else {
                    if let heading = nodes[identifier]?.item { droppedHeadings.append(heading) }
                    next.forEach(collect)
                }
            }
            below.forEach(collect)
            // The area's own code if short, else its last part: codes are at most 16 characters.
            var areaCode = node.item["humanCodingScheme"]?.string
                .map { $0.uppercased().split(separator: ".").last.map(String.init) ?? $0 }
                .flatMap { Self.isCode($0) && $0.count <= 8 ? $0 : nil }
                ?? String(CASEImporter.slug(name).filter { $0.isLetter }.prefix(3)).uppercased().nonEmpty ?? "AREA"
            // Two areas must not make the same codes.
            if usedAreaCodes.contains(areaCode) {
                var number = 2
                while usedAreaCodes.contains("\(areaCode)\(number)") { number += 1 }
                areaCode = "\(areaCode)\(number)"
            }
            usedAreaCodes.insert(areaCode)
            let competencies = leaves.enumerated().compactMap { index, leaf in
                competency(nodes[leaf], index: index + 1, areaCode: areaCode, phases: phases, groups: groups, groupByNode: groupByNode,
                           partOf: partOf[leaf] ?? [], exemplars: exemplars[leaf] ?? [], training: &training,
                           enhancementNodes: ordered(children[leaf] ?? []).compactMap { nodes[$0] }.filter { $0.type == "Enhancement" },
                           usedIDs: &usedIDs, usedCodes: &usedCodes)
            }
            areas.append(Area(id: areaID, name: name, description: Self.text(node.item["notes"]) ?? Self.text(node.item["description"]), competencies: competencies))
        }
        if !looseCompetencies.isEmpty {
            let competencies = looseCompetencies.enumerated().compactMap { index, leaf in
                competency(nodes[leaf], index: index + 1, areaCode: "GEN", phases: phases, groups: groups, groupByNode: groupByNode,
                           partOf: partOf[leaf] ?? [], exemplars: exemplars[leaf] ?? [], training: &training,
                           enhancementNodes: [], usedIDs: &usedIDs, usedCodes: &usedCodes)
            }
            areas.append(Area(id: "general", name: "General", description: nil, competencies: competencies))
            warn(CASECode.defaulted.code, "\(looseCompetencies.count) item\(looseCompetencies.count == 1 ? " sits" : "s sit") directly under the document; \(looseCompetencies.count == 1 ? "it is" : "they are") put in an area called General", at: nodes[looseCompetencies[0]]?.item)
        }
        if cycles > 0 {
            warn(CASECode.dropped.code, "the isChildOf links loop back on themselves \(cycles) time\(cycles == 1 ? "" : "s"); each item is placed once, under the first parent reached", at: root["CFAssociations"])
        }
        if let first = droppedHeadings.first {
            warn(CASECode.dropped.code, "\(droppedHeadings.count) item\(droppedHeadings.count == 1 ? " is a heading" : "s are headings") between an area and its competencies; the framework has no such level, so \(droppedHeadings.count == 1 ? "its" : "their") text is left out and the competencies under \(droppedHeadings.count == 1 ? "it" : "them") join the area", at: first)
        }
        if areas.isEmpty || areas.allSatisfy({ $0.competencies.isEmpty }) {
            fail("the package has no items under its document to turn into competencies", at: root["CFItems"] ?? root)
        }
        let metadata = buildMetadata(document, extras: documentExtras)
        let scale = buildScale()
        guard let metadata else { return nil }
        return Framework(
            metadata: metadata, phases: phases, groups: groups, ratingScale: RatingScale(points: scale),
            trainingOptions: training, services: services, areas: areas)
    }

    // MARK: - Competencies

    mutating func competency(
        _ node: Node?, index: Int, areaCode: String, phases: [Phase], groups: [CompetencyGroup], groupByNode: [String: String],
        partOf: [String], exemplars: [JSONNode], training: inout [TrainingOption], enhancementNodes: [Node],
        usedIDs: inout Set<String>, usedCodes: inout Set<String>
    ) -> Competency? {
        guard let node else { return nil }
        let item = node.item
        let extras = Self.extensions(item)
        guard let statement = Self.text(item["fullStatement"]) else {
            warn(CASECode.dropped.code, "an item with no fullStatement is left out", at: item)
            return nil
        }
        // Code: the package's if it fits the format, else one made from the area.
        var code = item["humanCodingScheme"]?.string?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        if !Self.isCode(code) || code.count > 16 || usedCodes.contains(code) {
            let original = code
            code = "\(areaCode).\(index)"
            while usedCodes.contains(code) { code += "X" }
            if !original.isEmpty { rewrittenCodes.append((original, code, item["humanCodingScheme"])) }
        }
        usedCodes.insert(code)
        var id = extras?["id"]?.string ?? CASEImporter.slug(code)
        if !Self.isIdentifier(id) { id = CASEImporter.slug(id) }
        if id.isEmpty { id = "competency-\(index)" }
        while usedIDs.contains(id) { id += "-2" }
        usedIDs.insert(id)

        let kinds: [String: CompetencyKind] = ["knowledge": .knowledge, "skill": .skill, "understanding": .understanding]
        let kind = extras?["kind"]?.string.flatMap { kinds[$0] } ?? node.type.flatMap { kinds[$0.lowercased()] }
        if kind == nil { kindDefaulted.append(item) }

        let group = extras?["group"]?.string.flatMap { id in groups.contains { $0.id == id } ? id : nil }
            ?? partOf.compactMap { groupByNode[$0] }.first ?? groups[0].id

        let levels = item["educationLevel"]?.strings ?? []
        var phaseIDs = extras?["phases"]?.strings.filter { id in phases.contains { $0.id == id } } ?? []
        if phaseIDs.isEmpty {
            phaseIDs = phases.filter { phase in !phase.cedsLevels.isEmpty && Set(phase.cedsLevels).isSubset(of: Set(levels)) }.map(\.id)
        }
        if phaseIDs.isEmpty {
            phaseIDs = phases.filter { phase in phase.cedsLevels.contains { levels.contains($0) } }.map(\.id)
        }
        if phaseIDs.isEmpty { phaseIDs = phases.map(\.id) }

        var trainingIDs = extras?["training"]?.strings ?? []
        if extras?["training"] == nil {
            for link in exemplars {
                guard let url = link["uri"]?.string, let option = training.first(where: { $0.url == url }) else { continue }
                if !trainingIDs.contains(option.id) { trainingIDs.append(option.id) }
            }
        }
        let phaseNames = Set(phases.map(\.name))
        let topics = extras?["topics"]?.strings
            ?? (item["conceptKeywords"]?.strings ?? []).filter { !phaseNames.contains($0) }.map(CASEImporter.slug).filter { !$0.isEmpty }
        return Competency(
            id: id, code: code, groupID: group, kind: kind ?? .knowledge, phaseIDs: phaseIDs, statement: statement,
            enhancements: enhancementNodes.compactMap { Self.text($0.item["fullStatement"]) },
            trainingRefs: trainingIDs.map { Reference($0) },
            serviceRefs: (extras?["signposts"]?.strings ?? []).map { Reference($0) },
            topics: Array(NSOrderedSet(array: topics).compactMap { $0 as? String }))
    }

    var kindDefaulted: [JSONNode] = []
    var rewrittenCodes: [(original: String, code: String, node: JSONNode?)] = []

    // MARK: - Phases

    static let levelNames: [String: String] = [
        "IT": "Infants and toddlers", "PR": "Preschool", "PK": "Prekindergarten", "TK": "Transitional kindergarten",
        "KG": "Kindergarten", "PS": "Postsecondary", "UG": "Ungraded", "AE": "Adult education", "OT": "Other",
    ]

    mutating func buildPhases(documentExtras: JSONNode?, items: [JSONNode]) -> [Phase] {
        let declared = (documentExtras?["phases"]?.array ?? []).compactMap { phase -> Phase? in
            guard let id = phase["id"]?.string, let name = Self.text(phase["name"]) else { return nil }
            return Phase(id: id, name: name, description: Self.text(phase["description"]), cedsLevels: phase["ceds"]?.strings ?? [])
        }
        if !declared.isEmpty { return declared }
        let order = ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "AE", "OT"]
        let used = Set(items.flatMap { $0["educationLevel"]?.strings ?? [] }.map { $0.uppercased() })
        let levels = order.filter(used.contains)
        if levels.isEmpty {
            warn(CASECode.defaulted.code, "no item gives an educationLevel, so the framework has one phase, 'all-ages'", at: root["CFDocument"])
            return [Phase(id: "all-ages", name: "All ages")]
        }
        if used.count > levels.count {
            warn(CASECode.dropped.code, "educationLevel values that are not CEDS codes are left out: \(used.subtracting(levels).sorted().joined(separator: ", "))", at: root["CFItems"])
        }
        warn(CASECode.defaulted.code, "the package names no phases, so each CEDS education level it uses becomes one: \(levels.joined(separator: ", "))", at: root["CFDocument"])
        return levels.map { level in
            let name = Self.levelNames[level] ?? "Grade \(Int(level) ?? 0)"
            return Phase(id: "ceds-\(level.lowercased())", name: name, cedsLevels: [level])
        }
    }

    // MARK: - Training

    mutating func buildTraining(documentExtras: JSONNode?, exemplars: [String: [JSONNode]], document: JSONNode) -> [TrainingOption] {
        if let declared = documentExtras?["trainingOptions"]?.array {
            return declared.compactMap { option in
                guard let id = option["id"]?.string, let title = Self.text(option["title"]), let provider = Self.text(option["provider"]), let url = option["url"]?.string else { return nil }
                return TrainingOption(
                    id: id, scope: Scope(rawValue: option["scope"]?.string ?? "") ?? .national,
                    format: TrainingFormat(rawValue: option["format"]?.string ?? "") ?? .resource,
                    title: title, provider: provider, duration: option["duration"]?.string, url: url)
            }
        }
        var options: [TrainingOption] = []
        var first: JSONNode?
        for link in exemplars.values.flatMap({ $0 }) {
            guard let url = link["uri"]?.string, url.hasPrefix("https://") || url.hasPrefix("http://"), !options.contains(where: { $0.url == url }) else { continue }
            first = first ?? link
            let title = Self.text(link["title"]) ?? url
            var id = CASEImporter.slug(title)
            if id.isEmpty { id = "training" }
            while options.contains(where: { $0.id == id }) { id += "-2" }
            options.append(TrainingOption(
                id: id, scope: .national, format: .resource, title: title,
                provider: Self.text(document["publisher"]) ?? Self.text(document["creator"]) ?? "Not stated", url: url))
        }
        if let first {
            warn(CASECode.defaulted.code, "\(options.count) exemplar link\(options.count == 1 ? " becomes a training option" : "s become training options"); CASE does not say their format or provider, so they are recorded as national resources from the document's publisher", at: first)
        }
        return options
    }

    // MARK: - Scale and metadata

    mutating func buildScale() -> [RatingPoint] {
        let levels = root["CFRubrics"]?.array.first?["CFRubricCriteria"]?.array.first?["CFRubricCriterionLevels"]?.array ?? []
        var points: [RatingPoint] = []
        for (index, level) in levels.enumerated() {
            let value = level["score"]?.integer ?? level["position"]?.integer ?? index + 1
            guard !points.contains(where: { $0.value == value }) else { continue }
            points.append(RatingPoint(
                value: value, label: Self.text(level["quality"]) ?? "Level \(value)",
                descriptor: Self.text(level["description"]) ?? Self.text(level["quality"]) ?? "Level \(value)"))
        }
        points.sort { $0.value < $1.value }
        if !points.isEmpty { return points }
        warn(CASECode.defaulted.code, "the package has no rubric, so the framework gets CompetencyKit's four-point self-assessment scale", at: root["CFDocument"])
        return [
            RatingPoint(value: 1, label: "Not yet confident", descriptor: "I have little or no experience of this yet."),
            RatingPoint(value: 2, label: "Developing", descriptor: "I can do this with support."),
            RatingPoint(value: 3, label: "Confident", descriptor: "I do this on my own as part of my work."),
            RatingPoint(value: 4, label: "Confident to support others", descriptor: "I could help colleagues learn this."),
        ]
    }

    mutating func buildMetadata(_ document: JSONNode, extras: JSONNode?) -> FrameworkMetadata? {
        if let first = rewrittenCodes.first {
            let count = rewrittenCodes.count
            warn(CASECode.rewritten.code, "\(count) code\(count == 1 ? " does" : "s do") not fit the framework's codes (at most 16 characters: a capital letter, then capitals, digits, dots or hyphens, each used once), so \(count == 1 ? "it is" : "they are") rewritten from the area, such as '\(first.original)' → \(first.code)", at: first.node)
        }
        if let first = kindDefaulted.first {
            warn(CASECode.defaulted.code, "\(kindDefaulted.count) item\(kindDefaulted.count == 1 ? "'s" : "s'") CFItemType is not Knowledge, Skill or Understanding, so \(kindDefaulted.count == 1 ? "it is" : "they are") recorded as knowledge", at: first)
        }
        guard let caseTitle = Self.text(document["title"]) else {
            fail("the CFDocument has no title", at: document)
            return nil
        }
        let title = extras?["title"]?.string ?? caseTitle
        var id = extras?["id"]?.string ?? CASEImporter.slug(title)
        if id.isEmpty { id = "framework" }
        var version = document["version"]?.string ?? ""
        if !Self.isIdentifier(version) {
            let original = version
            version = CASEImporter.slug(version)
            if version.isEmpty { version = "1" }
            if !original.isEmpty { warn(CASECode.rewritten.code, "the version '\(original)' is written \(version), as versions are ids", at: document["version"]) }
        }
        let date = (document["statusStartDate"]?.string ?? document["lastChangeDateTime"]?.string).map { String($0.prefix(10)) }
        if date == nil { warn(CASECode.defaulted.code, "the document has no statusStartDate or lastChangeDateTime; the date 1970-01-01 stands in", at: document) }
        let licenceTitle = document["licenseURI"]?["title"]?.string ?? root["CFDefinitions"]?["CFLicenses"]?.array.first?["title"]?.string
        if licenceTitle == nil { warn(CASECode.defaulted.code, "the document names no licence; the framework says 'Licence not stated'", at: document) }
        let language = document["language"]?.string ?? "en"
        if document["language"] == nil { warn(CASECode.defaulted.code, "the document gives no language; en is assumed", at: document) }
        let description = Self.text(document["description"]) ?? title
        var baseURI = extras?["baseURI"]?.string
        if baseURI == nil, let uri = document["uri"]?.string, uri.hasPrefix("https://"), let range = uri.range(of: "/ims/case/v1p1/") ?? uri.range(of: "/ims/case/v1p0/") {
            baseURI = String(uri[..<range.lowerBound])
        }
        let derived = extras?["derivedFrom"]?.string.flatMap { text -> FrameworkReference? in
            let parts = text.split(separator: "@").map(String.init)
            return parts.count == 2 ? FrameworkReference(frameworkID: parts[0], version: parts[1]) : nil
        }
        return FrameworkMetadata(
            id: id, version: version, title: title, publisher: Self.text(document["publisher"]) ?? Self.text(document["creator"]) ?? "Not stated",
            date: date ?? "1970-01-01", licence: licenceTitle ?? "Licence not stated", language: language, derivedFrom: derived,
            description: description, credit: extras?["credit"]?.string, licenceURL: extras?["licenceURL"]?.string,
            baseURI: baseURI, subject: extras?["subject"]?.string ?? document["subject"]?.strings.first,
            shortTitle: extras?["shortTitle"]?.string ?? (title.count > 120 && caseTitle.count <= 120 ? caseTitle : nil))
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
