import CompetencyModel
import Foundation
import XMLSupport

/// Turns a schema-valid framework tree into the model, keeping where each entity was read.
/// The schema has already enforced structure, so missing pieces fall back to empty values
/// rather than errors.
struct FrameworkXMLDecoder {
    let document: DocumentReader.Document

    func decode() -> Framework {
        let root = document.root
        let derived = root.child("derivedFrom")
        let metadata = FrameworkMetadata(
            id: root.attribute("id")?.value ?? "",
            version: root.attribute("version")?.value ?? "",
            title: text(root.child("title")),
            publisher: text(root.child("publisher")),
            date: text(root.child("date")),
            licence: text(root.child("licence")),
            language: text(root.child("language")),
            derivedFrom: derived.map {
                FrameworkReference(
                    frameworkID: $0.attribute("framework")?.value ?? "",
                    version: $0.attribute("version")?.value ?? "")
            },
            description: text(root.child("description")),
            credit: root.child("credit").map { text($0) },
            licenceURL: root.child("licenceURL").map { text($0) },
            baseURI: root.child("baseURI").map { text($0) },
            subject: root.child("subject").map { text($0) },
            shortTitle: root.child("shortTitle").map { text($0) },
            derivedFromLocation: derived.map { location($0) })
        return Framework(
            metadata: metadata,
            phases: (root.child("phases")?.children("phase") ?? []).map(decodePhase),
            groups: (root.child("groups")?.children("group") ?? []).map(decodeGroup),
            ratingScale: decodeScale(root.child("ratingScale")),
            trainingOptions: (root.child("trainingOptions")?.children("trainingOption") ?? []).map(decodeTraining),
            services: (root.child("services")?.children("service") ?? []).map(decodeService),
            areas: (root.child("areas")?.children("area") ?? []).map(decodeArea),
            location: location(root))
    }

    private func decodePhase(_ element: XMLElement) -> Phase {
        Phase(
            id: id(element), name: text(element.child("name")),
            description: element.child("description").map { text($0) },
            cedsLevels: (element.attribute("ceds")?.value ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init),
            location: location(element))
    }

    private func decodeGroup(_ element: XMLElement) -> CompetencyGroup {
        CompetencyGroup(
            id: id(element),
            rank: integer(element.attribute("rank")?.value),
            name: text(element.child("name")),
            description: text(element.child("description")),
            roles: (element.child("roles")?.children("role") ?? []).map {
                Role(id: id($0), name: text($0), location: location($0))
            },
            location: location(element),
            rankLocation: element.attribute("rank").map { document.location($0.position) })
    }

    private func decodeScale(_ element: XMLElement?) -> RatingScale {
        guard let element else { return RatingScale(points: []) }
        return RatingScale(
            points: element.children("point").map {
                RatingPoint(
                    value: integer($0.attribute("value")?.value),
                    label: text($0.child("label")),
                    descriptor: text($0.child("descriptor")),
                    location: location($0))
            },
            location: location(element))
    }

    private func decodeTraining(_ element: XMLElement) -> TrainingOption {
        TrainingOption(
            id: id(element),
            scope: Scope(rawValue: element.attribute("scope")?.value ?? "") ?? .national,
            format: TrainingFormat(rawValue: element.attribute("format")?.value ?? "") ?? .resource,
            title: text(element.child("title")),
            provider: text(element.child("provider")),
            duration: element.child("duration").map { text($0) },
            url: text(element.child("url")),
            location: location(element),
            urlLocation: element.child("url").map { location($0) })
    }

    private func decodeService(_ element: XMLElement) -> Service {
        Service(
            id: id(element),
            scope: Scope(rawValue: element.attribute("scope")?.value ?? "") ?? .national,
            name: text(element.child("name")),
            description: text(element.child("description")),
            url: element.child("url").map { text($0) },
            location: location(element),
            urlLocation: element.child("url").map { location($0) })
    }

    private func decodeArea(_ element: XMLElement) -> Area {
        Area(
            id: id(element),
            name: text(element.child("name")),
            description: element.child("description").map { text($0) },
            competencies: element.children("competency").map(decodeCompetency),
            location: location(element))
    }

    private func decodeCompetency(_ element: XMLElement) -> Competency {
        var attributeLocations: [String: SourceLocation] = [:]
        for attribute in element.attributes {
            attributeLocations[attribute.name] = document.location(attribute.position)
        }
        return Competency(
            id: id(element),
            code: element.attribute("code")?.value ?? "",
            groupID: element.attribute("group")?.value ?? "",
            kind: CompetencyKind(rawValue: element.attribute("kind")?.value ?? "") ?? .knowledge,
            phaseIDs: (element.attribute("phases")?.value ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init),
            statement: text(element.child("statement")),
            enhancements: element.children("enhancement").map { text($0) },
            trainingRefs: element.children("training").map(reference),
            serviceRefs: element.children("signpost").map(reference),
            topics: element.children("topic").map { text($0) },
            location: location(element),
            attributeLocations: attributeLocations,
            statementLocation: element.child("statement").map { location($0) })
    }

    private func reference(_ element: XMLElement) -> Reference {
        let attribute = element.attribute("ref")
        return Reference(attribute?.value ?? "", location: document.location(attribute?.position ?? element.position))
    }

    /// XSD integers allow surrounding whitespace; so must the decoder.
    private func integer(_ text: String?) -> Int {
        Int((text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    private func id(_ element: XMLElement) -> String {
        element.attribute("id")?.value ?? ""
    }

    private func text(_ element: XMLElement?) -> String {
        element?.text.collapsingWhitespace ?? ""
    }

    private func location(_ element: XMLElement) -> SourceLocation {
        document.location(element.position)
    }
}
