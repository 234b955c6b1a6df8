// Benchmarks: CompetencyKit's loading, validation and diff against libxml2's own tool on
// the same files, and `export --all` run serially and in parallel, in one run on one
// machine so the ratios mean something. A release-mode program that prints a table and
// writes JSON; never a test.
//
//   Benchmarks --competency PATH --schema framework.xsd [--sizes 1000,10000,100000]
//              [--runs 3] [--frameworks DIR] [--export-runs 3] [--json FILE]
//
// Every command is its own process, timed wall-clock from spawn to exit (median of the
// runs), with its peak resident set size from wait4(2). The synthetic frameworks come from
// BenchmarkSupport with a fixed seed, so every run measures the same files.

import BenchmarkSupport
import CompetencyModel
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var competency = ".build/release/competency"
    var schema = "Frameworks/schema/framework.xsd"
    var frameworks = "Frameworks"
    var sizes = [1_000, 10_000, 100_000]
    var runs = 3
    var exportRuns = 3
    var json: String?
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("\(name) needs a value\n".utf8))
            exit(2)
        }
        return value
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--competency": options.competency = value(argument)
        case "--schema": options.schema = value(argument)
        case "--frameworks": options.frameworks = value(argument)
        case "--sizes": options.sizes = value(argument).split(separator: ",").compactMap { Int($0) }
        case "--runs": options.runs = max(1, Int(value(argument)) ?? 3)
        case "--export-runs": options.exportRuns = max(0, Int(value(argument)) ?? 3)
        case "--json": options.json = value(argument)
        default:
            FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
            exit(2)
        }
    }
    return options
}

/// One process run: wall time and peak resident memory.
struct Measurement {
    var seconds: Double
    var peakKiB: Int
    var status: Int32
}

/// Where GNU time writes the peak RSS of the command it runs.
let rssFile = FileManager.default.temporaryDirectory.appendingPathComponent("competencykit-benchmarks-rss-\(getpid())").path
/// GNU time, when installed. A child's peak RSS from wait4 starts from this process's own
/// (the child shares its memory until exec), which holds the generated frameworks; time is
/// small, so what it reports is the command's alone.
let gnuTime = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil

/// Runs `arguments` with standard output and error sent to /dev/null and waits for it.
func measure(_ arguments: [String]) -> Measurement {
    guard let gnuTime else { return spawn(arguments) }
    var result = spawn([gnuTime, "-f", "%M", "-o", rssFile] + arguments)
    if let text = try? String(contentsOfFile: rssFile, encoding: .utf8),
       let kib = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
        result.peakKiB = kib
    }
    return result
}

/// Spawns `arguments` with standard output and error sent to /dev/null and waits for it.
func spawn(_ arguments: [String]) -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let clock = ContinuousClock()
    let start = clock.now
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
    guard spawned == 0 else {
        FileHandle.standardError.write(Data("could not run \(arguments[0]): \(String(cString: strerror(spawned)))\n".utf8))
        exit(2)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    // The low seven bits are the terminating signal, if any; then the exit code.
    let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Measurement(seconds: seconds, peakKiB: usage.ru_maxrss, status: exitCode)
}

/// The median time and the highest peak memory over `runs` runs.
func repeated(_ runs: Int, _ arguments: [String], expecting allowed: Set<Int32> = [0]) -> Measurement {
    var results: [Measurement] = []
    for _ in 0..<runs {
        let result = measure(arguments)
        guard allowed.contains(result.status) else {
            FileHandle.standardError.write(Data("\(arguments.joined(separator: " ")) exited \(result.status)\n".utf8))
            exit(1)
        }
        results.append(result)
    }
    let times = results.map(\.seconds).sorted()
    return Measurement(seconds: times[times.count / 2], peakKiB: results.map(\.peakKiB).max() ?? 0, status: 0)
}

func format(_ seconds: Double) -> String {
    seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
}

func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }

