import Foundation
import Palimpsest
import PalimpsestCore

/// How a deduplication run works.
public struct DedupOptions: Sendable, Hashable {
    /// Documents whose word-shingle resemblance (Jaccard similarity) reaches this are near duplicates.
    public var threshold = 0.8
    /// Words per shingle.
    public var shingleSize = 5
    /// Bytes (one-byte bins) in a document's sketch: what a banding's bands × rows may cover.
    public static let sketchBytes = DocumentSketcher.signatureBytes

    /// LSH bands × rows over the 128-byte sketch. The default, 20 × 6, makes a pair at resemblance
    /// 0.8 a candidate with probability 0.998 and one at 0.5 with 0.27; verification removes the
    /// rest, so recall is bought cheaply.
    public var banding = LSHParameters(bands: 20, rows: 6)
    /// Whether documents that share most of their text paragraph for paragraph (partial copies)
    /// join their origin's cluster too.
    public var groupsPartialCopies = false
    /// In that mode, the share of the smaller document its shared paragraphs must cover.
    public var passageCoverage = 0.6
    /// Whether pairs near the threshold are checked on their texts (plain JSON Lines inputs).
    public var checksNearThresholdExactly = true
    /// The memory the run's stores may hold, in bytes; past it, sketches, ids and locations go to
    /// temporary files and the band join takes several passes.
    public var memoryBudget = 1 << 30
    /// Concurrent sketching tasks (default: the machine's active cores).
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Where temporary files go.
    public var temporaryFolder = NSTemporaryDirectory()
    /// Field names tried for the id of a JSON Lines record.
    public var idFields = ["id"]
    /// Field names tried for the text of a JSON Lines record.
    public var textFields = ["text", "content", "body"]
    /// How much of any one input to take on: line length and gzip expansion for JSON Lines, every
    /// limit for inputs read through the extractors.
    public var limits = InputLimits.standard
    /// Whether a symbolic link inside a folder is followed even when it leads outside every folder
    /// given (`--follow-symlinks`); off by default, as for ``InputDiscovery/followsExternalSymlinks``.
    public var followsExternalSymlinks = false

    /// The default options.
    public init() {}
}

/// What a deduplication run found and what it cost.
public struct DedupReport: Sendable {
    /// Documents read.
    public var documents = 0
    /// UTF-8 bytes of text sketched.
    public var textBytes = 0
    /// Clusters of two or more documents.
    public var clusters = 0
    /// Documents in a cluster that are not its first document (what deduplication would drop).
    public var duplicates = 0
    /// Inputs or records that could not be read.
    public var problems: [DedupInputError] = []
    /// Time and memory per stage, in order.
    public var stages: [StageTiming] = []
    /// How candidate pairs were decided.
    public var verification = VerificationCounts()
    /// Candidate pairs from the bands, and the joins they made.
    public var bandCandidates = 0, bandJoins = 0
    /// Pairs sharing paragraphs, and the joins they made (partial-copy mode).
    public var passagePairs = 0, passageJoins = 0
    /// Whether anything went to temporary files.
    public var spilled = false
    /// Set when the documents alone needed more than the memory budget outside the stores (about
    /// 100 bytes each, beside some 32 MB of runtime): the run went on above the budget; `needed` is
    /// a budget that would do.
    public var budgetTooSmall: (budget: Int, needed: Int)?
}

/// Clusters near-duplicate documents at corpus scale: streaming, on all cores, in bounded memory.
///
/// 1. **Sketch.** Inputs are read as blocks of JSON Lines (other formats through the extractors) and
///    each block is sketched on a core of its own: tokens straight from UTF-8 bytes, word shingles,
///    a one-permutation MinHash of 128 one-byte bins. Only the sketch, the id and where the record
///    sits are kept — and, for a short text (at most 15 distinct shingles), its exact shingle set;
///    the text is dropped as soon as it is sketched.
/// 2. **Join.** LSH bands over the sketches, grouped by radix sort; each candidate pair is verified
///    (see ``PairVerifier``: two short texts on their sets, any other pair on its sketches) and
///    joins two clusters.
/// 3. **Passages** (optional). Documents whose shared paragraphs cover most of the smaller one join.
/// 4. **Write.** `id<TAB>cluster` per document, in input order, the cluster named by the id of its
///    first document; written atomically.
public struct Deduplicator: Sendable {
    /// The options in use.
    public let options: DedupOptions

    /// Creates a deduplicator.
    public init(options: DedupOptions = DedupOptions()) { self.options = options }

