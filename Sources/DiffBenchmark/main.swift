// DiffBenchmark: accuracy and speed of FrameworkComparison on synthetic frameworks.
//
// For each size N it generates a realistic framework deterministically (SplitMix64, fixed
// seed), plants known changes in a copy, scores what FrameworkComparison reports against
// what was planted, and times the comparison in memory and end to end (parse both XML texts
// with FrameworkLoader, then compare). This is a program that prints figures, not a test.
//
//   DiffBenchmark [--sizes 1000,10000,100000] [--write-pair DIR] [--breakdown] [--rename-threshold X]
//
// --breakdown adds one timed pass per size splitting the parse into its stages;
// --rename-threshold compares with a non-default threshold (to check that the scoring
// does catch misclassifications).

import CompetencyModel
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import XMLSupport

// MARK: - Deterministic random numbers

struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (multiply-high; the bias is negligible for these bounds).
    mutating func int(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(i + 1))
        }
    }
}

// MARK: - Vocabulary and statements

struct Vocabulary {
    /// Synthetic content words, a few thousand, lower case, distinct.
    let content: [String]
    /// Real connecting words; drawn often, but never twice in one statement.
    let function: [String]
    /// Statement openers, as the real framework's statements begin.
    let openers = ["Knows", "Understands", "Recognises", "Can", "Is", "Uses", "Explains", "Supports", "Notices", "Works", "Helps", "Applies"]

    init(size: Int, rng: inout SplitMix64) {
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
    func word(_ rng: inout SplitMix64) -> String {
        rng.chance(0.28) ? rng.pick(function) : rng.pick(content)
    }

    /// `count` distinct words after an opener, as tokens (opener first).
    func tokens(count: Int, _ rng: inout SplitMix64) -> [String] {
        var tokens = [rng.pick(openers)]
        var used = Set<String>()
        while tokens.count < count {
            let word = word(&rng)
            if used.insert(word).inserted { tokens.append(word) }
        }
        return tokens
    }

    static func render(_ tokens: [String]) -> String { tokens.joined(separator: " ") + "." }

    static func tokens(of statement: String) -> [String] {
        statement.dropLast().split(separator: " ").map(String.init)
    }
}

/// Hands out statements no other competency in either version uses.
struct StatementFactory {
    let vocabulary: Vocabulary
    var used = Set<String>()

    mutating func fresh(_ rng: inout SplitMix64) -> String {
        while true {
            let statement = Vocabulary.render(vocabulary.tokens(count: rng.int(in: 10...18), &rng))
            if used.insert(statement).inserted { return statement }
        }
    }

