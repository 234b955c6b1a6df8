import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Testing
import TestSupport
import XMLSupport

/// The Sandwell edition built in-process, as `competency export` builds it (through the
/// library's pipeline, rule pass included), and its Word output.
enum WordFixtures {
    static func path(_ relative: String) -> String {
        RepositoryFiles.path(relative)
    }

    static func text(_ relative: String) throws -> String {
        try RepositoryFiles.text(relative)
    }

    static let editionID = "sandwell-2022"

    static func buildSandwell() throws -> Edition {
        try ShippedEditions.build(editionID)
    }

    /// Built once for the tests that only read it.
    static let sandwell: Edition? = try? buildSandwell()
    static let docxArtifacts: [Artifact]? = sandwell.flatMap { try? EditionDocxFormat().render($0) }
    static let flatArtifacts: [Artifact]? = sandwell.flatMap { try? EditionFlatOPCFormat().render($0) }

    /// Parses XML with XMLReader, one-line Word parts included (the reader finds columns in
    /// linear time, so this is the long-line path production takes).
    static func read(_ bytes: [UInt8]) throws -> XMLSupport.XMLElement {
        try XMLReader().read(bytes).root
    }

    static func edition() throws -> Edition { try #require(sandwell, "the Sandwell edition does not build") }

    static func docx(_ name: String = "\(editionID).docx") throws -> [UInt8] {
        let artifacts = try #require(docxArtifacts)
        return try #require(artifacts.first { $0.relativePath == name }, "no artifact \(name)").bytes
    }

    static func package(_ name: String = "\(editionID).docx") throws -> OPCPackage {
        try OPCPackage.readDocx(try docx(name))
    }
}

extension OPCPackage {
    func wordXML(_ name: String) throws -> String {
        String(decoding: try #require(part(named: name), "no part \(name)").bytes, as: UTF8.self)
    }

    func wordTree(_ name: String) throws -> XMLSupport.XMLElement {
        try WordFixtures.read(try #require(part(named: name), "no part \(name)").bytes)
    }
}

let wordMainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/// Every element of a tree, depth first.
func wordElements(_ element: XMLSupport.XMLElement) -> [XMLSupport.XMLElement] {
    [element] + element.children.flatMap(wordElements)
}

extension XMLSupport.XMLElement {
    /// A `w:` attribute's value.
    func w(_ name: String) -> String? {
        attributes.first { $0.name == name && $0.namespaceURI == wordMainNamespace }?.value
    }

    /// The first `w:` child called `name`.
    func wChild(_ name: String) -> XMLSupport.XMLElement? {
        children.first { $0.name == name && $0.namespaceURI == wordMainNamespace }
    }

    /// The text of every `w:t` below, in order.
    var runTexts: [String] {
        wordElements(self).filter { $0.name == "t" && $0.namespaceURI == wordMainNamespace }.map(\.text)
    }

    /// A paragraph's style id.
    var paragraphStyle: String? {
        wChild("pPr")?.wChild("pStyle")?.w("val")
    }
}

/// An element tree without source positions or prefixes, so two serialisations of the same
/// XML compare equal.
struct XMLShape: Hashable, CustomStringConvertible {
    var name: String
    var namespace: String?
    var attributes: [String]
    var text: String
    var children: [XMLShape]

    init(_ element: XMLSupport.XMLElement) {
        name = element.name
        namespace = element.namespaceURI
        attributes = element.attributes.map { "{\($0.namespaceURI ?? "")}\($0.name)=\($0.value)" }.sorted()
        text = element.text
        children = element.children.map(XMLShape.init)
    }

    init(bytes: [UInt8]) throws {
        self.init(try WordFixtures.read(bytes))
    }

    var description: String {
        "<{\(namespace ?? "")}\(name) \(attributes.joined(separator: " "))>\(text)\(children.map(\.description).joined())"
    }
}

/// What a zip's central directory and local headers say about each entry.
struct ZipEntryHeader: Equatable {
    var name: String
    var centralTime: UInt16
    var centralDate: UInt16
    var localTime: UInt16
    var localDate: UInt16

    /// DOS date and time of 1980-01-01 00:00:00.
    static let dosDate1980: UInt16 = (0 << 9) | (1 << 5) | 1
    static let dosTimeMidnight: UInt16 = 0

    static func read(_ bytes: [UInt8]) throws -> [ZipEntryHeader] {
        func u16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }
        func u32(_ offset: Int) -> Int { Int(u16(offset)) | Int(u16(offset + 2)) << 16 }
        var end = bytes.count - 22
        while end >= 0, u32(end) != 0x0605_4B50 { end -= 1 }
        try #require(end >= 0, "no end of central directory record")
        let count = Int(u16(end + 10))
        var offset = u32(end + 16)
        var entries: [ZipEntryHeader] = []
        for _ in 0..<count {
            try #require(u32(offset) == 0x0201_4B50, "bad central directory header at \(offset)")
            let nameLength = Int(u16(offset + 28))
            let extraLength = Int(u16(offset + 30))
            let commentLength = Int(u16(offset + 32))
            let local = u32(offset + 42)
            try #require(u32(local) == 0x0403_4B50, "bad local header at \(local)")
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            entries.append(ZipEntryHeader(
                name: name, centralTime: u16(offset + 12), centralDate: u16(offset + 14),
                localTime: u16(local + 10), localDate: u16(local + 12)))
            offset += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}
