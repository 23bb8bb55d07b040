import PalimpsestCore

/// Adds documents to an index a batch at a time, as they are read: each batch is one transaction
/// (an interrupted run keeps every batch it finished), a document the index cannot store is named
/// and left out rather than failing its batch, and the totals add up over the batches. Nothing of
/// the corpus is held beyond two batches and one (id, content id) pair per document, which a
/// run manifest records.
///
/// A batch is fingerprinted on all cores while the one before it is written (the store writes on
/// one thread), so adding takes about as long as the slower of the two, not their sum. Call
/// ``finish()`` after the last batch.
public struct IndexAddition {
    /// The index written to.
    public let store: any IndexStore
    /// What the batches written so far did (all of them, once ``finish()`` returns).
    public private(set) var summary = AddSummary()
    /// Documents left out because the index cannot store them (see ``IndexPolicy/refusal(of:)``).
    public private(set) var refused = 0
    /// Each document given and not refused, by id and content id, in input order: what a run
    /// manifest says the index received.
    public private(set) var received: [(id: String, contentID: ContentID)] = []

    /// Starts adding to `store`.
    public init(store: any IndexStore) { self.store = store }

    /// The write of the last batch given, still running.
    private var writing: Task<AddSummary, any Error>?

    /// Prepares one batch and starts writing it once the batch before it is written.
    /// - Parameter refusal: called with a message for each document left out.
    /// - Throws: ``IndexError`` when the batch before this one could not be written (nothing of it
    ///   is kept, and this batch is not written).
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
        let batch: PreparedBatch
        do {
            batch = try store.prepare(storable)
        } catch {
            try await finish()
            throw error
        }
        try await finish()
        writing = Task { [store] in try await store.add(batch) }
    }

    /// Waits for the last batch to be written and counts it in ``summary``.
    /// - Throws: ``IndexError`` when it could not be written (nothing of it is kept).
    public mutating func finish() async throws(IndexError) {
        guard let pending = writing else { return }
        writing = nil
        let added: AddSummary
        do {
            added = try await pending.value
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: store.name, reason: "cannot add documents (nothing of this batch was kept): \(error)")
        }
        summary.added += added.added
        summary.alreadyIndexed += added.alreadyIndexed
        summary.renamed += added.renamed
    }
}
