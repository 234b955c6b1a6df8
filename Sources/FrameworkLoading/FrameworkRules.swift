import CompetencyModel

/// The semantic rules every framework is checked against, in code order. Add a rule here
/// and give it a failing fixture in `FrameworkRulesTests`; a test proves every code listed
/// here has one.
public enum FrameworkRules {
    /// Statements are meant to be short and atomic; longer ones are usually two statements.
    public static let maximumStatementLength = 200

    public static let all: [ValidationRule] = [
        duplicateIdentifier, duplicateCode, unknownGroup, unknownTraining, unknownPhase,
        unknownService, emptyStatement, longStatement, noPhase, groupRanks, emptyCell,
        unusedTraining, badURL, ratingScaleOrder, derivesFromItself, untrainedCompetency,
        duplicateStatement, repeatedReference, unusedService,
    ]

    public static let duplicateIdentifier = ValidationRule(
        code: "FW101", name: "duplicate-id", severity: .error,
        summary: "Two entities of the same kind share an id."
    ) { framework in
        var findings: [ValidationRule.Finding] = []
        func check(_ kind: String, _ entries: [(id: String, location: SourceLocation?)]) {
            var first: [String: SourceLocation?] = [:]
            for entry in entries {
                if let earlier = first[entry.id] {
                    findings.append(.init(
                        "duplicate \(kind) id '\(entry.id)'", at: entry.location,
                        notes: [.init(message: "'\(entry.id)' is first defined here", location: earlier)]))
                } else {
                    first[entry.id] = entry.location
                }
            }
        }
        check("phase", framework.phases.map { ($0.id, $0.location) })
        check("group", framework.groups.map { ($0.id, $0.location) })
        check("role", framework.groups.flatMap(\.roles).map { ($0.id, $0.location) })
        check("training option", framework.trainingOptions.map { ($0.id, $0.location) })
        check("service", framework.services.map { ($0.id, $0.location) })
        check("area", framework.areas.map { ($0.id, $0.location) })
        check("competency", framework.competencies.map { ($0.id, $0.location) })
        return findings
    }

    public static let duplicateCode = ValidationRule(
        code: "FW102", name: "duplicate-code", severity: .error,
        summary: "Two competencies share a human-readable code."
    ) { framework in
        var first: [String: Competency] = [:]
        var findings: [ValidationRule.Finding] = []
        for competency in framework.competencies {
            if let earlier = first[competency.code] {
                findings.append(.init(
                    "competency '\(competency.id)' reuses code '\(competency.code)' of '\(earlier.id)'",
                    at: competency.location(ofAttribute: "code"),
                    notes: [.init(message: "'\(competency.code)' is first used here", location: earlier.location(ofAttribute: "code"))]))
            } else {
                first[competency.code] = competency
            }
        }
        return findings
    }

    public static let unknownGroup = ValidationRule(
        code: "FW103", name: "unknown-group", severity: .error,
        summary: "A competency names a group that does not exist."
    ) { framework in
        let known = Set(framework.groups.map(\.id))
        return framework.competencies.filter { !known.contains($0.groupID) }.map {
            .init("competency '\($0.id)' refers to unknown group '\($0.groupID)'", at: $0.location(ofAttribute: "group"),
                  notes: [.init(message: "known groups: \(framework.groups.map(\.id).joined(separator: ", "))")])
        }
    }

    public static let unknownTraining = ValidationRule(
        code: "FW104", name: "unknown-training", severity: .error,
        summary: "A competency refers to a training option that is not in the catalogue."
    ) { framework in
        let known = Set(framework.trainingOptions.map(\.id))
        return framework.competencies.flatMap { competency in
            competency.trainingRefs.filter { !known.contains($0.id) }.map {
                .init("competency '\(competency.id)' refers to unknown training '\($0.id)'", at: $0.location)
            }
        }
    }

    public static let unknownPhase = ValidationRule(
        code: "FW105", name: "unknown-phase", severity: .error,
        summary: "A competency names a phase that does not exist."
    ) { framework in
        let known = Set(framework.phases.map(\.id))
        return framework.competencies.flatMap { competency in
            competency.phaseIDs.filter { !known.contains($0) }.map {
                .init("competency '\(competency.id)' refers to unknown phase '\($0)'", at: competency.location(ofAttribute: "phases"),
                      notes: [.init(message: "known phases: \(framework.phases.map(\.id).joined(separator: ", "))")])
            }
        }
    }

