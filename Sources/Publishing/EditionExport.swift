import CompetencyModel
import Editions
import Foundation
import FrameworkLoading
import OutputFormats
import Pipeline

/// What one export builds and where it writes it: the whole of `competency export` as a
/// library call, so a host package, a test or the preview server publishes exactly as the
/// tool does.
public struct ExportRequest: Sendable {
    public var library: FrameworkLibrary
    /// Edition ids from the library's editions/ folder.
    public var editions: [String]
    /// Profile files anywhere on disk, each finding its base as `FrameworkLibrary.forProfile`
    /// says (`frameworksGiven` is the folder the user named, if any).
    public var profiles: [String]
    public var frameworksGiven: String?
    /// `FRAMEWORK@VERSION`s published as CASE in their own right.
    public var frameworkVersions: [String]
    /// Every edition, every framework version as CASE, the version history's change reports
    /// and the workbooks.
    public var all: Bool
    /// The edition formats to write; their change-set formats come from `registry`.
    public var formats: [any OutputFormat]
    public var registry: OutputFormatRegistry
    public var options: WriterOptions
    /// Write change reports to OUT/diffs/.
    public var diffs: Bool
    public var outputFolder: String
    public var plugins: PluginRegistry
    public var jobs: Jobs

    public init(
        library: FrameworkLibrary, editions: [String] = [], profiles: [String] = [], frameworksGiven: String? = nil,
        frameworkVersions: [String] = [], all: Bool = false, formats: [any OutputFormat]? = nil,
        registry: OutputFormatRegistry = .builtIn, options: WriterOptions = WriterOptions(), diffs: Bool = true,
        outputFolder: String, plugins: PluginRegistry = .builtIn, jobs: Jobs = Jobs()
    ) {
        self.library = library
        self.editions = editions
        self.profiles = profiles
        self.frameworksGiven = frameworksGiven
        self.frameworkVersions = frameworkVersions
        self.all = all
        self.formats = formats ?? registry.defaultFormats
        self.registry = registry
        self.options = options
        self.diffs = diffs
        self.outputFolder = outputFolder
        self.plugins = plugins
        self.jobs = jobs
    }
}

/// What an export did, in the order it happened, for a front end to show.
public struct ExportReport: Sendable {
    public enum Status: Sendable, Equatable {
        /// Everything was written (or was already up to date).
        case written
        /// An input has errors; nothing was written (exit 1).
        case inputHasErrors
        /// The export could not be done (an unreadable file, a failed format, a full disk);
        /// nothing was written (exit 2).
        case couldNotRun
    }

    /// A line for standard error: a diagnostic, or a plain sentence.
    public enum Message: Sendable, Equatable {
        case diagnostic(Diagnostic)
        case error(String)
        case warning(String)
        /// Why the export stopped.
        case stopped(String)

        public var formatted: String {
            switch self {
            case .diagnostic(let diagnostic): diagnostic.formatted
            case .error(let text): "error: \(text)"
            case .warning(let text): "warning: \(text)"
            case .stopped(let text): "export stopped: \(text)"
            }
        }
    }

    /// One folder of the output and how many of its files changed.
    public struct Folder: Sendable, Equatable {
        public var label: String
        public var path: String
        public var files: Int
        public var written: Int
    }

    public var status: Status = .written
    public var messages: [Message] = []
    public var folders: [Folder] = []
    /// The editions built, in request order.
    public var editions: [Edition] = []
}

/// Runs an `ExportRequest`: loads each input once, builds and renders every edition in
/// parallel, reports each against its base, and writes everything in one all-or-nothing
/// step. Nothing is written unless every part succeeds.
public struct EditionExport: Sendable {
    public var request: ExportRequest

    public init(_ request: ExportRequest) {
        self.request = request
    }

