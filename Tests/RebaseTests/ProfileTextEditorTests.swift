import CompetencyModel
import Rebase
import Testing

@Suite("Editing a profile's text in place")
struct ProfileTextEditorTests {
    static let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <edition>
          <!-- a council's own note, > with a bracket -->
          <overrides>
            <statement
                competency="ws-05" note='a > b'>
              <text>Café <![CDATA[</statement>]]> text -- with dashes</text>
              <?pi </statement> ?>
            </statement>
            <statement competency="es-09"><text>x</text></statement> <statement competency="cs-01"/>
          </overrides>
        </edition>
        """

    static func location(_ line: Int, _ column: Int) -> CompetencyModel.SourceLocation {
        CompetencyModel.SourceLocation(file: "p.xml", line: line, column: column)
    }

    @Test("an attribute value is replaced, wherever the start tag breaks its lines")
    func setAttribute() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        let edited1 = editor.setAttribute(at: Self.location(6, 13), to: "ws-15")
        #expect(edited1)
        let result = String(decoding: editor.result(), as: UTF8.self)
        #expect(result.contains("competency=\"ws-15\" note='a > b'>"))
        #expect(result.replacingOccurrences(of: "ws-15", with: "ws-05") == Self.text)
    }

    @Test("an element is found to its end past comments, CDATA and processing instructions, and switched off whole")
    func switchOff() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        // The attribute's location is enough: the element is the start tag around it.
        let edited2 = editor.switchOff(elementAt: Self.location(6, 13), comment: ["why -- it went"])
        #expect(edited2)
        let result = String(decoding: editor.result(), as: UTF8.self)
        let lines = result.components(separatedBy: "\n")
        #expect(lines[4] == "    <!-- why - - it went")
        #expect(lines[5] == "    <statement")
        #expect(lines[7].contains("text - - with dashes"))
        #expect(lines[9] == "    </statement>")
        #expect(lines[10] == "    -->")
        #expect(lines[11].hasPrefix("    <statement competency=\"es-09\">"))
        // Nothing else moved.
        #expect(lines[0...3] == Self.text.components(separatedBy: "\n")[0...3])
    }

    @Test("an element sharing its line is replaced in place; a mark goes before it")
    func inlineElements() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        let edited3 = editor.drop(elementAt: Self.location(10, 62), comment: ["gone"])
        #expect(edited3)
        let edited4 = editor.mark(elementAt: Self.location(10, 5), comment: ["look"])
        #expect(edited4)
        let result = String(decoding: editor.result(), as: UTF8.self)
        #expect(result.contains("    <!-- look -->\n    <statement competency=\"es-09\"><text>x</text></statement> <!-- gone -->\n"))
    }

    @Test("an edit inside an element another edit replaces is moot and skipped")
    func nestedEdits() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        let edited5 = editor.setAttribute(at: Self.location(10, 16), to: "es-11")
        #expect(edited5)
        let edited6 = editor.drop(elementAt: Self.location(10, 16), comment: ["dropped"])
        #expect(edited6)
        let result = String(decoding: editor.result(), as: UTF8.self)
        #expect(!result.contains("es-11"))
        #expect(!result.contains("es-09"))
        #expect(result.contains("<!-- dropped --> <statement competency=\"cs-01\"/>"))
    }

    @Test("removing an attribute takes the space before it")
    func removeAttribute() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        let edited7 = editor.removeAttribute(at: Self.location(6, 28))
        #expect(edited7)
        #expect(String(decoding: editor.result(), as: UTF8.self).contains("competency=\"ws-05\">"))
    }

    @Test("a location that is not in the text edits nothing")
    func badLocation() {
        var editor = ProfileTextEditor(Array(Self.text.utf8))
        let edited8 = editor.setAttribute(at: Self.location(99, 1), to: "x")
        #expect(!edited8)
        let edited9 = editor.drop(elementAt: nil, comment: ["x"])
        #expect(!edited9)
        #expect(editor.result() == Array(Self.text.utf8))
    }
}
