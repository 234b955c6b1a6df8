import Foundation

import CompetencyModel

/// Renders a change set for people and tools. Each renderer is a pure function of the
/// change set, so the same comparison prints the same bytes everywhere.
public enum ChangeSetText {
    /// Plain text for the terminal; ANSI colour only when `colour` is set (a TTY).
    public static func render(_ changes: ChangeSet, colour: Bool = false) -> String {
        let red = colour ? "\u{1B}[31m" : "", green = colour ? "\u{1B}[32m" : "", bold = colour ? "\u{1B}[1m" : "", reset = colour ? "\u{1B}[0m" : ""
        var lines: [String] = []
        lines.append("\(bold)Comparing \(changes.old.label) (\(changes.old.date)) with \(changes.new.label) (\(changes.new.date))\(reset)")
        if changes.isEmpty {
            lines.append("The two are identical: no changes.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("")
        lines.append("Summary")
        let competencyTotal = changes.competencyChanges.count
        lines.append("  competencies: " + (competencyTotal == 0 ? "none changed" : "\(competencyTotal) changed (" + changes.competencyCounts.map { "\($1) \($0.rawValue)" }.joined(separator: ", ") + ")"))
        for (entity, count) in changes.entityCounts {
            let kinds = EntityChange.Kind.allCases.compactMap { kind -> String? in
                let number = changes.otherChanges.filter { $0.entity == entity && $0.kind == kind }.count
                return number == 0 ? nil : "\(number) \(kind.rawValue)"
            }
            lines.append("  \(entity.rawValue): \(count) (\(kinds.joined(separator: ", ")))")
        }
        if !changes.competencyCountsByArea.isEmpty {
            lines.append("  by area: " + changes.competencyCountsByArea.map { "\($0.area) \($0.count)" }.joined(separator: ", "))
        }
        if !changes.otherChanges.isEmpty {
            lines.append("")
            lines.append("Framework changes")
            for change in changes.otherChanges {
                lines.append("  \(symbol(change.kind)) \(change.entity.rawValue) \(change.id): \(change.kind.rawValue)")
                for field in change.fields {
                    if let old = field.old { lines.append("      \(red)- \(field.field): \(old)\(reset)") }
                    if let new = field.new { lines.append("      \(green)+ \(field.field): \(new)\(reset)") }
                }
            }
        }
        if !changes.competencyChanges.isEmpty {
            lines.append("")
            lines.append("Competency changes")
            for change in changes.competencyChanges {
                lines.append("  \(competencyHeading(change))")
                if change.kinds.contains(.reworded) {
                    lines.append("      " + WordDiff.inline(change.statementDiff, red: red, green: green, reset: reset))
                } else if change.kinds.contains(.added), let statement = change.newStatement {
                    lines.append("      \(green)+ \(statement)\(reset)")
                } else if change.kinds.contains(.removed), let statement = change.oldStatement {
                    lines.append("      \(red)- \(statement)\(reset)")
                }
                for field in change.fields {
                    lines.append("      \(field.field): \(field.old ?? "(none)") → \(field.new ?? "(none)")".replacingNewlines)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func symbol(_ kind: EntityChange.Kind) -> String {
        switch kind {
        case .added: "+"
        case .removed: "-"
        default: "~"
        }
    }

    static func competencyHeading(_ change: CompetencyChange) -> String {
        let code = change.newCode ?? change.oldCode ?? ""
        var heading = "\(code) \(change.id)"
        if change.kinds.contains(.renamed), let old = change.oldID, let new = change.newID {
            heading = "\(code) \(old) → \(new)"
        }
        heading += ": " + change.orderedKinds.map(\.rawValue).joined(separator: ", ")
        if change.kinds.contains(.renamed) && change.confidence < 1 {
            heading += " (matched by wording, similarity \(percent(change.confidence)))"
        }
        return heading
    }

    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }
}

/// Markdown for pull requests and emails.
public enum ChangeSetMarkdown {
    public static func render(_ changes: ChangeSet) -> String {
        var lines: [String] = []
        lines.append("# Changes from \(changes.old.label) to \(changes.new.label)")
        lines.append("")
        lines.append("Comparing *\(escape(changes.old.title))* (\(changes.old.date)) with *\(escape(changes.new.title))* (\(changes.new.date)).")
        lines.append("")
        if changes.isEmpty {
            lines.append("The two are identical: no changes.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("## Summary")
        lines.append("")
        lines.append("| What | Changes |")
        lines.append("| --- | --- |")
        lines.append("| Competencies | " + (changes.competencyChanges.isEmpty ? "none" : changes.competencyCounts.map { "\($1) \($0.rawValue)" }.joined(separator: ", ")) + " |")
        for (entity, count) in changes.entityCounts {
            let kinds = EntityChange.Kind.allCases.compactMap { kind -> String? in
                let number = changes.otherChanges.filter { $0.entity == entity && $0.kind == kind }.count
                return number == 0 ? nil : "\(number) \(kind.rawValue)"
            }
            lines.append("| \(entity.rawValue.capitalisedFirst) | \(count): \(kinds.joined(separator: ", ")) |")
        }
        if !changes.competencyChanges.isEmpty {
            lines.append("")
            lines.append("## Competencies")
            var currentArea: String?
            for change in changes.competencyChanges {
                let area = change.newArea ?? change.oldArea ?? ""
                if area != currentArea {
                    lines.append("")
                    lines.append("### Area `\(area)`")
                    lines.append("")
                    currentArea = area
                }
                lines.append("- **\(escape(ChangeSetText.competencyHeading(change)))**")
                if change.kinds.contains(.reworded) {
                    lines.append("  " + change.statementDiff.map { segment in
                        switch segment.operation {
                        case .equal: escape(segment.text)
                        case .delete: emphasise(segment.text, with: "~~")
                        case .insert: emphasise(segment.text, with: "**")
                        }
                    }.joined())
                } else if let statement = change.kinds.contains(.removed) ? change.oldStatement : change.newStatement {
                    lines.append("  " + (change.kinds.contains(.removed) ? "~~\(escape(statement))~~" : escape(statement)))
                }
                for field in change.fields {
                    lines.append("  - \(field.field): `\(field.old ?? "none")` → `\(field.new ?? "none")`".replacingNewlines)
                }
            }
        }
        if !changes.otherChanges.isEmpty {
            lines.append("")
            lines.append("## Rest of the framework")
            lines.append("")
            lines.append("| Item | Change | Old | New |")
            lines.append("| --- | --- | --- | --- |")
            for change in changes.otherChanges {
                let old = change.fields.map { "\($0.field): \($0.old ?? "none")" }.joined(separator: "<br>")
                let new = change.fields.map { "\($0.field): \($0.new ?? "none")" }.joined(separator: "<br>")
                lines.append("| \(change.entity.rawValue) `\(change.id)` | \(change.kind.rawValue) | \(escape(old).replacingNewlines) | \(escape(new).replacingNewlines) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Wraps `text` in `marker`, keeping its outer spaces outside: CommonMark ignores
    /// emphasis whose inner edge is a space.
    static func emphasise(_ text: String, with marker: String) -> String {
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let leading = String(text.prefix { $0 == " " })
        let trailing = String(text.reversed().prefix { $0 == " " })
        return leading + marker + escape(core) + marker + trailing
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]|<>#~".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result.replacingOccurrences(of: "\\<br\\>", with: "<br>")
    }
}

/// The change log as JSON, described by `Frameworks/schema/changeset.schema.json`.
public enum ChangeSetJSON {
    public static let formatVersion = 1

    public static func document(_ changes: ChangeSet) -> JSONValue {
        func side(_ side: ChangeSet.Side) -> JSONValue {
            .object([
                ("id", .string(side.id)), ("version", .string(side.version)), ("title", .string(side.title)),
                ("publisher", .string(side.publisher)), ("date", .string(side.date)),
            ])
        }
        func location(_ location: SourceLocation?) -> JSONValue? {
            location.map { .object([("file", .string($0.file)), ("line", .integer($0.line)), ("column", .integer($0.column))]) }
        }
        func fields(_ fields: [FieldChange]) -> JSONValue {
            .array(fields.map { .object([("field", .string($0.field)), ("old", .optional($0.old)), ("new", .optional($0.new))]) })
        }
        return .object([
            ("formatVersion", .integer(formatVersion)),
            ("old", side(changes.old)),
            ("new", side(changes.new)),
            ("identical", .bool(changes.isEmpty)),
            ("summary", .object([
                ("competencies", .object(changes.competencyCounts.map { ($0.0.rawValue, JSONValue.integer($0.1)) })),
                ("entities", .object(changes.entityCounts.map { ($0.0.rawValue, JSONValue.integer($0.1)) })),
                ("byArea", .object(changes.competencyCountsByArea.map { ($0.area, JSONValue.integer($0.count)) })),
            ])),
            ("competencyChanges", .array(changes.competencyChanges.map { change in
                .object([
                    ("kinds", .strings(change.orderedKinds.map(\.rawValue))),
                    ("oldId", .optional(change.oldID)), ("newId", .optional(change.newID)),
                    ("oldCode", .optional(change.oldCode)), ("newCode", .optional(change.newCode)),
                    ("oldArea", .optional(change.oldArea)), ("newArea", .optional(change.newArea)),
                    ("oldStatement", .optional(change.oldStatement)), ("newStatement", .optional(change.newStatement)),
                    ("statementDiff", change.statementDiff.isEmpty ? nil : .array(change.statementDiff.map {
                        .object([("op", .string($0.operation.rawValue)), ("text", .string($0.text))])
                    })),
                    ("fields", fields(change.fields)),
                    ("confidencePercent", .integer(Int((change.confidence * 100).rounded()))),
                    ("oldLocation", location(change.oldLocation)), ("newLocation", location(change.newLocation)),
                ])
            })),
            ("otherChanges", .array(changes.otherChanges.map { change in
                .object([
                    ("entity", .string(change.entity.rawValue)), ("kind", .string(change.kind.rawValue)), ("id", .string(change.id)),
                    ("fields", fields(change.fields)),
                    ("oldLocation", location(change.oldLocation)), ("newLocation", location(change.newLocation)),
                ])
            })),
        ])
    }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "; ") }
}