    public func run() -> ExportReport {
        var report = ExportReport()
        func stop(_ status: ExportReport.Status, _ reason: String) -> ExportReport {
            report.messages.append(.stopped(reason))
            report.status = status
            return report
        }
        func fail(_ status: ExportReport.Status, _ message: String) -> ExportReport {
            report.messages.append(.error(message))
            report.status = status
            return report
        }
        // One cache for the run: every framework and profile is read and parsed once.
        let cache = InputCache()
        var library = request.library
        library.cache = cache
        let jobs = request.jobs
        if request.all {
            // A full export publishes every framework version (its CASE package and its
            // change report); a version that does not load or breaks a rule stops the export
            // rather than silently dropping out of it.
            var broken = false
            var unreadable = false
            let paths = library.frameworkPaths()
            let loads = jobs.map(paths.count) { [library] index in Result { () throws(LoadFailure) in try library.loadFramework(atPath: paths[index]) } }
            for load in loads {
                do {
                    let result = try load.get()
                    let errors = result.diagnostics.filter { $0.severity == .error }
                    report.messages += errors.map(ExportReport.Message.diagnostic)
                    broken = broken || !errors.isEmpty || result.framework == nil
                } catch {
                    report.messages += error.diagnostics.map(ExportReport.Message.diagnostic)
                    unreadable = true
                }
            }
            if broken || unreadable {
                return stop(unreadable ? .couldNotRun : .inputHasErrors, "a framework in \(library.root) has errors (competency validate shows them); no file was written")
            }
        }
        var paths = request.profiles
        let ids = request.all ? library.editionIDs() : request.editions
        let editionsFolder = (library.root as NSString).appendingPathComponent("editions")
        if request.all && ids.isEmpty {
            return fail(.couldNotRun, "no edition profiles in \(editionsFolder)")
        }
        for id in ids {
            guard ArtifactWriter.isSafeComponent(id) else {
                return fail(.couldNotRun, "'\(id)' is not an edition id; ids are lower-case letters, digits and hyphens")
            }
            guard FileManager.default.fileExists(atPath: library.profilePath(edition: id)) else {
                let known = library.editionIDs()
                return fail(.couldNotRun, "no edition '\(id)' in \(editionsFolder); known editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            }
            paths.append(library.profilePath(edition: id))
        }

        let libraries = paths.map { path in
            guard request.profiles.contains(path) else { return library }
            var own = FrameworkLibrary.forProfile(at: path, frameworks: request.frameworksGiven)
            own.cache = cache
            return own
        }
        let formats = request.formats
        let results = EditionBatch(library: library, plugins: request.plugins, formats: formats, options: request.options, jobs: jobs)
            .build(paths, libraries: libraries)
        report.editions = results.compactMap(\.edition)
        // Two profiles with one id would write into one folder; refuse before writing.
        var firstPath: [String: String] = [:]
        var duplicates: [Diagnostic] = []
        for (index, result) in results.enumerated() {
            guard let id = result.edition?.info.id else { continue }
            if let earlier = firstPath[id] {
                duplicates.append(Diagnostic(
                    severity: .error, code: EditionCode.duplicateEdition.code,
                    message: "two profiles have the id '\(id)', and both would be written to \((request.outputFolder as NSString).appendingPathComponent(id)); give each edition its own id",
                    location: SourceLocation(file: paths[index], line: 1, column: 1),
                    notes: [.init(message: "the other profile with that id", location: SourceLocation(file: earlier, line: 1, column: 1))]))
            } else {
                firstPath[id] = paths[index]
            }
        }
        if !duplicates.isEmpty {
            report.messages += duplicates.map(ExportReport.Message.diagnostic)
            return stop(.inputHasErrors, "fix the errors above; no file was written")
        }
        var failed = false
        var couldNotRead = false
        var renderingFailed = false
        let publishesCASE = OutputFormatRegistry.publishesCASE(formats)
        for result in results {
            report.messages += result.diagnostics.map(ExportReport.Message.diagnostic)
            if result.artifacts == nil { failed = true }
            couldNotRead = couldNotRead || result.couldNotRead
            renderingFailed = renderingFailed || result.renderingFailed
            if publishesCASE, let edition = result.edition, edition.framework.metadata.baseURI == nil {
                report.messages.append(.warning("edition \(edition.info.id) has no <baseURI>, so its CASE URIs are urn:uuid names that resolve nowhere; add the https address it will be published at to its profile"))
            }
        }
        // A format that cannot render a valid edition is a fault in the tool, not the input.
        if couldNotRead || renderingFailed { return stop(.couldNotRun, "no file was written") }
        if failed { return stop(.inputHasErrors, "fix the errors above; no file was written") }

        let out = request.outputFolder
        var batches: [ArtifactWriter.Batch] = []
        var labels: [String] = []
        if request.diffs {
            do {
                // Every export reports its editions against their bases; the framework's
                // own version history belongs to the full export.
                let artifacts = try LineageDiffs(library: library, formats: request.registry.changeSetFormats, jobs: jobs)
                    .artifacts(editions: report.editions, frameworkLineage: request.all)
                if !artifacts.isEmpty {
                    batches.append(.init(folder: (out as NSString).appendingPathComponent("diffs"), artifacts: artifacts))
                    labels.append("diffs")
                }
            } catch {
                return fail(.couldNotRun, error.description)
            }
        }
        // Framework versions published as CASE, so every lineage link in the editions'
        // packages lands on a record that is published too.
        do {
            var warnings: [String] = []
            let publications = try FrameworkPublications(library: library, jobs: jobs)
                .publications(operands: request.frameworkVersions, all: request.all, formats: formats) { warnings.append($0) }
            report.messages += warnings.map(ExportReport.Message.warning)
            for publication in publications {
                batches.append(.init(folder: (out as NSString).appendingPathComponent("frameworks/\(publication.name)"), artifacts: publication.artifacts))
                labels.append("frameworks/\(publication.name)")
            }
        } catch {
            switch error {
            case .couldNotRun(let message): return fail(.couldNotRun, message)
            case .inputHasErrors(let message): return fail(.inputHasErrors, message)
            }
        }
        if request.all {
            // The spreadsheets authors and councils start from, published with the editions.
            do {
                let workbooks = try WorkbookArtifacts(library: library, plugins: request.plugins, jobs: jobs).artifacts(profiles: paths)
                batches.append(.init(folder: (out as NSString).appendingPathComponent("workbooks"), artifacts: workbooks))
                labels.append("workbooks")
            } catch {
                return fail(.couldNotRun, error.description)
            }
        }
        // One all-or-nothing write for the whole set: a failure part way (a full disk, a
        // file in the way) leaves the output folder exactly as it was.
        let writer = ArtifactWriter(outputRoot: out)
        do {
            for result in results {
                guard let edition = result.edition, let artifacts = result.artifacts else { continue }
                batches.append(.init(folder: try writer.folder(forEdition: edition.info.id), artifacts: artifacts))
                labels.append(edition.info.id)
            }
            let changed = try writer.write(batches)
            for (index, batch) in batches.enumerated() {
                report.folders.append(.init(label: labels[index], path: batch.folder, files: batch.artifacts.count, written: changed[index].count))
            }
        } catch {
            return fail(.couldNotRun, error.description)
        }
        return report
    }
}
