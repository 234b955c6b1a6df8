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

    /// The rules as the catalog lists them.
    public static var descriptors: [DiagnosticDescriptor] { all.map(\.descriptor) }

    public static let duplicateIdentifier = ValidationRule(
        code: "FW101", name: "duplicate-id", severity: .error,
        summary: "Two entities of the same kind share an id.",
        usingPass: { framework, pass in
        var findings: [ValidationRule.Finding] = []
        func check<Item>(_ kind: String, _ items: [Item], _ id: (Item) -> String, _ location: (Item) -> SourceLocation?) {
            var first: [String: SourceLocation?] = [:]
            for item in items {
                if let earlier = first[id(item)] {
                    findings.append(.init(
                        "duplicate \(kind) id '\(id(item))'", at: location(item),
                        notes: [.init(message: "'\(id(item))' is first defined here", location: earlier)]))
                } else {
                    first[id(item)] = location(item)
                }
            }
        }
        check("phase", framework.phases, \.id, \.location)
        check("group", framework.groups, \.id, \.location)
        check("role", framework.groups.flatMap(\.roles), \.id, \.location)
        check("training option", framework.trainingOptions, \.id, \.location)
        check("service", framework.services, \.id, \.location)
        check("area", framework.areas, \.id, \.location)
        return findings + pass().findings(for: "FW101")
    })

    public static let duplicateCode = passRule(
        code: "FW102", name: "duplicate-code", severity: .error,
        summary: "Two competencies share a human-readable code.")

    public static let unknownGroup = passRule(
        code: "FW103", name: "unknown-group", severity: .error,
        summary: "A competency names a group that does not exist.")

    public static let unknownTraining = passRule(
        code: "FW104", name: "unknown-training", severity: .error,
        summary: "A competency refers to a training option that is not in the catalogue.")

    public static let unknownPhase = passRule(
        code: "FW105", name: "unknown-phase", severity: .error,
        summary: "A competency names a phase that does not exist.")

    public static let unknownService = passRule(
        code: "FW106", name: "unknown-service", severity: .error,
        summary: "A competency signposts to a service that is not listed.")

    public static let emptyStatement = passRule(
        code: "FW107", name: "empty-statement", severity: .error,
        summary: "A competency or enhancement has no text.")

    public static let longStatement = passRule(
        code: "FW108", name: "long-statement", severity: .warning,
        summary: "A statement is over \(maximumStatementLength) characters; it is probably two statements.")

    public static let noPhase = passRule(
        code: "FW109", name: "no-phase", severity: .error,
        summary: "A competency applies to no phase.")

    /// A rule whose every finding comes from the shared walk over the competencies.
    private static func passRule(code: String, name: String, severity: Diagnostic.Severity, summary: String) -> ValidationRule {
        ValidationRule(code: code, name: name, severity: severity, summary: summary) { _, pass in pass().findings(for: code) }
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
        summary: "A group has no competency of its own for a phase.",
        usingPass: { framework, pass in
            let filled = pass().filledCells
            var findings: [ValidationRule.Finding] = []
            for group in framework.groupsByRank {
                for phase in framework.phases where !filled.contains(CompetencyPass.cell(group: group.id, phase: phase.id, in: framework)) {
                    findings.append(.init("group '\(group.id)' has no competency for phase '\(phase.id)'", at: group.location))
                }
            }
            return findings
        })

    public static let unusedTraining = ValidationRule(
        code: "FW112", name: "unused-training", severity: .warning,
        summary: "A training option is mapped to no competency.",
        usingPass: { framework, pass in
            let used = pass().usedTraining
            return framework.trainingOptions.filter { !used.contains($0.id) }.map {
                .init("training option '\($0.id)' is not mapped to any competency", at: $0.location)
            }
        })

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

    public static let untrainedCompetency = passRule(
        code: "FW116", name: "untrained-competency", severity: .warning,
        summary: "A competency is mapped to no training, so staff who rate it low have nowhere to go.")

    public static let duplicateStatement = passRule(
        code: "FW117", name: "duplicate-statement", severity: .warning,
        summary: "Two competencies have the same statement.")

    public static let repeatedReference = passRule(
        code: "FW118", name: "repeated-reference", severity: .warning,
        summary: "A competency lists the same phase, training option, service or topic twice.")

    public static let unusedService = ValidationRule(
        code: "FW119", name: "unused-service", severity: .warning,
        summary: "A service is signposted from no competency.",
        usingPass: { framework, pass in
            let used = pass().usedServices
            return framework.services.filter { !used.contains($0.id) }.map {
                .init("service '\($0.id)' is not signposted from any competency", at: $0.location)
            }
        })
}