    public static let unknownService = ValidationRule(
        code: "FW106", name: "unknown-service", severity: .error,
        summary: "A competency signposts to a service that is not listed."
    ) { framework in
        let known = Set(framework.services.map(\.id))
        return framework.competencies.flatMap { competency in
            competency.serviceRefs.filter { !known.contains($0.id) }.map {
                .init("competency '\(competency.id)' signposts to unknown service '\($0.id)'", at: $0.location)
            }
        }
    }

    public static let emptyStatement = ValidationRule(
        code: "FW107", name: "empty-statement", severity: .error,
        summary: "A competency or enhancement has no text."
    ) { framework in
        framework.competencies.flatMap { competency -> [ValidationRule.Finding] in
            var findings: [ValidationRule.Finding] = []
            if competency.statement.isEmpty {
                findings.append(.init("competency '\(competency.id)' has an empty statement", at: competency.statementLocation ?? competency.location))
            }
            if competency.enhancements.contains(where: \.isEmpty) {
                findings.append(.init("competency '\(competency.id)' has an empty enhancement", at: competency.location))
            }
            return findings
        }
    }

    public static let longStatement = ValidationRule(
        code: "FW108", name: "long-statement", severity: .warning,
        summary: "A statement is over \(maximumStatementLength) characters; it is probably two statements."
    ) { framework in
        framework.competencies.filter { $0.statement.count > maximumStatementLength }.map {
            .init("statement of '\($0.id)' is \($0.statement.count) characters, over \(maximumStatementLength); split it into atomic statements",
                  at: $0.statementLocation ?? $0.location)
        }
    }

    public static let noPhase = ValidationRule(
        code: "FW109", name: "no-phase", severity: .error,
        summary: "A competency applies to no phase."
    ) { framework in
        framework.competencies.filter { $0.phaseIDs.isEmpty }.map {
            .init("competency '\($0.id)' lists no phase", at: $0.location(ofAttribute: "phases"))
        }
    }

    public static let groupRanks = ValidationRule(
        code: "FW110", name: "group-ranks", severity: .error,
        summary: "Group ranks are not 1, 2, 3 … without gaps or repeats."
    ) { framework in
        let ranked = framework.groupsByRank
        var findings: [ValidationRule.Finding] = []
        for (index, group) in ranked.enumerated() where group.rank != index + 1 {
            findings.append(.init(
                "group '\(group.id)' has rank \(group.rank); ranks must run 1 to \(ranked.count) without gaps or repeats (expected \(index + 1))",
                at: group.rankLocation ?? group.location))
        }
        return findings
    }

    public static let emptyCell = ValidationRule(
        code: "FW111", name: "empty-cell", severity: .warning,
        summary: "A group has no competency of its own for a phase."
    ) { framework in
        var filled: Set<String> = []
        for competency in framework.competencies {
            for phase in competency.phaseIDs { filled.insert("\(competency.groupID)\u{0}\(phase)") }
        }
        var findings: [ValidationRule.Finding] = []
        for group in framework.groupsByRank {
            for phase in framework.phases where !filled.contains("\(group.id)\u{0}\(phase.id)") {
                findings.append(.init("group '\(group.id)' has no competency for phase '\(phase.id)'", at: group.location))
            }
        }
        return findings
    }

    public static let unusedTraining = ValidationRule(
        code: "FW112", name: "unused-training", severity: .warning,
        summary: "A training option is mapped to no competency."
    ) { framework in
        let used = Set(framework.competencies.flatMap { $0.trainingRefs.map(\.id) })
        return framework.trainingOptions.filter { !used.contains($0.id) }.map {
            .init("training option '\($0.id)' is not mapped to any competency", at: $0.location)
        }
    }

