// Synthetic frameworks for the benchmarks: realistic vocabulary, groups, phases, training
// and competencies from a fixed seed (SplitMix64), and a copy with known changes planted
// (rewordings, moves, renames, additions, removals, link changes) for the diff benchmark.
// Shared by DiffBenchmark and Benchmarks so both measure the same files.

import CompetencyModel
import FrameworkDiff
import OutputFormats
// MARK: - Deterministic random numbers

public struct SplitMix64 {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (multiply-high; the bias is negligible for these bounds).
    public mutating func int(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(i + 1))
        }
    }
}

// MARK: - Vocabulary and statements

public struct Vocabulary {
    /// Synthetic content words, a few thousand, lower case, distinct.
    public let content: [String]
    /// Real connecting words; drawn often, but never twice in one statement.
    public let function: [String]
    /// Statement openers, as the real framework's statements begin.
    public let openers = ["Knows", "Understands", "Recognises", "Can", "Is", "Uses", "Explains", "Supports", "Notices", "Works", "Helps", "Applies"]

    public init(size: Int, rng: inout SplitMix64) {
        let function = [
            "the", "and", "of", "to", "in", "for", "with", "how", "when", "that", "their", "a", "on", "about",
            "children", "young", "people", "staff", "setting", "support", "others", "what", "where", "why",
            "who", "can", "may", "needs", "family", "families", "wellbeing", "help", "time", "school", "each",
            "own", "role", "other", "from", "by", "as", "or", "at", "into", "through",
        ]
        self.function = function
        let onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                      "br", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr", "ch", "sp", "qu"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee"]
        let codas = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck", "rt", "nt"]
        let endings = ["", "", "", "", "ing", "ed", "ment", "ness", "al", "ive", "ity", "ise", "er"]
        var seen = Set(function)
        var words: [String] = []
        while words.count < size {
            var word = ""
            let roll = rng.unit()
            for syllable in 0..<(roll < 0.3 ? 1 : roll < 0.85 ? 2 : 3) {
                // Later syllables seldom close with a consonant cluster, which keeps words pronounceable.
                word += rng.pick(onsets) + rng.pick(vowels) + (syllable == 0 || rng.chance(0.3) ? rng.pick(codas) : "")
            }
            word += rng.pick(endings)
            guard word.count >= 3, word.count <= 10, seen.insert(word).inserted else { continue }
            words.append(word)
        }
        content = words
    }

    /// One draw: about three content words for each connecting word.
    public func word(_ rng: inout SplitMix64) -> String {
        rng.chance(0.28) ? rng.pick(function) : rng.pick(content)
    }

    /// `count` distinct words after an opener, as tokens (opener first).
    public func tokens(count: Int, _ rng: inout SplitMix64) -> [String] {
        var tokens = [rng.pick(openers)]
        var used = Set<String>()
        while tokens.count < count {
            let word = word(&rng)
            if used.insert(word).inserted { tokens.append(word) }
        }
        return tokens
    }

    public static func render(_ tokens: [String]) -> String { tokens.joined(separator: " ") + "." }

    public static func tokens(of statement: String) -> [String] {
        statement.dropLast().split(separator: " ").map(String.init)
    }
}

/// Hands out statements no other competency in either version uses.
public struct StatementFactory {
    public let vocabulary: Vocabulary
    public var used = Set<String>()

    public mutating func fresh(_ rng: inout SplitMix64) -> String {
        while true {
            let statement = Vocabulary.render(vocabulary.tokens(count: rng.int(in: 10...18), &rng))
            if used.insert(statement).inserted { return statement }
        }
    }

    /// Replaces or inserts 1–3 words (never the opener), with words not already present.
    public mutating func reword(_ statement: String, _ rng: inout SplitMix64) -> String {
        while true {
            var tokens = Vocabulary.tokens(of: statement)
            var present = Set(tokens)
            for _ in 0..<rng.int(in: 1...3) {
                var word = vocabulary.word(&rng)
                while present.contains(word) { word = vocabulary.word(&rng) }
                present.insert(word)
                if rng.chance(0.5) {
                    tokens[rng.int(in: 1...(tokens.count - 1))] = word
                } else {
                    tokens.insert(word, at: rng.int(in: 1...tokens.count))
                }
            }
            let result = Vocabulary.render(tokens)
            if result != statement, used.insert(result).inserted { return result }
        }
    }
}

// MARK: - Framework generation

public struct Generated {
    public var framework: Framework
    public var nextIDNumber: Int
    public var idWidth: Int
}

