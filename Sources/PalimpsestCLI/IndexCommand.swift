import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestIndex

/// `palimpsest index`: a persistent index of documents and their fingerprints.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Keep documents in a persistent index: an SQLite file (the default) or a shared PostgreSQL database.",
        subcommands: [IndexAddCommand.self, IndexStatsCommand.self, IndexRemoveCommand.self, IndexVerifyCommand.self])
}

/// Where the index is: `--index`, else `$PALIMPSEST_INDEX`, else `./palimpsest.sqlite`; a file
/// path, or a `postgres://` URL for the shared index.
struct IndexLocation: ParsableArguments {
    @Option(
        name: .customLong("index"),
        help: ArgumentHelp(
            "The index: an SQLite file, or postgres://user@host:port/database[?schema=name] (default: $PALIMPSEST_INDEX, else ./palimpsest.sqlite).",
            valueName: "file-or-url"))
    var index: String?

    /// The address in effect, as written.
    var text: String { index ?? ProcessInfo.processInfo.environment["PALIMPSEST_INDEX"] ?? "palimpsest.sqlite" }

    /// The address for messages: never with a password.
    var name: String { (try? IndexAddress(text))?.description ?? PostgresAddress.redacted(text) }

    /// The index's file when it is an SQLite file (nil for a PostgreSQL URL), which no output may replace.
    var file: String? {
        guard case .file(let path)? = try? IndexAddress(text) else { return nil }
        return path
    }

