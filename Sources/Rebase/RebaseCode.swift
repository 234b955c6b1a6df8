import CompetencyModel

/// Codes for what `rebase` finds when an edition's profile meets a new version of its base.
/// Published codes never change meaning.
public enum RebaseCode {
    /// The base renamed an id the profile names; the reference follows the new id.
    public static let followsRename = rebase("RB101", .note, "The base renamed a competency the profile names; the reference follows the new id.")
    /// The base now says what the profile's override said.
    public static let redundantOverride = rebase("RB110", .warning, "The base now says what the profile's override said; the override can go.")
    /// The base now makes the profile's training, signpost or role change itself.
    public static let redundantChange = rebase("RB111", .warning, "The base now makes the profile's training, signpost or role change itself.")
    /// The base added a competency that duplicates one of the profile's additions.
    public static let duplicatedAddition = rebase("RB112", .warning, "The base added a competency that duplicates one the profile adds.")
    /// The base reworded something the profile also rewords.
    public static let bothReworded = rebase("RB120", .error, "The base reworded a statement or description the profile also rewords.")
    /// The base removed something the profile overrides, excludes or refers to.
    public static let removedUpstream = rebase("RB121", .error, "The base removed a competency, role, group, phase or area the profile names.")
    /// The base merged a competency the profile names into another.
    public static let mergedUpstream = rebase("RB122", .error, "The base merged a competency the profile names into another.")
    /// A training option or service the profile refers to was removed from the base.
    public static let catalogueRemoved = rebase("RB123", .error, "A training option or service the profile refers to was removed from the base.")
    /// A role the profile renames was renamed in the base too.
    public static let roleRenamedUpstream = rebase("RB124", .error, "A role the profile renames was renamed in the base too.")
    /// An id the profile adds is now used by the base.
    public static let idTaken = rebase("RB125", .error, "An id the profile adds is now used by the base.")
    /// The rebased profile would not validate for a reason the other codes do not cover.
    public static let rebasedInvalid = rebase("RB190", .error, "The rebased profile does not validate against the new base for another reason.")

    /// Every code of this family, in code order, for the catalog.
    public static let descriptors: [DiagnosticDescriptor] = [
        followsRename, redundantOverride, redundantChange, duplicatedAddition, bothReworded,
        removedUpstream, mergedUpstream, catalogueRemoved, roleRenamedUpstream, idTaken,
        rebasedInvalid,
    ]

    private static func rebase(_ code: String, _ severity: Diagnostic.Severity, _ summary: String) -> DiagnosticDescriptor {
        DiagnosticDescriptor(code: code, severity: severity, family: .rebase, summary: summary)
    }
}
