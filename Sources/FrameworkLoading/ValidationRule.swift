import CompetencyModel

/// A semantic rule: a stable code, a severity, a one-line summary and a check. Rules are
/// values so the registry can list them (`competency rules`) and tests can run one alone.
public struct ValidationRule: Sendable, Identifiable {
    /// What a check reports; the rule adds its code and severity.
    public struct Finding: Sendable {
        public var message: String
        public var location: SourceLocation?
        public var notes: [Diagnostic.Note]

        public init(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
            self.message = message
            self.location = location
            self.notes = notes
        }
    }

    public let code: String
    public let name: String
    public let severity: Diagnostic.Severity
    public let summary: String
    private let check: @Sendable (Framework, () -> CompetencyPass) -> [Finding]

    public var id: String { code }

    /// What the catalog lists for this rule; the rule's name goes with it, as authors look
    /// rules up by name too.
    public var descriptor: DiagnosticDescriptor {
        DiagnosticDescriptor(code: code, severity: severity, family: .frameworkRule, summary: summary, name: name)
    }

    public init(
        code: String, name: String, severity: Diagnostic.Severity, summary: String,
        check: @escaping @Sendable (Framework) -> [Finding]
    ) {
        self.init(code: code, name: name, severity: severity, summary: summary) { framework, _ in check(framework) }
    }

    /// A rule that reads what the shared walk over the competencies found, so that all the
    /// rules together visit each competency once.
    init(
        code: String, name: String, severity: Diagnostic.Severity, summary: String,
        usingPass check: @escaping @Sendable (Framework, () -> CompetencyPass) -> [Finding]
    ) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.check = check
    }

    public func diagnose(_ framework: Framework) -> [Diagnostic] {
        Self.diagnose([self], in: framework)
    }

    /// Runs `rules` over `framework`, walking its competencies at most once between them.
    public static func diagnose(_ rules: [ValidationRule], in framework: Framework) -> [Diagnostic] {
        diagnose(rules, in: framework, pass: nil)
    }

    /// As above, with the walk over the competencies already done (by a loader that walked
    /// them while reading).
    static func diagnose(_ rules: [ValidationRule], in framework: Framework, pass walked: CompetencyPass?) -> [Diagnostic] {
        var pass = walked
        let shared = { () -> CompetencyPass in
            if let pass { return pass }
            let made = CompetencyPass(framework)
            pass = made
            return made
        }
        return rules.flatMap { rule in
            rule.check(framework, shared).map {
                Diagnostic(severity: rule.severity, code: rule.code, message: $0.message, location: $0.location, notes: $0.notes)
            }
        }
    }
}
