import CompetencyModel

/// An export plugin adapts a canonical framework into an edition, driven by a profile.
/// Conform a type, add it to a `PluginRegistry`, and pass the registry to
/// `CompetencyCommand.run(arguments:console:plugins:)`; nothing else needs to change.
public protocol ExportPlugin: Sendable {
    /// The name profiles use in their `plugin` attribute.
    var id: String { get }
    /// One line for `competency plugins`.
    var summary: String { get }
    /// Checks the profile against the base before adapting: every reference it makes, and
    /// any parameter this plugin would ignore. The default checks what `ProfileChecker`
    /// knows, which fits any plugin built on `Adaptation`.
    func check(_ profile: EditionProfile, base: Framework) -> [Diagnostic]
    /// Builds the edition. Called only when `check` found no errors. Throws when the
    /// plugin cannot produce a coherent edition.
    func adapt(_ framework: Framework, profile: EditionProfile) throws(AdaptationFailure) -> Edition
    /// Top-level profile sections (element names) this plugin does not read: a profile
    /// that has them gets a warning, and the schema's order is listed without them.
    var ignoredSections: [String] { get }
}

extension ExportPlugin {
    public var ignoredSections: [String] { [] }

    public func check(_ profile: EditionProfile, base: Framework) -> [Diagnostic] {
        ProfileChecker(profile: profile, base: base).commonDiagnostics()
    }
}

/// Why an export plugin could not build an edition.
public struct AdaptationFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }
}

/// The export plugins a run knows, in one explicit list.
public struct PluginRegistry: Sendable {
    public private(set) var plugins: [any ExportPlugin]

    /// The plugins CompetencyKit ships.
    public static let builtIn = PluginRegistry(plugins: [LocalVariantPlugin(), WorkshopEditionPlugin()])

    public init(plugins: [any ExportPlugin]) {
        self.plugins = plugins
    }

    /// Plugin id → the profile sections it ignores, for the profile loader's messages.
    public var ignoredSectionsByPlugin: [String: Set<String>] {
        Dictionary(plugins.map { ($0.id, Set($0.ignoredSections)) }, uniquingKeysWith: { first, _ in first })
    }

    public func plugin(id: String) -> (any ExportPlugin)? {
        plugins.first { $0.id == id }
    }

    /// A registry with `plugin` added; a plugin with the same id is replaced.
    public func adding(_ plugin: any ExportPlugin) -> PluginRegistry {
        PluginRegistry(plugins: plugins.filter { $0.id != plugin.id } + [plugin])
    }
}
