import CompetencyModel
import Editions
import Pipeline
import Publishing

/// The shipped editions, built through the library's pipeline: the same profile check,
/// adaptation and rule pass `competency export` runs, so a test never builds an edition a
/// way the tool does not.
package enum ShippedEditions {
    package struct BuildFailure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The shipped library with a cache, so a test that builds several editions reads the
    /// base once.
    package static func library() -> FrameworkLibrary {
        FrameworkLibrary(root: RepositoryFiles.frameworks, cache: InputCache())
    }

    package static func build(_ id: String, library: FrameworkLibrary = library(), plugins: PluginRegistry = .builtIn) throws -> Edition {
        let outcome = EditionPipeline(library: library, plugins: plugins).build(profileAt: library.profilePath(edition: id))
        guard let edition = outcome.edition, !outcome.diagnostics.hasErrors else {
            throw BuildFailure(description: "\(id) does not build:\n" + outcome.diagnostics.map(\.formatted).joined(separator: "\n"))
        }
        return edition
    }
}
