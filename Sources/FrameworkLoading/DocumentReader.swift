import CompetencyModel
import Foundation
import XMLSupport
#if canImport(Glibc)
import Glibc

private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin

private let systemRead = Darwin.read
#endif

/// Thrown when an input cannot be read at all (missing file, not well-formed, hostile):
/// the CLI exits 2 for these, and 1 only for inputs that were read and found wanting.
public struct LoadFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// Reads a file into an XML tree and maps everything libxml2 and the safety checks say
/// into located diagnostics. Shared by every XML vocabulary CompetencyKit reads.
public struct DocumentReader: Sendable {
    public var reader: XMLReader

    /// Frameworks and profiles hold sentences and paragraphs: a field of a mebibyte is
    /// already absurd, and refusing it keeps every later stage's cost bounded.
    public static let maximumTextBytes = 1 << 20

    public init(reader: XMLReader = XMLReader(maximumTextBytes: DocumentReader.maximumTextBytes)) {
        self.reader = reader
    }

    public struct Document: Sendable {
        public var root: XMLElement
        public var path: String
        /// Schema violations, as diagnostics; the tree is not safe to decode while any exist.
        public var schemaDiagnostics: [Diagnostic]

        public func location(_ position: XMLPosition) -> SourceLocation {
            SourceLocation(file: path, line: position.line, column: position.column)
        }
    }

    public func read(bytes: [UInt8], path: String, schema: XMLSchema) throws(LoadFailure) -> Document {
        try read(bytes: bytes, path: path, schema: schema, order: nil)
    }

    /// - Parameters:
    ///   - order: the schema's element orders, to explain elements out of order.
    ///   - omittedFromRoot: root children not worth listing for this document (sections its
    ///     plugin ignores).
    func read(
        bytes: [UInt8], path: String, schema: XMLSchema, order: SchemaOrder?,
        omittedFromRoot: (XMLElement) -> Set<String> = { _ in [] }
    ) throws(LoadFailure) -> Document {
        try Self.refuseOtherKinds(bytes, path: path, expected: "the framework or edition profile's .xml file")
        do {
            let result = try reader.read(bytes, schema: schema)
            let explainer = order.map { OrderExplainer(order: $0, root: result.root, omittedFromRoot: omittedFromRoot(result.root)) }
            let diagnostics = result.schemaIssues.map { issue in
                let raw = Self.withoutNamespaceBraces(issue.message)
                let unexpected = PlainMessages.unexpectedElement(raw)
                let plain = unexpected.flatMap { explainer?.explain(element: $0, at: issue.position) } ?? PlainMessages.schema(raw)
                return Diagnostic(
                    severity: issue.level == .warning ? .warning : .error,
                    code: DiagnosticCode.schema.code,
                    message: plain ?? raw,
                    location: SourceLocation(file: path, line: issue.position.line, column: issue.position.column),
                    notes: plain == nil ? [] : [.init(message: "libxml2: \(raw)")])
            }
            return Document(root: result.root, path: path, schemaDiagnostics: diagnostics)
        } catch {
            throw LoadFailure(diagnostics: Self.diagnostics(for: error, path: path))
        }
    }

    /// Reads a Flat OPC (Word XML) file into its parts with the same checks, codes and
    /// wording as every other XML input, so `pack` cannot call a problem by another name
    /// than `validate` does.
    public func readFlatOPC(atPath path: String) throws(LoadFailure) -> [FlatOPCPart] {
        let bytes = try readBytes(atPath: path)
        try Self.refuseOtherKinds(bytes, path: path, expected: "the .flat.xml file Word saved (Word XML Document)")
        do {
            return try reader.readFlatOPC(bytes)
        } catch {
            throw LoadFailure(diagnostics: Self.diagnostics(for: error, path: path))
        }
    }

