import CompetencyModel

/// The generic local edition: a council's adaptation of a canonical framework, written as
/// a profile. The Sandwell edition is one; any other council's is another profile.
public struct LocalVariantPlugin: ExportPlugin {
    public let id = "local-variant"
    public let summary = "A local edition: select, reword and localise the base, add local competencies, training, services, strategies and a dissemination plan."

    public let ignoredSections = ["keyMessages", "workshops", "evaluation"]

    public init() {}

    public func check(_ profile: EditionProfile, base: Framework) -> [Diagnostic] {
        let checker = ProfileChecker(profile: profile, base: base)
        return checker.commonDiagnostics() + checker.ignored(ignoredSections, by: id)
    }

    public func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition {
        let (adapted, provenance) = Adaptation(profile: profile, base: framework).run()
        return Edition(
            info: EditionInfo(profile: profile, pluginID: id, base: framework),
            framework: adapted,
            strategies: profile.strategies,
            dissemination: profile.dissemination,
            publication: profile.publication,
            sections: EditionSection.selfAssessmentFramework,
            provenance: provenance)
    }
}
