import CompetencyModel
import Editions
import FrameworkLoading

/// Builds an edition from a profile and its base once both are in memory: the plugin checks
/// the profile, adapts the base, and the result is held to the framework rules. Every host
/// (the CLI, `rebase`, a test, the preview server) builds editions this one way.
public struct EditionAssembly: Sendable {
    public var plugins: PluginRegistry

    public init(plugins: PluginRegistry = .builtIn) {
        self.plugins = plugins
    }

    public struct Outcome: Sendable {
        /// Nil when any diagnostic is an error.
        public var edition: Edition?
        public var diagnostics: [Diagnostic]
    }

    public func build(_ profile: EditionProfile, base: Framework) -> Outcome {
        guard let plugin = plugins.plugin(id: profile.pluginID) else {
            return Outcome(diagnostics: [Diagnostic(
                severity: .error, code: EditionCode.unknownPlugin.code,
                message: "no export plugin '\(profile.pluginID)' is registered",
                location: profile.pluginLocation ?? profile.location,
                notes: [.init(message: "registered plugins: \(plugins.plugins.map(\.id).joined(separator: ", "))")])])
        }
        let checked = plugin.check(profile, base: base).sortedByLocation()
        if checked.hasErrors { return Outcome(diagnostics: checked) }
        do {
            let edition = try plugin.adapt(base, profile: profile)
            // A rule broken by the adapted edition is the profile's error: it made the
            // edition, so its code says so and the rule's code is kept in the message.
            let ruleDiagnostics = ValidationRule.diagnose(FrameworkRules.all, in: edition.framework).map { diagnostic in
                var wrapped = diagnostic
                if wrapped.severity == .error {
                    wrapped.message = "the edition breaks rule \(diagnostic.code): \(diagnostic.message)"
                    wrapped.code = EditionCode.editionInvalid.code
                }
                return wrapped
            }.sortedByLocation()
            let all = checked + ruleDiagnostics
            return Outcome(edition: all.hasErrors ? nil : edition, diagnostics: all)
        } catch {
            return Outcome(diagnostics: checked + error.diagnostics)
        }
    }
}
