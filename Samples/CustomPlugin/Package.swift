// swift-tools-version: 6.2
// A third-party plugin package: a SubRip subtitle extractor and a cluster-table exporter, registered
// beside Palimpsest's built-ins. It depends on Palimpsest by path here; a real plugin would name the
// repository's URL and a version instead.

import Foundation
import PackageDescription

/// The folder holding Palimpsest's Package.swift; SwiftPM names a path dependency after its folder.
let palimpsestFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let palimpsest = palimpsestFolder.lastPathComponent

let package = Package(
    name: "CustomPlugin",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: palimpsestFolder.path)],
    targets: [
        // A plugin needs the core alone (its protocols and model); only the program that runs a
        // scan with the built-ins beside it depends on the whole library.
        .target(name: "SubRipExtractor", dependencies: [.product(name: "PalimpsestCore", package: palimpsest)]),
        .target(name: "ClusterTableExporter", dependencies: [.product(name: "PalimpsestCore", package: palimpsest)]),
        .executableTarget(name: "subtitle-scan", dependencies: ["SubRipExtractor", "ClusterTableExporter", .product(name: "Palimpsest", package: palimpsest)]),
        .testTarget(name: "SubRipExtractorTests", dependencies: [
            "SubRipExtractor", "ClusterTableExporter",
            .product(name: "Palimpsest", package: palimpsest), .product(name: "PalimpsestTestKit", package: palimpsest),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
