import CompetencyModel
import FrameworkDiff

/// The report `rebase` prints: one located diagnostic per finding, then a summary saying
/// what `--write` did or would do.
public enum RebaseReport {
    public static func text(_ plan: RebasePlan, path: String, written: Bool, writeRequested: Bool) -> String {
        var lines: [String] = []
        let edition = plan.profile.id
        if plan.isNoOp {
            return "\(edition) is already based on \(plan.onto) and nothing in it needs to change.\n"
        }
        lines.append("Rebasing \(edition) from \(plan.from) onto \(plan.onto)")
        lines.append("")
        // A blank line after each finding with notes keeps its three wordings together.
        for finding in plan.findings {
            lines.append(finding.diagnostic.formatted)
            if !finding.diagnostic.notes.isEmpty { lines.append("") }
        }
        if plan.findings.last?.diagnostic.notes.isEmpty == true { lines.append("") }
        let entries = plan.carriedOver == 1 ? "1 entry carries" : "\(plan.carriedOver) entries carry"
        lines.append("Summary: \(entries) over unchanged; \(count(plan.count(.followsRename), "follows a rename", "follow a rename")); "
                     + "\(count(plan.count(.redundant), "is now redundant", "are now redundant")); \(count(plan.count(.conflict), "conflict", "conflicts")).")
        if written {
            let marked = plan.findings.filter { [.marked, .switchedOff, .removedFromList].contains($0.resolution) }.count
            lines.append("Wrote \(path): now based on \(plan.onto). "
                         + (marked == 0 ? "Nothing is left to decide." : "Search it for \"rebase onto\" to find the \(marked) comment\(marked == 1 ? "" : "s") left for you."))
        } else if writeRequested {
            lines.append("Nothing written.")
        } else if !plan.canWrite {
            lines.append("--write would write nothing until the errors under \(RebaseCode.rebasedInvalid.code) are fixed.")
        } else {
            lines.append("Nothing written. With --write the profile moves to \(plan.onto): renames followed, redundant entries dropped and conflicts marked in comments.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func count(_ number: Int, _ one: String, _ many: String) -> String {
        number == 1 ? "1 \(one)" : "\(number) \(many)"
    }

    public static func json(_ plan: RebasePlan, path: String, written: Bool) -> JSONValue {
        func location(_ location: SourceLocation?) -> JSONValue? {
            location.map { .object([("file", .string($0.file)), ("line", .integer($0.line)), ("column", .integer($0.column))]) }
        }
        func segments(_ segments: [WordDiff.Segment]) -> JSONValue {
            .array(segments.map { .object([("operation", .string($0.operation.rawValue)), ("text", .string($0.text))]) })
        }
        return .object([
            ("formatVersion", .integer(1)),
            ("edition", .string(plan.profile.id)),
            ("profile", .string(path)),
            ("from", .string(plan.from.description)),
            ("onto", .string(plan.onto.description)),
            ("written", .bool(written)),
            ("validates", .bool(plan.canWrite)),
            ("counts", .object([
                ("carriedOver", .integer(plan.carriedOver)),
                ("followsRename", .integer(plan.count(.followsRename))),
                ("redundant", .integer(plan.count(.redundant))),
                ("conflicts", .integer(plan.count(.conflict))),
            ])),
            ("findings", .array(plan.findings.map { finding in
                .object([
                    ("class", .string(finding.category.rawValue)),
                    ("code", .string(finding.diagnostic.code)),
                    ("severity", .string(finding.diagnostic.severity.rawValue)),
                    ("message", .string(finding.diagnostic.message)),
                    ("entry", .string(finding.entry)),
                    ("resolution", .string(finding.resolution.rawValue)),
                    ("location", location(finding.diagnostic.location)),
                    ("notes", .array(finding.diagnostic.notes.map { .object([("message", .string($0.message)), ("location", location($0.location))]) })),
                    ("wording", finding.wording.map { wording in
                        .object([
                            ("baseOld", .string(wording.baseOld)),
                            ("baseNew", .string(wording.baseNew)),
                            ("ours", .string(wording.ours)),
                            ("baseChange", segments(WordDiff.compare(wording.baseOld, wording.baseNew))),
                            ("ourChange", segments(WordDiff.compare(wording.baseOld, wording.ours))),
                        ])
                    }),
                ])
            })),
        ])
    }
}