    /// Replaces or inserts 1–3 words (never the opener), with words not already present.
    mutating func reword(_ statement: String, _ rng: inout SplitMix64) -> String {
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

struct Generated {
    var framework: Framework
    var nextIDNumber: Int
    var idWidth: Int
}

func competencyID(_ number: Int, width: Int) -> String {
    let digits = String(number)
    return "c-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}

struct Generator {
    var rng: SplitMix64
    var statements: StatementFactory
    let vocabulary: Vocabulary
    let phases = ["early-years", "primary", "secondary", "college"]
    let groups = ["core", "enhanced", "targeted"]
    let topics = ["anxiety", "low-mood", "self-harm", "eating", "attachment", "bereavement", "behaviour", "resilience",
                  "trauma", "transition", "bullying", "online-safety", "sleep", "identity", "relationships", "wellbeing",
                  "risk-factors", "development", "communication", "listening", "referral", "confidentiality",
                  "safeguarding", "inclusion", "send", "peer-support", "parents", "staff-wellbeing", "routines", "play"]
    let providers = [("MindEd", "minded.example.org.uk"), ("Anna Freud Centre", "annafreud.example.org"),
                     ("Young Minds", "youngminds.example.org.uk"), ("Local authority learning", "learning.example.gov.uk"),
                     ("Educational psychology service", "eps.example.gov.uk"), ("NHS e-Learning", "elearning.example.nhs.uk"),
                     ("Place2Be", "place2be.example.org.uk"), ("Charlie Waller Trust", "charliewaller.example.org"),
                     ("Samaritans", "samaritans.example.org"), ("Child Bereavement UK", "childbereavement.example.org.uk"),
                     ("Beat", "beat.example.co.uk"), ("National Children's Bureau", "ncb.example.org.uk")]
    let durations = ["PT15M", "PT30M", "PT45M", "PT1H", "PT1H30M", "PT2H", "PT3H", "PT6H"]

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
        vocabulary = Vocabulary(size: 3000, rng: &rng)
        statements = StatementFactory(vocabulary: vocabulary)
    }

    mutating func title(_ count: ClosedRange<Int>) -> String {
        let words = (0..<rng.int(in: count)).map { _ in rng.pick(vocabulary.content) }
        return words.first!.prefix(1).uppercased() + words.joined(separator: " ").dropFirst()
    }

    mutating func phaseIDs() -> [String] {
        if rng.chance(0.4) { return phases }
        while true {
            let chosen = phases.filter { _ in rng.chance(0.5) }
            if !chosen.isEmpty { return chosen }
        }
    }

    mutating func groupID() -> String {
        let roll = rng.unit()
        return roll < 0.5 ? "core" : roll < 0.8 ? "enhanced" : "targeted"
    }

    mutating func competency(id: String, code: String, ordinal: Int, training: [TrainingOption], services: [Service]) -> Competency {
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

    mutating func framework(competencies count: Int) -> Generated {
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
struct Fact: Hashable, Comparable {
    var kind: String
    var id: String
    static func < (a: Fact, b: Fact) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
}

let factKinds = CompetencyChange.Kind.allCases.map(\.rawValue) + ["link-changed", "other"]

struct Planted {
    var new: Framework
    var facts: Set<Fact>
    /// Per unit (competency or training option): the facts expected of it, with the old id a
    /// rename must be paired with.
    var units: [String: Set<String>]
    var perKind: [String: Int]
    /// Descriptions of planted changes by unit, for explaining misclassifications.
    var notes: [String: String]
}

func plant(in generated: Generated, generator: inout Generator) -> Planted {
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

// MARK: - Scoring

struct Reported {
    var facts = Set<Fact>()
    var units: [String: Set<String>] = [:]
    var descriptions: [String: String] = [:]
}

func reported(_ changes: ChangeSet) -> Reported {
    var result = Reported()
    for change in changes.competencyChanges {
        let id = change.kinds.contains(.removed) ? (change.oldID ?? "") : (change.newID ?? change.oldID ?? "")
        var kinds = Set(change.kinds.map(\.rawValue))
        for kind in change.kinds {
            result.facts.insert(Fact(kind: kind.rawValue, id: kind == .removed ? (change.oldID ?? "") : (change.newID ?? "")))
        }
        if change.kinds.contains(.renamed), let oldID = change.oldID { kinds.insert("renamed-from:" + oldID) }
        result.units["c:" + id, default: []].formUnion(kinds)
        var text = "reported [\(change.orderedKinds.map(\.rawValue).joined(separator: ", "))] old=\(change.oldID ?? "-") new=\(change.newID ?? "-")"
        text += " area \(change.oldArea ?? "-") → \(change.newArea ?? "-")"
        if change.confidence < 1 { text += String(format: " confidence %.2f", change.confidence) }
        if !change.fields.isEmpty {
            text += " fields: " + change.fields.map { "\($0.field) \($0.old ?? "nil") → \($0.new ?? "nil")" }.joined(separator: "; ")
        }
        result.descriptions["c:" + id, default: ""] += text
    }
    for change in changes.otherChanges {
        if change.entity == .training, change.kind == .linkChanged {
            result.facts.insert(Fact(kind: "link-changed", id: change.id))
            result.units["t:" + change.id, default: []].insert("link-changed")
        } else {
            let key = "\(change.entity.rawValue).\(change.kind.rawValue):\(change.id)"
            result.facts.insert(Fact(kind: "other", id: key))
            result.units["o:" + key, default: []].insert("other")
        }
        result.descriptions[(change.entity == .training && change.kind == .linkChanged ? "t:" : "o:\(change.entity.rawValue).\(change.kind.rawValue):") + change.id, default: ""] +=
            "reported \(change.entity.rawValue) \(change.kind.rawValue) \(change.id) " + change.fields.map { "\($0.field) \($0.old ?? "nil") → \($0.new ?? "nil")" }.joined(separator: "; ")
    }
    return result
}

struct Score {
    var accuracy: Double
    var correctUnits: Int
    var totalUnits: Int
    var mismatches: [String]
    var factsCorrect: Int
    var factsPlanted: Int
    var factsFound: Int
}

func percent(_ numerator: Int, _ denominator: Int) -> String {
    denominator == 0 ? "n/a" : String(format: "%.2f%%", 100 * Double(numerator) / Double(denominator))
}

func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

func score(planted: Planted, reported: Reported, label: String) -> Score {
    print("Classification, \(label) (facts are (kind, id): new id, old id for removals, training id for links)")
    print("  " + pad("kind", 14, right: false) + pad("planted", 9) + pad("found", 8) + pad("correct", 9) + pad("precision", 11) + pad("recall", 10))
    var correctTotal = 0, plantedTotal = 0, foundTotal = 0
    for kind in factKinds {
        let expected = planted.facts.filter { $0.kind == kind }
        let found = reported.facts.filter { $0.kind == kind }
        let correct = expected.intersection(found).count
        correctTotal += correct
        plantedTotal += expected.count
        foundTotal += found.count
        let name = kind == "other" ? "other-entity" : kind
        print("  " + pad(name, 14, right: false) + pad(String(expected.count), 9) + pad(String(found.count), 8)
              + pad(String(correct), 9) + pad(percent(correct, found.count), 11) + pad(percent(correct, expected.count), 10))
    }
    print("  " + pad("all facts", 14, right: false) + pad(String(plantedTotal), 9) + pad(String(foundTotal), 8)
          + pad(String(correctTotal), 9) + pad(percent(correctTotal, foundTotal), 11) + pad(percent(correctTotal, plantedTotal), 10))

    // Unit accuracy: each competency or training option touched by a planted or a reported
    // change counts once, and is right only when its reported kinds (and, for a rename, the
    // old id it was paired with) are exactly the planted ones.
    let keys = Set(planted.units.keys).union(reported.units.keys)
    var correct = 0
    var mismatches: [String] = []
    for key in keys.sorted() {
        let expected = planted.units[key] ?? []
        let found = reported.units[key] ?? []
        if expected == found {
            correct += 1
        } else {
            let describe: (Set<String>) -> String = { $0.isEmpty ? "nothing" : "{" + $0.sorted().joined(separator: ", ") + "}" }
            mismatches.append("\(key): expected \(describe(expected)), got \(describe(found))\n      "
                              + (planted.notes[key] ?? "nothing planted") + "\n      " + (reported.descriptions[key] ?? "nothing reported"))
        }
    }
    let accuracy = keys.isEmpty ? 1 : Double(correct) / Double(keys.count)
    print(String(format: "  classification accuracy: %d of %d changed items exactly right = %.2f%%; target ≥ 99%% %@",
                 correct, keys.count, 100 * accuracy, accuracy >= 0.99 ? "MET" : "NOT MET"))
    if !mismatches.isEmpty {
        print("  misclassified (\(mismatches.count)\(mismatches.count > 12 ? ", first 12" : "")):")
        for line in mismatches.prefix(12) { print("    " + line) }
    }
    return Score(accuracy: accuracy, correctUnits: correct, totalUnits: keys.count, mismatches: mismatches,
                 factsCorrect: correctTotal, factsPlanted: plantedTotal, factsFound: foundTotal)
}

// MARK: - Timing

let clock = ContinuousClock()

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

struct Timing {
    var runs: [Double]
    var median: Double {
        let sorted = runs.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    var summary: String {
        String(format: "%.1f ms (min %.1f, max %.1f, n=%d)", median, runs.min()!, runs.max()!, runs.count)
    }
}

nonisolated(unsafe) var sink = 0

func measure(runs: Int, warmUp: Bool, _ body: () -> Int) -> Timing {
    if warmUp { sink &+= body() }
    var results: [Double] = []
    for _ in 0..<runs {
        var value = 0
        let elapsed = clock.measure { value = body() }
        sink &+= value
        results.append(milliseconds(elapsed))
    }
    return Timing(runs: results)
}

func peakResidentMiB() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "n/a" }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
    return String(format: "%.0f MiB", kilobytes / 1024)
}

// MARK: - Loading

let loader = FrameworkLoader(documentReader: DocumentReader(reader: XMLReader(maximumBytes: 1 << 30)))

func load(_ bytes: [UInt8], path: String) -> FrameworkLoader.Result {
    do {
        return try loader.load(bytes: bytes, path: path)
    } catch {
        fatalError("could not read \(path): \(error.diagnostics.prefix(3).map(\.message))")
    }
}

/// Loads two documents concurrently, as `competency diff` loads its two sides.
func loadBoth(_ old: [UInt8], _ new: [UInt8]) -> (Framework, Framework) {
    final class Box: @unchecked Sendable {
        // @unchecked: each property is written by one iteration only, and read after both end.
        var old: Framework?
        var new: Framework?
    }
    let box = Box()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 {
            box.old = load(old, path: "old.xml").framework
        } else {
            box.new = load(new, path: "new.xml").framework
        }
    }
    return (box.old!, box.new!)
}

/// What `competency diff old.xml new.xml` does: read both files, load them at once, compare.
func loadFilesAndCompare(_ directory: String) -> Int {
    let old = [UInt8](FileManager.default.contents(atPath: directory + "/old.xml") ?? Data())
    let new = [UInt8](FileManager.default.contents(atPath: directory + "/new.xml") ?? Data())
    let (a, b) = loadBoth(old, new)
    return FrameworkComparison().compare(a, b).competencyChanges.count
}

func loadFile(_ path: String) -> Framework {
    do {
        guard let framework = try loader.load(contentsOf: path).framework else { fatalError("\(path) breaks the schema") }
        return framework
    } catch {
        fatalError("could not read \(path): \(error.diagnostics.prefix(3).map(\.message))")
    }
}

// MARK: - Main

var sizes = [1_000, 10_000, 100_000]
var pairDirectory: String?
var breakdown = false
var comparison = FrameworkComparison()
let usage = "usage: DiffBenchmark [--sizes 1000,10000,100000] [--write-pair DIR] [--breakdown] [--rename-threshold X]"
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--sizes":
        guard let value = arguments.popFirst() else { fatalError("--sizes needs a value such as 1000,10000") }
        sizes = value.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 25 }) else { fatalError("--sizes: give sizes of at least 25, comma-separated") }
    case "--write-pair":
        guard let value = arguments.popFirst() else { fatalError("--write-pair needs a directory") }
        pairDirectory = value
    case "--breakdown":
        breakdown = true
    case "--rename-threshold":
        guard let value = arguments.popFirst().flatMap(Double.init) else { fatalError("--rename-threshold needs a number") }
        comparison = FrameworkComparison(renameThreshold: value)
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        fatalError("unknown argument \(argument); \(usage)")
    }
}

struct Pair {
    var old: Framework
    var planted: Planted
    var oldXML: String
    var newXML: String
}

func makePair(_ count: Int) -> Pair {
    var generator = Generator(seed: 0x00C0_FFEE_2024_0917 ^ UInt64(count))
    let generated = generator.framework(competencies: count)
    let planted = plant(in: generated, generator: &generator)
    let writer = FrameworkXMLWriter()
    return Pair(old: generated.framework, planted: planted, oldXML: writer.write(generated.framework), newXML: writer.write(planted.new))
}

print("CompetencyKit diff benchmark")
print("sizes: \(sizes.map(String.init).joined(separator: ", ")); planted ≈1% of N per kind (at least 5), disjoint competencies; seed fixed")
if comparison.renameThreshold != FrameworkComparison().renameThreshold {
    print("NOTE: rename threshold \(comparison.renameThreshold) instead of the default \(FrameworkComparison().renameThreshold)")
}
print("host: \(ProcessInfo.processInfo.activeProcessorCount) cores; times are medians of wall-clock ms (ContinuousClock)")
print("")

struct Row {
    var size: Int
    var oldKB: Int
    var newKB: Int
    var compare: Timing
    var endToEnd: Timing
    var parse: Timing
    var peak: String
}

var rows: [Row] = []
var scores: [(Int, Score)] = []

for size in sizes {
    let generationStart = clock.now
    let pair = makePair(size)
    let generationMS = milliseconds(clock.now - generationStart)
    let oldBytes = Array(pair.oldXML.utf8)
    let newBytes = Array(pair.newXML.utf8)
    let plantedCounts = pair.planted.perKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print("== N = \(size): \(pair.old.areas.count) areas, \(pair.old.trainingOptions.count) training options; old \(oldBytes.count / 1024) KiB, new \(newBytes.count / 1024) KiB of XML; generated and written in \(String(format: "%.0f", generationMS)) ms")
    print("   planted: \(plantedCounts)")

    // The XML must read back to exactly what was generated, without errors.
    let oldLoaded = load(oldBytes, path: "old.xml")
    let newLoaded = load(newBytes, path: "new.xml")
    for (name, result, expected) in [("old", oldLoaded, pair.old), ("new", newLoaded, pair.planted.new)] {
        let errors = result.diagnostics.filter { $0.severity == .error }
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        if result.framework != expected || !errors.isEmpty || !warnings.isEmpty {
            print("   note: \(name).xml read back \(result.framework == expected ? "equal" : "NOT EQUAL") to the generated framework; \(errors.count) errors, \(warnings.count) warnings\(result.diagnostics.first.map { ": first \($0.code) \($0.message)" } ?? "")")
        }
    }

    let changes = comparison.compare(pair.old, pair.planted.new)
    let found = reported(changes)
    let parsedChanges = comparison.compare(oldLoaded.framework!, newLoaded.framework!)
    if reported(parsedChanges).facts != found.facts {
        print("   note: comparing the parsed XML reported different facts from comparing in memory")
    }
    scores.append((size, score(planted: pair.planted, reported: found, label: "N = \(size)")))

    let runs = size >= 100_000 ? 3 : 5
    let warmUp = size < 100_000
    let old = pair.old, new = pair.planted.new
    let compareTiming = measure(runs: runs, warmUp: warmUp) {
        comparison.compare(old, new).competencyChanges.count
    }
    let parseTiming = measure(runs: runs, warmUp: warmUp) {
        (load(oldBytes, path: "old.xml").framework?.areas.count ?? 0) + (load(newBytes, path: "new.xml").framework?.areas.count ?? 0)
    }
    let endToEndTiming = measure(runs: runs, warmUp: warmUp) {
        // Both sides load at once, as `competency diff` does.
        let (a, b) = loadBoth(oldBytes, newBytes)
        return comparison.compare(a, b).competencyChanges.count
    }
    let row = Row(size: size, oldKB: oldBytes.count / 1024, newKB: newBytes.count / 1024, compare: compareTiming,
                  endToEnd: endToEndTiming, parse: parseTiming, peak: peakResidentMiB())
    rows.append(row)
    print("   compare in memory:         \(compareTiming.summary)")
    print("   parse both (FrameworkLoader): \(parseTiming.summary)")
    print("   end to end (parse + compare): \(endToEndTiming.summary)")
    print("   peak resident set so far: \(row.peak)")
    if breakdown {
        let reader = XMLReader(maximumBytes: 1 << 30)
        let tree = measure(runs: 1, warmUp: false) { ((try? reader.read(oldBytes))?.root.children.count) ?? 0 }
        let schema = measure(runs: 1, warmUp: false) { ((try? reader.read(oldBytes, schema: FrameworkLoader.schema()))?.schemaIssues.count) ?? 0 }
        let full = measure(runs: 1, warmUp: false) { load(oldBytes, path: "old.xml").diagnostics.count }
        let rules = measure(runs: 1, warmUp: false) { loader.validate(old).count }
        print(String(format: "   parse breakdown, old.xml only, one run: libxml2 parse + tree %.0f ms; the same with schema validation %.0f ms; FrameworkLoader total %.0f ms (of which rules %.0f ms, so decoding ≈ %.0f ms)",
                     tree.median, schema.median, full.median, rules.median, full.median - schema.median - rules.median))
    }
    print("")
}

print("Summary")
print("  " + pad("N", 8) + pad("old KiB", 9) + pad("compare ms", 12) + pad("parse ms", 11) + pad("end-to-end ms", 15) + pad("runs", 6) + pad("accuracy", 10) + pad("peak RSS", 10))
for (row, (_, score)) in zip(rows, scores) {
    print("  " + pad(String(row.size), 8) + pad(String(row.oldKB), 9) + pad(String(format: "%.1f", row.compare.median), 12)
          + pad(String(format: "%.1f", row.parse.median), 11) + pad(String(format: "%.1f", row.endToEnd.median), 15)
          + pad(String(row.endToEnd.runs.count), 6) + pad(String(format: "%.2f%%", 100 * score.accuracy), 10) + pad(row.peak, 10))
}
let worst = scores.map(\.1.accuracy).min() ?? 1
print(String(format: "  overall classification accuracy (worst size): %.2f%%; target ≥ 99%%: %@", 100 * worst, worst >= 0.99 ? "MET" : "NOT MET"))

if let directory = pairDirectory {
    let pair = makePair(1_000)
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try pair.oldXML.write(toFile: directory + "/old.xml", atomically: true, encoding: .utf8)
        try pair.newXML.write(toFile: directory + "/new.xml", atomically: true, encoding: .utf8)
    } catch {
        fatalError("could not write the pair to \(directory): \(error)")
    }
    // The same work xmldiff does: read both files, parse, compare.
    let timing = measure(runs: 5, warmUp: true) {
        loadFilesAndCompare(directory)
    }
    let changeCount = comparison.compare(loadFile(directory + "/old.xml"), loadFile(directory + "/new.xml")).competencyChanges.count
    print("")
    print("1k pair written to \(directory)/old.xml and new.xml; CompetencyKit read files + parse + compare: \(timing.summary), \(changeCount) competency changes")
    print(String(format: "competencykit_1k_ms=%.2f", timing.median))
}
if sink == 42 { print("") }
