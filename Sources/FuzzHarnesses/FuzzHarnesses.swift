import CompetencyModel
import Editions
import Foundation
import FrameworkDiff
import FrameworkLoading
import OutputFormats
import Spreadsheets
import CASEImport
import XMLSupport

/// What each libFuzzer target runs on one input. Every harness must return normally on any
/// bytes: a trap, a sanitizer report or a broken invariant checked here is a finding.
/// The same functions replay saved inputs in an ordinary build (`swift run FuzzX FILE…`),
/// so a finding can be debugged without the fuzzer.
public enum FuzzHarnesses {
    /// The framework loader: parse, schema, decoding and every semantic rule.
    public static func frameworkLoader(_ bytes: [UInt8]) {
        guard let loaded = try? FrameworkLoader().load(bytes: bytes, path: "fuzz.xml") else { return }
        guard let framework = loaded.framework, !loaded.diagnostics.hasErrors else { return }
        // A framework that loads clean must write back out, as every edition does.
        _ = FrameworkXMLWriter().write(framework)
    }

    /// The bundled base every fuzzed profile builds on, loaded once per process.
    static let base: Framework? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Frameworks/in-it-together/2019.xml").path
        return try? FrameworkLoader().load(contentsOf: path).framework
    }()

    /// The profile loader, then, for a profile that loads, its plugin's checks and — when
    /// they pass — adaptation and every output format: the path `validate` promises is safe.
    public static func profileLoader(_ bytes: [UInt8]) {
        guard let loaded = try? EditionProfileLoader().load(bytes: bytes, path: "fuzz.xml"),
              let profile = loaded.profile, let base,
              let plugin = PluginRegistry.builtIn.plugin(id: profile.pluginID)
        else { return }
        guard !plugin.check(profile, base: base).hasErrors else { return }
        guard let edition = try? plugin.adapt(base, profile: profile) else { return }
        guard !ValidationRule.diagnose(FrameworkRules.all, in: edition.framework).hasErrors else { return }
        for format in OutputFormatRegistry.builtIn.formats {
            _ = try? format.render(edition)
        }
    }

    /// `competency pack`: the Flat OPC reader, then the zip writer on what it accepted.
    public static func flatOPC(_ bytes: [UInt8]) {
        guard let parts = try? XMLReader().readFlatOPC(bytes) else { return }
        _ = try? OPCPackage(parts: parts.map { OPCPackage.Part(name: $0.name, contentType: $0.contentType, bytes: $0.bytes) }).docx()
    }

    /// The bundled framework and its workbook's parts: the base of every workbook input.
    nonisolated(unsafe) static var workbookBase: (framework: Framework, parts: [OPCPackage.Part])? = {
        guard let framework = try? FrameworkLoader().load(contentsOf: "Frameworks/in-it-together/2019.xml").framework,
              let bytes = try? XLSXWriter().write(FrameworkWorkbook.export(framework)),
              let zip = try? BoundedZipReader(bytes: bytes) else { return nil }
        let parts = zip.names.compactMap { name in (try? zip.read(name)).flatMap { $0 }.map { OPCPackage.Part(name: name, contentType: "application/xml", bytes: $0) } }
        return (framework, parts.filter { $0.name != "[Content_Types].xml" })
    }()

    /// `sheet import`: the workbook reader and both importers. An input that starts as a
    /// zip is read as the whole .xlsx; anything else replaces the Competencies sheet of the
    /// bundled framework's workbook, so mutations reach the sheet XML rather than dying in
    /// deflate. A framework that imports must export and import back to itself.
    public static func workbook(_ bytes: [UInt8]) {
        guard let base = workbookBase else { return }
        var xlsx = bytes
        if !bytes.starts(with: [0x50, 0x4B]) {
            let parts = base.parts.map { $0.name == "xl/worksheets/sheet1.xml" ? OPCPackage.Part(name: $0.name, contentType: $0.contentType, bytes: bytes) : $0 }
            guard let zipped = try? OPCPackage(parts: parts).docx() else { return }
            xlsx = zipped
        }
        guard let sheets = try? XLSXReader().read(bytes: xlsx) else { return }
        let tables = sheets.map { SheetTable.from($0, file: "fuzz.xlsx") }
        _ = EditionSheetImporter().run(tables, base: base.framework, existing: nil, id: "fuzz", file: "fuzz.xlsx")
        guard let framework = FrameworkSheetImporter().run(tables, existing: base.framework, file: "fuzz.xlsx").framework else { return }
        guard let again = try? XLSXReader().read(bytes: XLSXWriter().write(FrameworkWorkbook.export(framework))) else {
            preconditionFailure("an imported framework's workbook could not be read back")
        }
        let reimported = FrameworkSheetImporter().run(again.map { SheetTable.from($0, file: "again.xlsx") }, existing: nil, file: "again.xlsx")
        precondition(reimported.framework == framework, "a framework did not survive its own workbook: \(reimported.diagnostics.map(\.formatted))")
    }

    /// `import case`: the JSON reader and the CASE importer. A framework it accepts must
    /// write as XML that the loader reads back as the same framework.
    public static func caseImport(_ bytes: [UInt8]) {
        guard let root = try? JSONReader().read(bytes),
              let framework = CASEImporter().run(root, file: "fuzz.json").framework else { return }
        let xml = FrameworkXMLWriter().write(framework)
        guard let reread = try? FrameworkLoader().load(bytes: Array(xml.utf8), path: "fuzz.xml"), let again = reread.framework else { return }
        // The importer checks only what it builds; the loader's schema is the judge of the
        // rest (a title too long, say), so only a framework the loader accepts must match.
        if !reread.diagnostics.hasErrors {
            precondition(again == framework, "an imported framework changed when written and read back")
        }
    }

    /// The word diff on two texts split at the first NUL byte; the segments must spell
    /// both texts back exactly.
    public static func wordDiff(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0) ?? bytes.count
        let old = String(decoding: bytes[..<split], as: UTF8.self)
        let new = String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self)
        let segments = WordDiff.compare(old, new)
        let spelledOld = segments.filter { $0.operation != .insert }.map(\.text).joined()
        let spelledNew = segments.filter { $0.operation != .delete }.map(\.text).joined()
        precondition(spelledOld == old && spelledNew == new, "the word diff lost text")
        precondition(!segments.contains { $0.text.isEmpty }, "the word diff produced an empty segment")
    }

    #if FUZZING
    /// The harness libFuzzer's driver calls back into; a C callback cannot capture it.
    nonisolated(unsafe) fileprivate static var current: ([UInt8]) -> Void = { _ in }

    /// Hands the process to libFuzzer's driver with `harness`. SwiftPM links an executable
    /// with `main` defined as `<Target>_main`, so libFuzzer's own `main` is never pulled in;
    /// each target's `<Target>_main` calls this instead.
    public static func runFuzzer(
        _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, harness: @escaping ([UInt8]) -> Void
    ) -> Int32 {
        current = harness
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzOneInput)
    }
    #endif

    /// Replays inputs from files or folders; for the ordinary (non-fuzzer) build.
    public static func replay(_ arguments: [String], harness: ([UInt8]) -> Void) -> Int32 {
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: give files or folders of inputs to replay\n".utf8))
            return 2
        }
        var count = 0
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { (argument as NSString).appendingPathComponent($0) }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                harness([UInt8](data))
                count += 1
            }
        }
        print("replayed \(count) inputs without a finding")
        return 0
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif

#if FUZZING
/// libFuzzer's runtime refers to this symbol even when the driver is given a callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarnesses.testOneInput(data, size)
}

extension FuzzHarnesses {
    static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        current(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
#endif
