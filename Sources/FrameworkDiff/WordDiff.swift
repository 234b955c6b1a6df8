/// Word-level differences between two short texts, such as two versions of a statement.
public enum WordDiff {
    public enum Operation: String, Sendable, Hashable, Codable {
        case equal, delete, insert
    }

    public struct Segment: Sendable, Hashable {
        public var operation: Operation
        public var text: String

        public init(_ operation: Operation, _ text: String) {
            self.operation = operation
            self.text = text
        }
    }

    /// Splits into words and the whitespace or punctuation between them, so that joining
    /// the tokens gives the text back exactly.
    static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        var inWord: Bool?
        while index < text.endIndex {
            let isWord = text[index].isLetter || text[index].isNumber || text[index] == "'" || text[index] == "\u{2019}"
            if let current = inWord, current != isWord || !isWord {
                result.append(text[start..<index])
                start = index
            }
            inWord = isWord
            index = text.index(after: index)
        }
        if start < text.endIndex { result.append(text[start..<text.endIndex]) }
        return result
    }

    /// The segments as one line in wdiff's notation, `[-removed-]{+inserted+}`, with the
    /// colour codes given (none by default) around each change.
    public static func inline(_ segments: [Segment], red: String = "", green: String = "", reset: String = "") -> String {
        segments.map { segment in
            switch segment.operation {
            case .equal: segment.text
            case .delete: "\(red)[-\(segment.text)-]\(reset)"
            case .insert: "\(green){+\(segment.text)+}\(reset)"
            }
        }.joined()
    }

    /// Past this many tokens left to compare (after the common start and end are set
    /// aside) the texts are shown as one deletion and one insertion: no reader follows a
    /// word-level redline of a book, and the comparison stays linear in the input.
    public static let maximumTokens = 100_000

    /// The most diagonal steps the search may take over one comparison. Myers' search costs
    /// O((n + m) · d) for d differences; past this budget the rest is shown replaced whole,
    /// so a pathological pair costs bounded time, never quadratic.
    public static let maximumWork = 5_000_000

    /// The difference from `old` to `new`: a shortest edit script over word and separator
    /// tokens (Myers' algorithm, in linear space by splitting at the middle snake), with
    /// deletions before insertions between unchanged runs and adjacent segments of the same
    /// operation merged. Memory is O(n + m) and time is bounded by `maximumWork`.
    public static func compare(_ old: String, _ new: String) -> [Segment] {
        let a = tokens(old)
        let b = tokens(new)
        // Interned tokens compare as integers, not strings, in the inner loop.
        var symbols: [Substring: Int32] = [:]
        symbols.reserveCapacity(min(a.count + b.count, 1 << 16))
        func intern(_ tokens: [Substring]) -> [Int32] {
            tokens.map { token in
                if let known = symbols[token] { return known }
                let next = Int32(truncatingIfNeeded: symbols.count)
                symbols[token] = next
                return next
            }
        }
        var script = EditScript(old: intern(a), new: intern(b))
        script.run()

        var segments: [Segment] = []
        func append(_ operation: Operation, _ text: Substring) {
            guard !text.isEmpty else { return }
            if let last = segments.last, last.operation == operation {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(operation, String(text)))
            }
        }
        // Between two unchanged runs, all that was deleted reads first, then all that was
        // inserted: a reviewer reads one old phrase and one new one, not alternating words.
        var deleted = ""
        var inserted = ""
        func flushChanges() {
            append(.delete, Substring(deleted))
            append(.insert, Substring(inserted))
            deleted = ""
            inserted = ""
        }
        for step in script.steps {
            switch step.operation {
            case .equal:
                flushChanges()
                for index in step.oldRange { append(.equal, a[index]) }
            case .delete:
                for index in step.oldRange { deleted += a[index] }
            case .insert:
                for index in step.newRange { inserted += b[index] }
            }
        }
        flushChanges()
        return segments
    }
}

/// Myers' O((n + m) · d) difference algorithm over interned tokens, splitting each problem
/// at the point where the forward and backward searches meet, so it needs only two vectors
/// of size O(n + m) at a time. Work is kept on an explicit stack: no recursion, so no input
/// can exhaust the call stack.
struct EditScript {
    struct Step {
        var operation: WordDiff.Operation
        var oldRange: Range<Int>
        var newRange: Range<Int>
    }

    let old: [Int32]
    let new: [Int32]
    private(set) var steps: [Step] = []
    private var work = 0

    init(old: [Int32], new: [Int32]) {
        self.old = old
        self.new = new
    }

    private enum Task {
        case compare(oldRange: Range<Int>, newRange: Range<Int>)
        case equal(oldRange: Range<Int>, newRange: Range<Int>)
    }