    /// Refuses UTF-16 text and files of another kind before libxml2 sees them: it would
    /// only say "Start tag expected", which does not tell an author they picked the wrong
    /// file. `expected` names the file they should give instead.
    static func refuseOtherKinds(_ bytes: [UInt8], path: String, expected: String) throws(LoadFailure) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw LoadFailure(diagnostics: [Diagnostic(
                DiagnosticCode.encoding,
                message: "the file is UTF-16 text; save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)",
                location: SourceLocation(file: path, line: 1, column: 1))])
        }
        if let kind = otherKind(of: bytes) {
            throw LoadFailure(diagnostics: [Diagnostic(
                DiagnosticCode.notXML,
                message: "this is \(kind), not XML; give \(expected)",
                location: SourceLocation(file: path, line: 1, column: 1))])
        }
    }

    /// What the XML reader could not read, as located diagnostics under the loading codes,
    /// with libxml2's wording made plain where it is known.
    public static func diagnostics(for failure: XMLReadFailure, path: String) -> [Diagnostic] {
        failure.issues.map { issue in
            let plain = issue.kind == .malformed ? PlainMessages.parse(issue.message) : nil
            return Diagnostic(
                DiagnosticCode.descriptor(for: issue.kind),
                message: plain ?? issue.message,
                location: SourceLocation(file: path, line: issue.position.line, column: issue.position.column),
                notes: plain == nil ? [] : [.init(message: "libxml2: \(issue.message)")])
        }
    }

    /// What a file is when it is plainly not XML, from its first bytes: libxml2 would only
    /// say "Start tag expected", which does not tell an author they picked the wrong file.
    static func otherKind(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return "a zip file (a Word .docx, an Excel .xlsx or another zip)"
        }
        if bytes.starts(with: Array("%PDF".utf8)) { return "a PDF" }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old-style Office file (.doc or .xls)" }
        let start = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if let first = start.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "JSON" }
        return nil
    }

    /// libxml2 names elements in Clark notation, `{urn:…}name`; authors know them by name.
    /// Only a braced namespace URI directly before a name is removed, never an author's
    /// own braces in a quoted value.
    static func withoutNamespaceBraces(_ message: String) -> String {
        var result = ""
        var index = message.startIndex
        while index < message.endIndex {
            if message[index] == "{", let close = message[index...].firstIndex(of: "}") {
                let inside = message[message.index(after: index)..<close]
                let next = message.index(after: close)
                let looksLikeNamespace = inside.contains(":") && !inside.contains(" ") && inside.count > 4
                if looksLikeNamespace, next < message.endIndex, message[next].isLetter {
                    index = next
                    continue
                }
            }
            result.append(message[index])
            index = message.index(after: index)
        }
        return result
    }

    /// Reads a file, refusing directories and anything over the size cap before reading
    /// it, so a mistaken path to a huge file fails fast instead of exhausting memory.
    public func readBytes(atPath path: String) throws(LoadFailure) -> [UInt8] {
        ReadLog.shared.record(path)
        let start = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadFailure(diagnostics: [Diagnostic(severity: .error, code: DiagnosticCode.io.code, message: "no such file", location: start)])
        }
        guard !isDirectory.boolValue else {
            throw LoadFailure(diagnostics: [Diagnostic(severity: .error, code: DiagnosticCode.io.code, message: "is a directory, not a file", location: start)])
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= reader.maximumBytes else {
            throw LoadFailure(diagnostics: [Diagnostic(
                severity: .error, code: DiagnosticCode.limits.code,
                message: "file is \(size) bytes, over the limit of \(reader.maximumBytes) bytes", location: start)])
        }
        // Read straight into the array: going through Data would hold the file twice.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LoadFailure(diagnostics: [Diagnostic(severity: .error, code: DiagnosticCode.io.code, message: "file could not be read", location: start)])
        }
        defer { close(descriptor) }
        var failed = false
        // One byte more than the size found, to notice a file that grew since.
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < buffer.count {
                let count = systemRead(descriptor, base + initialized, buffer.count - initialized)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failed = true }
                if count <= 0 { break }
                initialized += count
            }
        }
        // A file still growing is read on in chunks, up to the limit.
        if !failed && bytes.count == size + 1 {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count <= reader.maximumBytes {
                let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failed = true }
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
        }
        guard !failed else {
            throw LoadFailure(diagnostics: [Diagnostic(severity: .error, code: DiagnosticCode.io.code, message: "file could not be read", location: start)])
        }
        guard bytes.count <= reader.maximumBytes else {
            throw LoadFailure(diagnostics: [Diagnostic(
                severity: .error, code: DiagnosticCode.limits.code,
                message: "file is \(bytes.count) bytes or more, over the limit of \(reader.maximumBytes) bytes", location: start)])
        }
        return bytes
    }
}