public func competencyID(_ number: Int, width: Int) -> String {
    let digits = String(number)
    return "c-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

public struct Generator {
    public var rng: SplitMix64
    public var statements: StatementFactory
    public let vocabulary: Vocabulary
    public let phases = ["early-years", "primary", "secondary", "college"]
    public let groups = ["core", "enhanced", "targeted"]
    public let topics = ["anxiety", "low-mood", "self-harm", "eating", "attachment", "bereavement", "behaviour", "resilience",
                  "trauma", "transition", "bullying", "online-safety", "sleep", "identity", "relationships", "wellbeing",
                  "risk-factors", "development", "communication", "listening", "referral", "confidentiality",
                  "safeguarding", "inclusion", "send", "peer-support", "parents", "staff-wellbeing", "routines", "play"]
    public let providers = [("MindEd", "minded.example.org.uk"), ("Anna Freud Centre", "annafreud.example.org"),
                     ("Young Minds", "youngminds.example.org.uk"), ("Local authority learning", "learning.example.gov.uk"),
                     ("Educational psychology service", "eps.example.gov.uk"), ("NHS e-Learning", "elearning.example.nhs.uk"),
                     ("Place2Be", "place2be.example.org.uk"), ("Charlie Waller Trust", "charliewaller.example.org"),
                     ("Samaritans", "samaritans.example.org"), ("Child Bereavement UK", "childbereavement.example.org.uk"),
                     ("Beat", "beat.example.co.uk"), ("National Children's Bureau", "ncb.example.org.uk")]
    public let durations = ["PT15M", "PT30M", "PT45M", "PT1H", "PT1H30M", "PT2H", "PT3H", "PT6H"]

    public init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        vocabulary = Vocabulary(size: 3000, rng: &rng)
        statements = StatementFactory(vocabulary: vocabulary)
    }

    public mutating func title(_ count: ClosedRange<Int>) -> String {
        let words = (0..<rng.int(in: count)).map { _ in rng.pick(vocabulary.content) }
        return words.first!.prefix(1).uppercased() + words.joined(separator: " ").dropFirst()
    }

    public mutating func phaseIDs() -> [String] {
        if rng.chance(0.4) { return phases }
        while true {
            let chosen = phases.filter { _ in rng.chance(0.5) }
            if !chosen.isEmpty { return chosen }
        }
    }

    public mutating func groupID() -> String {
        let roll = rng.unit()
        return roll < 0.5 ? "core" : roll < 0.8 ? "enhanced" : "targeted"
    }

    public mutating func competency(id: String, code: String, ordinal: Int, training: [TrainingOption], services: [Service]) -> Competency {
        var trainingRefs = [Reference(training[ordinal % training.count].id)]
        for _ in 0..<rng.int(in: 0...2) {
            let extra = rng.pick(training).id
            if !trainingRefs.contains(where: { $0.id == extra }) { trainingRefs.append(Reference(extra)) }
        }
        var serviceRefs: [Reference] = []
        if ordinal < services.count { serviceRefs.append(Reference(services[ordinal].id)) } else if rng.chance(0.25) {
            serviceRefs.append(Reference(rng.pick(services).id))
        }
        var chosenTopics: [String] = []
        for _ in 0..<rng.int(in: 0...2) {
            let topic = rng.pick(topics)
            if !chosenTopics.contains(topic) { chosenTopics.append(topic) }
        }
        let enhancements = rng.chance(0.1) ? [Vocabulary.render(vocabulary.tokens(count: rng.int(in: 8...14), &rng))] : []
        return Competency(
            id: id, code: code, groupID: groupID(), kind: rng.pick(CompetencyKind.allCases), phaseIDs: phaseIDs(),
            statement: statements.fresh(&rng), enhancements: enhancements, trainingRefs: trainingRefs,
            serviceRefs: serviceRefs, topics: chosenTopics)
    }

    public mutating func framework(competencies count: Int) -> Generated {
        let idWidth = max(6, String(count * 2).count)
        let trainingCount = max(5, count / 20)
        var training: [TrainingOption] = []
        for index in 0..<trainingCount {
            let (provider, host) = rng.pick(providers)
            let id = "t-" + String(format: "%05d", index + 1)
            training.append(TrainingOption(
                id: id, scope: rng.chance(0.7) ? .national : .local, format: rng.pick(TrainingFormat.allCases),
                title: title(3...7), provider: provider, duration: rng.chance(0.9) ? rng.pick(durations) : nil,
                url: "https://\(host)/courses/\(id)/\(rng.pick(vocabulary.content))"))
        }
        var services: [Service] = []
        for index in 0..<12 {
            let (_, host) = rng.pick(providers)
            services.append(Service(
                id: "s-" + String(format: "%03d", index + 1), scope: rng.chance(0.6) ? .national : .local,
                name: title(2...4), description: Vocabulary.render(vocabulary.tokens(count: rng.int(in: 10...16), &rng)),
                url: rng.chance(0.8) ? "https://\(host)/services/\(index + 1)" : nil))
        }
        // Area sizes of 40–60, about 50 on average.
        var sizes: [Int] = []
        var remaining = count
        while remaining > 0 {
            let size = remaining <= 60 ? remaining : rng.int(in: 40...60)
            sizes.append(size)
            remaining -= size
        }
        if sizes.count > 1, sizes.last! < 20 { sizes[sizes.count - 2] += sizes.removeLast() }
        var areas: [Area] = []
        var ordinal = 0
        for (areaIndex, size) in sizes.enumerated() {
            var competencies: [Competency] = []
            for position in 0..<size {
                competencies.append(competency(
                    id: competencyID(ordinal, width: idWidth), code: "A\(areaIndex + 1).\(position + 1)", ordinal: ordinal,
                    training: training, services: services))
                ordinal += 1
            }
            areas.append(Area(
                id: "area-" + String(format: "%04d", areaIndex + 1), name: title(2...5),
                description: Vocabulary.render(vocabulary.tokens(count: rng.int(in: 10...20), &rng)), competencies: competencies))
        }
        let framework = Framework(
            metadata: FrameworkMetadata(
                id: "synthetic-semh", version: "2024", title: "Synthetic competency framework of \(count) competencies",
                publisher: "CompetencyKit benchmark", date: "2024-09-01", licence: "Open Government Licence v3.0",
                language: "en-GB", description: "A generated framework for measuring the diff engine."),
            phases: phases.map { Phase(id: $0, name: $0.capitalized, description: "The \($0) phase.") },
            groups: groups.enumerated().map { rank, id in
                CompetencyGroup(id: id, rank: rank + 1, name: id.capitalized, description: "Staff in the \(id) group.",
                                roles: (1...3).map { Role(id: "\(id)-role-\($0)", name: "Role \($0) of \(id)") })
            },
            ratingScale: RatingScale(points: [
                RatingPoint(value: 1, label: "Not yet confident", descriptor: "Little or no experience yet."),
                RatingPoint(value: 2, label: "Developing", descriptor: "Can do it with support."),
                RatingPoint(value: 3, label: "Confident", descriptor: "Does it as part of everyday work."),
                RatingPoint(value: 4, label: "Confident to support others", descriptor: "Could help colleagues learn it."),
            ]),
            trainingOptions: training, services: services, areas: areas)
        return Generated(framework: framework, nextIDNumber: ordinal, idWidth: idWidth)
    }
}

