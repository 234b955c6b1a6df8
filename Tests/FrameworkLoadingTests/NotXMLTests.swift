import Foundation
@testable import FrameworkLoading
import Testing

/// A file of another kind given where XML is expected gets one diagnostic that names what it
/// is, not libxml2's "Start tag expected".
@Suite("inputs that are not XML")
struct NotXMLTests {
    static func diagnostics(_ bytes: [UInt8]) throws -> [String] {
        do throws(LoadFailure) {
            _ = try FrameworkLoader().load(bytes: bytes, path: "input.xml")
            Issue.record("loaded")
            return []
        } catch {
            return error.diagnostics.map(\.formatted)
        }
    }

    @Test(arguments: [
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "a zip file (a Word .docx, an Excel .xlsx or another zip), not XML"),
        (Array("%PDF-1.7\n".utf8), "a PDF, not XML"),
        (Array("  {\"framework\": 1}".utf8), "JSON, not XML"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], "an old-style Office file"),
    ] as [([UInt8], String)])
    func anotherKindOfFileIsNamed(bytes: [UInt8], phrase: String) throws {
        let found = try Self.diagnostics(bytes)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("input.xml:1:1: error: this is ") == true)
        #expect(found.first?.contains(phrase) == true, "\(found)")
        #expect(found.first?.hasSuffix("[FW008]") == true)
    }

    @Test func utf16IsAnEncodingErrorThatSaysWhatToDo() throws {
        let found = try Self.diagnostics([0xFF, 0xFE] + Array("<f/>".utf8).flatMap { [$0, 0] })
        #expect(found == ["input.xml:1:1: error: the file is UTF-16 text; save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding) [FW002]"])
    }
}
