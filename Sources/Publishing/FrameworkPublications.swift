import CompetencyModel
import Foundation
import FrameworkLoading
import OutputFormats
import Pipeline

/// Framework versions published as CASE in their own right, so every lineage link in an
/// edition's package lands on a record that is published too.
public struct FrameworkPublications: Sendable {
    public var library: FrameworkLibrary
    public var jobs: Jobs

    public init(library: FrameworkLibrary, jobs: Jobs = Jobs(1)) {
        self.library = library
        self.jobs = jobs
    }

    /// Why nothing could be published.
    public enum Failure: Error, Sendable {
        /// The request cannot be met as asked (exit 2): a bad operand, no CASE format.
        case couldNotRun(String)
        /// A version asked for has errors (exit 1).
        case inputHasErrors(String)
    }

    public struct Publication: Sendable {
        /// `id-version`, the folder under OUT/frameworks/.
        public var name: String
        public var artifacts: [Artifact]
    }

    /// - Parameters:
    ///   - operands: `FRAMEWORK@VERSION`s to publish.
    ///   - all: publish every version in the library instead.
    ///   - formats: the chosen edition formats; the CASE ones decide what is written.
    ///   - warn: told of each version with no base URI, whose URIs resolve nowhere.
    public func publications(
        operands: [String], all: Bool, formats: [any OutputFormat], warn: (String) -> Void = { _ in }
    ) throws(Failure) -> [Publication] {
        guard all || !operands.isEmpty else { return [] }
        let wantsPackage = formats.contains { $0 is EditionCASEFormat }
        let wantsTree = formats.contains { $0 is EditionCASEAPIFormat }
        guard wantsPackage || wantsTree else {
            if operands.isEmpty { return [] }
            throw .couldNotRun("a framework version is published as CASE: add case or case-api to --format")
        }
        let loaded = library.loadedFrameworks()
        var references: [FrameworkReference] = []
        for operand in operands {
            switch library.frameworkPath(operand: operand) {
            case .success:
                let parts = operand.split(separator: "@").map(String.init)
                references.append(FrameworkReference(frameworkID: parts[0], version: parts[1]))
            case .failure(let failure):
                throw .couldNotRun(failure.message)
            case nil:
                throw .couldNotRun("--framework takes FRAMEWORK@VERSION, such as in-it-together@2019; got \(operand)")
            }
        }
        if all { references = loaded.keys.sorted { $0.description < $1.description } }
        for reference in references {
            guard let framework = loaded[reference] else {
                throw .inputHasErrors("\(reference) has errors; run competency validate on it")
            }
            if framework.metadata.baseURI == nil {
                warn("\(reference) has no <baseURI>, so its CASE URIs are urn:uuid names that resolve nowhere; add the https address it will be published at")
            }
        }
        let chosen = references
        return jobs.map(chosen.count) { index in
            let reference = chosen[index]
            let name = "\(reference.frameworkID)-\(reference.version)"
            // Every reference was checked to have loaded, above.
            guard let framework = loaded[reference] else { return Publication(name: name, artifacts: []) }
            let builder = EditionCASEFormat.builder(for: framework, library: loaded)
            var artifacts: [Artifact] = []
            if wantsPackage { artifacts.append(Artifact(relativePath: "\(name).case.json", text: builder.package().serialised())) }
            if wantsTree { artifacts += EditionCASEAPIFormat.tree(builder, folder: "case-api") }
            return Publication(name: name, artifacts: artifacts)
        }
    }
}
