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
