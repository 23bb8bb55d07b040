import PalimpsestCore

/// Adds documents to an index a batch at a time, as they are read: each batch is one transaction
/// (an interrupted run keeps every batch it finished), a document the index cannot store is named
/// and left out rather than failing its batch, and the totals add up over the batches. Nothing of
/// the corpus is held beyond the batch in hand and one (id, content id) pair per document, which a
/// run manifest records.
public struct IndexAddition {
    /// The index written to.
    public let store: any IndexStore
    /// What the batches added so far did.
    public private(set) var summary = AddSummary()
    /// Documents left out because the index cannot store them (see ``IndexPolicy/refusal(of:)``).
    public private(set) var refused = 0
    /// Each document given and not refused, by id and content id, in input order: what a run
    /// manifest says the index received.
    public private(set) var received: [(id: String, contentID: ContentID)] = []

    /// Starts adding to `store`.
    public init(store: any IndexStore) { self.store = store }

    /// Adds one batch.
    /// - Parameter refusal: called with a message for each document left out.
    /// - Throws: ``IndexError`` when the batch cannot be written (nothing of it is kept).
    public mutating func add(_ documents: [Document], refusal: (String) -> Void = { _ in }) async throws(IndexError) {
        var storable: [Document] = []
        storable.reserveCapacity(documents.count)
        for document in documents {
            if let message = IndexPolicy.refusal(of: document) {
                refused += 1
                refusal(message)
            } else {
                storable.append(document)
                received.append((document.id, document.contentID))
            }
        }
        guard !storable.isEmpty else { return }
        let added = try await store.add(storable)
        summary.added += added.added
        summary.alreadyIndexed += added.alreadyIndexed
        summary.renamed += added.renamed
    }
}