extension EmbeddedSchemas {
    /// Compiles an embedded schema. The schemas are part of the binary and a test compiles
    /// each of them, so a failure here is a fault in the tool, not in the input; it is still
    /// reported as a diagnostic (exit 2) rather than a trap, so a user sees what broke.
    public static func compile(_ text: String, name: String) -> Result<XMLSchema, LoadFailure> {
        do {
            return .success(try XMLSchema(text: text, name: name))
        } catch {
            let first = error.issues.first
            return .failure(LoadFailure(diagnostics: [Diagnostic(
                severity: .error, code: DiagnosticCode.internalError.code,
                message: "internal error: the embedded \(name) does not compile (\(first?.message ?? "no detail")); please report this",
                location: SourceLocation(file: "<embedded \(name)>", line: first?.position.line ?? 1, column: first?.position.column ?? 1))]))
        }
    }
}

/// The codes for problems found before semantic rules run: the file could not be read as
/// XML of the expected shape. Semantic rule codes live with their rules in `FrameworkRules`.
public enum DiagnosticCode {
    public static let malformed = loading("FW001", "The file is not well-formed XML.")
    public static let encoding = loading("FW002", "The file is not UTF-8.")
    public static let doctype = loading("FW003", "The file has a DOCTYPE (refused: no DTDs or entities).")
    public static let limits = loading("FW004", "The file is over the size or nesting limit.")
    public static let schema = loading("FW005", "The file breaks the XML schema.")
    public static let io = loading("FW006", "The file could not be read.")
    /// A fault in the tool itself, such as an embedded schema that does not compile.
    public static let internalError = loading("FW007", "A fault in the tool itself (please report it); the input may be fine.")
    /// A file of another kind (a zip such as .docx or .xlsx, a PDF, JSON, UTF-16 text) where
    /// XML was expected.
    public static let notXML = loading("FW008", "The file is another kind (zip or .docx, PDF, JSON, UTF-16) where XML was expected.")

    /// Every loading code, in code order, for the catalog.
    public static let descriptors: [DiagnosticDescriptor] = [
        malformed, encoding, doctype, limits, schema, io, internalError, notXML,
    ]

    /// The code for what the XML reader found. Every reader of XML input goes through
    /// this one mapping, so `validate` and `pack` call one problem by one name.
    public static func descriptor(for kind: XMLIssue.Kind) -> DiagnosticDescriptor {
        switch kind {
        case .malformed: malformed
        case .encoding: encoding
        case .doctype: doctype
        case .tooLarge, .tooDeep: limits
        case .schema, .schemaDefinition: schema
        }
    }

    private static func loading(_ code: String, _ summary: String) -> DiagnosticDescriptor {
        // Every loading problem stops the file being read, so each is an error.
        DiagnosticDescriptor(code: code, severity: .error, family: .loading, summary: summary)
    }
}

extension String {
    /// Collapses the line breaks and indentation of wrapped source text into single spaces.
    public var collapsingWhitespace: String {
        // Most text is already one clean line; checking the bytes is far cheaper than
        // splitting into Characters. Only the encodings of Unicode white space send a text
        // down the slow path, not every non-ASCII letter or curly apostrophe.
        var previousWasSpace = true
        let clean = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
                    if isSpace && (previousWasSpace || byte != 0x20) { return false }
                    previousWasSpace = isSpace
                } else {
                    if Self.isUnicodeSpace(bytes, at: index) { return false }
                    previousWasSpace = false
                }
                index += 1
            }
            return true
        } ?? false
        if clean && !previousWasSpace { return self }
        return split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether the bytes at `index` start a Unicode white-space character outside ASCII:
    /// U+0085, U+00A0, U+1680, U+2000…U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    private static func isUnicodeSpace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        func byte(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch bytes[index] {
        case 0xC2: return byte(1) == 0x85 || byte(1) == 0xA0
        case 0xE1: return byte(1) == 0x9A && byte(2) == 0x80
        case 0xE2:
            if byte(1) == 0x80 { return (0x80...0x8A).contains(byte(2)) || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF }
            return byte(1) == 0x81 && byte(2) == 0x9F
        case 0xE3: return byte(1) == 0x80 && byte(2) == 0x80
        default: return false
        }
    }
}

