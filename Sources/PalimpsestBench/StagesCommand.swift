import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestCore
import PalimpsestDedup

/// `palimpsest-bench stages`: each stage of the pipeline timed on its own (one core), then the
/// whole `dedup` run (all cores) with its pair precision and recall against the ground truth.
struct StagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Time each stage on one core, then end-to-end deduplication on all cores, scored against the ground truth.")

    @Argument(help: "A JSON Lines corpus (id, text).")
    var corpus: String

    @Option(help: "Ground truth: the corpus's clusters.tsv (default: beside the corpus, when present).")
    var truth: String?

    @Option(help: "Documents given to the full passage analysis and export (they keep whole documents in memory).")
    var sample = 1000

    @Flag(help: "Skip the 128-permutation MinHash stage (slow on large corpora).")
    var skipClassic = false

    func run() async throws {
        var rows: [StageRow] = []
        let (loaded, read) = try Measurement.of { try LoadedCorpus(path: corpus) }
        rows.append(StageRow(name: "read + extract (JSON Lines)", measurement: read, bytes: loaded.bytes, documents: loaded.count))

        var tokens: [UInt64] = [], tokenStarts = [0]
        tokens.reserveCapacity(loaded.bytes / 4)
        let tokenizer = ByteTokenizer()
        let (_, tokenising) = Measurement.of {
            for document in 0..<loaded.count {
                loaded.withText(document) { tokenizer.appendTokenHashes(of: $0, to: &tokens) }
                tokenStarts.append(tokens.count)
            }
        }
        rows.append(StageRow(name: "normalise + tokenise", measurement: tokenising, bytes: loaded.bytes, documents: loaded.count))

        var shingles: [UInt64] = [], shingleStarts = [0]
        shingles.reserveCapacity(tokens.count)
        let shingler = Shingler(size: 5)
        let (_, shingling) = Measurement.of {
            tokens.withUnsafeBufferPointer { tokens in
                for document in 0..<loaded.count {
                    shingler.forEachShingle(of: UnsafeBufferPointer(rebasing: tokens[tokenStarts[document]..<tokenStarts[document + 1]])) { shingles.append($0) }
                    shingleStarts.append(shingles.count)
                }
            }
        }
        rows.append(StageRow(name: "shingle hashing", measurement: shingling, bytes: loaded.bytes, documents: loaded.count))

        let oneHash = OnePermutationHasher()
        let (_, oph) = Measurement.of {
            var checksum: UInt64 = 0
            var minima = [UInt64](repeating: OnePermutationHasher.emptyBin, count: oneHash.bins)
            shingles.withUnsafeBufferPointer { shingles in
                minima.withUnsafeMutableBufferPointer { minima in
                    for document in 0..<loaded.count {
                        for bin in minima.indices { minima[bin] = OnePermutationHasher.emptyBin }
                        for shingle in shingles[shingleStarts[document]..<shingleStarts[document + 1]] { oneHash.add(shingle, to: minima) }
                        _ = oneHash.densify(minima)
                        checksum ^= minima[0]
                    }
                }
            }
            return checksum
        }
        rows.append(StageRow(name: "MinHash-128, one permutation + densification", measurement: oph, bytes: loaded.bytes, documents: loaded.count))

        if !skipClassic {
            let classic = MinHasher(permutations: 128)
            let (_, permutations) = Measurement.of {
                var checksum: UInt64 = 0
                for document in 0..<loaded.count {
                    let set = Array(shingles[shingleStarts[document]..<shingleStarts[document + 1]])
                    checksum ^= classic.signature(of: set)?.values[0] ?? 0
                }
                return checksum
            }
            rows.append(StageRow(name: "MinHash-128, 128 permutations", measurement: permutations, bytes: loaded.bytes, documents: loaded.count))
        }
        tokens = []
        shingles = []

        let truthPath = truth ?? (corpus.hasSuffix(".jsonl") ? String(corpus.dropLast(6)) + ".clusters.tsv" : corpus + ".clusters.tsv")
        let groundTruth = FileManager.default.fileExists(atPath: truthPath) ? try GroundTruth(path: truthPath) : nil
        var scores: [String: Any] = [:]
        for partial in [false, true] {
            var options = DedupOptions()
            options.groupsPartialCopies = partial
            let output = NSTemporaryDirectory() + "palimpsest-bench-\(getpid())-\(partial).tsv"
            defer { try? FileManager.default.removeItem(atPath: output) }
            let (report, run) = try await Measurement.of { try await Deduplicator(options: options).run([corpus], clustersPath: output) }
            let mode = partial ? "dedup --partial" : "dedup"
            for stage in report.stages {
                rows.append(StageRow(name: "\(mode): \(stage.name) (all cores)", measurement: Measurement(wall: stage.seconds, cpu: .nan), bytes: report.textBytes, documents: report.documents))
            }
            rows.append(StageRow(name: "\(mode): end to end (all cores)", measurement: run, bytes: report.textBytes, documents: report.documents))
            if let groundTruth {
                let score = try groundTruth.score(clustersPath: output)
                scores[partial ? "partial" : "near"] = score
                note("\(mode): \(GroundTruth.describe(score))")
            }
        }

        let analysis = try analyseSample(rows: &rows)
        rows.append(contentsOf: analysis)
        for row in rows { note(row.line) }
        note("peak resident memory: \(StageClock.peakResidentBytes() / 1_000_000) MB")
        printResult([
            "bench": "stages", "corpus": (corpus as NSString).lastPathComponent, "documents": loaded.count, "text_bytes": loaded.bytes,
            "stages": rows.map(\.json), "scores": scores, "peak_rss_mb": StageClock.peakResidentBytes() / 1_000_000,
        ])
    }

    /// The whole analysis (`scan`'s) and its JSON Lines export on the first ``sample`` documents.
    private func analyseSample(rows: inout [StageRow]) throws -> [StageRow] {
        let file = NSTemporaryDirectory() + "palimpsest-bench-sample-\(getpid()).jsonl"
        defer { try? FileManager.default.removeItem(atPath: file) }
        var lines: [Substring] = []
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: corpus))
        let head = String(decoding: try handle.read(upToCount: 64 << 20) ?? Data(), as: UTF8.self)
        lines = Array(head.split(separator: "\n").prefix(sample))
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let documents = CorpusReader().read([file]).documents
        let bytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        let (result, analysing) = Measurement.of { Analyzer().analyze(documents) }
        let writer = ExportWriter.inMemory()
        let (_, exporting) = try Measurement.of { try PluginRegistry.builtin.exporter(named: "jsonl")!.export(result, to: writer) }
        return [
            StageRow(name: "passage analysis (scan's, all cores, \(documents.count) documents)", measurement: analysing, bytes: bytes, documents: documents.count),
            StageRow(name: "export, annotated JSON Lines (\(documents.count) documents)", measurement: exporting, bytes: bytes, documents: documents.count),
        ]
    }
}

/// One measured stage.
struct StageRow {
    var name: String
    var measurement: Measurement
    var bytes: Int
    var documents: Int

    var megabytesPerSecond: Double { Double(bytes) / 1e6 / measurement.wall }
    var documentsPerSecond: Double { Double(documents) / measurement.wall }

    /// The row as a line of the table.
    var line: String {
        let cpu = measurement.cpu.isNaN ? "" : String(format: "cpu %.3f s", measurement.cpu)
        let padded = name.count < 64 ? name + String(repeating: " ", count: 64 - name.count) : name
        return padded + String(format: " %8.3f s  %-15@ %9.1f MB/s  %11.0f documents/s", measurement.wall, cpu as NSString, megabytesPerSecond, documentsPerSecond)
    }

    /// The row as JSON.
    var json: [String: Any] {
        var fields: [String: Any] = ["stage": name, "seconds": rounded(measurement.wall, 4), "mb_s": rounded(megabytesPerSecond, 1), "docs_s": rounded(documentsPerSecond, 0)]
        if !measurement.cpu.isNaN { fields["cpu_seconds"] = rounded(measurement.cpu, 4) }
        return fields
    }
}
