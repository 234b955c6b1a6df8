/// Codes for what `rebase` finds when an edition's profile meets a new version of its base.
/// Published codes never change meaning.
public enum RebaseCode {
    /// The base renamed an id the profile names; the reference follows the new id.
    public static let followsRename = "RB101"
    /// The base now says what the profile's override said.
    public static let redundantOverride = "RB110"
    /// The base now makes the profile's training, signpost or role change itself.
    public static let redundantChange = "RB111"
    /// The base added a competency that duplicates one of the profile's additions.
    public static let duplicatedAddition = "RB112"
    /// The base reworded something the profile also rewords.
    public static let bothReworded = "RB120"
    /// The base removed something the profile overrides, excludes or refers to.
    public static let removedUpstream = "RB121"
    /// The base merged a competency the profile names into another.
    public static let mergedUpstream = "RB122"
    /// A training option or service the profile refers to was removed from the base.
    public static let catalogueRemoved = "RB123"
    /// A role the profile renames was renamed in the base too.
    public static let roleRenamedUpstream = "RB124"
    /// An id the profile adds is now used by the base.
    public static let idTaken = "RB125"
    /// The rebased profile would not validate for a reason the other codes do not cover.
    public static let rebasedInvalid = "RB190"

    /// Every code with its summary, for `competency rules`.
    public static let summaries: [(code: String, severity: String, summary: String)] = [
        (followsRename, "note", "The base renamed a competency the profile names; the reference follows the new id."),
        (redundantOverride, "warning", "The base now says what the profile's override said; the override can go."),
        (redundantChange, "warning", "The base now makes the profile's training, signpost or role change itself."),
        (duplicatedAddition, "warning", "The base added a competency that duplicates one the profile adds."),
        (bothReworded, "error", "The base reworded a statement or description the profile also rewords."),
        (removedUpstream, "error", "The base removed a competency, role, group, phase or area the profile names."),
        (mergedUpstream, "error", "The base merged a competency the profile names into another."),
        (catalogueRemoved, "error", "A training option or service the profile refers to was removed from the base."),
        (roleRenamedUpstream, "error", "A role the profile renames was renamed in the base too."),
        (idTaken, "error", "An id the profile adds is now used by the base."),
        (rebasedInvalid, "error", "The rebased profile does not validate against the new base for another reason."),
    ]
}
