/// What one diagnostic code means: the code, how serious a finding with it is, and a
/// one-line summary. Each module declares the descriptors of the codes it reports next to
/// the checks that report them; `DiagnosticCatalog` gathers them so `competency rules`, the
/// README and the tests all read one list.
public struct DiagnosticDescriptor: Sendable, Hashable {
    /// Which part of the tool reports a code, so a catalog can be listed by part.
    public enum Family: String, Sendable, Hashable, CaseIterable {
        /// FW00x: the file could not be read as XML of the expected shape.
        case loading
        /// FW1xx: a semantic rule every framework is held to.
        case frameworkRule
        /// ED1xx: an edition profile against its base, and the edition it makes.
        case editionProfile
        /// SH1xx: a workbook or CSV file read into a framework or a profile.
        case spreadsheet
        /// CS1xx: a CASE package imported as a framework.
        case caseImport
        /// RB1xx: a profile moved onto a new version of its base.
        case rebase
    }

    /// Stable once published: tests, CI scripts and JSON consumers match on it.
    public let code: String
    public let severity: Diagnostic.Severity
    public let family: Family
    /// One sentence saying what the code reports, for `competency rules`.
    public let summary: String
    /// A short name for codes that are also rules an author may look up by name, such as
    /// `duplicate-id`; nil for the others.
    public let name: String?

    public init(code: String, severity: Diagnostic.Severity, family: Family, summary: String, name: String? = nil) {
        self.code = code
        self.severity = severity
        self.family = family
        self.summary = summary
        self.name = name
    }

    /// The line `competency rules` prints: `CODE  severity summary`, then the name in
    /// brackets when there is one. Severities are padded so the summaries line up.
    public var listing: String {
        let severity = severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return "\(code)  \(severity) \(summary)" + (name.map { " (\($0))" } ?? "")
    }
}

extension Diagnostic {
    /// A finding reported under `descriptor`'s code and at its severity, so what a check
    /// reports cannot drift from what the catalog says about it.
    public init(_ descriptor: DiagnosticDescriptor, message: String, location: SourceLocation?, notes: [Note] = []) {
        self.init(severity: descriptor.severity, code: descriptor.code, message: message, location: location, notes: notes)
    }
}