    public static let badURL = ValidationRule(
        code: "FW113", name: "bad-url", severity: .error,
        summary: "A link is malformed or not https."
    ) { framework in
        var findings: [ValidationRule.Finding] = []
        func check(_ url: String, owner: String, at location: SourceLocation?) {
            if let problem = LinkCheck.problem(with: url) {
                findings.append(.init("\(owner) has \(problem): '\(url)'", at: location))
            }
        }
        for option in framework.trainingOptions {
            check(option.url, owner: "training option '\(option.id)'", at: option.urlLocation ?? option.location)
        }
        for service in framework.services {
            if let url = service.url { check(url, owner: "service '\(service.id)'", at: service.urlLocation ?? service.location) }
        }
        return findings
    }

    public static let ratingScaleOrder = ValidationRule(
        code: "FW114", name: "rating-scale-order", severity: .error,
        summary: "Rating points are not 1, 2, 3 … in ascending order."
    ) { framework in
        var findings: [ValidationRule.Finding] = []
        let points = framework.ratingScale.points
        if points.count < 2 {
            findings.append(.init("the rating scale needs at least two points", at: framework.ratingScale.location))
        }
        for (index, point) in points.enumerated() where point.value != index + 1 {
            findings.append(.init(
                "rating point '\(point.label)' has value \(point.value) but is point \(index + 1); points run from 1 upwards in order",
                at: point.location))
        }
        return findings
    }

    public static let derivesFromItself = ValidationRule(
        code: "FW115", name: "derives-from-itself", severity: .error,
        summary: "A framework version names itself as the version it derives from."
    ) { framework in
        guard framework.metadata.derivedFrom == framework.metadata.reference else { return [] }
        return [.init("framework \(framework.metadata.reference) derives from itself", at: framework.metadata.derivedFromLocation)]
    }

    public static let untrainedCompetency = ValidationRule(
        code: "FW116", name: "untrained-competency", severity: .warning,
        summary: "A competency is mapped to no training, so staff who rate it low have nowhere to go."
    ) { framework in
        framework.competencies.filter(\.trainingRefs.isEmpty).map {
            .init("competency '\($0.id)' is mapped to no training", at: $0.location)
        }
    }

    public static let duplicateStatement = ValidationRule(
        code: "FW117", name: "duplicate-statement", severity: .warning,
        summary: "Two competencies have the same statement."
    ) { framework in
        var first: [String: Competency] = [:]
        var findings: [ValidationRule.Finding] = []
        for competency in framework.competencies where !competency.statement.isEmpty {
            let key = competency.statement.lowercased()
            if let earlier = first[key] {
                findings.append(.init(
                    "competency '\(competency.id)' repeats the statement of '\(earlier.id)'",
                    at: competency.statementLocation ?? competency.location,
                    notes: [.init(message: "first stated here", location: earlier.statementLocation ?? earlier.location)]))
            } else {
                first[key] = competency
            }
        }
        return findings
    }

    public static let repeatedReference = ValidationRule(
        code: "FW118", name: "repeated-reference", severity: .warning,
        summary: "A competency lists the same phase, training option, service or topic twice."
    ) { framework in
        framework.competencies.flatMap { competency -> [ValidationRule.Finding] in
            var findings: [ValidationRule.Finding] = []
            func check(_ kind: String, _ ids: [String], at location: (Int) -> SourceLocation?) {
                var seen: Set<String> = []
                for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
                    findings.append(.init("competency '\(competency.id)' lists \(kind) '\(id)' more than once", at: location(index)))
                }
            }
            check("phase", competency.phaseIDs) { _ in competency.location(ofAttribute: "phases") }
            check("training", competency.trainingRefs.map(\.id)) { competency.trainingRefs[$0].location }
            check("service", competency.serviceRefs.map(\.id)) { competency.serviceRefs[$0].location }
            check("topic", competency.topics) { _ in competency.location }
            return findings
        }
    }

    public static let unusedService = ValidationRule(
        code: "FW119", name: "unused-service", severity: .warning,
        summary: "A service is signposted from no competency."
    ) { framework in
        let used = Set(framework.competencies.flatMap { $0.serviceRefs.map(\.id) })
        return framework.services.filter { !used.contains($0.id) }.map {
            .init("service '\($0.id)' is not signposted from any competency", at: $0.location)
        }
    }
}
