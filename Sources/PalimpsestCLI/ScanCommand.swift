import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest scan`: analyse a corpus once and write the findings.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Analyse files, folders (recursively) or standard input (-) and write annotated findings.",
        discussion: """
            Exit status: 0 when every input was read; 1 when findings were written but some inputs or \
            lines were skipped (each named on standard error with its position); 2 when nothing could be \
            read or the output could not be written; 64 for a usage error.
            """)

    @Argument(help: "Files, folders or - for standard input.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "Output format: an exporter name (see `palimpsest plugins`).")
    var format = "jsonl"

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Input limits") var inputLimits: InputLimitOptions
    @OptionGroup(title: "Run manifest") var manifest: ManifestOptions

    @Option(help: "Use this extractor for every input instead of choosing by extension and content.")
    var extractor: String?

    @Option(name: .customLong("field"), help: ArgumentHelp(
        "Read a JSON Lines document part from another field: PART=FIELD, repeatable (parts: id, text, url, title, published, retrieved, site, publisher, author).",
        valueName: "part=field"))
    var fields: [String] = []

    @Option(name: .customLong("plugin"), help: ArgumentHelp(
        "Also use this external extractor: an executable speaking Palimpsest's JSON-lines plugin protocol (repeatable; see the README).",
        valueName: "path"))
    var plugins: [String] = []

    @Flag(name: .shortAndLong, help: "Print no summary on standard error (problems are still printed).")
    var quiet = false

    @Flag(help: "Print each stage's wall and CPU seconds and the memory peak after it on standard error.")
    var stats = false

    func validate() throws {
        try manifest.requireFileOutput(output)
    }

    func run() throws {
        let started = Date()
        let settings = try analysis.settings()
        var registry = PluginRegistry.builtin
        if !fields.isEmpty {
            var mapping = JSONLinesExtractor.FieldMapping()
            for field in fields {
                let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw ValidationError(DisplayText.sanitized("--field takes PART=FIELD, such as text=body (got '\(field)')"))
                }
                do {
                    try mapping.map(parts[0], to: parts[1])
                } catch {
                    throw ValidationError(DisplayText.sanitized(error.description))
                }
            }
            registry.replace(JSONLinesExtractor(mapping: mapping))
        }
        guard let exporter = registry.exporter(named: format) else {
            throw ValidationError(DisplayText.sanitized("no exporter named '\(format)'; choose one of: \(registry.exporters.map(\.stamp.name).joined(separator: ", "))"))
        }
        for path in plugins {
            do {
                try registry.register(try ExternalProcessExtractor(executable: path))
            } catch {
                throw ValidationError(DisplayText.sanitized("--plugin \(path): \(error)"))
            }
        }
        if let extractor, registry.extractor(named: extractor) == nil {
            throw ValidationError(DisplayText.sanitized("no extractor named '\(extractor)'; choose one of: \(registry.extractors.map(\.stamp.name).joined(separator: ", "))"))
        }
        var reader = input.reader(registry: registry, forcedExtractor: extractor, limits: try inputLimits.limits())
        // A manifest names the inputs by the digests of the bytes the reader read.
        reader.recordsInputDigests = manifest.isRequested
        let analyzer: Analyzer
        do {
            analyzer = try Analyzer(settings: settings)
        } catch {
            throw ValidationError(error.description)
        }
        let status = StatusLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        var clock = StageClock()
        let corpus = reader.read(paths, report: { problem in
            status.clear()
            Messages.print("\(problem)")
        }, progress: { count in
            if count % 250 == 0 { status.show("reading: \(count) documents") }
        })
        clock.finish("read + extract")
        let result = analyzer.analyze(corpus.documents, problems: corpus.problems)
        clock.append(contentsOf: result.stages)
        let inputs = corpus.inputCount
        status.clear()
        let failures = result.problems.filter { $0.severity == .error }.count
        guard !result.documents.isEmpty else {
            Messages.print("no documents read from \(inputs) input(s)")
            throw ExitCode(ExitStatus.failed)
        }
        do {
            // Neither the output nor the manifest may replace a file this run read; both are
            // checked before either is written.
            if let manifestPath = manifest.manifest { try AtomicOutput.requireDistinct(manifestPath, from: corpus.inputPaths + plugins) }
            try AtomicOutput.write(to: output, inputs: corpus.inputPaths + plugins) { try exporter.export(result, to: $0) }
        } catch {
            Messages.print("cannot write output: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        clock.finish("export (\(exporter.stamp.name))")
        if stats { StageReport.print(clock.stages, documents: result.documents.count) }
        if let output {
            try manifest.write(
                command: "scan",
                settings: settings.recordedSettings.merging(reader.limits.recordedSettings) { $1 }.merging(registry.recordedSettings(exporter: exporter)) { $1 }
                    .merging(["forced_extractor": extractor ?? "none", "field_mapping": fields.isEmpty ? "default" : fields.joined(separator: ", "),
                              "external_plugins": plugins.isEmpty ? "none" : plugins.joined(separator: ", ")]) { $1 },
                inputs: corpus.inputDigests + manifest.digests(ofFiles: plugins), outputs: [try .file(output)], counts: RunRecords.counts(result), started: started)
        }
        if !quiet {
            let counts = result.findingCounts
            let summary = Finding.Kind.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }
            Messages.print(
                "\(result.documents.count) documents from \(inputs) input(s); \(result.clusters.count) near-duplicate cluster(s) (\(result.settings.clusterBasis.rawValue) compared); "
                + summary.joined(separator: ", ")
                + (failures > 0 ? "; \(failures) input problem(s)" : ""))
        }
        if failures > 0 { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}
