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
    private let check: @Sendable (Framework) -> [Finding]

    public var id: String { code }

    public init(
        code: String, name: String, severity: Diagnostic.Severity, summary: String,
        check: @escaping @Sendable (Framework) -> [Finding]
    ) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.check = check
    }

    public func diagnose(_ framework: Framework) -> [Diagnostic] {
        check(framework).map {
            Diagnostic(severity: severity, code: code, message: $0.message, location: $0.location, notes: $0.notes)
        }
    }
}
