import CompetencyModel
import Foundation
import FrameworkDiff
import FrameworkLoading
import TestSupport
import Testing

/// Repository files, found from this file so the tests run from any working directory.
enum DiffRepo: RepositoryFileAccess {
    /// A bundled In It Together version, loaded and checked.
    static func framework(_ version: String) throws -> Framework {
        let result = try FrameworkLoader().load(contentsOf: path("Frameworks/in-it-together/\(version).xml"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.framework)
    }

    /// Framework XML text loaded as a framework; the text must be valid.
    static func framework(xml: String, path: String = "in-memory.xml") throws -> Framework {
        let result = try FrameworkLoader().load(bytes: Array(xml.utf8), path: path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.formatted))")
        return try #require(result.framework)
    }

    /// Training option id → URL, read from the file text itself rather than through the
    /// loader, so a test's expectations do not come from the code under test.
    static func trainingURLs(_ version: String) throws -> [String: String] {
        let xml = try text("Frameworks/in-it-together/\(version).xml")
        var result: [String: String] = [:]
        for chunk in xml.components(separatedBy: "<trainingOption ").dropFirst() {
            guard let close = chunk.range(of: "</trainingOption>") else { continue }
            let body = String(chunk[..<close.lowerBound])
            guard let id = between("id=\"", "\"", in: body), let url = between("<url>", "</url>", in: body) else { continue }
            result[id] = url.replacingOccurrences(of: "&amp;", with: "&")
        }
        return result
    }
}

/// The text between the first `start` and the next `end` after it.
func between(_ start: String, _ end: String, in text: String) -> String? {
    guard let open = text.range(of: start), let close = text.range(of: end, range: open.upperBound..<text.endIndex) else { return nil }
    return String(text[open.upperBound..<close.lowerBound])
}

extension Framework {
    /// Where competency `id` sits: area index and position in the area.
    func place(of id: String) -> (area: Int, index: Int)? {
        for (areaIndex, area) in areas.enumerated() {
            if let index = area.competencies.firstIndex(where: { $0.id == id }) { return (areaIndex, index) }
        }
        return nil
    }

    func competency(withID id: String) -> Competency? {
        competencies.first { $0.id == id }
    }

    mutating func update(_ id: String, _ change: (inout Competency) -> Void) throws {
        let found = try #require(self.place(of: id), "no competency \(id)")
        change(&areas[found.area].competencies[found.index])
    }

    @discardableResult
    mutating func removeCompetency(_ id: String) throws -> Competency {
        let found = try #require(self.place(of: id), "no competency \(id)")
        return areas[found.area].competencies.remove(at: found.index)
    }

    /// Inserts into area `areaID` at `index` (the end when nil).
    mutating func insert(_ competency: Competency, inArea areaID: String, at index: Int? = nil) throws {
        let areaIndex = try #require(areas.firstIndex { $0.id == areaID }, "no area \(areaID)")
        areas[areaIndex].competencies.insert(competency, at: index ?? areas[areaIndex].competencies.count)
    }

    func areaIDs(of id: String) -> String? {
        areas.first { $0.competencies.contains { $0.id == id } }?.id
    }
}

extension ChangeSet {
    /// The competency changes as (id, kinds), for compact assertions.
    var kindsByID: [String: Set<CompetencyChange.Kind>] {
        Dictionary(competencyChanges.map { ($0.id, $0.kinds) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Joins the segments a side of a word diff is made of.
func spelled(_ segments: [WordDiff.Segment], keeping operations: Set<WordDiff.Operation>) -> String {
    segments.filter { operations.contains($0.operation) }.map(\.text).joined()
}

/// Whether `python3` can import jsonschema on this machine.
let pythonJSONSchemaAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import jsonschema"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

/// Runs `executable` with `arguments`; returns status and standard output.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Whether a command is on PATH.
func commandAvailable(_ name: String) -> Bool {
    (try? runProcess("which", [name]).status) == 0
}


typealias DiffTemporaryFolder = TemporaryFolder
