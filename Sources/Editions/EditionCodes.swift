import CompetencyModel

/// Stable codes for problems with edition profiles and the editions they make, each
/// declared once with its severity and summary. `descriptors` lists them for the catalog
/// `competency rules` prints; a code added here needs a fixture in
/// `Tests/EditionsTests/Fixtures/codes/` (the tests fail until it has one).
public enum EditionCode {
    public static let unknownCompetency = profile("ED101", .error, "A profile names a competency the base does not have.")
    public static let unknownGroup = profile("ED102", .error, "A profile names a group the base does not have.")
    public static let unknownPhase = profile("ED103", .error, "A profile names a phase the base does not have.")
    public static let unknownArea = profile("ED104", .error, "A profile names an area the base does not have.")
    public static let unknownRole = profile("ED105", .error, "A profile renames a role the group does not have.")
    public static let unknownTraining = profile("ED106", .error, "A profile maps training that is in neither the base nor the profile.")
    public static let unknownService = profile("ED107", .error, "A profile signposts a service that is in neither the base nor the profile.")
    public static let idCollision = profile("ED108", .error, "Something the profile adds reuses an id or code of the base or of another addition.")
    public static let unknownWorkshopReference = profile("ED109", .error, "A workshop segment names an unknown key message or outcome.")
    public static let segmentTiming = profile("ED110", .error, "A workshop's segments do not add up to its duration.")
    public static let ignoredParameter = profile("ED111", .warning, "The profile sets something its plugin does not use.")
    public static let unknownPlugin = profile("ED112", .error, "The profile names an export plugin that is not registered.")
    public static let baseNotFound = profile("ED113", .error, "The base framework version is not in the frameworks folder.")
    public static let conflictingOverride = profile("ED114", .error, "Two overrides change the same statement.")
    public static let unusedKeyMessage = profile("ED115", .warning, "A key message is carried by no workshop segment.")
    public static let overrideOfRemoved = profile("ED116", .warning, "An override changes a competency the edition leaves out.")
    public static let editionInvalid = profile("ED117", .error, "The adapted edition breaks a framework rule (the FW code is in the message).")
    public static let badURL = profile("ED118", .error, "A link the profile adds is malformed or not https.")
    public static let idMismatch = profile("ED119", .error, "A profile's id is not its file name, so its outputs would land in another edition's folder.")
    public static let duplicateEdition = profile("ED120", .error, "Two profiles in one export have the same id and would write to the same folder.")
    public static let workshopEditionIncomplete = profile("ED121", .error, "A workshop-edition profile has no workshop, or no evaluation to build the questionnaire from.")
    public static let additionToLeftOutPart = profile("ED122", .error, "A competency the profile adds joins an area, or is for a group or phase, that this edition leaves out.")
    /// Not the profile's fault: the edition was valid and a format failed on it, so the
    /// export stops with exit 2 ("the tool could not do its job"), not 1.
    public static let renderingFailed = profile("ED190", .error, "An output format could not render the edition (a fault in the tool or the format; exit 2).")

    /// Every edition code, in code order.
    public static let descriptors: [DiagnosticDescriptor] = [
        unknownCompetency, unknownGroup, unknownPhase, unknownArea, unknownRole, unknownTraining,
        unknownService, idCollision, unknownWorkshopReference, segmentTiming, ignoredParameter,
        unknownPlugin, baseNotFound, conflictingOverride, unusedKeyMessage, overrideOfRemoved,
        editionInvalid, badURL, idMismatch, duplicateEdition, workshopEditionIncomplete,
        additionToLeftOutPart, renderingFailed,
    ]

    private static func profile(_ code: String, _ severity: Diagnostic.Severity, _ summary: String) -> DiagnosticDescriptor {
        DiagnosticDescriptor(code: code, severity: severity, family: .editionProfile, summary: summary)
    }
}
