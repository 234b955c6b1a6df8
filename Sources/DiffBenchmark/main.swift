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
import BenchmarkSupport

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
