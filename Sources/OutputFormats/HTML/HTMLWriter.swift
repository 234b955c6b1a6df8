/// Writes HTML with every piece of text and every attribute value escaped on the way in, so
/// content from a framework (which may hold `<`, `&` or quotes) can never become markup.
/// Chosen over a template library: the pages are built from typed data, and a writer that
/// escapes by construction is smaller than a template engine plus the discipline to use
/// its escaping everywhere.
struct HTMLWriter {
    private(set) var output = ""
    private var open: [String] = []

    typealias Attributes = [(String, String)]

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    private static func attributes(_ attributes: Attributes) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    mutating func raw(_ markup: String) {
        output += markup
    }

    mutating func start(_ tag: String, _ attributes: Attributes = []) {
        output += "<\(tag)\(Self.attributes(attributes))>"
        open.append(tag)
    }

    mutating func end() {
        guard let tag = open.popLast() else { return }
        output += "</\(tag)>"
        if ["p", "li", "tr", "section", "ol", "ul", "table", "div", "header", "footer", "nav", "main", "h1", "h2", "h3", "dl", "dd", "dt", "caption", "thead", "tbody", "article", "fieldset", "form", "head", "body", "html"].contains(tag) {
            output += "\n"
        }
    }

    /// `<tag …>text</tag>`.
    mutating func element(_ tag: String, _ attributes: Attributes = [], _ text: String) {
        start(tag, attributes)
        output += Self.escape(text)
        end()
    }

    mutating func text(_ text: String) {
        output += Self.escape(text)
    }

    mutating func void(_ tag: String, _ attributes: Attributes = []) {
        output += "<\(tag)\(Self.attributes(attributes))>"
    }

    mutating func group(_ tag: String, _ attributes: Attributes = [], _ body: (inout HTMLWriter) -> Void) {
        start(tag, attributes)
        body(&self)
        end()
    }

    /// A link whose visible text names where it goes.
    mutating func link(_ text: String, to href: String) {
        element("a", [("href", href)], text)
    }
}
