import FrameworkDiff
import XMLSupport

/// Writes paragraphs with revision marks, numbering each revision uniquely.
struct TrackedWriter {
    enum Mark {
        case inserted, deleted
        case movedFrom(String), movedTo(String)
    }

    enum Piece {
        case plain(String), inserted(String), deleted(String), movedFrom(String), movedTo(String)
        case diff([WordDiff.Segment])
    }

    let author: String
    let date: String
    private var nextID = 1
    /// Comments anchored in the body, in id order: the reason for a change, from the profile.
    private(set) var comments: [WordDocument.Comment] = []

    init(author: String, date: String) {
        self.author = author
        self.date = date
    }

    /// Text under a paragraph's mark: plain, inserted, deleted or moved with it.
    static func piece(_ text: String, _ mark: Mark?) -> Piece {
        switch mark {
        case nil: .plain(text)
        case .inserted: .inserted(text)
        case .deleted: .deleted(text)
        case .movedFrom: .movedFrom(text)
        case .movedTo: .movedTo(text)
        }
    }

    /// Whether a reworded text is better read as one deletion and one insertion: when fewer
    /// than half the words of the longer version survive (a change of case only counts as
    /// surviving), word-by-word marks interleave into text nobody can read.
    static func isMostlyRewritten(_ segments: [WordDiff.Segment]) -> Bool {
        func words(_ text: String) -> [Substring] { text.split(whereSeparator: { $0.isWhitespace }) }
        var kept = 0, old = 0, new = 0
        var deleted: [String] = []
        for segment in segments {
            let count = words(segment.text).count
            switch segment.operation {
            case .equal: kept += count; old += count; new += count
            case .delete: old += count; deleted += words(segment.text).map { $0.lowercased() }
            case .insert:
                new += count
                // Case-only changes ("social" → "Social") keep the word.
                for word in words(segment.text) {
                    if let index = deleted.firstIndex(of: word.lowercased()) {
                        deleted.remove(at: index)
                        kept += 1
                    }
                }
            }
        }
        let longer = max(old, new)
        return longer > 0 && kept * 2 < longer
    }

    /// Segments as they are shown: word by word, or the old text deleted whole and the new
    /// inserted whole when most of it changed.
    static func readable(_ segments: [WordDiff.Segment]) -> [WordDiff.Segment] {
        guard isMostlyRewritten(segments) else { return segments }
        let old = segments.filter { $0.operation != .insert }.map(\.text).joined()
        let new = segments.filter { $0.operation != .delete }.map(\.text).joined()
        return [WordDiff.Segment(.delete, old), WordDiff.Segment(.insert, new)]
    }

    /// Anchors a comment around `xml` (runs inside one paragraph).
    mutating func commented(_ text: String, around xml: String) -> String {
        let id = comments.count
        comments.append(WordDocument.Comment(id: id, author: author, date: date, text: text))
        return "<w:commentRangeStart w:id=\"\(id)\"/>" + xml + "<w:commentRangeEnd w:id=\"\(id)\"/>"
            + "<w:r><w:rPr><w:rStyle w:val=\"\(WordStyles.commentReference)\"/></w:rPr><w:commentReference w:id=\"\(id)\"/></w:r>"
    }

    private mutating func revision() -> String {
        defer { nextID += 1 }
        return "w:id=\"\(nextID)\" w:author=\"\(XMLWriter.escapeAttribute(author))\" w:date=\"\(date)\""
    }

    /// A paragraph; `mark` also tracks the paragraph mark itself, so accepting a deletion
    /// or rejecting an insertion leaves no empty paragraph behind.
    /// - Parameter keepNext: keep the paragraph on the page of the next one, for a
    ///   paragraph that introduces a list.
    /// - Parameter bold: how many pieces from the start are bold (a competency's code, or
    ///   its old and new codes when the code changed).
    mutating func paragraph(style: String, mark: Mark? = nil, _ pieces: [Piece], bold: Int = 0, comment: String? = nil, keepNext: Bool = false) -> String {
        var xml = "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>" + (keepNext ? "<w:keepNext/>" : "")
        var rangeEnd = ""
        var rangeStart = ""
        switch mark {
        case .inserted?: xml += "<w:rPr><w:ins \(revision())/></w:rPr>"
        case .deleted?: xml += "<w:rPr><w:del \(revision())/></w:rPr>"
        case .movedFrom(let name)?:
            xml += "<w:rPr><w:moveFrom \(revision())/></w:rPr>"
            let id = nextID
            rangeStart = "<w:moveFromRangeStart \(revision()) w:name=\"\(name)\"/>"
            rangeEnd = "<w:moveFromRangeEnd w:id=\"\(id)\"/>"
        case .movedTo(let name)?:
            xml += "<w:rPr><w:moveTo \(revision())/></w:rPr>"
            let id = nextID
            rangeStart = "<w:moveToRangeStart \(revision()) w:name=\"\(name)\"/>"
            rangeEnd = "<w:moveToRangeEnd w:id=\"\(id)\"/>"
        case nil: break
        }
        xml += "</w:pPr>" + rangeStart
        var content = ""
        for (index, piece) in pieces.enumerated() {
            let isBold = index < bold
            switch piece {
            case .plain(let text): content += run(text, bold: isBold)
            case .inserted(let text): content += "<w:ins \(revision())>" + run(text, bold: isBold) + "</w:ins>"
            case .deleted(let text): content += "<w:del \(revision())>" + run(text, bold: isBold, deleted: true) + "</w:del>"
            case .movedFrom(let text): content += "<w:moveFrom \(revision())>" + run(text, bold: isBold) + "</w:moveFrom>"
            case .movedTo(let text): content += "<w:moveTo \(revision())>" + run(text, bold: isBold) + "</w:moveTo>"
            case .diff(let segments):
                for segment in Self.readable(segments) {
                    switch segment.operation {
                    case .equal: content += run(segment.text, bold: isBold)
                    case .insert: content += "<w:ins \(revision())>" + run(segment.text, bold: isBold) + "</w:ins>"
                    case .delete: content += "<w:del \(revision())>" + run(segment.text, bold: isBold, deleted: true) + "</w:del>"
                    }
                }
            }
        }
        if let comment { content = commented(comment, around: content) }
        return xml + content + rangeEnd + "</w:p>"
    }

    private func run(_ text: String, bold: Bool, deleted: Bool = false) -> String {
        let element = deleted ? "w:delText" : "w:t"
        return "<w:r>\(bold ? "<w:rPr><w:b/></w:rPr>" : "")<\(element) xml:space=\"preserve\">\(XMLWriter.escapeText(text))</\(element)></w:r>"
    }
}
