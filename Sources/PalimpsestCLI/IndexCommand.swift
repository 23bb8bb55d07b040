import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestIndex

/// `palimpsest index`: a persistent index of documents and their fingerprints.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Keep documents in a persistent index (an SQLite file by default).",
        subcommands: [IndexAddCommand.self, IndexStatsCommand.self, IndexRemoveCommand.self, IndexVerifyCommand.self])
}

/// Where the index is: `--index`, else `$PALIMPSEST_INDEX`, else `./palimpsest.sqlite`.
struct IndexLocation: ParsableArguments {
    @Option(name: .customLong("index"), help: ArgumentHelp("The index file (default: $PALIMPSEST_INDEX, else ./palimpsest.sqlite).", valueName: "file"))
    var index: String?

    /// The path in effect.
    var path: String { index ?? ProcessInfo.processInfo.environment["PALIMPSEST_INDEX"] ?? "palimpsest.sqlite" }

    /// Runs `body` with the index at ``path``; an index that cannot be opened, read or written is
    /// named on standard error and ends the command with status 2.
    /// - Parameters:
    ///   - settings: the settings to open it with; nil to open an existing index only to read it.
    ///   - creating: whether a missing index is made (`index add`); otherwise it is an error.
    func withIndex<Result>(settings: AnalysisSettings?, creating: Bool = false, _ body: (SQLiteIndexStore) throws(IndexError) -> Result) throws -> Result {
        do {
            if !creating, !FileManager.default.fileExists(atPath: path) {
                throw IndexError.database(path: path, reason: "no index here; make one with `palimpsest index add`")
            }
            return try body(try SQLiteIndexStore(path: path, settings: settings))
        } catch {
            FileHandle.standardError.write(Data("palimpsest: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
    }
}

/// `palimpsest index add`: reads inputs and adds their documents, idempotently by content id.
struct IndexAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add the documents of files, folders or standard input (-) to the index; a text already indexed is skipped.",
        discussion: "Each batch of documents is one transaction: an interrupted run keeps every batch it finished, and running it again adds the rest. Exit status: 0 when every input was read; 1 when some inputs were skipped (each named on standard error); 2 when the index cannot be opened or written.")

    @Argument(help: "Files, folders or - for standard input.")
    var paths: [String]

    @OptionGroup var location: IndexLocation
    @OptionGroup var analysis: AnalysisOptions

    @Flag(name: .shortAndLong, help: "Print no summary on standard error (problems are still printed).")
    var quiet = false

    /// Documents written per transaction.
    static let batchSize = 256

    func run() throws {
        let store = try location.withIndex(settings: try analysis.settings(), creating: true) { $0 }
        let status = StatusLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
        let corpus = CorpusReader().read(paths, report: { problem in
            status.clear()
            FileHandle.standardError.write(Data("palimpsest: \(problem)\n".utf8))
        })
        var total = AddSummary()
        var start = 0
        while start < corpus.documents.count {
            let batch = Array(corpus.documents[start..<min(start + Self.batchSize, corpus.documents.count)])
            do {
                let summary = try store.add(batch)
                total.added += summary.added
                total.alreadyIndexed += summary.alreadyIndexed
                total.renamed.merge(summary.renamed) { $1 }
            } catch {
                status.clear()
                FileHandle.standardError.write(Data("palimpsest: \(error)\n".utf8))
                throw ExitCode(ExitStatus.failed)
            }
            start += batch.count
            status.show("indexing: \(start) of \(corpus.documents.count) documents")
        }
        status.clear()
        for (id, renamed) in total.renamed.sorted(by: { $0.key < $1.key }) {
            FileHandle.standardError.write(Data("palimpsest: warning: '\(id)' names another text in the index; added as '\(renamed)'\n".utf8))
        }
        if !quiet {
            FileHandle.standardError.write(Data("palimpsest: \(total.added) document(s) added, \(total.alreadyIndexed) already indexed, from \(corpus.inputCount) input(s); index \(location.path)\n".utf8))
        }
        if corpus.problems.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}

/// `palimpsest index stats`: counts, sizes and settings of an index.
struct IndexStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Print the index's counts, size on disk and settings.")

    @OptionGroup var location: IndexLocation

    func run() throws {
        let statistics = try location.withIndex(settings: nil) { store throws(IndexError) in try store.statistics() }
        var lines = [
            "index: \(location.path)",
            "documents: \(statistics.documents)",
            "passages: \(statistics.passages)",
            "sites: \(statistics.sites)",
            "band entries: \(statistics.bandEntries)",
            "bytes: \(statistics.bytes)" + (statistics.documents > 0 ? " (\(statistics.bytes / Int64(statistics.documents)) per document)" : ""),
        ]
        lines += statistics.settings.values.sorted { $0.key < $1.key }.map { "setting \($0.key): \($0.value)" }
        print(lines.joined(separator: "\n"))
    }
}

/// `palimpsest index remove`: deletes documents, and with them their fingerprints.
struct IndexRemoveCommand: ParsableCommand {
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
        if let before, DateParsing.parse(before) == nil { throw ValidationError("--before takes a date such as 2025-01-01 (got '\(before)')") }
    }

    func run() throws {
        let removed = try location.withIndex(settings: nil) { store throws(IndexError) in
            try store.remove(ids: ids, before: before.flatMap(DateParsing.parse))
        }
        FileHandle.standardError.write(Data("palimpsest: \(removed) document(s) removed from \(location.path)\n".utf8))
    }
}

/// `palimpsest export`: the findings of everything indexed, through any exporter.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Analyse every indexed document and write the findings, as scan would for the same corpus.")

    @OptionGroup var location: IndexLocation
    @OptionGroup var analysis: AnalysisOptions

    @Option(name: .shortAndLong, help: "Output format: an exporter name (see `palimpsest plugins`).")
    var format = "jsonl"

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        let registry = PluginRegistry.builtin
        guard let exporter = registry.exporter(named: format) else {
            throw ValidationError("no exporter named '\(format)'; choose one of: \(registry.exporters.map(\.stamp.name).joined(separator: ", "))")
        }
        let documents = try location.withIndex(settings: try analysis.settings()) { store throws(IndexError) in try store.documents() }
        let result = try analysis.analyzer().analyze(documents)
        do {
            try AtomicOutput.write(to: output) { try exporter.export(result, to: $0) }
        } catch {
            FileHandle.standardError.write(Data("palimpsest: cannot write output: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
    }
}

/// `palimpsest index verify`: an integrity check of the storage, the documents and their fingerprints.
struct IndexVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the index is whole: storage, documents against their content ids, and fingerprints. Exit 0 when sound, 1 with each problem named.")

    @OptionGroup var location: IndexLocation

    func run() throws {
        let (problems, documents) = try location.withIndex(settings: nil) { store throws(IndexError) in
            (try store.verify(), try store.statistics().documents)
        }
        for problem in problems { FileHandle.standardError.write(Data("palimpsest: \(location.path): \(problem)\n".utf8)) }
        FileHandle.standardError.write(Data("palimpsest: \(location.path): \(documents) document(s), \(problems.isEmpty ? "sound" : "\(problems.count) problem(s)")\n".utf8))
        if !problems.isEmpty { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}
