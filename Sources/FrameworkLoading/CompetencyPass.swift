import CompetencyModel
import Dispatch

/// Every per-competency rule, run in one walk over the competencies. A framework of
/// 100 000 competencies is some 200 MB of model; walking it once instead of once per rule
/// is most of what makes `validate` keep pace with libxml2.
public struct CompetencyPass: Sendable {
    private let groups: IDIndex
    private let phaseIndex: IDIndex
    private let trainingIndex: IDIndex
    private let serviceIndex: IDIndex
    private let trainingIDs: [String]
    private let serviceIDs: [String]
    private let phaseCount: Int
    private let groupList: String
    private let phaseList: String

    // First occurrences are kept as ordinals, not copies of what they point at: at
    // 100 000 competencies, three dictionaries of locations and lower-cased statements
    // cost more memory than the rest of the walk. The earlier competency is looked up
    // again only when there is a duplicate to report.
    private var firstID: [String: Int32] = [:]
    private var firstCode: [String: Int32] = [:]
    private var firstStatement: [UInt64: Int32] = [:]
    /// Statements whose fingerprint another statement already has.
    private var collidedStatements: [String: Int32] = [:]
    /// The areas walked so far (sharing their storage), and where each starts in
    /// reading order, to find an earlier competency by its ordinal.
    private var areas: [Area] = []
    private var areaStarts: [Int] = []
    private var ordinal: Int32 = -1
    private var found: [String: [ValidationRule.Finding]] = [:]
    private var filled = Set<Int>()
    private var trainingUsed: [Bool]
    private var servicesUsed: [Bool]

    func findings(for code: String) -> [ValidationRule.Finding] {
        found[code] ?? []
    }

    /// Group × phase cells that have a competency of their own (see `cell`).
    var filledCells: Set<Int> { filled }

    /// Ids of the catalogue's training options and services that some competency links to.
    var usedTraining: Set<String> { Set(trainingIDs.indices.filter { trainingUsed[$0] }.map { trainingIDs[$0] }) }
    var usedServices: Set<String> { Set(serviceIDs.indices.filter { servicesUsed[$0] }.map { serviceIDs[$0] }) }

    /// Positions of the ids in a list: a scan while the list is short (eight or fewer), a
    /// dictionary after.
    struct IDIndex {
        private let ids: [String]
        private let positions: [String: Int]?

        init(_ ids: [String]) {
            self.ids = ids
            positions = ids.count > 8 ? Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) : nil
        }