// MARK: - Planted changes

/// A (kind, id) fact: competency changes use the new id, removals the old id, link changes
/// the training option's id.
public struct Fact: Hashable, Comparable {
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func < (a: Fact, b: Fact) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}

public let factKinds = CompetencyChange.Kind.allCases.map(\.rawValue) + ["link-changed", "other"]

public struct Planted {
    public var new: Framework
    public var facts: Set<Fact>
    /// Per unit (competency or training option): the facts expected of it, with the old id a
    /// rename must be paired with.
    public var units: [String: Set<String>]
    public var perKind: [String: Int]
    /// Descriptions of planted changes by unit, for explaining misclassifications.
    public var notes: [String: String]
}

public func plant(in generated: Generated, generator: inout Generator) -> Planted {
    var rng = generator.rng
    defer { generator.rng = rng }
    let old = generated.framework
    let total = old.competencies.count
    let perKind = max(5, total / 100)
    precondition(perKind * 5 <= total, "framework too small to plant disjoint changes")
    var order = Array(0..<total)
    rng.shuffle(&order)
    let all = old.competencies
    func slice(_ k: Int) -> Set<String> { Set(order[(k * perKind)..<((k + 1) * perKind)].map { all[$0].id }) }
    let reworded = slice(0), moved = slice(1), renamed = slice(2), rewordedRenamed = slice(3), removed = slice(4)

    var facts = Set<Fact>()
    var units: [String: Set<String>] = [:]
    var notes: [String: String] = [:]
    var nextNumber = generated.nextIDNumber
    func freshID() -> String {
        defer { nextNumber += 1 }
        return competencyID(nextNumber, width: generated.idWidth)
    }

    var areas = old.areas
    var movedOut: [(Competency, Int)] = []
    for areaIndex in areas.indices {
        var kept: [Competency] = []
        for var competency in areas[areaIndex].competencies {
            let id = competency.id
            if removed.contains(id) {
                facts.insert(Fact(kind: "removed", id: id))
                units["c:" + id] = ["removed"]
                notes["c:" + id] = "planted removal of \(id) from \(areas[areaIndex].id)"
                continue
            }
            if moved.contains(id) {
                movedOut.append((competency, areaIndex))
                continue
            }
            if reworded.contains(id) {
                let before = competency.statement
                competency.statement = generator.statements.reword(before, &rng)
                facts.insert(Fact(kind: "reworded", id: id))
                units["c:" + id] = ["reworded"]
                notes["c:" + id] = "planted rewording of \(id): \"\(before)\" → \"\(competency.statement)\""
            } else if renamed.contains(id) || rewordedRenamed.contains(id) {
                competency.id = freshID()
                var kinds: Set<String> = ["renamed", "renamed-from:" + id]
                facts.insert(Fact(kind: "renamed", id: competency.id))
                var note = "planted rename \(id) → \(competency.id)"
                if rewordedRenamed.contains(id) {
                    let before = competency.statement
                    competency.statement = generator.statements.reword(before, &rng)
                    facts.insert(Fact(kind: "reworded", id: competency.id))
                    kinds.insert("reworded")
                    note += " with rewording \"\(before)\" → \"\(competency.statement)\""
                }
                units["c:" + competency.id] = kinds
                notes["c:" + competency.id] = note
            }
            kept.append(competency)
        }
        areas[areaIndex].competencies = kept
    }
    for (competency, source) in movedOut {
        var target = rng.int(areas.count - 1)
        if target >= source { target += 1 }
        let position = rng.int(in: 0...areas[target].competencies.count)
        areas[target].competencies.insert(competency, at: position)
        facts.insert(Fact(kind: "moved", id: competency.id))
        units["c:" + competency.id] = ["moved"]
        notes["c:" + competency.id] = "planted move of \(competency.id) from \(areas[source].id) to \(areas[target].id) at position \(position)"
    }
    // Additions get codes past the area's original numbering so no code is reused.
    var nextCode = old.areas.map { $0.competencies.count + 1 }
    for ordinal in 0..<perKind {
        let areaIndex = rng.int(areas.count)
        let code = "A\(areaIndex + 1).\(nextCode[areaIndex])"
        nextCode[areaIndex] += 1
        generator.rng = rng
        let competency = generator.competency(
            id: freshID(), code: code, ordinal: ordinal, training: old.trainingOptions, services: old.services)
        rng = generator.rng
        let position = rng.int(in: 0...areas[areaIndex].competencies.count)
        areas[areaIndex].competencies.insert(competency, at: position)
        facts.insert(Fact(kind: "added", id: competency.id))
        units["c:" + competency.id] = ["added"]
        notes["c:" + competency.id] = "planted addition of \(competency.id) to \(areas[areaIndex].id)"
    }
    var training = old.trainingOptions
    var trainingOrder = Array(training.indices)
    rng.shuffle(&trainingOrder)
    let linkCount = min(perKind, training.count)
    for index in trainingOrder.prefix(linkCount) {
        let before = training[index].url
        training[index].url = "https://moved.example.org/learning/\(training[index].id)/\(rng.pick(generator.vocabulary.content))"
        facts.insert(Fact(kind: "link-changed", id: training[index].id))
        units["t:" + training[index].id] = ["link-changed"]
        notes["t:" + training[index].id] = "planted link change of \(training[index].id): \(before) → \(training[index].url)"
    }

    var new = old
    new.metadata.version = "2025"
    new.metadata.date = "2025-09-01"
    new.metadata.derivedFrom = old.metadata.reference
    new.areas = areas
    new.trainingOptions = training
    let counts = ["reworded": perKind, "moved": perKind, "renamed": perKind, "reworded-renamed": perKind,
                  "added": perKind, "removed": perKind, "link-changed": linkCount]
    return Planted(new: new, facts: facts, units: units, perKind: counts, notes: notes)
}

/// A generated framework and a copy with changes planted, both as XML.
public struct Pair {
    public var old: Framework
    public var planted: Planted
    public var oldXML: String
    public var newXML: String
}

/// The pair for `count` competencies, the same on every run.
public func makePair(_ count: Int) -> Pair {
    var generator = Generator(seed: 0x00C0_FFEE_2024_0917 ^ UInt64(count))
    let generated = generator.framework(competencies: count)
    let planted = plant(in: generated, generator: &generator)
    let writer = FrameworkXMLWriter()
    return Pair(old: generated.framework, planted: planted, oldXML: writer.write(generated.framework), newXML: writer.write(planted.new))
}
