import CompetencyModel
import Editions
import FrameworkDiff
import FrameworkLoading
import Pipeline

/// One thing `rebase` found about a profile entry.
public struct RebaseFinding: Sendable, Hashable {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case followsRename = "follows-rename"
        case redundant = "now-redundant"
        case conflict
    }

    /// What `--write` does about it.
    public enum Resolution: String, Sendable, Hashable {
        /// The reference now names the new id.
        case followed
        /// The entry was taken out, with a comment.
        case dropped
        /// The entry stays as it was, with a comment before it.
        case marked
        /// The entry was turned into a comment so the profile still validates.
        case switchedOff = "switched-off"
        /// The id was taken out of the entry's list.
        case removedFromList = "removed-from-list"
        /// Nothing could be done to the text; the rebased profile does not validate.
        case none
    }

    /// Three versions of one text: the base before and after, and the edition's own.
    public struct Wording: Sendable, Hashable {
        public var baseOld: String
        public var baseNew: String
        public var ours: String
    }

    public var category: Category
    public var diagnostic: Diagnostic
    /// The profile entry, as a reader would name it: "statement override of ws-05".
    public var entry: String
    public var resolution: Resolution
    public var wording: Wording?
}

/// The outcome of rebasing one profile: what was found, and the profile text rewritten.
public struct RebasePlan: Sendable {
    public var profile: EditionProfile
    public var from: FrameworkReference
    public var onto: FrameworkReference
    public var findings: [RebaseFinding]
    /// Profile entries that refer to the base and need nothing done.
    public var carriedOver: Int
    /// The profile's text with every mechanical change made and conflicts marked.
    public var rebasedBytes: [UInt8]
    /// The rebased profile, and the edition it builds on the new base, when it validates.
    public var rebasedProfile: EditionProfile?
    public var rebasedEdition: Edition?
    /// What the rebased profile's own check says (its ED codes), when it fails.
    public var rebasedDiagnostics: [Diagnostic]

    public var conflicts: [RebaseFinding] { findings.filter { $0.category == .conflict } }
    public var hasConflicts: Bool { !conflicts.isEmpty }
    /// Whether `--write` may save `rebasedBytes`: only a profile that validates is written.
    public var canWrite: Bool { rebasedEdition != nil }
    public var isNoOp: Bool { from == onto && findings.isEmpty }

    public func count(_ category: RebaseFinding.Category) -> Int { findings.filter { $0.category == category }.count }
}

/// Classifies every entry of an edition profile against the change between the base it was
/// written for and a new version of that base, and rewrites the profile's text: renamed ids
/// followed, redundant overrides dropped, conflicts marked (and switched off where keeping
/// them would stop the profile validating).
public struct ProfileRebase: Sendable {
    public var assembly: EditionAssembly
    /// At or above this word similarity an override says what the new base says.
    public var redundancyThreshold: Double
    /// At or above this word similarity a competency the base added duplicates a local one.
    public var duplicateThreshold: Double

    public init(plugins: PluginRegistry = .builtIn, redundancyThreshold: Double = 0.9, duplicateThreshold: Double = 0.6) {
        assembly = EditionAssembly(plugins: plugins)
        self.redundancyThreshold = redundancyThreshold
        self.duplicateThreshold = duplicateThreshold
    }

    /// - Parameters:
    ///   - profile: the profile as loaded from `bytes` (its locations index into them).
    ///   - revision: the base the profile names, compared with the one to move to.
    public func plan(profile: EditionProfile, bytes: [UInt8], path: String, revision: BaseRevision, loader: EditionProfileLoader = EditionProfileLoader()) -> RebasePlan {
        var run = Run(profile: profile, revision: revision, editor: ProfileTextEditor(bytes), settings: self)
        run.classify()
        let onto = revision.new.metadata.reference
        if profile.base != onto {
            if profile.base.frameworkID != onto.frameworkID {
                _ = run.editor.setAttribute(at: run.attributeLocation("framework", inElementAt: profile.baseLocation), to: onto.frameworkID)
            }
            _ = run.editor.setAttribute(at: run.attributeLocation("version", inElementAt: profile.baseLocation), to: onto.version)
        }
        let rebased = run.editor.result()
        var plan = RebasePlan(
            profile: profile, from: profile.base, onto: onto, findings: run.findings.sorted(by: Self.documentOrder),
            carriedOver: run.entries - run.entriesWithFindings.count, rebasedBytes: rebased,
            rebasedProfile: nil, rebasedEdition: nil, rebasedDiagnostics: [])
        // The rewritten text is checked exactly as `export` would check the file.
        do {
            let loaded = try loader.load(bytes: rebased, path: path)
            guard let rebasedProfile = loaded.profile else {
                plan.rebasedDiagnostics = loaded.diagnostics
                plan.findings.append(invalid(loaded.diagnostics, profile: profile))
                return plan
            }
            plan.rebasedProfile = rebasedProfile
            let built = assembly.build(rebasedProfile, base: revision.new)
            plan.rebasedEdition = built.edition
            if built.edition == nil {
                plan.rebasedDiagnostics = built.diagnostics.filter { $0.severity == .error }
                plan.findings.append(invalid(plan.rebasedDiagnostics, profile: profile))
            }
        } catch {
            plan.rebasedDiagnostics = error.diagnostics
            plan.findings.append(invalid(error.diagnostics, profile: profile))
        }
        return plan
    }

    private func invalid(_ diagnostics: [Diagnostic], profile: EditionProfile) -> RebaseFinding {
        RebaseFinding(
            category: .conflict,
            diagnostic: Diagnostic(
                severity: .error, code: RebaseCode.rebasedInvalid.code,
                message: "the rebased profile does not validate against the new base (\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") below); nothing can be written until they are fixed",
                location: profile.baseLocation ?? profile.location,
                notes: diagnostics.map { .init(message: "\($0.message) [\($0.code)]", location: $0.location) }),
            entry: "the rebased profile", resolution: .none)
    }

    static func documentOrder(_ lhs: RebaseFinding, _ rhs: RebaseFinding) -> Bool {
        let left = (lhs.diagnostic.location?.line ?? 0, lhs.diagnostic.location?.column ?? 0, lhs.diagnostic.code)
        let right = (rhs.diagnostic.location?.line ?? 0, rhs.diagnostic.location?.column ?? 0, rhs.diagnostic.code)
        return left < right
    }
}
