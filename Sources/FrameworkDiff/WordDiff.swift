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

    /// The difference from `old` to `new`: a longest common subsequence of tokens, with
    /// adjacent segments of the same operation merged. Statements are short, so the
    /// quadratic table is small; texts are compared one pair at a time.
    public static func compare(_ old: String, _ new: String) -> [Segment] {
        let a = tokens(old)
        let b = tokens(new)
        let n = a.count
        let m = b.count
        var lengths = [Int](repeating: 0, count: (n + 1) * (m + 1))
        let width = m + 1
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i * width + j] = a[i] == b[j]
                        ? lengths[(i + 1) * width + j + 1] + 1
                        : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
        }
        var segments: [Segment] = []
        func append(_ operation: Operation, _ text: Substring) {
            if let last = segments.last, last.operation == operation {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(operation, String(text)))
            }
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                append(.equal, a[i]); i += 1; j += 1
            } else if i < n && (j == m || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
                append(.delete, a[i]); i += 1
            } else {
                append(.insert, b[j]); j += 1
            }
        }
        return segments
    }
}