    /// Runs `body` with the index opened, and closes it after, finishing what was written (an
    /// SQLite index's write-ahead log is folded into its file, so the file alone holds the index).
    /// An index that cannot be opened, read, written or finished (an ``IndexError`` from opening,
    /// from `body` or from closing) is named on standard error and ends the command with status 2;
    /// other errors pass through.
    /// - Parameters:
    ///   - settings: the settings to open it with; nil to open an existing index only to read it.
    ///   - creating: whether a missing index is made (`index add`); otherwise it is an error.
    func withIndex<Result>(settings: AnalysisSettings?, creating: Bool = false, _ body: (any IndexStore) async throws -> Result) async throws -> Result {
        do {
            let store = try await IndexAddress(text).open(settings: settings, creating: creating)
            let result: Result
            do {
                result = try await body(store)
            } catch {
                await store.close()
                throw error
            }
            try await store.finishAndClose()
            return result
        } catch let error as IndexError {
            Messages.print("\(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}

/// `palimpsest index add`: reads inputs and adds their documents, idempotently by content id and location.
struct IndexAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add the documents of files, folders or standard input (-) to the index; a text already indexed from the same location is skipped.",
        discussion: "Each batch of documents is one transaction: an interrupted run keeps every batch it finished, and running it again adds the rest. Exit status: 0 when every input was read; 1 when some inputs were skipped (each named on standard error); 2 when the index cannot be opened or written.")

    @Argument(help: "Files, folders or - for standard input.")
    var paths: [String]

    @OptionGroup var location: IndexLocation
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Input limits") var inputLimits: InputLimitOptions
    @OptionGroup(title: "Run manifest") var manifest: ManifestOptions

    @Flag(name: .shortAndLong, help: "Print no summary on standard error (problems are still printed).")
    var quiet = false

    @Option(help: "Documents written per transaction: a killed run keeps every batch it finished. Larger batches write each page of the fingerprint indexes fewer times (at 100k documents, 2048 takes 83 s and 214 MB; 256 took 193 s).")
    var batchSize = 2048

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size takes a positive number (got \(batchSize))") }
    }

    func run() async throws {
        let started = Date()
        let status = StatusLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let limits = try inputLimits.limits()
        var reader = input.reader(limits: limits)
        reader.recordsInputDigests = manifest.isRequested
        let settings = try analysis.settings()
        // Documents are read on a thread of their own, a batch or two ahead of the batch being
        // written: the corpus is never held whole.
        let batches = CorpusBatches(reading: paths, with: reader, size: batchSize, report: { problem in
            status.clear()
            Messages.print("\(problem)")
        })
        defer { batches.close() }
        var corpus = CorpusReader.Corpus()
        let addition = try await location.withIndex(settings: settings, creating: true) { store in
            var addition = IndexAddition(store: store)
            for await batch in batches {
                switch batch {
                case .documents(let documents):
                    try await addition.add(documents) { refusal in
                        status.clear()
                        Messages.print(refusal)
                    }
                    status.show("indexing: \(addition.summary.added + addition.summary.alreadyIndexed) documents")
                case .end(let read):
                    corpus = read
                }
            }
            try await addition.finish()
            return addition
        }
        let total = addition.summary, refused = addition.refused
        status.clear()
        for renaming in total.renamed {
            Messages.warn("\(renaming.location): '\(renaming.id)' names another text in the index; added as '\(renaming.storedAs)'")
        }
        let documents = addition.received.count + refused
        try manifest.write(
            command: "index add",
            settings: settings.recordedSettings.merging(limits.recordedSettings) { $1 }.merging(PluginRegistry.builtin.recordedSettings(exporter: nil)) { $1 },
            inputs: corpus.inputDigests, outputs: [RunRecords.index(location.name, entries: addition.received)],
            counts: [
                "documents": documents, "added": total.added, "already_indexed": total.alreadyIndexed, "renamed": total.renamed.count,
                "refused": refused,
                "problems": corpus.problems.filter { $0.severity == .error }.count, "warnings": corpus.problems.filter { $0.severity == .warning }.count,
            ],
            started: started)
        if !quiet {
            Messages.print("\(total.added) document(s) added, \(total.alreadyIndexed) already indexed, from \(corpus.inputCount) input(s); index \(location.name)")
        }
        if refused > 0 || corpus.problems.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}

/// `palimpsest index stats`: counts, sizes and settings of an index.
struct IndexStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Print the index's counts, size on disk and settings.")

    @OptionGroup var location: IndexLocation

    func run() async throws {
        let statistics = try await location.withIndex(settings: nil) { store in try await store.statistics() }
        var lines = [
            "index: \(location.name)",
            "documents: \(statistics.documents)",
            "passages: \(statistics.passages)",
            "sites: \(statistics.sites)",
            "band entries: \(statistics.bandEntries)",
            "marks: \(statistics.marks)",
            "bytes: \(statistics.bytes)" + (statistics.documents > 0 ? " (\(statistics.bytes / Int64(statistics.documents)) per document)" : ""),
        ]
        lines += statistics.settings.values.sorted { $0.key < $1.key }.map { "setting \($0.key): \($0.value)" }
        do {
            try AtomicOutput.write(to: nil) { try $0.write(lines.joined(separator: "\n") + "\n") }
        } catch {
            Messages.print("cannot write to standard output: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}

/// `palimpsest index remove`: deletes documents, and with them their fingerprints.
struct IndexRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove documents by id, or every document published before a date (undated ones by when they were added).")

    @Argument(help: "Ids of documents to remove.")
    var ids: [String] = []

    @Option(help: ArgumentHelp("Also remove every document published before this date (ISO 8601, such as 2025-01-01).", valueName: "date"))
    var before: String?

    @OptionGroup var location: IndexLocation

    func validate() throws {
        guard !ids.isEmpty || before != nil else { throw ValidationError("name the documents to remove, or --before DATE") }
        if let before, DateParsing.parse(before) == nil { throw ValidationError(DisplayText.sanitized("--before takes a date such as 2025-01-01 (got '\(before)')")) }
    }

    func run() async throws {
        let removed = try await location.withIndex(settings: nil) { store in
            try await store.remove(ids: ids, before: before.flatMap(DateParsing.parse))
        }
        Messages.print("\(removed) document(s) removed from \(location.name)")
    }
}

/// `palimpsest export`: the findings of everything indexed, through any exporter.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Analyse every indexed document and write the findings, as scan would for the same corpus.")

    @OptionGroup var location: IndexLocation
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .shortAndLong, help: "Output format: an exporter name (see `palimpsest plugins`).")
    var format = "jsonl"

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup(title: "Run manifest") var manifest: ManifestOptions

    func validate() throws {
        try manifest.requireFileOutput(output)
    }

    func run() async throws {
        let started = Date()
        let registry = PluginRegistry.builtin
        guard let exporter = registry.exporter(named: format) else {
            throw ValidationError(DisplayText.sanitized("no exporter named '\(format)'; choose one of: \(registry.exporters.map(\.stamp.name).joined(separator: ", "))"))
        }
        let settings = try analysis.settings()
        let documents = try await location.withIndex(settings: settings) { store in try await store.documents() }
        let result = try analysis.analyzer().analyze(documents)
        do {
            try AtomicOutput.write(to: output, inputs: location.file.map { [$0] } ?? []) { try exporter.export(result, to: $0) }
        } catch {
            Messages.print("cannot write output: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        if let output {
            try manifest.write(
                command: "export", settings: settings.recordedSettings.merging(registry.recordedSettings(exporter: exporter)) { $1 },
                inputs: [RunRecords.index(location.name, documents: documents)], outputs: [try .file(output)],
                counts: RunRecords.counts(result), started: started)
        }
    }
}

/// `palimpsest index verify`: an integrity check of the storage, the documents and their fingerprints.
struct IndexVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the index is whole: storage, documents against their content ids, and fingerprints. Exit 0 when sound, 1 with each problem named.")

    @OptionGroup var location: IndexLocation

    func run() async throws {
        let (problems, documents) = try await location.withIndex(settings: nil) { store in
            (try await store.verify(), try await store.statistics().documents)
        }
        for problem in problems { Messages.print("\(location.name): \(problem)") }
        Messages.print("\(location.name): \(documents) document(s), \(problems.isEmpty ? "sound" : "\(problems.count) problem(s)")")
        if !problems.isEmpty { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}
