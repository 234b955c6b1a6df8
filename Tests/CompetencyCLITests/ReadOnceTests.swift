import CompetencyCLI
import Foundation
import FrameworkLoading
import Testing

/// A run reads each framework and profile once, however many editions, reports, packages
/// and workbooks need it (counted at the library's one file-access seam).
@Suite("Each input is read once")
struct ReadOnceTests {
    static func library(in directory: TemporaryDirectory) throws -> String {
        let folder = directory.url.appendingPathComponent("Frameworks").path
        try FileManager.default.copyItem(atPath: Bundled.repositoryRoot.appendingPathComponent("Frameworks").path, toPath: folder)
        return folder
    }

    static func counts(_ paths: [String], under folder: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for path in paths where path.hasPrefix(folder + "/") {
            counts[String(path.dropFirst(folder.count + 1)), default: 0] += 1
        }
        return counts
    }

    @Test("export --all, serial and parallel", arguments: ["1", "2"])
    func exportAll(jobs: String) throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let out = directory.url.appendingPathComponent("out").path
        let (status, paths) = ReadLog.watching {
            run(["export", "--all", "--frameworks", library, "--out", out, "--jobs", jobs]).status
        }
        #expect(status == 0)
        let counts = Self.counts(paths, under: library)
        #expect(counts == [
            "in-it-together/2017.xml": 1, "in-it-together/2019.xml": 1,
            "editions/sandwell-2022.xml": 1, "editions/national-workshops.xml": 1,
        ], "\(counts)")
    }

    @Test("diff --edition ID --base")
    func diffEditionAgainstBase() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let (status, paths) = ReadLog.watching {
            run(["diff", "--edition", "sandwell-2022", "--base", "--frameworks", library]).status
        }
        #expect(status == 1)
        #expect(Self.counts(paths, under: library) == ["in-it-together/2019.xml": 1, "editions/sandwell-2022.xml": 1])
    }

    @Test("serial and parallel exports write the same bytes")
    func serialEqualsParallel() throws {
        let directory = try TemporaryDirectory()
        let library = try Self.library(in: directory)
        let serial = directory.url.appendingPathComponent("serial").path
        let parallel = directory.url.appendingPathComponent("parallel").path
        #expect(run(["export", "--all", "--frameworks", library, "--out", serial, "--jobs", "1"]).status == 0)
        #expect(run(["export", "--all", "--frameworks", library, "--out", parallel]).status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: serial).sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: parallel)).sorted())
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: serial + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            #expect(FileManager.default.contents(atPath: serial + "/" + file) == FileManager.default.contents(atPath: parallel + "/" + file), "\(file)")
        }
    }
}
