import ArgumentParser
import CompetencyModel
import Editions
import Foundation
import Publishing
import FrameworkLoading
import XMLSupport

/// `competency new-edition`: starts a council's profile with the right id and base, every
/// optional section shown as a commented example drawn from the base itself, and checks it
/// straight away, so the first thing an author sees is a profile that validates.
struct NewEditionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-edition",
        abstract: "Start a new edition profile in <frameworks>/editions/.",
        usage: """
            competency new-edition <id> --base <framework@version>
                                   [--plugin local-variant|workshop-edition]
                                   [--from <edition>] [--date <yyyy-mm-dd>]
                                   [--frameworks <dir>]
            """,
        discussion: """
            Writes <frameworks>/editions/ID.xml and validates it. It never overwrites a file.

            Examples:
              competency new-edition worcestershire-2025 --base in-it-together@2019
              competency new-edition my-workshops --base in-it-together@2019 \\
                --plugin workshop-edition
              competency new-edition exampleshire-2025 --from sandwell-2022
            """
    )

    @OptionGroup var libraryOptions: LibraryOptions

    @Argument(help: "The new edition's id: lower-case letters, digits and hyphens; also its file name.")
    var id: String

    @Option(help: ArgumentHelp("The base framework and version, as FRAMEWORK@VERSION (for example in-it-together@2019).", valueName: "framework@version"))
    var base: String?

    @Option(help: ArgumentHelp("The export plugin: local-variant (the default) or workshop-edition.", valueName: "plugin"))
    var plugin: String?

    @Option(name: .customLong("from"), help: ArgumentHelp("Start from a copy of this edition's profile instead of the skeleton.", valueName: "edition"))
    var from: String?

    @Option(help: ArgumentHelp("The publication date to write, YYYY-MM-DD (default: today, UTC).", valueName: "yyyy-mm-dd"))
    var date: String?

    func validate() throws {
        if base == nil && from == nil {
            throw ValidationError("give the base with --base FRAMEWORK@VERSION, or copy an edition with --from ID")
        }
    }

    func run() throws {
        let console = Console.current
        let library = libraryOptions.library
        guard ArtifactWriter.isSafeComponent(id) else {
            console.err("error: '\(id)' cannot be an edition id; use lower-case letters, digits and hyphens, such as worcestershire-2025")
            throw Exit.couldNotRun
        }
        let path = library.profilePath(edition: id)
        if FileManager.default.fileExists(atPath: path) {
            console.err("error: \(path) already exists; new-edition never overwrites a profile. Choose another id or edit that file.")
            throw Exit.couldNotRun
        }

        let text: String
        if let from {
            text = try copy(of: from, library: library, console: console)
        } else {
            let pluginID = plugin ?? LocalVariantPlugin().id
            guard PluginRegistry.current.plugin(id: pluginID) != nil else {
                console.err("error: no export plugin '\(pluginID)'; plugins: \(PluginRegistry.current.plugins.map(\.id).joined(separator: ", "))")
                throw Exit.couldNotRun
            }
            let framework = try resolveBase(library: library, console: console)
            text = ProfileSkeleton(id: id, pluginID: pluginID, base: framework, date: date ?? Self.today()).text()
        }

        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            // O_EXCL: if a file appeared since the check above, it is still not overwritten.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteFileExists) }
            defer { close(descriptor) }
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            console.err("error: cannot write \(path): \(String(cString: strerror(errno)))")
            throw Exit.couldNotRun
        }
        console.out("wrote \(path)")

        let outcome = EditionPipeline(library: library, plugins: PluginRegistry.current).build(profileAt: path)
        for diagnostic in outcome.diagnostics { console.err(diagnostic.formatted) }
        if outcome.diagnostics.hasErrors {
            console.err("the new profile does not validate yet; fix the errors above")
            throw Exit.inputHasErrors
        }
        console.out("it validates. Next: edit it, then")
        console.out("  competency explain \(id)")
        console.out("  competency export --edition \(id)")
    }

    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 2000, parts.month ?? 1, parts.day ?? 1)
    }

    private func resolveBase(library: FrameworkLibrary, console: Console) throws -> Framework {
        let spec = base ?? ""
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        let known = library.frameworkPaths().map { path -> String in
            let version = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let framework = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            return "\(framework)@\(version)"
        }
        guard parts.count == 2, ArtifactWriter.isSafeComponent(parts[0]) else {
            console.err("error: --base takes FRAMEWORK@VERSION; the frameworks here are: \(known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        let reference = FrameworkReference(frameworkID: parts[0], version: parts[1])
        let path = library.frameworkPath(reference)
        guard FileManager.default.fileExists(atPath: path) else {
            console.err("error: no framework \(spec) in \(library.root); the frameworks here are: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        do {
            let result = try FrameworkLoader().load(contentsOf: path)
            guard let framework = result.framework, !result.diagnostics.hasErrors else {
                for diagnostic in result.diagnostics { console.err(diagnostic.formatted) }
                throw Exit.couldNotRun
            }
            return framework
        } catch let failure as LoadFailure {
            for diagnostic in failure.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
    }

    /// The named edition's profile with the new id; everything else is kept for editing.
    private func copy(of source: String, library: FrameworkLibrary, console: Console) throws -> String {
        let sourcePath = library.profilePath(edition: source)
        guard ArtifactWriter.isSafeComponent(source), FileManager.default.fileExists(atPath: sourcePath) else {
            let known = library.editionIDs()
            console.err("error: no edition '\(source)' to copy; editions: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            throw Exit.couldNotRun
        }
        let text: String
        do {
            text = String(decoding: try DocumentReader().readBytes(atPath: sourcePath), as: UTF8.self)
        } catch {
            for diagnostic in error.diagnostics { console.err(diagnostic.formatted) }
            throw Exit.couldNotRun
        }
        guard let range = text.range(of: "id=\"\(source)\"") else {
            console.err("error: \(sourcePath) has no id=\"\(source)\" to change; copy it by hand and set the id")
            throw Exit.couldNotRun
        }
        var copy = text.replacingCharacters(in: range, with: "id=\"\(id)\"")
        if let base, let baseRange = copy.range(of: #"<base framework="[^"]*" version="[^"]*"/>"#, options: .regularExpression) {
            let parts = base.split(separator: "@", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                copy.replaceSubrange(baseRange, with: "<base framework=\"\(XMLWriter.escapeAttribute(parts[0]))\" version=\"\(XMLWriter.escapeAttribute(parts[1]))\"/>")
            }
        }
        return copy
    }
}

/// A profile that validates as it stands, with every optional section as a commented
/// example that names real ids from the base, so an author uncomments and edits rather
/// than looks things up.
struct ProfileSkeleton {
    var id: String
    var pluginID: String
    var base: Framework
    var date: String

    func text() -> String {
        let competency = base.competencies.first
        let option = base.trainingOptions.first
        let group = base.groupsByRank.first
        let role = group?.roles.first
        let phase = base.phases.first
        let area = base.areas.first
        let isWorkshop = pluginID == WorkshopEditionPlugin().id
        func comment(_ lines: String) -> String {
            // "--" cannot appear inside an XML comment.
            "  <!--\n" + lines.replacingOccurrences(of: "--", with: "- -") + "\n  -->\n"
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- A new edition of \(base.metadata.title) (\(base.metadata.version)).
                 Every element is documented in Frameworks/schema/edition.xsd. Uncomment and edit the
                 sections you need; `competency show \(base.metadata.id)@\(base.metadata.version)` lists the ids
                 of everything in the base. Check your work with `competency validate`. -->
            <edition xmlns="urn:competencykit:edition:1" id="\(id)" plugin="\(pluginID)">
              <base framework="\(base.metadata.id)" version="\(base.metadata.version)"/>
              <title>Your title for this edition</title>
              <publisher>Your organisation</publisher>
              <version>1</version>
              <date>\(date)</date>
              <!-- The https address where you will publish this edition's CASE records (the
                   case-api export); identifiers are derived from it, so they are yours alone.
              <baseURI>https://www.your-council.gov.uk/case/your-edition</baseURI> -->
              <audience>Who this edition is for: the staff and volunteers it covers, in your own words.</audience>
              <description>What this edition is and how it differs from \(XMLWriter.escapeText(base.metadata.title)), in a paragraph.</description>

            """
        xml += comment("""
              <publication>
                <contact>the team readers contact, for example the Public Health team at Your Council</contact>
                <email>team@example.gov.uk</email>
                <website>https://www.example.gov.uk</website>
                <reviewDate>2027-04-01</reviewDate>
                <abbreviation term="SEND">special educational needs and disabilities</abbreviation>
              </publication>
            """)
        xml += comment("""
              <exclude competencies="\(competency?.id ?? "competency-id")" training="\(option?.id ?? "training-id")">
                <rationale>Why you leave these out.</rationale>
              </exclude>
            """)
        xml += comment("""
              <groups>
                <group ref="\(group?.id ?? "group-id")">
                  <description>Who belongs in this group, in your words.</description>
                  <renameRole ref="\(role?.id ?? "role-id")">The role as your staff know it</renameRole>
                  <addRole id="your-new-role">A role of your own</addRole>
                  <rationale>Why the roles change.</rationale>
                </group>
              </groups>
              <phases>
                <phase ref="\(phase?.id ?? "phase-id")">
                  <description>Who these children are and where your staff meet them.</description>
                  <rationale>Why you describe the phase differently.</rationale>
                </phase>
              </phases>
            """)
        xml += comment("""
              <trainingOptions>
                <trainingOption id="your-course" scope="local" format="face-to-face" replaces="\(option?.id ?? "base-training-id")">
                  <title>Your local course</title>
                  <provider>Who runs it</provider>
                  <duration>PT3H</duration>
                  <url>https://www.example.gov.uk/training</url>
                </trainingOption>
              </trainingOptions>
              <services>
                <service id="your-service" scope="local">
                  <name>A local service</name>
                  <description>What it offers and to whom.</description>
                  <url>https://www.example.gov.uk/service</url>
                </service>
              </services>
            """)
        xml += comment("""
              <overrides>
                <statement competency="\(competency?.id ?? "competency-id")">
                  <text>The statement in your words.</text>
                  <rationale>Why it is reworded.</rationale>
                </statement>
                <training competency="\(competency?.id ?? "competency-id")">
                  <add ref="your-course"/>
                  <rationale>Why this training fits.</rationale>
                </training>
                <enhancement competency="\(competency?.id ?? "competency-id")" replace="true">
                  <text>What to do differently for children and young people with additional needs.</text>
                  <rationale>Why.</rationale>
                </enhancement>
              </overrides>
              <additions>
                <competency id="your-01" code="YOU.1" area="\(area?.id ?? "area-id")" group="\(group?.id ?? "group-id")" kind="knowledge" phases="\(phase?.id ?? "phase-id")">
                  <statement>Knows a local pathway or service your staff need.</statement>
                  <training ref="your-course"/>
                  <rationale>Why your edition adds it.</rationale>
                </competency>
              </additions>
            """)
        if isWorkshop {
            let messageID = "your-key-message"
            xml += """
                  <keyMessages>
                    <keyMessage id="\(messageID)">
                      <title>Your first key message</title>
                      <text>What every participant should take away, in a sentence or two.</text>
                      <valueStatement>I see this as part of my role.</valueStatement>
                    </keyMessage>
                  </keyMessages>
                  <workshops>
                    <workshop id="workshop-1" number="1">
                      <title>Your first workshop</title>
                      <duration>PT1H</duration>
                      <purpose>What the workshop is for.</purpose>
                      <outcome id="w1-o1">
                        <text>What participants can do by the end.</text>
                        <develops ref="\(competency?.id ?? "competency-id")"/>
                      </outcome>
                      <segment minutes="60" keyMessages="\(messageID)" outcomes="w1-o1">
                        <activity>What happens in this part of the session.</activity>
                      </segment>
                    </workshop>
                  </workshops>
                  <evaluation>
                    <sector id="health">Health</sector>
                    <sector id="social-care">Social care</sector>
                    <sector id="other">Other</sector>
                    <agreementScale>
                      <point>Strongly disagree</point>
                      <point>Disagree</point>
                      <point>Neither agree nor disagree</point>
                      <point>Agree</point>
                      <point>Strongly agree</point>
                    </agreementScale>
                    <confidenceScale>
                      <point>Not at all confident</point>
                      <point>Slightly confident</point>
                      <point>Somewhat confident</point>
                      <point>Fairly confident</point>
                      <point>Very confident</point>
                    </confidenceScale>
                    <ediTopics>equality</ediTopics>
                  </evaluation>

                """
        } else {
            xml += comment("""
                  <strategies>
                    <strategy id="your-strategy">
                      <name>A local strategy</name>
                      <description>How this framework helps to deliver it.</description>
                    </strategy>
                  </strategies>
                  <dissemination>
                    <step><audience>Who you will reach</audience><timescale>Apr – Jun 2026</timescale></step>
                  </dissemination>
                  <wordDocuments perPhase="true"/>
                """)
        }
        xml += "</edition>\n"
        return xml
    }
}