let options = parseOptions()
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("competencykit-benchmarks-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

print("CompetencyKit benchmarks: \(ProcessInfo.processInfo.activeProcessorCount) cores; medians of \(options.runs) runs; peak RSS from wait4")
print("")

struct SizeResult {
    var size: Int
    var oldBytes: Int
    var newBytes: Int
    var xmllintStream: Measurement
    var xmllintTree: Measurement
    var xmllintParse: Measurement
    var validate: Measurement
    var xmllintParseBoth: Measurement
    var diff: Measurement
}

var results: [SizeResult] = []
for size in options.sizes {
    let pair = makePair(size)
    let old = directory.appendingPathComponent("old-\(size).xml").path
    let new = directory.appendingPathComponent("new-\(size).xml").path
    try Data(pair.oldXML.utf8).write(to: URL(fileURLWithPath: old))
    try Data(pair.newXML.utf8).write(to: URL(fileURLWithPath: new))
    let oldBytes = pair.oldXML.utf8.count
    let newBytes = pair.newXML.utf8.count
    // Warm the page cache so the first timed run reads from memory like the rest.
    _ = measure(["xmllint", "--noout", old, new])
    let result = SizeResult(
        size: size, oldBytes: oldBytes, newBytes: newBytes,
        xmllintStream: repeated(options.runs, ["xmllint", "--noout", "--stream", "--schema", options.schema, old]),
        xmllintTree: repeated(options.runs, ["xmllint", "--noout", "--schema", options.schema, old]),
        xmllintParse: repeated(options.runs, ["xmllint", "--noout", old]),
        validate: repeated(options.runs, [options.competency, "validate", old]),
        xmllintParseBoth: repeated(options.runs, ["xmllint", "--noout", old, new]),
        diff: repeated(options.runs, [options.competency, "diff", old, new, "--format", "json"], expecting: [1]))
    results.append(result)
    let mib = Double(oldBytes) / 1_048_576
    print("\(size) competencies (\(String(format: "%.1f", mib)) MiB; changed copy \(String(format: "%.1f", Double(newBytes) / 1_048_576)) MiB)")
    print("  xmllint --stream --schema  \(format(result.xmllintStream.seconds))  \(result.xmllintStream.peakKiB / 1024) MiB")
    print("  xmllint --schema (tree)    \(format(result.xmllintTree.seconds))  \(result.xmllintTree.peakKiB / 1024) MiB")
    print("  xmllint --noout            \(format(result.xmllintParse.seconds))  \(result.xmllintParse.peakKiB / 1024) MiB")
    print("  competency validate        \(format(result.validate.seconds))  \(result.validate.peakKiB / 1024) MiB"
          + "  = \(ratio(result.validate.seconds / result.xmllintTree.seconds)) tree, \(ratio(result.validate.seconds / result.xmllintStream.seconds)) stream;"
          + " RSS \(ratio(Double(result.validate.peakKiB * 1024) / Double(oldBytes))) the file")
    print("  xmllint --noout both       \(format(result.xmllintParseBoth.seconds))")
    print("  competency diff            \(format(result.diff.seconds))  \(result.diff.peakKiB / 1024) MiB"
          + "  = \(ratio(result.diff.seconds / result.xmllintParseBoth.seconds)) xmllint on both;"
          + " RSS \(ratio(Double(result.diff.peakKiB * 1024) / Double(oldBytes + newBytes))) both files")
    print("")
}

func growth(_ results: [SizeResult], _ keyPath: KeyPath<SizeResult, Measurement>) -> [(from: Int, to: Int, factor: Double)] {
    zip(results, results.dropFirst()).map { ($0.size, $1.size, $1[keyPath: keyPath].seconds / $0[keyPath: keyPath].seconds) }
}
for (name, keyPath) in [("validate", \SizeResult.validate), ("diff", \SizeResult.diff), ("xmllint --schema", \SizeResult.xmllintTree)] {
    let factors = growth(results, keyPath).map { "\($0.from)→\($0.to) \(ratio($0.factor))" }
    if !factors.isEmpty { print("growth per step, \(name): \(factors.joined(separator: ", "))") }
}

var exportResult: (serial: Measurement, parallel: Measurement)?
if options.exportRuns > 0 {
    let out = directory.appendingPathComponent("exports").path
    let base = [options.competency, "export", "--all", "--frameworks", options.frameworks]
    // The first run writes every file; the timed runs then compare each output with what
    // is there, as a rebuild after an edit does. Each mode gets its own warm folder.
    _ = measure(base + ["--out", out + "-serial", "--jobs", "1"])
    _ = measure(base + ["--out", out + "-parallel"])
    let serial = repeated(options.exportRuns, base + ["--out", out + "-serial", "--jobs", "1"])
    let parallel = repeated(options.exportRuns, base + ["--out", out + "-parallel"])
    exportResult = (serial, parallel)
    print("")
    print("export --all (\(options.frameworks)): serial \(format(serial.seconds)), parallel \(format(parallel.seconds)) = \(ratio(parallel.seconds / serial.seconds)) of serial")
}

if let path = options.json {
    func measurement(_ value: Measurement) -> [String: Any] {
        ["seconds": (value.seconds * 1000).rounded() / 1000, "peakKiB": value.peakKiB]
    }
    var document: [String: Any] = [
        "cores": ProcessInfo.processInfo.activeProcessorCount,
        "runs": options.runs,
        "sizes": results.map { result -> [String: Any] in
            [
                "competencies": result.size, "bytes": result.oldBytes, "changedBytes": result.newBytes,
                "xmllintStreamSchema": measurement(result.xmllintStream), "xmllintTreeSchema": measurement(result.xmllintTree),
                "xmllintParse": measurement(result.xmllintParse), "validate": measurement(result.validate),
                "xmllintParseBoth": measurement(result.xmllintParseBoth), "diff": measurement(result.diff),
                "validateToXmllintTree": (result.validate.seconds / result.xmllintTree.seconds * 100).rounded() / 100,
                "validateToXmllintStream": (result.validate.seconds / result.xmllintStream.seconds * 100).rounded() / 100,
                "validateRSSToFile": (Double(result.validate.peakKiB * 1024) / Double(result.oldBytes) * 100).rounded() / 100,
                "diffToXmllintParseBoth": (result.diff.seconds / result.xmllintParseBoth.seconds * 100).rounded() / 100,
                "diffRSSToFiles": (Double(result.diff.peakKiB * 1024) / Double(result.oldBytes + result.newBytes) * 100).rounded() / 100,
            ]
        },
        "growth": [
            "validate": growth(results, \.validate).map { ["from": $0.from, "to": $0.to, "factor": ($0.factor * 100).rounded() / 100] },
            "diff": growth(results, \.diff).map { ["from": $0.from, "to": $0.to, "factor": ($0.factor * 100).rounded() / 100] },
        ],
    ]
    if let exportResult {
        document["exportAll"] = [
            "serial": measurement(exportResult.serial), "parallel": measurement(exportResult.parallel),
            "parallelToSerial": (exportResult.parallel.seconds / exportResult.serial.seconds * 100).rounded() / 100,
        ]
    }
    let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
    print("wrote \(path)")
}