/// libxml2's messages in words an author can act on; the original goes in a note. Only
/// messages recognised here are rewritten; anything else is shown as libxml2 wrote it.
enum PlainMessages {
    static func parse(_ message: String) -> String? {
        if message.hasPrefix("xmlParseEntityRef: no name") || message.hasPrefix("EntityRef: expecting ';'") {
            return "a bare '&' in the text: write &amp; for an ampersand (and &lt; for '<')"
        }
        if let match = captures(#"^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"#, message) {
            return "the end tag </\(match[2])> does not match <\(match[0])>, opened on line \(match[1]); close <\(match[0])> with </\(match[0])> first"
        }
        if let match = captures(#"^Premature end of data in tag (\S+) line (\d+)"#, message) {
            return "the file ends before <\(match[0])>, opened on line \(match[1]), is closed; add </\(match[0])> (the file may be cut short)"
        }
        if message.hasPrefix("Extra content at the end of the document") {
            return "there is more after the root element's end tag; everything must be inside the one root element"
        }
        if message.hasPrefix("Start tag expected, '<' not found") {
            return "no XML here: the file should start with <?xml version=\"1.0\" encoding=\"UTF-8\"?> or with its root element"
        }
        return nil
    }

    /// The element named by libxml2's "This element is not expected", if that is the message.
    static func unexpectedElement(_ message: String) -> String? {
        captures(#"^Element '([^']+)': This element is not expected\."#, message)?.first
    }

    static func schema(_ message: String) -> String? {
        if let match = captures(#"^Element '([^']+)': This element is not expected\. Expected is one of \( ([^)]*) \)"#, message) {
            return "<\(match[0])> is not allowed here; the schema expects one of: \(names(match[1])). Elements must come in the schema's order (see the schema's documentation of the parent element)"
        }
        if let match = captures(#"^Element '([^']+)': This element is not expected\. Expected is \( ([^)]*) \)"#, message) {
            return "<\(match[0])> is not allowed here; <\(names(match[1]))> must come first (a misspelt name, or elements out of order?)"
        }
        if let match = captures(#"^Element '([^']+)': This element is not expected\.$"#, message) {
            return "<\(match[0])> is not allowed here: nothing more is expected inside its parent (a misspelt name, or elements out of order?)"
        }
        if let match = captures(#"^Element '([^']+)': Missing child element\(s\)\. Expected is( one of)? \( ([^)]*) \)"#, message) {
            return "<\(match[0])> is missing <\(names(match[2]))>, which is required here"
        }
        if let match = captures(#"^Element '([^']+)', attribute '([^']+)': \[facet 'pattern'\] The value '([^']*)' is not accepted"#, message) {
            let value = match[2]
            if let code = captures(#"^([A-Za-z]+)\.(\d+)$"#, value), let number = Int(code[1]) {
                return "'\(value)' is a printed code; \(match[1]) takes an id, such as '\(code[0].lowercased())-\(number < 10 ? "0" : "")\(number)'"
            }
            return "the \(match[1]) of <\(match[0])> is '\(value)', which is not an id: use lower-case letters, digits and hyphens"
        }
        if let match = captures(#"^Element '([^']+)': \[facet 'minLength'\] The value (?:'' )?has a length of '0'"#, message) {
            return "<\(match[0])> is empty; write its text"
        }
        return nil
    }

    /// "a, b" from libxml2's "a, b" or "{ns}a, {ns}b" lists, as element names.
    private static func names(_ list: String) -> String {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
    }

    private static func captures(_ pattern: String, _ text: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
              let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}

/// Every file the library reads goes through `DocumentReader.readBytes`, so watching that
/// one seam tells a test how often each input was read.
public final class ReadLog: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    static let shared = ReadLog()
    private let lock = NSLock()
    private var watchers = 0
    private var paths: [String] = []

    func record(_ path: String) {
        lock.lock()
        if watchers > 0 { paths.append(path) }
        lock.unlock()
    }

    /// Runs `body` and returns, with its result, every path read meanwhile (by any thread;
    /// filter by folder when other work may run alongside).
    public static func watching<T>(_ body: () throws -> T) rethrows -> (result: T, paths: [String]) {
        shared.lock.lock()
        shared.watchers += 1
        let start = shared.paths.count
        shared.lock.unlock()
        defer {
            shared.lock.lock()
            shared.watchers -= 1
            if shared.watchers == 0 { shared.paths.removeAll() }
            shared.lock.unlock()
        }
        let result = try body()
        shared.lock.lock()
        let read = Array(shared.paths[min(start, shared.paths.count)...])
        shared.lock.unlock()
        return (result, read)
    }
}
