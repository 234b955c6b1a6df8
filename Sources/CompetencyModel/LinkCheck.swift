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
    /// Whole minutes, or nil when the text is not a time-only duration.
    public static func minutes(_ text: String) -> Int? {
        guard text.hasPrefix("PT"), text.count > 2 else { return nil }
        var total = 0.0
        var number = ""
        for character in text.dropFirst(2) {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "H": total += value * 60
            case "M": total += value
            case "S": total += value / 60
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? Int(total.rounded()) : nil
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
