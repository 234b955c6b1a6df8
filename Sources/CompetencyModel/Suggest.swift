import Foundation

/// "Did you mean …?": the known ids closest to what was typed, by edit distance, and a
/// competency's id when its printed code was typed (FPI.8 → fpi-08).
public enum Suggest {
    public static func closest(_ typed: String, _ candidates: [String], limit: Int = 3) -> [String] {
        let lowered = typed.lowercased()
        // A printed code: letters, a dot, a number → the id form "letters-0number".
        if let dot = lowered.firstIndex(of: "."), let number = Int(lowered[lowered.index(after: dot)...]) {
            let id = "\(lowered[..<dot])-\(number < 10 ? "0" : "")\(number)"
            if candidates.contains(id) { return [id] }
        }
        let threshold = max(2, typed.count / 3)
        var scored: [(candidate: String, distance: Int)] = []
        for candidate in Set(candidates) {
            let score = distance(lowered, candidate.lowercased())
            if score <= threshold { scored.append((candidate, score)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.candidate < $1.candidate }
        return scored.prefix(limit).map { $0.candidate }
    }

    /// " (did you mean x or y?)", or nothing.
    public static func clause(_ typed: String, _ candidates: [String]) -> String {
        let found = closest(typed, candidates)
        guard !found.isEmpty else { return "" }
        return " (did you mean \(found.map { "'\($0)'" }.joined(separator: " or "))?)"
    }

    /// Levenshtein distance over characters, in two rows.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
