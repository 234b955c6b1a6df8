import CompetencyModel
import XMLSupport

/// The order the schema gives each element's children, read from the embedded XSD itself,
/// so "elements out of order" can be answered with the full order rather than libxml2's
/// list of what it would have accepted next. Read from the schema so it cannot drift from
/// what is enforced.
struct SchemaOrder: Sendable {
    /// Parent element name → the orders of its children (a name such as `phase` can own
    /// different sequences in different places; the caller picks the one that fits).
    private var sequences: [String: [[String]]] = [:]

    init(xsd: String) {
        guard let root = try? XMLReader().read(Array(xsd.utf8)).root else { return }
        var byType: [String: [String]] = [:]
        var typedElements: [(element: String, type: String)] = []
        func visit(_ element: XMLElement) {
            if element.name == "element", let name = element.attribute("name")?.value {
                if let type = element.attribute("type")?.value {
                    typedElements.append((name, Self.localName(type)))
                } else if let order = element.child("complexType").flatMap(Self.order) {
                    sequences[name, default: []].append(order)
                }
            }
            if element.name == "complexType", let name = element.attribute("name")?.value, let order = Self.order(element) {
                byType[name] = order
            }
            element.children.forEach(visit)
        }
        visit(root)
        for (element, type) in typedElements {
            if let order = byType[type] { sequences[element, default: []].append(order) }
        }
    }

    /// The direct `xs:sequence` of a complex type (possibly inside a simple-content or
    /// complex-content extension), as element names.
    private static func order(_ complexType: XMLElement) -> [String]? {
        let sequence = complexType.child("sequence")
            ?? complexType.child("complexContent")?.child("extension")?.child("sequence")
        guard let sequence else { return nil }
        let names = sequence.children("element").compactMap { $0.attribute("name")?.value ?? $0.attribute("ref").map { localName($0.value) } }
        return names.count > 1 ? names : nil
    }

    private static func localName(_ qualified: String) -> String {
        qualified.split(separator: ":").last.map(String.init) ?? qualified
    }

    /// The order of `parent`'s children that includes `child`, if the schema has one.
    func order(inside parent: String, containing child: String) -> [String]? {
        sequences[parent]?.first { $0.contains(child) }
    }

    /// Every child name the schema allows inside `parent`, for did-you-mean.
    func children(of parent: String) -> [String] {
        sequences[parent]?.flatMap { $0 } ?? []
    }

    static let framework = SchemaOrder(xsd: EmbeddedSchemas.framework)
    static let edition = SchemaOrder(xsd: EmbeddedSchemas.edition)
}

/// Rewrites "this element is not expected" into which element it must come before, the
/// whole order, or the name it was probably meant to be, using the document tree to find
/// the element's parent and earlier siblings.
struct OrderExplainer {
    var order: SchemaOrder
    var root: XMLElement
    /// Root children the author need not hear about (sections the profile's plugin ignores).
    var omittedFromRoot: Set<String>

    func explain(element name: String, at position: XMLPosition) -> String? {
        guard let (parent, index) = Self.locate(name: name, at: position, in: root) else { return nil }
        let siblings = parent.children
        if let sequence = order.order(inside: parent.name, containing: name), let rank = sequence.firstIndex(of: name) {
            let shown = parent.position == root.position ? sequence.filter { !omittedFromRoot.contains($0) || $0 == name } : sequence
            let list = shown.joined(separator: ", ")
            if let later = siblings[..<index].first(where: { sibling in (sequence.firstIndex(of: sibling.name) ?? -1) > rank }) {
                return "<\(name)> must come before <\(later.name)>; inside <\(parent.name)> the order is: \(list)"
            }
            if let earlier = siblings[(index + 1)...].first(where: { sibling in (sequence.firstIndex(of: sibling.name) ?? Int.max) < rank }) {
                return "<\(name)> must come after <\(earlier.name)>; inside <\(parent.name)> the order is: \(list)"
            }
            if siblings[..<index].contains(where: { $0.name == name }) {
                return "<\(name)> appears twice inside <\(parent.name)>, which allows it once; the order is: \(list)"
            }
            return nil
        }
        let allowed = order.children(of: parent.name)
        guard !allowed.isEmpty else { return nil }
        let suggestion = Suggest.closest(name, allowed, limit: 1).first
        return "<\(name)> is not an element <\(parent.name)> can hold"
            + (suggestion.map { "; did you mean <\($0)>?" } ?? "; it holds: \(Array(Set(allowed)).sorted().joined(separator: ", "))")
    }

    /// The parent of the element called `name` that starts at `position`, and its index
    /// among the parent's children.
    private static func locate(name: String, at position: XMLPosition, in element: XMLElement) -> (XMLElement, Int)? {
        if let index = element.children.firstIndex(where: { $0.name == name && $0.position == position }) {
            return (element, index)
        }
        // Children start in document order, so only the last one starting before the
        // position can contain it: one path down the tree, not a search of all of it.
        let before = { (child: XMLElement) in
            (child.position.line, child.position.column) < (position.line, position.column)
        }
        guard let container = element.children.last(where: before) else { return nil }
        return locate(name: name, at: position, in: container)
    }
}