    /// Deduplicates every input under `paths`, writing clusters to `clustersPath` (nil: none).
    /// Problems are passed to `report` as they happen and listed in the result.
    /// - Throws: ``OutputError`` when the clusters file cannot be written; ``DedupInputError`` when
    ///   a temporary file cannot.
    public func run(_ paths: [String], clustersPath: String?, report: @Sendable (DedupInputError) -> Void = { _ in }) async throws -> DedupReport {
        var result = DedupReport()
        var clock = StageClock()
        let store = SketchStore(options: options)
        let (sources, inputPaths) = try await sketch(paths, into: store, result: &result, report: report)
        clock.finish("read + sketch")

        var clusters = UnionFind(count: store.count)
        var verifier = PairVerifier(threshold: options.threshold, sketches: store.sketches, shortTexts: store.shortTexts)
        let join = try BandJoin(banding: options.banding, memoryBudget: options.memoryBudget / 4, temporaryFolder: options.temporaryFolder)
            .run(count: store.count, sketches: store.sketches, excluded: store.empty, verifier: &verifier, clusters: &clusters)
        result.bandCandidates = join.candidatePairs
        result.verification = verifier.counts
        clock.finish("LSH bands")
        let shingleSize = options.shingleSize, exactly = options.checksNearThresholdExactly
        let locations = store.locations, scanner = store.scanner, inputs = InputFiles(sources: exactly ? sources : [])
        let exactJoins = ExactCheck(threshold: options.threshold, workers: options.workers).run(join.undecided, clusters: &clusters, makeRereader: {
            exactly ? RecordRereader(inputs: inputs, locations: locations, scanner: scanner, shingleSize: shingleSize) : nil
        }, counts: &result.verification)
        result.bandJoins = join.joins + exactJoins
        clock.finish("exact checks")

        if options.groupsPartialCopies {
            let linked = PassageLinker(coverage: options.passageCoverage)
                .run(postings: &store.paragraphs, tokens: store.paragraphTokens, clusters: &clusters)
            result.passagePairs = linked.pairsSharingParagraphs
            result.passageJoins = linked.joins
            clock.finish("passages")
        }

        let written = try ClusterWriter().write(ids: store.ids, clusters: &clusters, to: clustersPath, inputs: inputPaths)
        result.clusters = written.clusters
        result.duplicates = written.duplicates
        result.documents = store.count
        result.spilled = store.sketches.spilledCount > 0 || store.ids.spilledCount > 0 || store.shortTexts.records.spilledCount > 0
        if store.neededOutsideStores + (1 << 20) > options.memoryBudget {
            result.budgetTooSmall = (options.memoryBudget, store.neededOutsideStores + (8 << 20))
        }
        clock.finish("write")
        result.stages = clock.stages
        return result
    }

    /// Reads and sketches every input, in order, on all cores; returns where each JSON Lines
    /// input's records can be read again, and the paths of every input file found.
    private func sketch(
        _ paths: [String], into store: SketchStore, result: inout DedupReport, report: @Sendable (DedupInputError) -> Void
    ) async throws -> (sources: [RecordSource], inputPaths: [String]) {
        var work = WorkQueue(paths: paths, options: options)
        defer { work.close() }
        var waiting: [Int: SketchedBatch] = [:]
        var nextToStore = 0
        let scanner = store.scanner
        let options = options
        // Finished tasks hand back their block's buffer and their sketcher, for the next tasks: the
        // run allocates a handful of each, not one per block (which glibc's arenas would keep).
        typealias Finished = (sequence: Int, batch: SketchedBatch, item: WorkItem, sketcher: DocumentSketcher)
        var idleSketchers: [DocumentSketcher] = []
        try await withThrowingTaskGroup(of: Finished.self) { group in
            var running = 0
            var submitted = 0
            func take(_ finished: Finished) throws {
                waiting[finished.sequence] = finished.batch
                work.recycle(finished.item)
                idleSketchers.append(finished.sketcher)
                while let batch = waiting.removeValue(forKey: nextToStore) {
                    batch.problems.forEach(report)
                    result.problems += batch.problems
                    result.textBytes += batch.textBytes
                    try store.append(batch)
                    nextToStore += 1
                }
            }
            while true {
                guard let item = work.next(report: { problem in
                    report(problem)
                    result.problems.append(problem)
                }) else { break }
                if running >= max(1, options.workers) + 1, let finished = try await group.next() {
                    running -= 1
                    try take(finished)
                }
                let sequence = submitted
                var sketcher = idleSketchers.popLast() ?? DocumentSketcher(shingleSize: options.shingleSize, keepsParagraphs: options.groupsPartialCopies)
                group.addTask {
                    let batch = item.sketch(with: &sketcher, scanner: scanner)
                    return (sequence, batch, item, sketcher)
                }
                submitted += 1
                running += 1
            }
            while let finished = try await group.next() { try take(finished) }
        }
        return (work.sources, work.inputPaths)
    }
}
