import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestCore
import PalimpsestDedup

/// `palimpsest dedup`: near-duplicate clusters of a large corpus, streaming, on all cores.
struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Cluster near-duplicate documents of a large corpus: fast, streaming, in bounded memory.",
        discussion: """
            Reads JSON Lines (plain or .gz) block by block on all cores; other formats go through the \
            extractors. Writes one line per document, id<TAB>cluster, the cluster named by the id of \
            its first document. `scan` finds more (passages, teasers, boilerplate, origins) and keeps \
            the corpus in memory; `dedup` answers one question for corpora of any size.
            Exit status: 0 when every input was read; 1 when clusters were written but some inputs or \
            lines were skipped (each named on standard error with its position); 2 when nothing could be \
            read or the output could not be written; 64 for a usage error.
            """)

    @Argument(help: "Files or folders.")
    var paths: [String]

    @Option(name: [.customShort("o"), .customLong("clusters-out")], help: "Write id<TAB>cluster lines to this file (atomically); - for standard output.")
    var clustersOut: String?

    @Option(help: "Near duplicates share at least this Jaccard resemblance of word shingles.")
    var threshold = 0.8

    @Option(help: "Words per shingle.")
    var shingleSize = 5

    @Option(help: "LSH bands x rows over the 128-byte sketch (bands*rows <= 128).")
    var bands = "20x6"

    @Flag(help: "Also group partial copies with their origin: documents whose shared paragraphs cover most of the smaller one.")
    var partial = false

    @Option(help: "In --partial mode, the share of the smaller document its shared paragraphs must cover.")
    var coverage = 0.6

    @Flag(help: "Decide pairs near the threshold from their sketches alone, without reading their texts again.")
    var estimateOnly = false

    @Option(help: "Memory budget for the run's stores, such as 512M or 2G; past it they go to temporary files.")
    var memory = "1G"

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Input limits") var inputLimits: InputLimitOptions

    @Option(help: "Concurrent sketching tasks (default: the machine's cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("field"), help: ArgumentHelp(
        "Read the id or text of JSON Lines records from another field: id=FIELD or text=FIELD, repeatable.", valueName: "part=field"))
    var fields: [String] = []

    @Flag(name: .shortAndLong, help: "Print no summary on standard error (problems are still printed).")
    var quiet = false

    @Flag(help: "Print each stage's wall and CPU seconds and the memory peak after it on standard error.")
    var stats = false

    func run() async throws {
        let options = try dedupOptions()
        let result: DedupReport
        do {
            // Refused before reading, not after: the clusters must not replace an input named here
            // (files found inside a folder are checked again when the clusters are written).
            if let clustersOut { try AtomicOutput.requireDistinct(clustersOut, from: paths) }
            result = try await Deduplicator(options: options).run(paths, clustersPath: clustersOut) { problem in
                Messages.print("\(problem)")
            }
        } catch {
            Messages.print("\(error)")
            throw ExitCode(ExitStatus.failed)
        }
        guard result.documents > 0 else {
            Messages.print("no documents read")
            throw ExitCode(ExitStatus.failed)
        }
        if !quiet { summary(of: result).forEach(Messages.print) }
        if stats { StageReport.print(result.stages, documents: result.documents) }
        if let (budget, needed) = result.budgetTooSmall {
            Messages.warn("--memory \(budget >> 20)M is less than \(result.documents) documents need besides the stores; the run took more (give at least \(needed >> 20)M to keep to the budget)")
        }
        if !result.problems.isEmpty { throw ExitCode(ExitStatus.someInputsFailed) }
    }

    /// The options the flags ask for.
    private func dedupOptions() throws -> DedupOptions {
        var options = DedupOptions()
        options.followsExternalSymlinks = input.followsSymlinks
        guard threshold > 0 && threshold <= 1 else { throw ValidationError("--threshold must be in (0, 1] (got \(threshold))") }
        guard (1...AnalysisOptions.largestShingle).contains(shingleSize) else {
            throw ValidationError("--shingle-size must be between 1 and \(AnalysisOptions.largestShingle) (got \(shingleSize))")
        }
        guard coverage > 0 && coverage <= 1 else { throw ValidationError("--coverage must be in (0, 1] (got \(coverage))") }
        guard (1...Self.mostJobs).contains(jobs) else { throw ValidationError("--jobs must be between 1 and \(Self.mostJobs) (got \(jobs))") }
        guard let banding = Self.banding(bands) else {
            throw ValidationError(DisplayText.sanitized("--bands takes BANDSxROWS with BANDS*ROWS <= 128, such as 20x6 (got '\(bands)')"))
        }
        guard let budget = ByteSize.parse(memory), budget >= 1 << 20 else {
            throw ValidationError(DisplayText.sanitized("--memory takes a size from 1M to 1024T, such as 512M or 2G (got '\(memory)')"))
        }
        for field in fields {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[1].isEmpty, ["id", "text"].contains(pair[0]) else {
                throw ValidationError(DisplayText.sanitized("--field takes id=FIELD or text=FIELD (got '\(field)')"))
            }
            if pair[0] == "id" { options.idFields.insert(pair[1], at: 0) } else { options.textFields.insert(pair[1], at: 0) }
        }
        options.threshold = threshold
        options.shingleSize = shingleSize
        options.banding = banding
        options.groupsPartialCopies = partial
        options.passageCoverage = coverage
        options.checksNearThresholdExactly = !estimateOnly
        options.memoryBudget = budget
        options.limits = try inputLimits.limits()
        options.workers = jobs
        return options
    }

    /// The most sketching tasks `--jobs` may ask for: far more than any machine's cores, few enough
    /// that the task group and the exact checks' per-worker readers stay small.
    static let mostJobs = 1024

    /// The banding `BANDSxROWS` names (`x`, `X` or `×` between), or nil when it names none that fits
    /// the 128-byte sketch. Each number is read as digits and bounded before they are multiplied, so
    /// no value can overflow.
    static func banding(_ text: String) -> LSHParameters? {
        let parts = text.lowercased().split(omittingEmptySubsequences: false, whereSeparator: { $0 == "x" || $0 == "×" })
        let bins = DedupOptions.sketchBytes
        guard parts.count == 2, let bands = Int(parts[0]), let rows = Int(parts[1]),
              (1...bins).contains(bands), (1...bins).contains(rows), bands * rows <= bins
        else { return nil }
        return LSHParameters(bands: bands, rows: rows)
    }

    /// The lines printed on standard error after a run (each through ``Messages/print(_:)``).
    private func summary(of result: DedupReport) -> [String] {
        let seconds = result.stages.reduce(0) { $0 + $1.seconds }
        let megabytes = Double(result.textBytes) / 1e6
        var lines = [
            "\(result.documents) documents, \(String(format: "%.1f", megabytes)) MB of text; "
                + "\(result.clusters) cluster(s) of near duplicates holding \(result.duplicates) duplicate(s)"
                + (partial ? " (with partial copies)" : ""),
            "candidate pairs \(result.bandCandidates): \(result.verification.acceptedByEstimate) accepted and "
                + "\(result.verification.rejectedByEstimate) rejected by sketch, \(result.verification.checkedExactly) checked on their texts, "
                + "\(result.verification.decidedByEstimateNearThreshold) decided by sketch near the threshold, "
                + "\(result.verification.comparedAsShortTexts) pair(s) of short texts compared on their shingles",
        ]
        if partial { lines.append("\(result.passagePairs) pair(s) sharing paragraphs, \(result.passageJoins) joined") }
        lines.append(result.stages.map { "\($0.name) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", ")
            + String(format: "; %.2f s, %.0f MB/s", seconds, megabytes / max(seconds, 1e-9))
            + (result.spilled ? "; stores spilled to temporary files" : ""))
        if !result.problems.isEmpty { lines.append("\(result.problems.count) input problem(s)") }
        return lines
    }
}
