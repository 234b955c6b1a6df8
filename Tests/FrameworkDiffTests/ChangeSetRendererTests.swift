import CompetencyModel
import Foundation
import FrameworkDiff
import Testing

/// A change set with every competency change kind and several entity changes.
enum Varied {
    static let addedStatement = "Uses a *calm* voice and the child's_own words when things go wrong."

    static func frameworks() throws -> (old: Framework, new: Framework) {
        let old = try DiffRepo.framework("2019")
        var new = old
        try new.insert(
            Competency(id: "ws-10", code: "WS.10", groupID: "core", kind: .skill, phaseIDs: ["primary"], statement: addedStatement),
            inArea: "whole-setting")
        try new.removeCompetency("ws-09")
        try new.update("ws-05") { $0.id = "ws-05-curriculum" }
        try new.update("ws-02") { $0.statement = "Knows exactly who leads on mental health and wellbeing in the setting and how to reach them." }
        try new.update("da-02") {
            $0.id = "da-02-adult"
            $0.statement = "Understands that one reliable, trusted adult can make a big difference to a child or young person's wellbeing."
        }
        let moving = try new.removeCompetency("ws-04")
        try new.insert(moving, inArea: "development-attachment")
        try new.update("ws-06") { $0.topics = [] }
        try new.update("rrt-01") { $0.groupID = "enhanced" }
        let area = try #require(new.areas.firstIndex { $0.id == "early-signs" })
        new.areas[area].competencies.swapAt(0, 1)
        new.trainingOptions[0].url = "https://example.org/anxiety"
        new.trainingOptions[1].title = "A new title"
        new.metadata.title = "In It Together, revised"
        new.groups[0].roles.removeAll { $0.id == "cleaner" }
        new.phases.append(Phase(id: "sixth-form", name: "Sixth form"))
        new.ratingScale.points[0].label = "Not yet"
        new.services[0].url = nil
        return (old, new)
    }

    static func changes() throws -> ChangeSet {
        let (old, new) = try frameworks()
        return FrameworkComparison().compare(old, new)
    }
}

@Suite("text renderer")
struct ChangeSetTextTests {
    @Test func identicalFrameworksAreSaidToBeIdentical() throws {
        let framework = try DiffRepo.framework("2019")
        let text = ChangeSetText.render(FrameworkComparison().compare(framework, framework))
        #expect(text.contains("identical"))
        #expect(text.hasPrefix("Comparing in-it-together@2019 (2019-12-02) with in-it-together@2019 (2019-12-02)\n"))
        #expect(!text.contains("Summary"))
    }

    @Test func from2017To2019ListsEveryChangedLinkBothWays() throws {
        let oldURLs = try DiffRepo.trainingURLs("2017")
        let newURLs = try DiffRepo.trainingURLs("2019")
        let changes = FrameworkComparison().compare(try DiffRepo.framework("2017"), try DiffRepo.framework("2019"))
        let text = ChangeSetText.render(changes)
        #expect(text.contains("competencies: none changed"))
        #expect(text.contains("training: 7 (7 link-changed)"))
        #expect(!text.contains("Competency changes"))
        for id in oldURLs.keys where oldURLs[id] != newURLs[id] {
            #expect(text.contains("training \(id): link-changed"))
            #expect(text.contains("- url: \(oldURLs[id]!)\n"))
            #expect(text.contains("+ url: \(newURLs[id]!)\n"))
        }
        for id in oldURLs.keys where oldURLs[id] == newURLs[id] {
            #expect(!text.contains(" \(id):"), "unchanged training \(id) is listed")
        }
    }

