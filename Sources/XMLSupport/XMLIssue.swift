/// A problem libxml2 or the safety checks around it found in a document.
public struct XMLIssue: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The bytes are not well-formed XML.
        case malformed
        /// The bytes are not UTF-8, or the declaration names another encoding.
        case encoding
        /// A DOCTYPE, and with it entity declarations, which the formats never need.
        case doctype
        /// Larger than the configured cap.
        case tooLarge
        /// Nested deeper than the configured cap.
        case tooDeep
        /// Well-formed, but not valid against the schema.
        case schema
        /// The schema itself could not be compiled.
        case schemaDefinition
    }

    public enum Level: String, Sendable, Hashable {
        case warning, error
    }

    public var kind: Kind
    public var level: Level
    public var message: String
    public var position: XMLPosition

    public init(kind: Kind, level: Level = .error, message: String, position: XMLPosition) {
        self.kind = kind
        self.level = level
        self.message = message
        self.position = position
    }
}

/// Thrown when a document cannot be read at all; `issues` says why and where.
public struct XMLReadFailure: Error, Sendable, Hashable {
    public var issues: [XMLIssue]

    public init(issues: [XMLIssue]) {
        self.issues = issues
    }
}
