// swift-tools-version: 6.2
// Palimpsest: finds text written before, and records where each piece came from.

import PackageDescription

/// Built-in plugins: one folder under `Plugins/` each, depending on the core alone.
let builtinPlugins = [
    "TextExtractor", "MarkdownExtractor", "JSONLinesExtractor", "HTMLExtractor", "FeedExtractor", "WARCExtractor",
    "JSONLinesExporter", "CSVExporter", "MarkdownReportExporter", "GraphExporter", "CleanedCorpusExporter", "PROVExporter", "HTMLReportExporter",
]

let package = Package(
    name: "Palimpsest",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Palimpsest", targets: ["Palimpsest"]),
        .executable(name: "palimpsest", targets: ["PalimpsestCLI"]),
        .executable(name: "palimpsest-bench", targets: ["PalimpsestBench"]),
        // Plugin authors build on the core alone: the protocols, the model and the input helpers.
        .library(name: "PalimpsestCore", targets: ["PalimpsestCore"]),
        .library(name: "PalimpsestTestKit", targets: ["PalimpsestTestKit"]),
        .library(name: "PalimpsestEvaluation", targets: ["PalimpsestEvaluation"]),
        .library(name: "PalimpsestDedup", targets: ["PalimpsestDedup"]),
    ],
    traits: [
        // Opt in with `swift build --traits Postgres`: postgres-nio and what it brings (SwiftNIO,
        // two copies of BoringSSL) take minutes to build, and only the shared index needs them.
        .trait(name: "Postgres", description: "The shared PostgreSQL index (`--index postgres://…`), through postgres-nio."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - System libraries (module map and a tiny header each)
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CXXHash", pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"]), .brew(["xxhash"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),

        // MARK: - Core, library face, command line
        .target(name: "PalimpsestCore", dependencies: ["COpenSSL", "CZlib", "CXXHash"]),
        .target(
            name: "Palimpsest",
            dependencies: ["PalimpsestCore"] + builtinPlugins.map { .target(name: $0) }),
        .target(name: "PalimpsestTestKit", dependencies: ["PalimpsestCore"]),
        .target(name: "PalimpsestMarkup", dependencies: ["PalimpsestCore", "CLibXML2"]),
        .target(name: "PalimpsestEvaluation", dependencies: ["Palimpsest", "PalimpsestCore"]),
        .target(name: "PalimpsestDedup", dependencies: ["Palimpsest", "PalimpsestCore"]),
        .target(
            name: "PalimpsestIndex",
            dependencies: [
                "PalimpsestCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
            ]),
        .executableTarget(
            name: "PalimpsestCLI",
            dependencies: [
                "Palimpsest", "PalimpsestEvaluation", "PalimpsestIndex", "PalimpsestDedup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "PalimpsestBench",
            dependencies: [
                "Palimpsest", "PalimpsestCore", "PalimpsestDedup", "PalimpsestEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Tests
        // The PostgreSQL server the index and command-line tests share; not part of any product.
        .target(name: "IndexTestSupport", dependencies: ["PalimpsestIndex"], path: "Tests/IndexTestSupport"),
        .testTarget(name: "PalimpsestCoreTests", dependencies: ["PalimpsestCore", "PalimpsestTestKit"]),
        .testTarget(
            name: "PluginTests",
            dependencies: ["PalimpsestCore", "PalimpsestTestKit"] + builtinPlugins.map { .target(name: $0) }),
        .testTarget(
            name: "PalimpsestTests",
            dependencies: ["Palimpsest", "PalimpsestCLI", "PalimpsestIndex", "PalimpsestTestKit", "IndexTestSupport"],
            exclude: ["prov_check.py"]),
        .testTarget(name: "DedupTests", dependencies: ["PalimpsestDedup", "PalimpsestCore", "PalimpsestTestKit"]),
        .testTarget(name: "EvaluationTests", dependencies: ["PalimpsestEvaluation", "PalimpsestCore"]),
        .testTarget(
            name: "IndexTests",
            dependencies: ["PalimpsestIndex", "PalimpsestCore", "PalimpsestTestKit", "IndexTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ] + builtinPlugins.map { name in
        // A plugin depends on the core, and markup formats on the shared libxml2 reader; never on each other.
        let libraries: [Target.Dependency] = ["HTMLExtractor", "FeedExtractor", "WARCExtractor"].contains(name) ? ["PalimpsestMarkup"] : []
        return .target(name: name, dependencies: ["PalimpsestCore"] + libraries, path: "Plugins/\(name)")
    },
    swiftLanguageModes: [.v6]
)

for target in package.targets where [.regular, .test, .executable].contains(target.type) {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
