import Foundation

/// Everything a run keeps of its documents between sketching and clustering, in document order:
/// sketches, ids and record locations (each in memory up to its share of the budget, then in a
/// temporary file), the documents without tokens, and paragraph postings in partial-copy mode.
final class SketchStore {
    /// 128 bytes per document.
    let sketches: SpilledRecords
    /// Ids, one per line.
    let ids: SpilledRecords
    /// ``RecordRereader/locationBytes`` bytes per document.
    let locations: SpilledRecords
    /// Documents without a single token.
    private(set) var empty = Set<UInt32>()
    /// Paragraph postings, with global document indices (partial-copy mode).
    var paragraphs: [ParagraphPosting] = []
    /// Counted paragraph tokens per document (partial-copy mode).
    private(set) var paragraphTokens: [UInt32] = []
    /// The JSON Lines reader every task uses.
    let scanner: JSONFieldScanner

    /// Creates an empty store with the budget and folders of `options`.
    init(options: DedupOptions) {
        let budget = options.memoryBudget
        sketches = SpilledRecords(recordBytes: DocumentSketcher.signatureBytes, memoryBudget: budget / 2, temporaryFolder: options.temporaryFolder)
        ids = SpilledRecords(recordBytes: 1, memoryBudget: budget / 8, temporaryFolder: options.temporaryFolder)
        locations = SpilledRecords(recordBytes: RecordRereader.locationBytes, memoryBudget: budget / 8, temporaryFolder: options.temporaryFolder)
        scanner = JSONFieldScanner(idFields: options.idFields, textFields: options.textFields)
    }

    /// Documents stored.
    var count: Int { sketches.count }

    /// Appends a sketched batch, renumbering its documents after those stored.
    func append(_ batch: SketchedBatch) throws {
        let base = UInt32(count)
        try sketches.append(batch.signatures)
        try ids.append(batch.ids)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(batch.count * RecordRereader.locationBytes)
        for location in batch.locations { RecordRereader.encode(location, into: &encoded) }
        try locations.append(encoded)
        for document in batch.empty { empty.insert(base + document) }
        for var posting in batch.paragraphs {
            posting.document += base
            paragraphs.append(posting)
        }
        paragraphTokens += batch.paragraphTokens
    }
}
