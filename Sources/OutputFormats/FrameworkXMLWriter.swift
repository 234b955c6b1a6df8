import CompetencyModel
import XMLSupport

/// Writes a framework, and optionally its edition block, in the canonical XML format. A
/// framework read, written and read again is equal to the first read.
public struct FrameworkXMLWriter: Sendable {
    public static let namespace = "urn:competencykit:framework:1"

    public init() {}

    public func write(_ framework: Framework, edition: Edition? = nil, generatorNotice: String? = nil) -> String {
        var xml = XMLWriter()
        if let generatorNotice { xml.comment(generatorNotice) }
        let metadata = framework.metadata
        xml.open("framework", [("xmlns", Self.namespace), ("id", metadata.id), ("version", metadata.version)])
        xml.element("title", text: metadata.title)
        xml.element("shortTitle", text: metadata.shortTitle)
        xml.element("publisher", text: metadata.publisher)
        xml.element("date", text: metadata.date)
        xml.element("licence", text: metadata.licence)
        xml.element("licenceURL", text: metadata.licenceURL)
        xml.element("language", text: metadata.language)
        xml.element("baseURI", text: metadata.baseURI)
        xml.element("subject", text: metadata.subject)
        if let derived = metadata.derivedFrom {
            xml.empty("derivedFrom", [("framework", derived.frameworkID), ("version", derived.version)])
        }
        xml.element("description", text: metadata.description)
        xml.element("credit", text: metadata.credit)
        if let edition { writeEdition(edition, into: &xml) }

        xml.group("phases") { xml in
            for phase in framework.phases {
                let attributes: XMLWriter.Attributes = phase.cedsLevels.isEmpty ? [("id", phase.id)] : [("id", phase.id), ("ceds", phase.cedsLevels.joined(separator: " "))]
                xml.group("phase", attributes) { xml in
                    xml.element("name", text: phase.name)
                    xml.element("description", text: phase.description)
                }
            }
        }
        xml.group("groups") { xml in
            for group in framework.groups {
                xml.group("group", [("id", group.id), ("rank", String(group.rank))]) { xml in
                    xml.element("name", text: group.name)
                    xml.element("description", text: group.description)
                    xml.group("roles") { xml in
                        for role in group.roles { xml.element("role", [("id", role.id)], text: role.name) }
                    }
                }
            }
        }
        xml.group("ratingScale") { xml in
            for point in framework.ratingScale.points {
                xml.group("point", [("value", String(point.value))]) { xml in
                    xml.element("label", text: point.label)
                    xml.element("descriptor", text: point.descriptor)
                }
            }
        }
        xml.group("trainingOptions") { xml in
            for option in framework.trainingOptions {
                xml.group("trainingOption", [("id", option.id), ("scope", option.scope.rawValue), ("format", option.format.rawValue)]) { xml in
                    xml.element("title", text: option.title)
                    xml.element("provider", text: option.provider)
                    xml.element("duration", text: option.duration)
                    xml.element("url", text: option.url)
                }
            }
        }
        xml.group("services") { xml in
            for service in framework.services {
                xml.group("service", [("id", service.id), ("scope", service.scope.rawValue)]) { xml in
                    xml.element("name", text: service.name)
                    xml.element("description", text: service.description)
                    xml.element("url", text: service.url)
                }
            }
        }
        xml.group("areas") { xml in
            for area in framework.areas {
                xml.group("area", [("id", area.id)]) { xml in
                    xml.element("name", text: area.name)
                    xml.element("description", text: area.description)
                    for competency in area.competencies { writeCompetency(competency, into: &xml) }
                }
            }
        }
        xml.close()
        return xml.output
    }

    private func writeCompetency(_ competency: Competency, into xml: inout XMLWriter) {
        xml.group("competency", [
            ("id", competency.id), ("code", competency.code), ("group", competency.groupID),
            ("kind", competency.kind.rawValue), ("phases", competency.phaseIDs.joined(separator: " ")),
        ]) { xml in
            xml.element("statement", text: competency.statement)
            for enhancement in competency.enhancements { xml.element("enhancement", text: enhancement) }
            for training in competency.trainingRefs { xml.empty("training", [("ref", training.id)]) }
            for service in competency.serviceRefs { xml.empty("signpost", [("ref", service.id)]) }
            for topic in competency.topics { xml.element("topic", text: topic) }
        }
    }

