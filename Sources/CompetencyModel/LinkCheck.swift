import Foundation

/// The one definition of an acceptable public link, shared by framework rules and profile
/// checks: well-formed, https, with a dotted host.
public enum LinkCheck {
    /// Why `url` is not acceptable, or nil when it is.
    public static func problem(with url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            return "a malformed URL"
        }
        guard scheme.lowercased() == "https" else { return "a non-https URL" }
        guard let host = components.host, host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".") else {
            return "a URL with no valid host"
        }
        return nil
    }
}

/// ISO 8601 durations of the time-only form the formats use (PT2H, PT1H30M, PT45M).
public enum DurationText {
    /// The schemas allow at most three digits of hours and four of minutes; the parser
    /// refuses anything longer, so the result always fits comfortably in an `Int`.
    public static let maximumHourDigits = 3
    public static let maximumMinuteDigits = 4

    /// Whole minutes, or nil when the text is not a time-only duration of hours and
    /// minutes within the schema's bounds. Exact integer arithmetic: no floating point,
    /// so no value can trap on conversion.
    public static func minutes(_ text: String) -> Int? {
        // XSD collapses whitespace around a duration before checking it; so does this.
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard rest.hasPrefix("PT"), rest.count > 2 else { return nil }
        rest = rest.dropFirst(2)
        var total = 0
        var seen: Set<Character> = []
        var digits = ""
        for character in rest {
            if let ascii = character.asciiValue, ascii >= UInt8(ascii: "0"), ascii <= UInt8(ascii: "9") {
                digits.append(character)
                continue
            }
            guard !digits.isEmpty, !seen.contains(character), let value = Int(digits) else { return nil }
            switch character {
            case "H" where seen.isEmpty && digits.count <= maximumHourDigits:
                total += value * 60
            case "M" where digits.count <= maximumMinuteDigits:
                total += value
            default:
                return nil
            }
            seen.insert(character)
            digits = ""
        }
        return digits.isEmpty ? total : nil
    }

    /// "2 hours", "1 hour 30 minutes", "45 minutes": for people, not machines.
    public static func spoken(_ text: String) -> String {
        guard let minutes = minutes(text) else { return text }
        let hours = minutes / 60
        let rest = minutes % 60
        var parts: [String] = []
        if hours > 0 { parts.append("\(hours) hour\(hours == 1 ? "" : "s")") }
        if rest > 0 || hours == 0 { parts.append("\(rest) minute\(rest == 1 ? "" : "s")") }
        return parts.joined(separator: " ")
    }
}
