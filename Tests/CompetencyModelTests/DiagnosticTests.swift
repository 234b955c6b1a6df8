import Foundation
import Testing
import CompetencyModel

@Suite("Diagnostic")
struct DiagnosticTests {
    @Test func formattedIsCompilerStyleWithNotes() {
        let diagnostic = Diagnostic(
            severity: .error, code: "FW101", message: "duplicate competency id 'a-01'",
            location: SourceLocation(file: "dir/fw.xml", line: 12, column: 5),
            notes: [
                .init(message: "'a-01' is first defined here", location: SourceLocation(file: "dir/fw.xml", line: 3, column: 7)),
                .init(message: "known groups: core, enhanced"),
            ])
        #expect(diagnostic.formatted == """
            dir/fw.xml:12:5: error: duplicate competency id 'a-01' [FW101]
            dir/fw.xml:3:7: note: 'a-01' is first defined here
            note: known groups: core, enhanced
            """)
    }

    @Test(arguments: [Diagnostic.Severity.note, .warning, .error])
    func formattedNamesEachSeverity(_ severity: Diagnostic.Severity) {
        let diagnostic = Diagnostic(
            severity: severity, code: "FW108", message: "m",
            location: SourceLocation(file: "f.xml", line: 1, column: 2))
        #expect(diagnostic.formatted == "f.xml:1:2: \(severity.rawValue): m [FW108]")
    }

    @Test func formattedWithoutLocationHasNoPrefix() {
        let diagnostic = Diagnostic(severity: .warning, code: "FW999", message: "no place", location: nil)
        #expect(diagnostic.formatted == "warning: no place [FW999]")
    }

    @Test func severitiesAreOrdered() {
        #expect(Diagnostic.Severity.note < .warning)
        #expect(Diagnostic.Severity.warning < .error)
        #expect(!(Diagnostic.Severity.error < .error))
        #expect([Diagnostic.Severity.error, .note, .warning].sorted() == [.note, .warning, .error])
    }

    @Test func sortedByLocationOrdersByFileLineColumnThenCode() {
        func make(_ file: String?, _ line: Int, _ column: Int, _ code: String, _ message: String = "m") -> Diagnostic {
            Diagnostic(
                severity: .error, code: code, message: message,
                location: file.map { SourceLocation(file: $0, line: line, column: column) })
        }
        let expected = [
            make(nil, 0, 0, "FW200"),
            make("a.xml", 2, 9, "FW101"),
            make("a.xml", 10, 1, "FW101"),
            make("a.xml", 10, 3, "FW101"),
            make("a.xml", 10, 3, "FW102", "a"),
            make("a.xml", 10, 3, "FW102", "b"),
            make("b.xml", 1, 1, "FW100"),
        ]
        // Every input order gives the same result; a few shuffles and the reverse.
        #expect(expected.reversed().sortedByLocation() == expected)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            #expect(expected.shuffled(using: &generator).sortedByLocation() == expected)
        }
        // Line is compared numerically, not as text ("10" after "2").
        #expect(expected[1].location!.line < expected[2].location!.line)
    }

    @Test func hasErrorsOnlyCountsErrors() {
        let warning = Diagnostic(severity: .warning, code: "W", message: "w", location: nil)
        let note = Diagnostic(severity: .note, code: "N", message: "n", location: nil)
        let error = Diagnostic(severity: .error, code: "E", message: "e", location: nil)
        #expect(![warning, note].hasErrors)
        #expect([warning, error].hasErrors)
        #expect(![Diagnostic]().hasErrors)
    }

    @Test func diagnosticsRoundTripThroughJSON() throws {
        let diagnostic = Diagnostic(
            severity: .warning, code: "FW112", message: "unused",
            location: SourceLocation(file: "f.xml", line: 4, column: 2),
            notes: [.init(message: "n", location: nil)])
        let data = try JSONEncoder().encode(diagnostic)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: data) == diagnostic)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["code"] as? String == "FW112")
        #expect(object["severity"] as? String == "warning")
    }

    @Test func sourceLocationDescription() {
        #expect(SourceLocation(file: "x/y.xml", line: 7, column: 13).description == "x/y.xml:7:13")
    }
}
