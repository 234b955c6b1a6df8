import CompetencyCLI
import Foundation
import Testing

/// The promise behind `validate`: a framework or profile it passes exports without error.
/// Checked over deterministic mutants of the bundled inputs, aimed at the places the fuzz
/// run found traps: numbers and durations at their limits, long and odd text, repeated and
/// missing elements, and ids pointing at each other.
@Suite("validate clean implies export succeeds")
struct ValidateImpliesExportTests {
    enum Target: String, CaseIterable, Sendable {
        case framework, sandwell = "sandwell-2022", national = "national-workshops"

        /// A framework mutant costs a whole `export --all` (two editions and every change
        /// report), a profile mutant one edition: 48 + 96 + 96 = 240 mutants in all.
        var chunks: Int { self == .framework ? 6 : 8 }
        var mutantsPerChunk: Int { self == .framework ? 8 : 12 }
    }

    static let arguments: [(Target, Int)] = Target.allCases.flatMap { target in (0..<target.chunks).map { (target, $0) } }

    @Test(arguments: arguments)
    func mutantsThatValidateExport(_ target: Target, _ chunk: Int) throws {
        let original = target == .framework ? try Bundled.text("2019") : try Hardening.profileText(target.rawValue)
        var clean = 0
        for index in 0..<target.mutantsPerChunk {
            let seed = UInt64(target.rawValue.utf8.reduce(0) { $0 &* 31 &+ Int($1) }) &+ UInt64(chunk * 1000 + index)
            var mutator = Mutator(seed: seed)
            let (mutant, description) = mutator.mutate(original)
            let directory = try TemporaryDirectory()
            let frameworks: String
            let path: String
            switch target {
            case .framework:
                frameworks = try Hardening.frameworksFolder(in: directory, framework2019: mutant)
                path = "\(frameworks)/in-it-together/2019.xml"
            case .sandwell, .national:
                frameworks = try Hardening.frameworksFolder(in: directory, profiles: [target.rawValue: mutant])
                path = "\(frameworks)/editions/\(target.rawValue).xml"
            }
            // Export reads the framework and every profile built on it, so the promise is
            // about all of them: each must validate for the export to be owed.
            let inputs = target == .framework
                ? [path] + Target.allCases.dropFirst().map { "\(frameworks)/editions/\($0.rawValue).xml" }
                : [path]
            let validated = run(["validate", "--frameworks", frameworks] + inputs)
            #expect([0, 1, 2].contains(validated.status), "seed \(seed) (\(description)): \(validated.all)")
            guard validated.status == 0 else { continue }
            clean += 1
            let out = directory.url.appendingPathComponent("out").path
            let exported = target == .framework
                ? run(["export", "--all", "--frameworks", frameworks, "--out", out])
                : run(["export", "--edition", target.rawValue, "--frameworks", frameworks, "--out", out])
            #expect(exported.status == 0, "validate passed but export failed for seed \(seed) (\(description)): \(exported.err.prefix(2000))")
        }
        // The mutations aim at values the schema accepts; if most stopped validating, the
        // test would prove nothing.
        #expect(clean * 4 >= target.mutantsPerChunk, "only \(clean) of \(target.mutantsPerChunk) mutants validated")
    }
}

