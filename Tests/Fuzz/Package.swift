// swift-tools-version: 6.2
// libFuzzer targets for Palimpsest's input readers: one executable per extractor and one for gzip.
// Built apart from the main package because every module is compiled with `-sanitize=fuzzer,address`
// each executable's `main.swift` hands libFuzzer its test function; `run.sh` builds and runs them.

import PackageDescription

/// Each target's name, as the executable is called: `fuzz-<name>`.
let targets = ["text", "markdown", "jsonl", "html", "warc", "feed", "gzip", "dedup-records"]

let package = Package(
    name: "PalimpsestFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Palimpsest", path: "../..")],
    targets: [
        .target(name: "CFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzer", .product(name: "Palimpsest", package: "Palimpsest"), .product(name: "PalimpsestDedup", package: "Palimpsest")]),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"], path: "Targets/\(name)")
    },
    swiftLanguageModes: [.v6]
)
