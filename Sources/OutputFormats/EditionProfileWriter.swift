import CompetencyModel
import XMLSupport

/// Writes an edition profile as XML in the schema's order. A profile read, written and read
/// again is equal to the first read, so tools that change profiles (the spreadsheet import)
/// can rewrite them without losing anything the author wrote.
public struct EditionProfileWriter: Sendable {
    public static let namespace = "urn:competencykit:edition:1"

    public init() {}

    public func write(_ profile: EditionProfile, comment: String? = nil) -> String {
        var xml = XMLWriter()
        if let comment { xml.comment(comment) }
        xml.open("edition", [("xmlns", Self.namespace), ("id", profile.id), ("plugin", profile.pluginID)])
        xml.empty("base", [("framework", profile.base.frameworkID), ("version", profile.base.version)])
        xml.element("title", text: profile.title)
        xml.element("shortTitle", text: profile.shortTitle)
        xml.element("publisher", text: profile.publisher)
        xml.element("version", text: profile.version)
        xml.element("date", text: profile.date)
        xml.element("licence", text: profile.licence)
        xml.element("baseURI", text: profile.baseURI)
        xml.element("audience", text: profile.audience)
        xml.element("description", text: profile.description)
        xml.element("enhancementLabel", text: profile.enhancementLabel)
        if let publication = profile.publication {
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
        if let include = profile.include { selection("include", include, into: &xml) }
        for exclude in profile.excludes { selection("exclude", exclude, into: &xml) }
        if !profile.groupChanges.isEmpty {
            xml.group("groups") { xml in
                for change in profile.groupChanges {
                    xml.group("group", [("ref", change.group.id)]) { xml in
                        xml.element("description", text: change.description)
                        for rename in change.renames { xml.element("renameRole", [("ref", rename.role.id)], text: rename.name) }
                        for removed in change.removedRoles { xml.empty("removeRole", [("ref", removed.id)]) }
                        for added in change.addedRoles { xml.element("addRole", [("id", added.id)], text: added.name) }
                        xml.element("rationale", text: change.rationale)
                    }
                }
            }
        }
        if !profile.phaseChanges.isEmpty {
            xml.group("phases") { xml in
                for change in profile.phaseChanges {
                    xml.group("phase", [("ref", change.phase.id)]) { xml in
                        xml.element("description", text: change.description)
                        xml.element("rationale", text: change.rationale)
                    }
                }
            }
        }
        let replaced = Dictionary(profile.replacements.map { ("\($0.kind.rawValue)/\($0.replacementID)", $0.replaced.id) }, uniquingKeysWith: { first, _ in first })
        if !profile.trainingOptions.isEmpty {
            xml.group("trainingOptions") { xml in
                for option in profile.trainingOptions {
                    var attributes: XMLWriter.Attributes = [("id", option.id), ("scope", option.scope.rawValue), ("format", option.format.rawValue)]
                    if let old = replaced["training/\(option.id)"] { attributes.append(("replaces", old)) }
                    xml.group("trainingOption", attributes) { xml in
                        xml.element("title", text: option.title)
                        xml.element("provider", text: option.provider)
                        xml.element("duration", text: option.duration)
                        xml.element("url", text: option.url)
                    }
                }
            }
        }
        if !profile.services.isEmpty {
            xml.group("services") { xml in
                for service in profile.services {
                    var attributes: XMLWriter.Attributes = [("id", service.id), ("scope", service.scope.rawValue)]
                    if let old = replaced["service/\(service.id)"] { attributes.append(("replaces", old)) }
                    xml.group("service", attributes) { xml in
                        xml.element("name", text: service.name)
                        xml.element("description", text: service.description)
                        xml.element("url", text: service.url)
                    }
                }
            }
        }
        xml.strategies(profile.strategies)
        overrides(profile, into: &xml)
        if !profile.additions.isEmpty {
            xml.group("additions") { xml in
                for addition in profile.additions { added(addition, into: &xml) }
            }
        }
        xml.dissemination(profile.dissemination)
        xml.keyMessages(profile.keyMessages)
        if !profile.workshops.isEmpty {
            xml.group("workshops") { xml in
                for workshop in profile.workshops { self.workshop(workshop, into: &xml) }
            }
        }
        if let evaluation = profile.evaluation {
            xml.group("evaluation") { xml in
                for sector in evaluation.sectors { xml.element("sector", [("id", sector.id)], text: sector.label) }
                xml.group("agreementScale") { xml in
                    for point in evaluation.agreementScale { xml.element("point", text: point) }
                }
                xml.group("confidenceScale") { xml in
                    for point in evaluation.confidenceScale { xml.element("point", text: point) }
                }
                xml.element("ediTopics", text: evaluation.ediTopics.ids.joined(separator: " "))
            }
        }
        if profile.perPhaseDocuments { xml.empty("wordDocuments", [("perPhase", "true")]) }
        xml.close()
        return xml.output
    }

    private func selection(_ name: String, _ selection: Selection, into xml: inout XMLWriter) {
        var attributes: XMLWriter.Attributes = []
        for (attribute, list) in [("groups", selection.groups), ("phases", selection.phases), ("areas", selection.areas),
                                  ("competencies", selection.competencies), ("training", selection.training), ("services", selection.services)] {
            if let list { attributes.append((attribute, list.ids.joined(separator: " "))) }
        }
        if let rationale = selection.rationale {
            xml.group(name, attributes) { xml in xml.element("rationale", text: rationale) }
        } else {
            xml.empty(name, attributes)
        }
    }

    /// Overrides grouped by kind in the order authors read them; the schema accepts any order.
    private func overrides(_ profile: EditionProfile, into xml: inout XMLWriter) {
        guard !(profile.statementOverrides.isEmpty && profile.trainingOverrides.isEmpty && profile.signpostOverrides.isEmpty && profile.enhancementOverrides.isEmpty) else { return }
        xml.group("overrides") { xml in
            for change in profile.statementOverrides {
                xml.group("statement", [("competency", change.competency.id)]) { xml in
                    xml.element("text", text: change.text)
                    xml.element("rationale", text: change.rationale)
                }
            }
            for change in profile.trainingOverrides {
                xml.group("training", [("competency", change.competency.id)]) { xml in
                    for added in change.added { xml.empty("add", [("ref", added.id)]) }
                    for removed in change.removed { xml.empty("remove", [("ref", removed.id)]) }
                    xml.element("rationale", text: change.rationale)
                }
            }
            for change in profile.signpostOverrides {
                xml.group("signpost", [("competency", change.competency.id)]) { xml in
                    for added in change.added { xml.empty("add", [("ref", added.id)]) }
                    for removed in change.removed { xml.empty("remove", [("ref", removed.id)]) }
                    xml.element("rationale", text: change.rationale)
                }
            }
            for change in profile.enhancementOverrides {
                var attributes: XMLWriter.Attributes = [("competency", change.competency.id)]
                if change.replacesBase { attributes.append(("replace", "true")) }
                xml.group("enhancement", attributes) { xml in
                    xml.element("text", text: change.text)
                    xml.element("rationale", text: change.rationale)
                }
            }
        }
    }

    private func added(_ addition: AddedCompetency, into xml: inout XMLWriter) {
        let competency = addition.competency
        xml.group("competency", [
            ("id", competency.id), ("code", competency.code), ("area", addition.area.id), ("group", competency.groupID),
            ("kind", competency.kind.rawValue), ("phases", competency.phaseIDs.joined(separator: " ")),
        ]) { xml in
            xml.element("statement", text: competency.statement)
            for enhancement in competency.enhancements { xml.element("enhancement", text: enhancement) }
            for training in competency.trainingRefs { xml.empty("training", [("ref", training.id)]) }
            for service in competency.serviceRefs { xml.empty("signpost", [("ref", service.id)]) }
            for topic in competency.topics { xml.element("topic", text: topic) }
            xml.element("rationale", text: addition.rationale)
        }
    }

    private func workshop(_ workshop: WorkshopPlan, into xml: inout XMLWriter) {
        xml.group("workshop", [("id", workshop.id), ("number", String(workshop.number))]) { xml in
            xml.element("title", text: workshop.title)
            xml.element("duration", text: workshop.duration)
            xml.element("purpose", text: workshop.purpose)
            for outcome in workshop.outcomes {
                xml.group("outcome", [("id", outcome.id)]) { xml in
                    xml.element("text", text: outcome.text)
                    for develops in outcome.develops { xml.empty("develops", [("ref", develops.id)]) }
                }
            }
            for segment in workshop.segments {
                var attributes: XMLWriter.Attributes = [("minutes", String(segment.minutes))]
                if !segment.keyMessageIDs.ids.isEmpty { attributes.append(("keyMessages", segment.keyMessageIDs.ids.joined(separator: " "))) }
                if !segment.outcomeIDs.ids.isEmpty { attributes.append(("outcomes", segment.outcomeIDs.ids.joined(separator: " "))) }
                xml.group("segment", attributes) { xml in xml.element("activity", text: segment.activity) }
            }
        }
    }
}
