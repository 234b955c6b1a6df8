import CompetencyModel

/// The edition as a 1EdTech CASE 1.1 CFPackage (JSON), valid against the 1.1 and 1.0
/// CFPackage schemas and shaped for what consumers such as OpenSALT and CaSS import.
///
/// URIs are `<baseURI>/ims/case/v1p1/<collection>/<identifier>` with the profile's base URI;
/// identifiers are UUIDv5 of `<edition>@<version>/<record>` in a namespace derived from that
/// base URI, so they are the council's own and stable from one export to the next. Links to
/// the base use the base framework's own base URI and key, the same URIs its own package
/// publishes. Without a base URI, URIs fall back to `urn:uuid:<identifier>`.
public struct EditionCASEFormat: OutputFormat {
    /// CompetencyKit's own UUIDv5 namespace (the UUIDv5 of `urn:competencykit` in RFC 4122's
    /// URL namespace), used when a publication has no base URI.
    public static let namespace = "60fbd761-5489-53bd-ae3a-854dc646eca1"
    public let id = "case"
    public let summary = "The edition as a 1EdTech CASE 1.1 CFPackage (JSON): publisher-owned URIs, CEDS levels, groups, enhancements, training links and lineage to the base."
    /// Lineage links to the base's own records and dates each record from earlier versions.
    public var usesFrameworks: Bool { true }

    public init() {}

    /// Uses `options.frameworks`: the base for lineage links, and its ancestors for
    /// per-record change dates.
    public func render(_ edition: Edition, options: WriterOptions) throws -> [Artifact] {
        [Artifact(relativePath: "\(edition.info.id).case.json", text: Self.builder(for: edition, library: options.frameworks).package().serialised())]
    }

    /// The package of an edition, given the frameworks it may derive from.
    public static func builder(for edition: Edition, library: [FrameworkReference: Framework]) -> CASEPackageBuilder {
        let base = library[edition.info.base]
        var reasons: [String: String] = [:]
        for record in edition.provenance where record.itemKind == .competency && (record.change == .reworded || record.change == .localised) {
            reasons[record.itemID] = reasons[record.itemID].map { "\($0) \(record.rationale)" } ?? record.rationale
        }
        return CASEPackageBuilder(
            framework: edition.framework,
            base: base.map { ($0, CASEIdentity($0.metadata)) },
            reasons: reasons,
            history: Self.lineage(of: edition.info.base, in: library),
            documentNotes: "Adapted from \(edition.info.baseTitle) (\(edition.info.base)) by the \(edition.info.pluginID) plugin of CompetencyKit.")
    }

    /// `reference` and the versions it derives from, oldest first.
    public static func lineage(of reference: FrameworkReference?, in library: [FrameworkReference: Framework]) -> [Framework] {
        var chain: [Framework] = []
        var next = reference
        var seen = Set<FrameworkReference>()
        while let current = next, let framework = library[current], seen.insert(current).inserted {
            chain.insert(framework, at: 0)
            next = framework.metadata.derivedFrom
        }
        return chain
    }

    /// A framework version's own package, linked to the version it derives from.
    public static func builder(for framework: Framework, library: [FrameworkReference: Framework]) -> CASEPackageBuilder {
        let base = framework.metadata.derivedFrom.flatMap { library[$0] }
        return CASEPackageBuilder(
            framework: framework,
            base: base.map { ($0, CASEIdentity($0.metadata)) },
            history: lineage(of: framework.metadata.derivedFrom, in: library))
    }
}
