import PalimpsestCore

/// Adds documents to an index a batch at a time, as they are read: each batch is one transaction
/// (an interrupted run keeps every batch it finished), a document the index cannot store is named
/// and left out rather than failing its batch, and the totals add up over the batches. Nothing of
/// the corpus is held beyond two batches (and what the reader has read ahead) and one (id, content
/// id) pair per document, which a run manifest records.
///
/// A batch is fingerprinted on all cores while the one before it is written (the store writes on
/// one thread), so adding takes about as long as the slower of the two, not their sum. Call
/// ``finish()`` after the last batch, and before closing the store on every path, errors too: the
/// last write runs until then. Once a write has failed, every later call throws its error.
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
    /// The first write that failed: nothing is written after it.
    private var failure: IndexError?

    /// Prepares one batch and starts writing it once the batch before it is written.
    /// - Parameter refusal: called with a message for each document left out.
    /// - Throws: ``IndexError`` when a batch before this one could not be written (nothing of it
    ///   is kept, and this batch is not written), or this batch cannot be prepared (a store opened
    ///   only to be read).
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
        if let failure { throw failure }
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
        if let failure { throw failure }
        guard let pending = writing else { return }
        writing = nil
        let added: AddSummary
        do {
            added = try await pending.value
        } catch {
            let failure = error as? IndexError ?? .database(path: store.name, reason: "cannot add documents (nothing of this batch was kept): \(error)")
            self.failure = failure
            throw failure
        }
        summary.added += added.added
        summary.alreadyIndexed += added.alreadyIndexed
        summary.renamed += added.renamed
    }
}
