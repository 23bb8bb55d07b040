import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestIndex

/// `palimpsest index`: a persistent index of documents and their fingerprints.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Keep documents in a persistent index (an SQLite file by default).",
        subcommands: [IndexAddCommand.self, IndexStatsCommand.self])
}

/// Where the index is: `--index`, else `$PALIMPSEST_INDEX`, else `./palimpsest.sqlite`.
struct IndexLocation: ParsableArguments {
    @Option(name: .customLong("index"), help: ArgumentHelp("The index file (default: $PALIMPSEST_INDEX, else ./palimpsest.sqlite).", valueName: "file"))
    var index: String?

    /// The path in effect.
    var path: String { index ?? ProcessInfo.processInfo.environment["PALIMPSEST_INDEX"] ?? "palimpsest.sqlite" }
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
        let settings = try analysis.settings()
        let store: SQLiteIndexStore
        do {
            store = try SQLiteIndexStore(path: location.path, settings: settings)
        } catch {
            FileHandle.standardError.write(Data("palimpsest: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
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
        let statistics: IndexStatistics
        do {
            statistics = try SQLiteIndexStore(path: location.path, settings: nil).statistics()
        } catch {
            FileHandle.standardError.write(Data("palimpsest: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
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