    mutating func run() {
        var tasks: [Task] = [.compare(oldRange: 0..<old.count, newRange: 0..<new.count)]
        while let task = tasks.popLast() {
            switch task {
            case let .equal(oldRange, newRange):
                emit(.equal, oldRange, newRange)
            case .compare(var oldRange, var newRange):
                var prefix = 0
                while prefix < oldRange.count, prefix < newRange.count,
                      old[oldRange.lowerBound + prefix] == new[newRange.lowerBound + prefix] {
                    prefix += 1
                }
                emit(.equal, oldRange.lowerBound..<(oldRange.lowerBound + prefix), newRange.lowerBound..<(newRange.lowerBound + prefix))
                oldRange = (oldRange.lowerBound + prefix)..<oldRange.upperBound
                newRange = (newRange.lowerBound + prefix)..<newRange.upperBound
                var suffix = 0
                while suffix < oldRange.count, suffix < newRange.count,
                      old[oldRange.upperBound - 1 - suffix] == new[newRange.upperBound - 1 - suffix] {
                    suffix += 1
                }
                if suffix > 0 {
                    tasks.append(.equal(
                        oldRange: (oldRange.upperBound - suffix)..<oldRange.upperBound,
                        newRange: (newRange.upperBound - suffix)..<newRange.upperBound))
                    oldRange = oldRange.lowerBound..<(oldRange.upperBound - suffix)
                    newRange = newRange.lowerBound..<(newRange.upperBound - suffix)
                }
                if oldRange.isEmpty || newRange.isEmpty
                    || oldRange.count + newRange.count > WordDiff.maximumTokens
                    || work > WordDiff.maximumWork {
                    replace(oldRange, newRange)
                } else if let (x, y) = middle(oldRange, newRange),
                          (x, y) != (oldRange.lowerBound, newRange.lowerBound),
                          (x, y) != (oldRange.upperBound, newRange.upperBound) {
                    // A split at a corner would hand the same problem back; it cannot
                    // happen once the common ends are removed, but a loop must not depend on it.
                    tasks.append(.compare(oldRange: x..<oldRange.upperBound, newRange: y..<newRange.upperBound))
                    tasks.append(.compare(oldRange: oldRange.lowerBound..<x, newRange: newRange.lowerBound..<y))
                } else {
                    replace(oldRange, newRange)
                }
            }
        }
    }

    private mutating func replace(_ oldRange: Range<Int>, _ newRange: Range<Int>) {
        emit(.delete, oldRange, newRange.lowerBound..<newRange.lowerBound)
        emit(.insert, oldRange.upperBound..<oldRange.upperBound, newRange)
    }

    private mutating func emit(_ operation: WordDiff.Operation, _ oldRange: Range<Int>, _ newRange: Range<Int>) {
        let empty = operation == .insert ? newRange.isEmpty : oldRange.isEmpty
        guard !empty else { return }
        steps.append(Step(operation: operation, oldRange: oldRange, newRange: newRange))
    }

    /// A point (x, y) on an optimal path strictly inside the problem, where it can be split
    /// in two; nil when the texts share nothing or the work budget runs out.
    private mutating func middle(_ oldRange: Range<Int>, _ newRange: Range<Int>) -> (Int, Int)? {
        let n = oldRange.count
        let m = newRange.count
        let oldBase = oldRange.lowerBound
        let newBase = newRange.lowerBound
        let maximumD = (n + m + 1) / 2
        let offset = maximumD + 1
        let width = 2 * maximumD + 3
        // Furthest x reached on each diagonal k = x - y, forwards and backwards; -1 = not yet.
        var forward = [Int](repeating: -1, count: width)
        var backward = [Int](repeating: -1, count: width)
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        let checkWhileForward = delta % 2 != 0
        var forwardStart = 0, forwardEnd = 0, backwardStart = 0, backwardEnd = 0

        for d in 0..<maximumD {
            work += 2 * d + 1
            if work > WordDiff.maximumWork { return nil }
            var k = -d + forwardStart
            while k <= d - forwardEnd {
                let index = offset + k
                var x = (k == -d || (k != d && forward[index - 1] < forward[index + 1]))
                    ? forward[index + 1] : forward[index - 1] + 1
                var y = x - k
                let snakeStart = x
                while x < n, y < m, old[oldBase + x] == new[newBase + y] {
                    x += 1; y += 1
                }
                work += 1 + x - snakeStart
                forward[index] = x
                if x > n {
                    forwardEnd += 2
                } else if y > m {
                    forwardStart += 2
                } else if checkWhileForward {
                    let opposite = offset + delta - k
                    if opposite >= 0, opposite < width, backward[opposite] != -1, x >= n - backward[opposite] {
                        return (oldBase + x, newBase + y)
                    }
                }
                k += 2
            }
            k = -d + backwardStart
            while k <= d - backwardEnd {
                let index = offset + k
                var x = (k == -d || (k != d && backward[index - 1] < backward[index + 1]))
                    ? backward[index + 1] : backward[index - 1] + 1
                var y = x - k
                let snakeStart = x
                while x < n, y < m, old[oldBase + n - x - 1] == new[newBase + m - y - 1] {
                    x += 1; y += 1
                }
                work += 1 + x - snakeStart
                backward[index] = x
                if x > n {
                    backwardEnd += 2
                } else if y > m {
                    backwardStart += 2
                } else if !checkWhileForward {
                    let opposite = offset + delta - k
                    if opposite >= 0, opposite < width, forward[opposite] != -1 {
                        let forwardX = forward[opposite]
                        let forwardY = forwardX - (opposite - offset)
                        if forwardX >= n - x {
                            return (oldBase + forwardX, newBase + forwardY)
                        }
                    }
                }
                k += 2
            }
        }
        return nil
    }
}
