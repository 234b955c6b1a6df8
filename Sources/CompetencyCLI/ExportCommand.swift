import ArgumentParser
import CompetencyModel
import Dispatch
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Pipeline
import Spreadsheets

/// Options shared by the commands that read the frameworks folder.
struct LibraryOptions: ParsableArguments {
    @Option(name: .customLong("frameworks"), help: ArgumentHelp("The frameworks folder (frameworks, editions/, schema/); default ./Frameworks.", valueName: "dir"))
    var root: String?

    var library: FrameworkLibrary { FrameworkLibrary(root: root ?? "Frameworks") }

    /// Where a profile file finds its base, the same for every command: --frameworks when
    /// given; else the library whose editions/ folder holds it; else ./Frameworks.
    func library(forProfileAt path: String) -> FrameworkLibrary {
        FrameworkLibrary.forProfile(at: path, frameworks: root)
    }
}

extension FrameworkLibrary {
    static func forProfile(at path: String, frameworks: String?) -> FrameworkLibrary {
        if let frameworks { return FrameworkLibrary(root: frameworks) }
        let folder = (path as NSString).deletingLastPathComponent
        if (folder as NSString).lastPathComponent == "editions" { return .containing(profileAt: path) }
        return FrameworkLibrary(root: "Frameworks")
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Build editions and write them in the chosen formats.",
        usage: """
            competency export (--all | --edition <id> ... | --profile <file> ...)
                              [--format <list>] [--out <dir>] [--no-diffs]
                              [--reference-docx <file>] [--frameworks <dir>]
                              [--jobs <n>]
            """,
        discussion: """
            Each edition is written to OUT/<edition>/, one file per format, and its change \
            report against its base to OUT/diffs/ (not with --no-diffs). Files are replaced \
            atomically, and only when their bytes change; nothing is written unless every \
            requested edition builds. Editions, formats, reports and workbooks are built \
            in parallel (--jobs 1 builds them one at a time); the files are the same either \
            way.

            Examples:
              competency export --all
              competency export --edition sandwell-2022 --format json --out /tmp/out
              competency export --all --reference-docx council-template.docx --out build
              competency export --profile my-council-2025.xml --out build
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Option(name: .customLong("edition"), help: ArgumentHelp("An edition id from <frameworks>/editions/ (repeatable).", valueName: "id"))
    var editions: [String] = []

    @Option(name: .customLong("profile"), help: ArgumentHelp("An edition profile file anywhere on disk (repeatable).", valueName: "file"))
    var profiles: [String] = []

    @Option(name: .customLong("framework"), help: ArgumentHelp("Publish a framework version itself as CASE (repeatable), to OUT/frameworks/ID-VERSION/.", valueName: "id@version"))
    var frameworkVersions: [String] = []

    @Flag(help: "Build every edition in <frameworks>/editions/, and publish every framework version as CASE.")
    var all = false

    @Option(help: ArgumentHelp("Comma-separated formats (default: all of them). See `competency formats`.", valueName: "list"))
    var format: String?

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out = "Exports"

    @Option(name: .customLong("reference-docx"), help: ArgumentHelp("A .docx whose styles, page setup, header and footer the Word output takes, as pandoc's --reference-doc does.", valueName: "file"))
    var referenceDocx: String?

    @Flag(help: "Skip the change reports in OUT/diffs/ (each edition against its base; with --all, each framework version against the one before too).")
    var noDiffs = false

    @Option(help: ArgumentHelp("1 to build one thing at a time; otherwise every core is used.", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs takes a number of 1 or more") }
        if !all && editions.isEmpty && profiles.isEmpty && frameworkVersions.isEmpty {
            throw ValidationError("name an edition with --edition or --profile, a framework with --framework, or pass --all")
        }
    }

    func run() throws {
        let console = Console.current
        var registry = OutputFormatRegistry.current
        if let referenceDocx {
            do {
                let bytes = try DocumentReader().readBytes(atPath: referenceDocx)
                registry = .builtIn(reference: try ReferenceDocument(docx: bytes))
            } catch let failure as LoadFailure {
                for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
                throw Exit.couldNotRun
            } catch let failure as PackageError {
                console.err(failure.diagnostic(file: referenceDocx).formatted)
                throw Exit.couldNotRun
            } catch {
                console.err(Diagnostic(
                    severity: .error, code: DiagnosticCode.malformed,
                    message: "cannot use it as a reference document (\(error)); re-save it from Word as .docx",
                    location: SourceLocation(file: referenceDocx, line: 1, column: 1)).formatted)
                throw Exit.couldNotRun
            }
        }
        let formats: [any OutputFormat]
        if let format {
            var chosen: [any OutputFormat] = []
            for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let found = registry.format(id: name) else {
                    console.err("error: unknown format '\(name)'; known formats: \(registry.formats.map(\.id).joined(separator: ", "))")
                    throw Exit.couldNotRun
                }
                chosen.append(found)
            }
            formats = chosen
        } else {
            formats = registry.defaultFormats
        }

        // One cache for the run: every framework and profile is read and parsed once.
        let cache = InputCache()
        var library = libraryOptions.library
        library.cache = cache
        let jobs = Jobs(self.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        if all {
            // A full export publishes every framework version (its CASE package and its change
            // report); a version that does not load or breaks a rule stops the export rather
            // than silently dropping out of it.
            var broken = false
            var unreadable = false
            let paths = library.frameworkPaths()
            let loads = jobs.map(paths.count) { [library] index in Result { () throws(LoadFailure) in try library.loadFramework(atPath: paths[index]) } }
            for load in loads {
                do {
                    let result = try load.get()
                    let errors = result.diagnostics.filter { $0.severity == .error }
                    for diagnostic in errors { console.err(diagnostic.formatted) }
                    broken = broken || !errors.isEmpty || result.framework == nil
                } catch {
                    for diagnostic in error.diagnostics { console.err(diagnostic.formatted) }
                    unreadable = true
                }
            }
            if broken || unreadable {
                console.err("export stopped: a framework in \(library.root) has errors (competency validate shows them); no file was written")
                throw unreadable ? Exit.couldNotRun : Exit.inputHasErrors
            }
        }
        var paths = profiles
        let ids = all ? library.editionIDs() : editions
        if all && ids.isEmpty {
            console.err("error: no edition profiles in \((library.root as NSString).appendingPathComponent("editions"))")
            throw Exit.couldNotRun
        }
        for id in ids {
            guard ArtifactWriter.isSafeComponent(id) else {
                console.err("error: '\(id)' is not an edition id; ids are lower-case letters, digits and hyphens")
                throw Exit.couldNotRun
            }
            guard FileManager.default.fileExists(atPath: library.profilePath(edition: id)) else {
                let known = library.editionIDs()
                console.err("error: no edition '\(id)' in \((library.root as NSString).appendingPathComponent("editions")); known editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
                throw Exit.couldNotRun
            }
            paths.append(library.profilePath(edition: id))
        }

        let libraries = paths.map { path in
            guard profiles.contains(path) else { return library }
            var own = libraryOptions.library(forProfileAt: path)
            own.cache = cache
            return own
        }
        let results = EditionBatch(library: library, plugins: PluginRegistry.current, formats: formats, jobs: jobs).build(paths, libraries: libraries)
        // Two profiles with one id would write into one folder; refuse before writing.
        var firstPath: [String: String] = [:]
        var duplicates: [Diagnostic] = []
        for (index, result) in results.enumerated() {
            guard let id = result.edition?.info.id else { continue }
            if let earlier = firstPath[id] {
                duplicates.append(Diagnostic(
                    severity: .error, code: EditionCode.duplicateEdition,
                    message: "two profiles have the id '\(id)', and both would be written to \((out as NSString).appendingPathComponent(id)); give each edition its own id",
                    location: SourceLocation(file: paths[index], line: 1, column: 1),
                    notes: [.init(message: "the other profile with that id", location: SourceLocation(file: earlier, line: 1, column: 1))]))
            } else {
                firstPath[id] = paths[index]
            }
        }
        if !duplicates.isEmpty {
            for diagnostic in duplicates { console.err(diagnostic.formatted) }
            console.err("export stopped: fix the errors above; no file was written")
            throw Exit.inputHasErrors
        }
        var failed = false
        var couldNotRead = false
        let publishesCASE = formats.contains { $0 is EditionCASEFormat || $0 is EditionCASEAPIFormat }
        var renderingFailed = false
        for result in results {
            for diagnostic in result.diagnostics { console.err(diagnostic.formatted) }
            if result.artifacts == nil { failed = true }
            couldNotRead = couldNotRead || result.couldNotRead
            renderingFailed = renderingFailed || result.renderingFailed
            if publishesCASE, let edition = result.edition, edition.framework.metadata.baseURI == nil {
                console.err("warning: edition \(edition.info.id) has no <baseURI>, so its CASE URIs are urn:uuid names that resolve nowhere; add the https address it will be published at to its profile")
            }
        }
        // A format that cannot render a valid edition is a fault in the tool, not the input.
        if couldNotRead || renderingFailed {
            console.err("export stopped: no file was written")
            throw Exit.couldNotRun
        }
        if failed {
            console.err("export stopped: fix the errors above; no file was written")
            throw Exit.inputHasErrors
        }

        var diffArtifacts: [Artifact] = []
        if !noDiffs {
            do {
                // Every export reports its editions against their bases; the framework's
                // own version history belongs to the full export.
                diffArtifacts = try LineageDiffs(library: library, jobs: jobs).artifacts(editions: results.compactMap(\.edition), frameworkLineage: all)
            } catch {
                console.err("error: \(error)")
                throw Exit.couldNotRun
            }
        }

        // One all-or-nothing write for the whole set: a failure part way (a full disk, a
        // file in the way) leaves the output folder exactly as it was.
        let writer = ArtifactWriter(outputRoot: out)
        var batches: [ArtifactWriter.Batch] = []
        var labels: [String] = []
        if !diffArtifacts.isEmpty {
            batches.append(.init(folder: (out as NSString).appendingPathComponent("diffs"), artifacts: diffArtifacts))
            labels.append("diffs")
        }
        // Framework versions published as CASE, so every lineage link in the editions'
        // packages lands on a record that is published too.
        do {
            let publications = try frameworkPublications(library: library, formats: formats, console: console, jobs: jobs)
            for (name, artifacts) in publications {
                batches.append(.init(folder: (out as NSString).appendingPathComponent("frameworks/\(name)"), artifacts: artifacts))
                labels.append("frameworks/\(name)")
            }
        }
        if all {
            // The spreadsheets authors and councils start from, published with the editions.
            do {
                let workbooks = try WorkbookArtifacts(library: library, jobs: jobs).artifacts(profiles: paths)
                batches.append(.init(folder: (out as NSString).appendingPathComponent("workbooks"), artifacts: workbooks))
                labels.append("workbooks")
            } catch {
                console.err("error: \(error)")
                throw Exit.couldNotRun
            }
        }
        do {
            for result in results {
                guard let edition = result.edition, let artifacts = result.artifacts else { continue }
                batches.append(.init(folder: try writer.folder(forEdition: edition.info.id), artifacts: artifacts))
                labels.append(edition.info.id)
            }
            let changed = try writer.write(batches)
            for (index, batch) in batches.enumerated() {
                let count = batch.artifacts.count
                let written = changed[index].count
                let summary = written == 0 ? "up to date" : "\(written) file\(written == 1 ? "" : "s") written"
                console.out("\(labels[index]): \(count) file\(count == 1 ? "" : "s") in \(batch.folder) (\(summary))")
            }
        } catch {
            console.err("error: \(error.description)")
            throw Exit.couldNotRun
        }
    }
}

extension ExportCommand {
    /// The CASE publications of the framework versions asked for (every version with
    /// `--all`), by folder name `id-version`.
    func frameworkPublications(library: FrameworkLibrary, formats: [any OutputFormat], console: Console, jobs: Jobs = Jobs(1)) throws -> [(String, [Artifact])] {
        guard all || !frameworkVersions.isEmpty else { return [] }
        let wantsPackage = formats.contains { $0 is EditionCASEFormat }
        let wantsTree = formats.contains { $0 is EditionCASEAPIFormat }
        guard wantsPackage || wantsTree else {
            if frameworkVersions.isEmpty { return [] }
            console.err("error: a framework version is published as CASE: add case or case-api to --format")
            throw Exit.couldNotRun
        }
        let loaded = library.loadedFrameworks()
        var references: [FrameworkReference] = []
        for operand in frameworkVersions {
            switch library.frameworkPath(operand: operand) {
            case .success:
                let parts = operand.split(separator: "@").map(String.init)
                references.append(FrameworkReference(frameworkID: parts[0], version: parts[1]))
            case .failure(let failure):
                console.err("error: \(failure.message)")
                throw Exit.couldNotRun
            case nil:
                console.err("error: --framework takes FRAMEWORK@VERSION, such as in-it-together@2019; got \(operand)")
                throw Exit.couldNotRun
            }
        }
        if all { references = loaded.keys.sorted { $0.description < $1.description } }
        for reference in references {
            guard let framework = loaded[reference] else {
                console.err("error: \(reference) has errors; run competency validate on it")
                throw Exit.inputHasErrors
            }
            if framework.metadata.baseURI == nil {
                console.err("warning: \(reference) has no <baseURI>, so its CASE URIs are urn:uuid names that resolve nowhere; add the https address it will be published at")
            }
        }
        let chosen = references
        return jobs.map(chosen.count) { index in
            let reference = chosen[index]
            let name = "\(reference.frameworkID)-\(reference.version)"
            // Every reference was checked to have loaded, above.
            guard let framework = loaded[reference] else { return (name, []) }
            let builder = EditionCASEFormat.builder(for: framework, library: loaded)
            var artifacts: [Artifact] = []
            if wantsPackage { artifacts.append(Artifact(relativePath: "\(name).case.json", text: builder.package().serialised())) }
            if wantsTree { artifacts += EditionCASEAPIFormat.tree(builder, folder: "case-api") }
            return (name, artifacts)
        }
    }
}

/// The change reports published with every full export: each framework version against
/// the version it derives from, and each edition against its base, in every diff format.
struct LineageDiffs {
    var library: FrameworkLibrary
    var jobs = Jobs(1)

    func artifacts(editions: [Edition], frameworkLineage: Bool = true) throws -> [Artifact] {
        let loaded = library.loadedFrameworks()
        var found: [(name: String, old: Framework, new: Framework, edition: Edition?)] = []
        for framework in loaded.values.sorted(by: { $0.metadata.reference.description < $1.metadata.reference.description }) where frameworkLineage {
            guard let parent = framework.metadata.derivedFrom, let old = loaded[parent] else { continue }
            found.append(("\(parent.frameworkID)-\(parent.version)-to-\(framework.metadata.version)", old, framework, nil))
        }
        for edition in editions {
            guard let base = loaded[edition.info.base] else { continue }
            found.append(("\(edition.info.base.frameworkID)-\(edition.info.base.version)-to-\(edition.info.id)", base, edition.framework, edition))
        }
        // Each pair is compared once; every format of every pair then renders in parallel.
        let pairs = found
        let changeSets = jobs.map(pairs.count) { [self] index in publishable(FrameworkComparison().compare(pairs[index].old, pairs[index].new)) }
        let formats = DiffFormat.allCases
        let rendered = jobs.map(pairs.count * formats.count) { index -> Result<Artifact, RenderFailure> in
            let pair = pairs[index / formats.count]
            let format = formats[index % formats.count]
            do {
                return .success(Artifact(
                    relativePath: "\(pair.name).\(format.fileExtension)",
                    bytes: try DiffRendering.render(changeSets[index / formats.count], old: pair.old, new: pair.new, format: format, edition: pair.edition)))
            } catch {
                return .failure(RenderFailure(description: "\(pair.name).\(format.fileExtension): \(error)"))
            }
        }
        return try rendered.map { try $0.get() }
    }

    /// Locations rewritten relative to the library's folder, so the published files are the
    /// same whichever directory the export ran in.
    private func publishable(_ changes: ChangeSet) -> ChangeSet {
        func rewrite(_ location: SourceLocation?) -> SourceLocation? {
            location.map { SourceLocation(file: library.publishedPath($0.file), line: $0.line, column: $0.column) }
        }
        var result = changes
        result.competencyChanges = changes.competencyChanges.map { change in
            var copy = change
            copy.oldLocation = rewrite(change.oldLocation)
            copy.newLocation = rewrite(change.newLocation)
            return copy
        }
        result.otherChanges = changes.otherChanges.map { change in
            var copy = change
            copy.oldLocation = rewrite(change.oldLocation)
            copy.newLocation = rewrite(change.newLocation)
            return copy
        }
        return result
    }
}

/// Why an output could not be rendered: a fault in the tool, never in the input.
struct RenderFailure: Error, CustomStringConvertible, Sendable {
    var description: String
}

/// Builds and renders several editions in parallel; results come back in input order so
/// output never depends on scheduling.
struct EditionBatch {
    var library: FrameworkLibrary
    var plugins: PluginRegistry
    var formats: [any OutputFormat]
    var jobs = Jobs()

    struct Result: Sendable {
        var edition: Edition?
        var artifacts: [Artifact]?
        var diagnostics: [Diagnostic]
        var couldNotRead: Bool
        /// A format failed on a valid edition.
        var renderingFailed = false
    }

    /// `libraries`, when given, is where each profile finds its base (one per path).
    func build(_ paths: [String], libraries: [FrameworkLibrary]? = nil) -> [Result] {
        let plugins = plugins
        let library = library
        let formats = formats
        // First every edition, then every format of every edition: the renderings are the
        // bulk of the work and balance across cores far better than whole editions do.
        let built = jobs.map(paths.count) { index -> (outcome: EditionPipeline.Outcome, formats: [any OutputFormat]) in
            let pipeline = EditionPipeline(library: libraries?[index] ?? library, plugins: plugins)
            let outcome = pipeline.build(profileAt: paths[index])
            // CASE links to the base's own records and dates records from its history.
            let chosen = formats.contains { $0 is EditionCASEFormat || $0 is EditionCASEAPIFormat }
                ? OutputFormatRegistry(formats: formats).withFrameworkLibrary(pipeline.library.loadedFrameworks()).formats
                : formats
            return (outcome, chosen)
        }
        let tasks = built.indices.flatMap { edition in
            built[edition].outcome.edition == nil ? [] : built[edition].formats.indices.map { (edition: edition, format: $0) }
        }
        let rendered = jobs.map(tasks.count) { index -> Swift.Result<[Artifact], RenderFailure> in
            let task = tasks[index]
            guard let edition = built[task.edition].outcome.edition else { return .success([]) }
            do {
                return .success(try built[task.edition].formats[task.format].render(edition))
            } catch {
                return .failure(RenderFailure(description: "rendering \(edition.info.id) as \(built[task.edition].formats[task.format].id) failed: \(error)"))
            }
        }
        var results = built.map { Result(edition: $0.outcome.edition, artifacts: nil, diagnostics: $0.outcome.diagnostics, couldNotRead: $0.outcome.couldNotRead) }
        var collected = built.map { $0.outcome.edition == nil ? nil : [Artifact]() }
        for (index, task) in tasks.enumerated() {
            switch rendered[index] {
            case .success(let artifacts):
                collected[task.edition]? += artifacts
            case .failure(let failure):
                results[task.edition].diagnostics.append(Diagnostic(severity: .error, code: EditionCode.editionInvalid, message: failure.description, location: nil))
                results[task.edition].renderingFailed = true
                collected[task.edition] = nil
            }
        }
        for index in results.indices where !results[index].renderingFailed {
            results[index].artifacts = collected[index]
        }
        return results
    }
}

extension PluginRegistry {
    /// The export plugins this run knows; a package that adds its own passes them to
    /// `CompetencyCommand.run(arguments:console:plugins:)`.
    @TaskLocal static var current: PluginRegistry = .builtIn
}

extension OutputFormatRegistry {
    @TaskLocal static var current: OutputFormatRegistry = .builtIn
}

/// The workbooks of a full export: each framework version as a workbook and as a
/// Competencies CSV, a blank edition template for it, and each edition's workbook.
struct WorkbookArtifacts {
    var library: FrameworkLibrary
    var jobs = Jobs(1)

    func artifacts(profiles: [String]) throws -> [Artifact] {
        var bases: [FrameworkReference: Framework] = [:]
        var frameworks: [Framework] = []
        for path in library.frameworkPaths() {
            guard let framework = try? library.loadFramework(atPath: path).framework else { continue }
            bases[framework.metadata.reference] = framework
            frameworks.append(framework)
        }
        let loader = EditionProfileLoader(sectionsIgnoredByPlugin: PluginRegistry.current.ignoredSectionsByPlugin)
        let editions: [(EditionProfile, Framework)] = profiles.compactMap { path in
            let loaded = library.cache.map { try? $0.profile(at: path, loader: loader) } ?? (try? loader.load(contentsOf: path))
            guard let profile = loaded?.profile, let base = bases[profile.base] else { return nil }
            return (profile, base)
        }
        // A workbook per framework version (with its CSV and edition template) and one per
        // edition, made in parallel and listed in this order.
        let chosen = frameworks
        let made = jobs.map(chosen.count + editions.count) { index -> Swift.Result<[Artifact], RenderFailure> in
            do {
                if index < chosen.count {
                    let framework = chosen[index]
                    let name = "\(framework.metadata.id)-\(framework.metadata.version)"
                    return .success([
                        Artifact(relativePath: "\(name).xlsx", bytes: try XLSXWriter().write(FrameworkWorkbook.export(framework))),
                        Artifact(relativePath: "\(name)-competencies.csv", text: FrameworkWorkbook.competenciesCSV(framework)),
                        Artifact(relativePath: "edition-template-\(name).xlsx", bytes: try XLSXWriter().write(EditionWorkbook.export(base: framework, profile: nil))),
                    ])
                }
                let (profile, base) = editions[index - chosen.count]
                return .success([Artifact(relativePath: "\(profile.id).xlsx", bytes: try XLSXWriter().write(EditionWorkbook.export(base: base, profile: profile)))])
            } catch {
                return .failure(RenderFailure(description: "a workbook could not be written: \(error)"))
            }
        }
        return try made.flatMap { try $0.get() }
    }
}