    @Test func colourCodesOnlyWhenAsked() throws {
        let changes = try Varied.changes()
        let plain = ChangeSetText.render(changes, colour: false)
        let coloured = ChangeSetText.render(changes, colour: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[31m"))
        #expect(coloured.contains("\u{1B}[32m"))
        #expect(coloured.contains("\u{1B}[0m"))
        // Without the escape sequences the two say the same.
        var stripped = coloured
        for code in ["\u{1B}[31m", "\u{1B}[32m", "\u{1B}[1m", "\u{1B}[0m"] {
            stripped = stripped.replacingOccurrences(of: code, with: "")
        }
        #expect(stripped == plain)
    }

    @Test func rewordingsShowTheWordDiffAndRenamesTheirMatch() throws {
        let text = ChangeSetText.render(try Varied.changes())
        #expect(text.contains("WS.2 ws-02: reworded"))
        #expect(text.contains("Knows {+exactly +}who leads"))
        #expect(text.contains("[-contact-]{+reach+}"))
        #expect(text.contains("ws-05 → ws-05-curriculum: renamed\n"))
        #expect(text.contains("da-02 → da-02-adult: renamed, reworded (matched by wording, similarity "))
        #expect(text.contains("ws-09: removed"))
        #expect(text.contains("ws-10: added"))
        #expect(text.contains("area: whole-setting → development-attachment"))
    }
}

@Suite("Markdown renderer")
struct ChangeSetMarkdownTests {
    @Test func hasASummaryTable() throws {
        let markdown = ChangeSetMarkdown.render(try Varied.changes())
        #expect(markdown.hasPrefix("# Changes from in-it-together@2019 to in-it-together@2019\n"))
        #expect(markdown.contains("## Summary\n\n| What | Changes |\n| --- | --- |\n| Competencies | "))
        #expect(markdown.contains("| Training | 2: 1 modified, 1 link-changed |"))
        #expect(markdown.contains("| Item | Change | Old | New |"))
    }

    @Test func statementsAreEscaped() throws {
        let markdown = ChangeSetMarkdown.render(try Varied.changes())
        #expect(markdown.contains(#"Uses a \*calm\* voice and the child's\_own words when things go wrong."#))
        #expect(!markdown.contains("*calm*"))
        #expect(!markdown.contains("s_own"))
    }

    @Test func identicalSaysSo() throws {
        let framework = try DiffRepo.framework("2017")
        let markdown = ChangeSetMarkdown.render(FrameworkComparison().compare(framework, framework))
        #expect(markdown.contains("The two are identical: no changes."))
        #expect(!markdown.contains("## Summary"))
    }

    /// CommonMark opens `**` or `~~` only when the next character is not whitespace and
    /// closes it only when the previous one is not: `**exactly **who` is not bold.
    @Test func insertedAndDeletedWordsAreValidEmphasis() throws {
        let markdown = ChangeSetMarkdown.render(try Varied.changes())
        let lines = markdown.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  ") && !$0.hasPrefix("  - ") }
        #expect(!lines.isEmpty)
        for line in lines {
            for problem in emphasisProblems(line) {
                Issue.record("\(problem) in Markdown line: \(line)")
            }
        }
    }

    /// Delimiter runs `**` and `~~` (not backslash-escaped), paired in order, whose inside
    /// starts or ends with whitespace.
    private func emphasisProblems(_ line: String) -> [String] {
        let characters = Array(line)
        var problems: [String] = []
        var open: [String: Int] = [:]
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" { index += 2; continue }
            if index + 1 < characters.count, characters[index] == characters[index + 1], characters[index] == "*" || characters[index] == "~" {
                let delimiter = String(characters[index...index + 1])
                if let start = open[delimiter] {
                    if start + 2 < characters.count, characters[start + 2].isWhitespace {
                        problems.append("'\(delimiter)' opened before whitespace at column \(start + 1)")
                    }
                    if characters[index - 1].isWhitespace {
                        problems.append("'\(delimiter)' closed after whitespace at column \(index + 1)")
                    }
                    open[delimiter] = nil
                } else {
                    open[delimiter] = index
                }
                index += 2
                continue
            }
            index += 1
        }
        return problems
    }
}

@Suite("JSON renderer")
struct ChangeSetJSONTests {
    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: DiffRepo.path("Frameworks/schema/changeset.schema.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func definition(_ name: String) throws -> [String: Any] {
        let definitions = try #require(try schema()["$defs"] as? [String: Any])
        return try #require(definitions[name] as? [String: Any])
    }

