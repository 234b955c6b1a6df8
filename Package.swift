// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CompetencyKit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "competency", targets: ["competency"]),
        .plugin(name: "ExportFrameworks", targets: ["ExportFrameworks"]),
        .library(name: "CompetencyKit", targets: [
            "CompetencyModel", "FrameworkLoading", "Editions", "OutputFormats", "FrameworkDiff", "Spreadsheets", "CASEImport", "Pipeline", "Rebase", "Publishing", "CompetencyCLI",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "XMLSupport", dependencies: ["CLibXML2"]),
        .target(name: "CompetencyModel"),
        // The schemas are compiled into the binary, so the tool validates from any directory.
        // Schemas/ holds symbolic links to Frameworks/schema/: one copy, nothing to regenerate.
        .target(
            name: "FrameworkLoading",
            dependencies: ["XMLSupport", "CompetencyModel"],
            resources: [.embedInCode("Schemas/framework.xsd"), .embedInCode("Schemas/edition.xsd")]
        ),
        .target(name: "Editions", dependencies: ["CompetencyModel"]),
        .target(name: "FrameworkDiff", dependencies: ["CompetencyModel"]),
        .target(
            name: "OutputFormats",
            dependencies: [
                "CompetencyModel", "FrameworkDiff", "XMLSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "Spreadsheets", dependencies: ["CompetencyModel", "XMLSupport", "OutputFormats"]),
        .target(name: "CASEImport", dependencies: ["CompetencyModel"]),
        .target(name: "Pipeline", dependencies: ["CompetencyModel", "Editions", "FrameworkLoading"]),
        .target(name: "Rebase", dependencies: ["CompetencyModel", "Editions", "FrameworkDiff", "FrameworkLoading", "Pipeline"]),
        // The application layer: what `export`, `diff` and `rebase` do, as library calls.
        .target(
            name: "Publishing",
            dependencies: ["CASEImport", "CompetencyModel", "Editions", "FrameworkDiff", "FrameworkLoading", "OutputFormats", "Pipeline", "Rebase", "Spreadsheets"]
        ),
        .target(
            name: "CompetencyCLI",
            dependencies: [
                "CompetencyModel", "FrameworkLoading", "Editions", "OutputFormats", "FrameworkDiff", "Spreadsheets", "CASEImport", "Pipeline", "Rebase",
                "Publishing", "XMLSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "competency", dependencies: ["CompetencyCLI"]),
        .target(name: "BenchmarkSupport", dependencies: ["CompetencyModel", "FrameworkDiff", "OutputFormats"]),
        .executableTarget(
            name: "DiffBenchmark",
            dependencies: ["BenchmarkSupport", "CompetencyModel", "FrameworkDiff", "FrameworkLoading", "OutputFormats", "XMLSupport"]
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["BenchmarkSupport", "CompetencyModel", "OutputFormats"]),
        // libFuzzer targets: Scripts/fuzz builds them with -sanitize=fuzzer,address; an
        // ordinary build makes each a program that replays saved inputs.
        .target(
            name: "FuzzHarnesses",
            dependencies: ["CompetencyModel", "Editions", "FrameworkDiff", "FrameworkLoading", "OutputFormats", "Spreadsheets", "CASEImport", "XMLSupport"]
        ),
        .executableTarget(name: "FuzzWorkbook", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "FuzzCASEImport", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "FuzzFrameworkLoader", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "FuzzProfileLoader", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "FuzzFlatOPC", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "FuzzWordDiff", dependencies: ["FuzzHarnesses"]),
        .plugin(
            name: "ExportFrameworks",
            capability: .command(
                intent: .custom(verb: "export-frameworks", description: "Regenerate Exports/ from Frameworks/."),
                permissions: [.writeToPackageDirectory(reason: "Exports/ holds the generated editions.")]
            ),
            dependencies: ["competency"]
        ),
        // What the test targets share: repository paths, temporary folders, shipped editions
        // built through the library, and reading inside a .docx.
        .target(
            name: "TestSupport",
            dependencies: ["CompetencyModel", "Editions", "OutputFormats", "Pipeline", "Publishing"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport"]),
        .testTarget(name: "CompetencyModelTests", dependencies: ["CompetencyModel"]),
        .testTarget(
            name: "FrameworkLoadingTests",
            dependencies: ["FrameworkLoading", "CompetencyModel", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CASEImportTests",
            dependencies: ["CASEImport", "CompetencyModel", "FrameworkLoading", "OutputFormats", "Editions", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SpreadsheetsTests", dependencies: ["Spreadsheets", "CompetencyModel", "FrameworkLoading", "OutputFormats", "Editions", "TestSupport"]),
        .testTarget(name: "CompetencyCLITests", dependencies: [
            "CompetencyCLI", "Editions", "Publishing", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        .testTarget(
            name: "FrameworkDiffTests",
            dependencies: ["FrameworkDiff", "CompetencyModel", "FrameworkLoading", "OutputFormats", "TestSupport"]
        ),
        .testTarget(
            name: "RebaseTests",
            dependencies: ["Rebase", "Pipeline", "CompetencyModel", "Editions", "FrameworkDiff", "FrameworkLoading", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PublishingTests",
            dependencies: ["Publishing", "TestSupport", "CompetencyModel", "Editions", "FrameworkDiff", "OutputFormats", "Pipeline"]
        ),
        .testTarget(
            name: "EditionsTests",
            // Publishing runs the code fixtures as `validate` does, loading included.
            dependencies: ["Editions", "CompetencyModel", "FrameworkLoading", "Publishing", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "OutputFormatsTests", dependencies: ["OutputFormats", "Editions", "CompetencyModel", "FrameworkLoading", "XMLSupport", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
