import Foundation

/// Writes indented XML text, escaping as it goes. Deterministic: attributes in the order
/// given, two-space indentation, `\n` line endings, no trailing whitespace.
public struct XMLWriter: Sendable {
    public private(set) var output = ""
    private var stack: [String] = []

    public init(declaration: Bool = true) {
        if declaration { output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
    }

    public typealias Attributes = [(name: String, value: String)]

    /// Appends a comment line, such as the generator notice at the top of a document.
    public mutating func comment(_ text: String) {
        output += indentation + "<!-- " + text.replacingOccurrences(of: "--", with: "- -") + " -->\n"
    }

    public mutating func open(_ name: String, _ attributes: Attributes = []) {
        output += indentation + "<" + name + Self.attributeText(attributes) + ">\n"
        stack.append(name)
    }

    public mutating func close() {
        guard let name = stack.popLast() else { return }
        output += indentation + "</" + name + ">\n"
    }

    /// An element holding only text; omitted entirely when `text` is nil.
    public mutating func element(_ name: String, _ attributes: Attributes = [], text: String?) {
        guard let text else { return }
        output += indentation + "<" + name + Self.attributeText(attributes) + ">" + Self.escapeText(text) + "</" + name + ">\n"
    }

    public mutating func empty(_ name: String, _ attributes: Attributes = []) {
        output += indentation + "<" + name + Self.attributeText(attributes) + "/>\n"
    }

    /// Convenience for a container element with children written by `body`.
    public mutating func group(_ name: String, _ attributes: Attributes = [], _ body: (inout XMLWriter) -> Void) {
        open(name, attributes)
        body(&self)
        close()
    }

    private var indentation: String { String(repeating: "  ", count: stack.count) }

    private static func attributeText(_ attributes: Attributes) -> String {
        attributes.map { " \($0.name)=\"\(escapeAttribute($0.value))\"" }.joined()
    }

    public static func escapeText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    public static func escapeAttribute(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
