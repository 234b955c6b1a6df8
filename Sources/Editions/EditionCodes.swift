/// Stable codes for problems with edition profiles.
public enum EditionCode {
    public static let unknownCompetency = "ED101"
    public static let unknownGroup = "ED102"
    public static let unknownPhase = "ED103"
    public static let unknownArea = "ED104"
    public static let unknownRole = "ED105"
    public static let unknownTraining = "ED106"
    public static let unknownService = "ED107"
    public static let idCollision = "ED108"
    public static let unknownWorkshopReference = "ED109"
    public static let segmentTiming = "ED110"
    public static let ignoredParameter = "ED111"
    public static let unknownPlugin = "ED112"
    public static let baseNotFound = "ED113"
    public static let conflictingOverride = "ED114"
    public static let unusedKeyMessage = "ED115"
    public static let overrideOfRemoved = "ED116"
    public static let editionInvalid = "ED117"
    public static let badURL = "ED118"
    public static let idMismatch = "ED119"
    public static let duplicateEdition = "ED120"

    /// Every code with its summary, for `competency rules`.
    public static let summaries: [(code: String, severity: String, summary: String)] = [
        (unknownCompetency, "error", "A profile names a competency the base does not have."),
        (unknownGroup, "error", "A profile names a group the base does not have."),
        (unknownPhase, "error", "A profile names a phase the base does not have."),
        (unknownArea, "error", "A profile names an area the base does not have."),
        (unknownRole, "error", "A profile renames a role the group does not have."),
        (unknownTraining, "error", "A profile maps training that is in neither the base nor the profile."),
        (unknownService, "error", "A profile signposts a service that is in neither the base nor the profile."),
        (idCollision, "error", "Something the profile adds reuses an id or code of the base or of another addition."),
        (unknownWorkshopReference, "error", "A workshop segment names an unknown key message or outcome."),
        (segmentTiming, "error", "A workshop's segments do not add up to its duration."),
        (ignoredParameter, "warning", "The profile sets something its plugin does not use."),
        (unknownPlugin, "error", "The profile names an export plugin that is not registered."),
        (baseNotFound, "error", "The base framework version is not in the frameworks folder."),
        (conflictingOverride, "error", "Two overrides change the same statement."),
        (unusedKeyMessage, "warning", "A key message is carried by no workshop segment."),
        (overrideOfRemoved, "warning", "An override changes a competency the edition leaves out."),
        (editionInvalid, "error", "The adapted edition breaks a framework rule (the FW code is in the message)."),
        (badURL, "error", "A link the profile adds is malformed or not https."),
        (idMismatch, "error", "A profile's id is not its file name, so its outputs would land in another edition's folder."),
        (duplicateEdition, "error", "Two profiles in one export have the same id and would write to the same folder."),
    ]
}