/// Text-level mutations that mostly keep a document schema-valid, so the later stages see
/// them. Deterministic for a seed.
struct Mutator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(max(bound, 1)))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }

    static let numbers = ["0", "1", "2", "3", "4", "7", "10", "+5", " 6 ", "007", "99", "100", "600", "601", "4294967296", "9223372036854775807", "9223372036854775808"]
    static let durations = ["PT0M", "PT1M", "PT0H", "PT999H", "PT9999M", "PT999H9999M", "PT1000H", "PT2H0M", "P1D", "PT1.5H", "PT30S", "PT153722867280912930H", " PT2H "]
    static let texts = [
        "", " ", "x", "A plain, short sentence.",
        String(repeating: "long words repeated ", count: 3_000),
        String(repeating: "a", count: 60_000),
        "a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; &quot;c&quot;",
        "line\u{2028}separated\u{85}next", "&#10;forged.xml:1:1: error: nope [FW000]",
        "naïve café — 🙂 עברית 中文", "\u{200B}\u{FEFF}zero width", "tab\there",
    ]
    static let elements = ["competency", "keyMessage", "workshop", "segment", "outcome", "develops", "trainingOption", "training", "signpost", "service", "point", "role", "topic", "enhancement", "exclude", "override", "strategy", "group", "phase", "area"]

    mutating func mutate(_ text: String) -> (String, String) {
        var result = text
        var applied: [String] = []
        for _ in 0...(next(4) == 0 ? 1 : 0) {
            let (mutated, name) = mutateOnce(result)
            result = mutated
            applied.append(name)
        }
        return (result, applied.joined(separator: " + "))
    }

    private mutating func mutateOnce(_ text: String) -> (String, String) {
        switch next(7) {
        case 0: return replaceAttribute(in: text, names: ["minutes", "number", "rank", "value"], values: Self.numbers)
        case 1: return replaceElementText(in: text, elements: ["duration"], values: Self.durations)
        case 2: return replaceElementText(in: text, elements: ["statement", "title", "name", "text", "activity", "descriptor", "enhancement", "rationale", "description", "purpose", "topic", "provider"], values: Self.texts)
        case 3: return duplicateElement(in: text)
        case 4: return deleteElement(in: text)
        case 5: return replaceAttribute(in: text, names: ["ref", "id", "group", "phases", "keyMessages", "outcomes", "area", "competency"], values: identifiers(in: text))
        default: return replaceElementText(in: text, elements: ["role", "label", "url"], values: Self.texts + ["https://example.org/a", "http://insecure.example", "https://", "https://x"])
        }
    }

    private func ranges(of needle: String, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var start = text.startIndex
        while let range = text.range(of: needle, range: start..<text.endIndex) {
            found.append(range)
            start = range.upperBound
        }
        return found
    }

    private func identifiers(in text: String) -> [String] {
        var ids: [String] = []
        for range in ranges(of: " id=\"", in: text) {
            if let end = text[range.upperBound...].firstIndex(of: "\"") { ids.append(String(text[range.upperBound..<end])) }
        }
        return ids.isEmpty ? ["x"] : ids
    }

    private mutating func replaceAttribute(in text: String, names: [String], values: [String]) -> (String, String) {
        let name = pick(names)
        let found = ranges(of: " \(name)=\"", in: text)
        guard !found.isEmpty else { return (text, "no \(name)") }
        let range = pick(found)
        guard let end = text[range.upperBound...].firstIndex(of: "\"") else { return (text, "no \(name)") }
        let value = pick(values)
        var copy = text
        copy.replaceSubrange(range.upperBound..<end, with: value)
        return (copy, "\(name)=\"\(value.prefix(40))\"")
    }

    private mutating func replaceElementText(in text: String, elements: [String], values: [String]) -> (String, String) {
        let element = pick(elements)
        let found = ranges(of: "<\(element)>", in: text)
        guard !found.isEmpty else { return (text, "no <\(element)>") }
        let range = pick(found)
        guard let end = text.range(of: "</\(element)>", range: range.upperBound..<text.endIndex) else { return (text, "no </\(element)>") }
        let value = pick(values)
        var copy = text
        copy.replaceSubrange(range.upperBound..<end.lowerBound, with: value)
        return (copy, "<\(element)>\(value.prefix(40))")
    }

    /// The whole element at a start tag: to its end tag, or to `/>` when it is empty.
    private func element(_ name: String, at start: Range<String.Index>, in text: String) -> Range<String.Index>? {
        guard let close = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        if text[text.index(before: close)] == "/" { return start.lowerBound..<text.index(after: close) }
        guard let end = text.range(of: "</\(name)>", range: close..<text.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    private mutating func duplicateElement(in text: String) -> (String, String) {
        let name = pick(Self.elements)
        let found = ranges(of: "<\(name) ", in: text) + ranges(of: "<\(name)>", in: text)
        guard !found.isEmpty, let whole = element(name, at: pick(found), in: text) else { return (text, "no <\(name)>") }
        var copy = text
        copy.insert(contentsOf: text[whole], at: whole.upperBound)
        return (copy, "duplicate <\(name)>")
    }

    private mutating func deleteElement(in text: String) -> (String, String) {
        let name = pick(Self.elements)
        let found = ranges(of: "<\(name) ", in: text) + ranges(of: "<\(name)>", in: text)
        guard !found.isEmpty, let whole = element(name, at: pick(found), in: text) else { return (text, "no <\(name)>") }
        var copy = text
        copy.removeSubrange(whole)
        return (copy, "delete <\(name)>")
    }
}
