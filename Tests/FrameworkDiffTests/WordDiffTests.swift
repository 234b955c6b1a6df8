@testable import FrameworkDiff
import Testing

@Suite("word diff")
struct WordDiffTests {
    static let texts = [
        "Knows who leads on mental health and wellbeing in the setting and how to contact them.",
        "Understands that children's emotional needs change as they grow — and that some behaviour is typical.",
        "  Leading and trailing spaces, double  spaces,\ttabs and\nnewlines  ",
        "Punctuation: commas, semi-colons; (brackets) \"quotes\" ‘curly’ and 1,000 numbers!",
        "Émigré naïve café — accents, ünïcödé and emoji 🙂 too.",
        "",
        "x",
    ]

    @Test(arguments: texts)
    func joiningTheTokensGivesTheTextBack(_ text: String) {
        #expect(WordDiff.tokens(text).joined() == text)
    }

    @Test func wordsAndPunctuationAreSeparateTokens() {
        #expect(WordDiff.tokens("Hello, world!").map(String.init) == ["Hello", ",", " ", "world", "!"])
        // An apostrophe belongs to its word; each space or punctuation mark is a token of its own.
        #expect(WordDiff.tokens("child's  day-to-day").map(String.init) == ["child's", " ", " ", "day", "-", "to", "-", "day"])
        #expect(WordDiff.tokens("young person\u{2019}s").map(String.init) == ["young", " ", "person\u{2019}s"])
    }

    @Test func punctuationChangesAreSmallEdits() {
        let segments = WordDiff.compare("Knows who to tell.", "Knows who to tell!")
        #expect(segments == [.init(.equal, "Knows who to tell"), .init(.delete, "."), .init(.insert, "!")])
    }

    @Test func aReplacedWordIsOneDeleteAndOneInsert() {
        let segments = WordDiff.compare("Knows how to contact them.", "Knows how to reach them.")
        #expect(segments == [
            .init(.equal, "Knows how to "), .init(.delete, "contact"), .init(.insert, "reach"), .init(.equal, " them."),
        ])
    }

    @Test(arguments: texts)
    func identicalTextsAreOneEqualSegment(_ text: String) {
        let segments = WordDiff.compare(text, text)
        if text.isEmpty {
            #expect(segments.isEmpty)
        } else {
            #expect(segments == [.init(.equal, text)])
        }
    }

    @Test func fromEmptyTextIsOneInsertion() {
        #expect(WordDiff.compare("", "Greets children warmly.") == [.init(.insert, "Greets children warmly.")])
    }

    @Test func toEmptyTextIsOneDeletion() {
        #expect(WordDiff.compare("Greets children warmly.", "") == [.init(.delete, "Greets children warmly.")])
    }

    @Test(arguments: zip(texts, texts.reversed()))
    func segmentsSpellBothTexts(_ old: String, _ new: String) {
        let segments = WordDiff.compare(old, new)
        #expect(spelled(segments, keeping: [.equal, .delete]) == old)
        #expect(spelled(segments, keeping: [.equal, .insert]) == new)
        // Adjacent segments never share an operation: they are merged.
        for (first, second) in zip(segments, segments.dropFirst()) {
            #expect(first.operation != second.operation)
        }
        #expect(!segments.contains { $0.text.isEmpty })
    }
}

@Suite("word diff bounds")
struct WordDiffBoundsTests {
    /// The length of a longest common subsequence by the textbook table: the reference the
    /// linear-space search must match on small inputs.
    static func longestCommonSubsequence(_ a: [Substring], _ b: [Substring]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for i in 0..<a.count {
            var current = [Int](repeating: 0, count: b.count + 1)
            for j in 0..<b.count {
                current[j + 1] = a[i] == b[j] ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A deterministic generator, so a failure names the seed that reproduces it.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func sentence(words: Int) -> String {
            let vocabulary = ["child", "young", "person", "knows", "how", "to", "support", "them", "and", "the", "setting", "calm", "safe"]
            return (0..<words).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: next(4) == 0 ? ", " : " ")
        }
    }

    @Test(arguments: 0..<200)
    func findsAShortestScriptOnRandomSentences(_ seed: Int) {
        var generator = Generator(state: UInt64(seed) &+ 17)
        let old = generator.sentence(words: generator.next(30))
        let new = generator.sentence(words: generator.next(30))
        let segments = WordDiff.compare(old, new)
        #expect(segments.filter { $0.operation != .insert }.map(\.text).joined() == old)
        #expect(segments.filter { $0.operation != .delete }.map(\.text).joined() == new)
        let kept = segments.filter { $0.operation == .equal }.reduce(0) { $0 + WordDiff.tokens($1.text).count }
        #expect(kept == Self.longestCommonSubsequence(WordDiff.tokens(old), WordDiff.tokens(new)), "seed \(seed)")
    }

    @Test func changesBetweenUnchangedRunsReadAsOneDeletionThenOneInsertion() {
        let segments = WordDiff.compare("Knows a b c well.", "Knows x b y well.")
        #expect(segments == [
            .init(.equal, "Knows "), .init(.delete, "a"), .init(.insert, "x"), .init(.equal, " b "),
            .init(.delete, "c"), .init(.insert, "y"), .init(.equal, " well."),
        ])
    }

    /// R03: the old table took (n+1)(m+1) integers, 28.8 GB for two 217 KB statements. Two
    /// texts of 120,000 words each must now compare in linear memory and bounded time.
    @Test func longUnrelatedTextsCompareWithoutAQuadraticTable() {
        let old = Array(repeating: "alpha beta gamma", count: 40_000).joined(separator: " ")
        let new = Array(repeating: "delta beta epsilon", count: 40_000).joined(separator: " ")
        let segments = WordDiff.compare(old, new)
        #expect(segments.filter { $0.operation != .insert }.map(\.text).joined() == old)
        #expect(segments.filter { $0.operation != .delete }.map(\.text).joined() == new)
    }

    @Test func aHugeTextAgainstASmallEditStillFindsTheEdit() {
        let words = (0..<50_000).map { "w\($0)" }
        let old = words.joined(separator: " ")
        var changed = words
        changed[25_000] = "changed"
        let segments = WordDiff.compare(old, changed.joined(separator: " "))
        #expect(segments.count == 4)
        #expect(segments[1] == .init(.delete, "w25000"))
        #expect(segments[2] == .init(.insert, "changed"))
    }
}
