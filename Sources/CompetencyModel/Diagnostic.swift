/// One finding about an input: what, how bad, and where. Tests assert on `code`, which
/// never changes meaning once published; the wording may improve.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// A secondary location, such as the first of two duplicates.
    public struct Note: Sendable, Hashable, Codable {
        public var message: String
        public var location: SourceLocation?

        public init(message: String, location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var code: String
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]

    public init(
        severity: Severity, code: String, message: String,
        location: SourceLocation?, notes: [Note] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// The compiler-style line editors and CI annotate:
    /// `path:line:col: error: message [CODE]`, followed by any notes.
    /// Every value a message echoes from the input is made to fit on its line, so a value
    /// holding a line break cannot forge a second diagnostic for tools that read lines.
    public var formatted: String {
        var lines = ["\(Self.prefix(location))\(severity.rawValue): \(Self.oneLine(message)) [\(Self.oneLine(code))]"]
        for note in notes {
            lines.append("\(Self.prefix(note.location))note: \(Self.oneLine(note.message))")
        }
        return lines.joined(separator: "\n")
    }

    private static func prefix(_ location: SourceLocation?) -> String {
        location.map { "\(oneLine($0.description)): " } ?? ""
    }

    /// Writes C0 and C1 controls, DEL and the Unicode line and paragraph separators as
    /// visible escapes (`\n`, `\u{2028}`); everything else, including other non-ASCII
    /// text, is left as it is so messages stay readable in any language.
    public static func oneLine(_ text: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by file, position, then code, so output does not depend on rule order.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { lhs, rhs in
            let left = (lhs.location?.file ?? "", lhs.location?.line ?? 0, lhs.location?.column ?? 0)
            let right = (rhs.location?.file ?? "", rhs.location?.line ?? 0, rhs.location?.column ?? 0)
            if left != right { return left < right }
            if lhs.code != rhs.code { return lhs.code < rhs.code }
            return lhs.message < rhs.message
        }
    }

    public var hasErrors: Bool { contains { $0.severity == .error } }
}
