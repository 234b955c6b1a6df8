/// A position in a source text: 1-based line and column, columns counted in Unicode scalars
/// as editors count them.
public struct XMLPosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// An attribute as written in the source, with where its name starts.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var namespaceURI: String?
    public var value: String
    public var position: XMLPosition

    public init(name: String, namespaceURI: String? = nil, value: String, position: XMLPosition) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.value = value
        self.position = position
    }
}

/// An element of a parsed document, detached from libxml2. The formats CompetencyKit reads
/// have no mixed content, so an element keeps its child elements and the concatenation of
/// its own text, not an interleaved node list.
public struct XMLElement: Sendable, Hashable {
    public var name: String
    public var namespaceURI: String?
    public var attributes: [XMLAttribute]
    public var children: [XMLElement]
    public var text: String
    public var position: XMLPosition

    public init(
        name: String, namespaceURI: String? = nil, attributes: [XMLAttribute] = [],
        children: [XMLElement] = [], text: String = "", position: XMLPosition
    ) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.text = text
        self.position = position
    }

    public func attribute(_ name: String) -> XMLAttribute? {
        attributes.first { $0.name == name && $0.namespaceURI == nil }
    }

    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }
}