        func index(of id: String) -> Int? {
            if let positions { return positions[id] }
            return ids.firstIndex(of: id)
        }
    }

    /// A group and phase as one number, by their positions in the framework.
    static func cell(group: String, phase: String, in framework: Framework) -> Int {
        let groupNumber = framework.groups.firstIndex { $0.id == group } ?? 0
        let phaseNumber = framework.phases.firstIndex { $0.id == phase } ?? 0
        return groupNumber * max(framework.phases.count, 1) + phaseNumber
    }

    /// FNV-1a over the text's bytes with A–Z folded to a–z, or nil when the text is not
    /// ASCII (its case is then folded by `lowercased()`).
    static func asciiFingerprint(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { bytes -> UInt64? in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let folded = byte &- 0x41 < 26 ? byte | 0x20 : byte
                hash = (hash ^ UInt64(folded)) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The whole framework, walked now.
    public init(_ framework: Framework) {
        self.init(catalogueOf: framework, expecting: framework.competencyCount)
        for area in framework.areas { add(area) }
    }

    /// A walk ready for the areas of `framework`, which need not have them yet: the
    /// groups, phases and catalogues come before the areas in a framework file, so the
    /// walk can follow a reader area by area.
    public init(catalogueOf framework: Framework, expecting count: Int = 0) {
        // Groups and phases are short lists: finding an id among a handful of small
        // strings is cheaper than hashing it, at several look-ups per competency.
        groups = IDIndex(framework.groups.map(\.id))
        phaseIndex = IDIndex(framework.phases.map(\.id))
        trainingIDs = framework.trainingOptions.map(\.id)
        serviceIDs = framework.services.map(\.id)
        trainingIndex = IDIndex(trainingIDs)
        serviceIndex = IDIndex(serviceIDs)
        phaseCount = max(framework.phases.count, 1)
        groupList = framework.groups.map(\.id).joined(separator: ", ")
        phaseList = framework.phases.map(\.id).joined(separator: ", ")
        trainingUsed = [Bool](repeating: false, count: trainingIDs.count)
        servicesUsed = [Bool](repeating: false, count: serviceIDs.count)
        firstID.reserveCapacity(count)
        firstCode.reserveCapacity(count)
        firstStatement.reserveCapacity(count)
    }

    /// The competency with this ordinal, in reading order.
    private func competencyAt(_ ordinal: Int32) -> Competency {
        var low = 0
        var high = areaStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if areaStarts[middle] <= Int(ordinal) { low = middle } else { high = middle - 1 }
        }
        return areas[low].competencies[Int(ordinal) - areaStarts[low]]
    }

    private mutating func report(_ code: String, _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        found[code, default: []].append(.init(message, at: location, notes: notes))
    }

    /// Walks the next area's competencies, in reading order.
    public mutating func add(_ area: Area) {
        areaStarts.append(Int(ordinal) + 1)
        areas.append(area)
        area.forEachCompetency { competency in
            visit(competency)
        }
    }

    private mutating func visit(_ competency: CompetencyView) {
        ordinal += 1
        let id = competency.id
        // FW101: ids are unique among competencies.
        if let earlier = firstID[id] {
            report("FW101", "duplicate competency id '\(id)'", at: competency.location,
                   notes: [.init(message: "'\(id)' is first defined here", location: competencyAt(earlier).location)])
        } else {
            firstID[id] = ordinal
        }
        // FW102: so are codes.
        let code = competency.code
        if let earlier = firstCode[code] {
            let first = competencyAt(earlier)
            report("FW102", "competency '\(id)' reuses code '\(code)' of '\(first.id)'", at: competency.location(ofAttribute: "code"),
                   notes: [.init(message: "'\(code)' is first used here", location: first.location(ofAttribute: "code"))])
        } else {
            firstCode[code] = ordinal
        }
        // FW103, FW105, FW109 and the filled cells of FW111.
        let group = competency.groupID
        let groupNumber = groups.index(of: group)
        if groupNumber == nil {
            report("FW103", "competency '\(id)' refers to unknown group '\(group)'", at: competency.location(ofAttribute: "group"),
                   notes: [.init(message: "known groups: \(groupList)")])
        }
        let phases = competency.phaseIDs
        if phases.isEmpty {
            report("FW109", "competency '\(id)' lists no phase", at: competency.location(ofAttribute: "phases"))
        }
        for phase in phases {
            let phaseNumber = phaseIndex.index(of: phase)
            if phaseNumber == nil {
                report("FW105", "competency '\(id)' refers to unknown phase '\(phase)'", at: competency.location(ofAttribute: "phases"),
                       notes: [.init(message: "known phases: \(phaseList)")])
            }
            if let groupNumber, let phaseNumber {
                filled.insert(groupNumber * phaseCount + phaseNumber)
            }
        }
        // FW104, FW106, FW116 and the links of FW112 and FW119.
        let training = competency.trainingRefs
        for reference in training {
            if let known = trainingIndex.index(of: reference.id) {
                trainingUsed[known] = true
            } else {
                report("FW104", "competency '\(id)' refers to unknown training '\(reference.id)'", at: reference.location)
            }
        }
        if training.isEmpty {
            report("FW116", "competency '\(id)' is mapped to no training", at: competency.location)
        }
        let services = competency.serviceRefs
        for reference in services {
            if let known = serviceIndex.index(of: reference.id) {
                servicesUsed[known] = true
            } else {
                report("FW106", "competency '\(id)' signposts to unknown service '\(reference.id)'", at: reference.location)
            }
        }
        // FW107, FW108, FW117: the statement.
        let statement = competency.statement
        if statement.isEmpty {
            report("FW107", "competency '\(id)' has an empty statement", at: competency.statementLocation ?? competency.location)
        } else {
            // Statements are compared without regard to case. Most are told apart by a
            // fingerprint of their lower-cased text; equal fingerprints are checked on
            // the text itself.
            let ascii = Self.asciiFingerprint(statement)
            let lowered = ascii == nil ? statement.lowercased() : nil
            let print = ascii ?? Self.fingerprint(lowered ?? "")
            var earlier: Int32?
            if let candidate = firstStatement[print] {
                if competencyAt(candidate).statement.lowercased() == (lowered ?? statement.lowercased()) {
                    earlier = candidate
                } else {
                    let text = lowered ?? statement.lowercased()
                    if let collided = collidedStatements[text] { earlier = collided } else { collidedStatements[text] = ordinal }
                }
            } else {
                firstStatement[print] = ordinal
            }
            if let earlier {
                let first = competencyAt(earlier)
                report("FW117", "competency '\(id)' repeats the statement of '\(first.id)'", at: competency.statementLocation ?? competency.location,
                       notes: [.init(message: "first stated here", location: first.statementLocation ?? first.location)])
            }
        }
        if competency.enhancements.contains(where: \.isEmpty) {
            report("FW107", "competency '\(id)' has an empty enhancement", at: competency.location)
        }
        // A character is at least one byte, so most statements are settled without
        // counting characters.
        if statement.utf8.count > FrameworkRules.maximumStatementLength {
            let length = statement.count
            if length > FrameworkRules.maximumStatementLength {
                report("FW108", "statement of '\(id)' is \(length) characters, over \(FrameworkRules.maximumStatementLength); split it into atomic statements",
                       at: competency.statementLocation ?? competency.location)
            }
        }
        // FW118: a list names something twice. Lists are a handful long, so comparing
        // with the earlier entries beats hashing.
        func repeats(_ kind: String, _ count: Int, _ item: (Int) -> String, at location: (Int) -> SourceLocation?) {
            for index in 0..<count where (0..<index).contains(where: { item($0) == item(index) }) {
                report("FW118", "competency '\(id)' lists \(kind) '\(item(index))' more than once", at: location(index))
            }
        }
        let topics = competency.topics
        repeats("phase", phases.count, { phases[$0] }, at: { _ in competency.location(ofAttribute: "phases") })
        repeats("training", training.count, { training[$0].id }, at: { training[$0].location })
        repeats("service", services.count, { services[$0].id }, at: { services[$0].location })
        repeats("topic", topics.count, { topics[$0] }, at: { _ in competency.location })
    }
}

/// Walks a framework's competencies on another thread while the reader is still decoding
/// the rest: each area is handed over as soon as it ends, so on two cores the rules cost
/// almost nothing on top of reading. Areas are walked in order on one serial queue.
final class BackgroundCompetencyPass: @unchecked Sendable {
    // @unchecked: `pass` is touched only on `queue`, which is serial.
    private let queue = DispatchQueue(label: "competencykit.competency-pass")
    private var pass: CompetencyPass?

    /// Starts the walk once the groups, phases and catalogues are known.
    func begin(with catalogue: Framework, expecting count: Int) {
        queue.async { self.pass = CompetencyPass(catalogueOf: catalogue, expecting: count) }
    }

    func add(_ area: Area) {
        queue.async { self.pass?.add(area) }
    }

    /// The finished walk, once every area handed over has been walked.
    func finish() -> CompetencyPass? {
        queue.sync { pass }
    }
}