    private func writeEdition(_ edition: Edition, into xml: inout XMLWriter) {
        xml.group("edition", [("id", edition.info.id), ("plugin", edition.info.pluginID)]) { xml in
            xml.empty("base", [("framework", edition.info.base.frameworkID), ("version", edition.info.base.version)])
            xml.element("audience", text: edition.info.audience)
            xml.element("enhancementLabel", text: edition.info.enhancementLabel)
            if let publication = edition.publication {
                xml.group("publication") { xml in
                    xml.element("contact", text: publication.contact)
                    xml.element("email", text: publication.email)
                    xml.element("telephone", text: publication.telephone)
                    xml.element("website", text: publication.website)
                    xml.element("reviewDate", text: publication.reviewDate)
                    for abbreviation in publication.abbreviations {
                        xml.element("abbreviation", [("term", abbreviation.term)], text: abbreviation.expansion)
                    }
                }
            }
            xml.strategies(edition.strategies)
            xml.dissemination(edition.dissemination)
            xml.keyMessages(edition.keyMessages)
            if !edition.workshops.isEmpty {
                xml.group("workshops") { xml in
                    for workshop in edition.workshops { writeWorkshop(workshop, into: &xml) }
                }
            }
            if let questionnaire = edition.questionnaire { writeQuestionnaire(questionnaire, into: &xml) }
            xml.group("provenance") { xml in
                for record in edition.provenance where record.change != .removed && record.change != .unchanged {
                    xml.group("change", [("item", record.itemKind.rawValue), ("ref", record.itemID), ("kind", record.change.rawValue)]) { xml in
                        xml.element("rationale", text: record.rationale)
                        xml.element("detail", text: record.detail)
                    }
                }
                for removal in RemovalSummary.summarise(edition.provenance) {
                    xml.group("removed", [("item", removal.itemKind.rawValue), ("count", String(removal.count))]) { xml in
                        xml.element("rationale", text: removal.rationale)
                    }
                }
            }
        }
    }

    private func writeWorkshop(_ workshop: Workshop, into xml: inout XMLWriter) {
        xml.group("workshop", [("id", workshop.id), ("number", String(workshop.number))]) { xml in
            xml.element("title", text: workshop.title)
            xml.element("duration", text: workshop.duration)
            xml.element("purpose", text: workshop.purpose)
            for outcome in workshop.outcomes {
                xml.group("outcome", [("id", outcome.id)]) { xml in
                    xml.element("text", text: outcome.text)
                    for id in outcome.competencyIDs { xml.empty("develops", [("ref", id)]) }
                }
            }
            for segment in workshop.segments {
                var attributes: XMLWriter.Attributes = [("minutes", String(segment.minutes))]
                if !segment.keyMessageIDs.ids.isEmpty { attributes.append(("keyMessages", segment.keyMessageIDs.ids.joined(separator: " "))) }
                if !segment.outcomeIDs.ids.isEmpty { attributes.append(("outcomes", segment.outcomeIDs.ids.joined(separator: " "))) }
                xml.group("segment", attributes) { xml in
                    xml.element("activity", text: segment.activity)
                }
            }
        }
    }

    private func writeQuestionnaire(_ questionnaire: Questionnaire, into xml: inout XMLWriter) {
        xml.group("questionnaire") { xml in
            for scale in questionnaire.scales {
                xml.group("scale", [("id", scale.id)]) { xml in
                    for (index, point) in scale.points.enumerated() {
                        xml.element("point", [("value", String(index + 1))], text: point)
                    }
                }
            }
            for section in questionnaire.sections {
                xml.group("section", section.timing == .both ? [("id", section.id)] : [("id", section.id), ("timing", section.timing.rawValue)]) { xml in
                    xml.element("title", text: section.title)
                    xml.element("prompt", text: section.prompt)
                    for item in section.items {
                        var attributes: XMLWriter.Attributes = [("id", item.id)]
                        switch item.response {
                        case .scale(let scale): attributes += [("response", "scale"), ("scale", scale)]
                        case .choice: attributes.append(("response", "choice"))
                        case .freeText: attributes.append(("response", "text"))
                        }
                        if let source = item.source { attributes.append(("source", source)) }
                        xml.group("item", attributes) { xml in
                            xml.element("text", text: item.text)
                            if case .choice(let options) = item.response {
                                for option in options { xml.element("option", [("id", option.id)], text: option.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The edition as canonical framework XML with its edition block.
public struct EditionXMLFormat: OutputFormat {
    public let id = "xml"
    public let summary = "The edition as canonical framework XML (validates against framework.xsd), with its edition block."

    public init() {}

    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        let text = FrameworkXMLWriter().write(
            edition.framework, edition: edition,
            generatorNotice: "Generated by CompetencyKit from Frameworks/editions/\(edition.info.id).xml and \(edition.info.base). Do not edit; edit the profile and run `competency export`.")
        return [Artifact(relativePath: "\(edition.info.id).xml", text: text)]
    }
}

/// The elements an edition profile and an exported edition write the same way.
extension XMLWriter {
    mutating func strategies(_ strategies: [Strategy]) {
        guard !strategies.isEmpty else { return }
        group("strategies") { xml in
            for strategy in strategies {
                xml.group("strategy", [("id", strategy.id)]) { xml in
                    xml.element("name", text: strategy.name)
                    xml.element("description", text: strategy.description)
                    xml.element("url", text: strategy.url)
                }
            }
        }
    }

    mutating func dissemination(_ steps: [DisseminationStep]) {
        guard !steps.isEmpty else { return }
        group("dissemination") { xml in
            for step in steps {
                xml.group("step") { xml in
                    xml.element("audience", text: step.audience)
                    xml.element("timescale", text: step.timescale)
                    xml.element("note", text: step.note)
                }
            }
        }
    }

    mutating func keyMessages(_ messages: [KeyMessage]) {
        guard !messages.isEmpty else { return }
        group("keyMessages") { xml in
            for message in messages {
                xml.group("keyMessage", [("id", message.id)]) { xml in
                    xml.element("title", text: message.title)
                    xml.element("text", text: message.text)
                    xml.element("valueStatement", text: message.valueStatement)
                }
            }
        }
    }
}