    static func enumeration(_ name: String) throws -> Set<String> {
        Set(try #require(try definition(name)["enum"] as? [String]))
    }

    static func cases() throws -> [(String, ChangeSet)] {
        let v2017 = try DiffRepo.framework("2017")
        let v2019 = try DiffRepo.framework("2019")
        return [
            ("identical", FrameworkComparison().compare(v2019, v2019)),
            ("2017 to 2019", FrameworkComparison().compare(v2017, v2019)),
            ("varied", try Varied.changes()),
        ]
    }

    @Test func outputParsesAndIdenticalMatchesIsEmpty() throws {
        for (name, changes) in try Self.cases() {
            let text = ChangeSetJSON.document(changes).serialised()
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(name)")
            #expect(object["identical"] as? Bool == changes.isEmpty, "\(name)")
            #expect(object["formatVersion"] as? Int == 1)
            let competencyChanges = try #require(object["competencyChanges"] as? [[String: Any]])
            let otherChanges = try #require(object["otherChanges"] as? [[String: Any]])
            #expect(competencyChanges.count == changes.competencyChanges.count)
            #expect(otherChanges.count == changes.otherChanges.count)
            #expect(text.hasSuffix("}\n"))
        }
    }

    @Test func keysAreSortedInEveryObject() throws {
        for (name, changes) in try Self.cases() {
            let text = ChangeSetJSON.document(changes).serialised()
            let objects = JSONKeyOrder.objects(in: text)
            #expect(!objects.isEmpty)
            for keys in objects {
                let sorted = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                #expect(keys == sorted, "\(name): keys out of order: \(keys)")
            }
        }
    }

    @Test func followsTheSchemaStructurally() throws {
        let schema = try Self.schema()
        let topRequired = try #require(schema["required"] as? [String])
        let topProperties = Set(try #require(schema["properties"] as? [String: Any]).keys)
        let competencyKinds = try Self.enumeration("competencyKind")
        let entities = try Self.enumeration("entity")
        #expect(competencyKinds == Set(CompetencyChange.Kind.allCases.map(\.rawValue)))
        #expect(entities == Set(EntityChange.Entity.allCases.map(\.rawValue)))
        let entityChange = try Self.definition("entityChange")
        let entityProperties = try #require(entityChange["properties"] as? [String: Any])
        let entityKinds = Set(try #require((entityProperties["kind"] as? [String: Any])?["enum"] as? [String]))
        let competencyChange = try Self.definition("competencyChange")
        let competencyRequired = try #require(competencyChange["required"] as? [String])
        let competencyProperties = Set(try #require(competencyChange["properties"] as? [String: Any]).keys)
        let entityRequired = try #require(entityChange["required"] as? [String])
        let sideDefinition = try Self.definition("side")
        let sideRequired = try #require(sideDefinition["required"] as? [String])
        let fieldProperties = Set(try #require(try Self.definition("field")["properties"] as? [String: Any]).keys)

        for (name, changes) in try Self.cases() {
            let text = ChangeSetJSON.document(changes).serialised()
            #expect(!text.contains("null"), "\(name): optional members must be absent, not null")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(Set(object.keys) == topProperties, "\(name)")
            for key in topRequired { #expect(object[key] != nil, "\(name): missing \(key)") }
            for side in ["old", "new"] {
                let value = try #require(object[side] as? [String: Any])
                #expect(Set(value.keys) == Set(sideRequired))
            }
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(Set(summary.keys) == ["competencies", "entities", "byArea"])
            #expect(Set(try #require(summary["competencies"] as? [String: Int]).keys).isSubset(of: competencyKinds))
            #expect(Set(try #require(summary["entities"] as? [String: Int]).keys).isSubset(of: entities))

            for change in try #require(object["competencyChanges"] as? [[String: Any]]) {
                for key in competencyRequired { #expect(change[key] != nil, "\(name): competency change lacks \(key)") }
                #expect(Set(change.keys).isSubset(of: competencyProperties), "\(name): \(change.keys.sorted())")
                let kinds = try #require(change["kinds"] as? [String])
                #expect(!kinds.isEmpty)
                #expect(Set(kinds).count == kinds.count)
                #expect(Set(kinds).isSubset(of: competencyKinds))
                if kinds.contains("added") {
                    #expect(change["newId"] != nil && change["newStatement"] != nil && change["oldId"] == nil)
                }
                if kinds.contains("removed") {
                    #expect(change["oldId"] != nil && change["oldStatement"] != nil && change["newId"] == nil)
                }
                if kinds.contains("reworded") {
                    let diff = try #require(change["statementDiff"] as? [[String: String]])
                    let old = diff.filter { $0["op"] != "insert" }.compactMap { $0["text"] }.joined()
                    let new = diff.filter { $0["op"] != "delete" }.compactMap { $0["text"] }.joined()
                    #expect(old == change["oldStatement"] as? String)
                    #expect(new == change["newStatement"] as? String)
                } else {
                    #expect(change["statementDiff"] == nil)
                }
                let confidence = try #require(change["confidencePercent"] as? Int)
                #expect((0...100).contains(confidence))
                for field in try #require(change["fields"] as? [[String: Any]]) {
                    #expect(Set(field.keys).isSubset(of: fieldProperties))
                }
            }
            for change in try #require(object["otherChanges"] as? [[String: Any]]) {
                for key in entityRequired { #expect(change[key] != nil, "\(name): entity change lacks \(key)") }
                #expect(entities.contains(try #require(change["entity"] as? String)))
                #expect(entityKinds.contains(try #require(change["kind"] as? String)))
            }
        }
    }

    @Test func everyKindAppearsInTheVariedCase() throws {
        let changes = try Varied.changes()
        let kinds = changes.competencyChanges.reduce(into: Set<CompetencyChange.Kind>()) { $0.formUnion($1.kinds) }
        #expect(kinds == Set(CompetencyChange.Kind.allCases))
        let entityKinds = Set(changes.otherChanges.map(\.kind))
        #expect(entityKinds.isSuperset(of: [.added, .removed, .modified, .linkChanged]))
    }

    @Test func validatesAgainstTheSchemaWithPythonJSONSchema() throws {
        // Runs only where python3 can import jsonschema; the structural test above always runs.
        guard pythonJSONSchemaAvailable else {
            #expect(!pythonJSONSchemaAvailable, "python3 jsonschema is not installed; schema validation by jsonschema skipped")
            return
        }
        let folder = try DiffTemporaryFolder()
        let script = try folder.write("validate.py", Array("""
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema)
            failed = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    failed += 1
                    print(path, list(error.absolute_path), error.message)
            print("errors:", failed)
            sys.exit(1 if failed else 0)
            """.utf8))
        var files: [String] = []
        for (index, (_, changes)) in try Self.cases().enumerated() {
            files.append(try folder.write("case\(index).json", Array(ChangeSetJSON.document(changes).serialised().utf8)))
        }
        let result = try runProcess("python3", [script, DiffRepo.path("Frameworks/schema/changeset.schema.json")] + files)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("errors: 0"))
    }
}

/// The keys of every JSON object in a text, in the order written.
enum JSONKeyOrder {
    static func objects(in text: String) -> [[String]] {
        enum Frame { case object([String], expectingKey: Bool), array }
        var stack: [Frame] = []
        var result: [[String]] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append(.object([], expectingKey: true))
            case UInt8(ascii: "["):
                stack.append(.array)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if case .object(let keys, _)? = stack.popLast() { result.append(keys) }
            case UInt8(ascii: ","):
                if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys, expectingKey: true) }
            case UInt8(ascii: "\""):
                var string: [UInt8] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { string.append(bytes[index]); index += 1 }
                    string.append(bytes[index])
                    index += 1
                }
                if case .object(var keys, true)? = stack.last {
                    keys.append(String(decoding: string, as: UTF8.self))
                    stack[stack.count - 1] = .object(keys, expectingKey: false)
                }
            default:
                break
            }
            index += 1
        }
        return result
    }
}
