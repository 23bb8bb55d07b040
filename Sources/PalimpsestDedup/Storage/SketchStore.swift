import Foundation

/// Everything a run keeps of its documents between sketching and clustering, in document order:
/// sketches, ids, record locations and the short texts' shingle sets (each in memory up to its
/// share of the budget, then in a temporary file), the documents without tokens, and paragraph
/// postings in partial-copy mode.
final class SketchStore {
    /// 128 bytes per document.
    let sketches: SpilledRecords
    /// Ids, one per line.
    let ids: SpilledRecords
    /// ``RecordRereader/locationBytes`` bytes per document.
    let locations: SpilledRecords
    /// Documents without a single token.
    private(set) var empty = Set<UInt32>()
    /// The exact shingle sets of the short texts.
    let shortTexts: ShortTextSets
    /// Paragraph postings, with global document indices (partial-copy mode).
    var paragraphs: [ParagraphPosting] = []
    /// Counted paragraph tokens per document (partial-copy mode).
    private(set) var paragraphTokens: [UInt32] = []
    /// The JSON Lines reader every task uses.
    let scanner: JSONFieldScanner
    /// The run's memory budget.
    let budget: Int

    /// What a document costs outside the stores, in bytes, about what 2.8 million documents took: the
    /// two cluster forests and the written-cluster flags, the pairs already judged, the clusters'
    /// first ids while writing. The stores' share shrinks by this much per document stored.
    static let bytesPerDocumentOutsideStores = 100
    /// What the process holds whatever the corpus (runtime, libraries, blocks in flight).
    static let runtimeBytes = 32 << 20

    /// What the run needs outside the stores for the documents stored so far; when it passes the
    /// budget the run cannot keep to it (``DedupReport/budgetTooSmall``).
    var neededOutsideStores: Int { Self.runtimeBytes + Self.bytesPerDocumentOutsideStores * count + 4 * shortTexts.count }

    /// Gives the stores what the budget leaves after ``neededOutsideStores`` (at least 1 MiB, or
    /// half the budget when that is smaller): eleven sixteenths to the sketches, a sixteenth to
    /// the short texts' sets, an eighth each to the ids and the locations.
    private func shareBudget() {
        let stores = max(min(1 << 20, budget / 2), budget - neededOutsideStores)
        sketches.memoryBudget = stores * 11 / 16
        shortTexts.records.memoryBudget = stores / 16
        ids.memoryBudget = stores / 8
        locations.memoryBudget = stores / 8
    }

    /// Creates an empty store with the budget and folders of `options`.
    init(options: DedupOptions) {
        budget = options.memoryBudget
        sketches = SpilledRecords(recordBytes: DocumentSketcher.signatureBytes, memoryBudget: 0, temporaryFolder: options.temporaryFolder)
        ids = SpilledRecords(recordBytes: 1, memoryBudget: 0, temporaryFolder: options.temporaryFolder)
        locations = SpilledRecords(recordBytes: RecordRereader.locationBytes, memoryBudget: 0, temporaryFolder: options.temporaryFolder)
        shortTexts = ShortTextSets(temporaryFolder: options.temporaryFolder)
        scanner = JSONFieldScanner(idFields: options.idFields, textFields: options.textFields)
        shareBudget()
    }

    /// Documents stored.
    var count: Int { sketches.count }

    /// Appends a sketched batch, renumbering its documents after those stored.
    func append(_ batch: SketchedBatch) throws {
        let base = UInt32(count)
        shareBudget()
        try sketches.append(batch.signatures)
        try ids.append(batch.ids)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(batch.count * RecordRereader.locationBytes)
        for location in batch.locations { RecordRereader.encode(location, into: &encoded) }
        try locations.append(encoded)
        for document in batch.empty { empty.insert(base + document) }
        try shortTexts.append(documents: batch.short.lazy.map { base + $0 }, records: batch.shortSets)
        for var posting in batch.paragraphs {
            posting.document += base
            paragraphs.append(posting)
        }
        paragraphTokens += batch.paragraphTokens
    }
}
