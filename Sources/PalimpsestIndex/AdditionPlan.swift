import Foundation
import PalimpsestCore

/// What adding a batch does, decided from what the store already holds, the same way in every
/// store: which documents are new, and under which id each is stored.
///
/// A document already indexed with the same text from the same location is skipped (also when the
/// batch holds it twice). A new document whose id is taken, by the store or earlier in the batch,
/// is stored as `id#2`, `id#3`, … — the first free one.
struct AdditionPlan: Sendable {
    /// A document to store, with the id it is stored under and its fingerprints.
    struct Entry: Sendable {
        /// The document, its id possibly suffixed.
        var document: Document
        /// Its fingerprints.
        var fingerprints: DocumentFingerprints
        /// Its content id, as stored.
        var contentID: String
        /// The document encoded as stored.
        var encoded: Data
    }

    /// The documents to store, in batch order.
    var entries: [Entry] = []
    /// What the addition did.
    var summary = AddSummary()

    /// A document readied for storing outside any transaction, on all cores: its identity (the
    /// content id is a SHA-256 of the whole text, worth computing once), its fingerprints and its
    /// encoding.
    struct Prepared: Sendable {
        var document: Document
        var key: StoredKey
        var fingerprints: DocumentFingerprints
        var encoded: Data
    }

    /// Fingerprints and encodes `documents` on all cores.
    static func prepare(_ documents: [Document], settings: AnalysisSettings, banding: LSHParameters) -> PreparedBatch {
        PreparedBatch(
            items: documents.concurrentMap { _, document in
                Prepared(
                    document: document, key: StoredKey(contentID: document.contentID.description, location: document.source.location),
                    fingerprints: DocumentFingerprints(document, settings: settings, banding: banding), encoded: DocumentCoding.encode(document))
            })
    }

    /// Plans the addition of prepared documents.
    /// - Parameters:
    ///   - indexed: the (content id, location) pairs of the batch the store already holds.
    ///   - takenIDs: the ids the store already uses among the batch's ids and their suffixed forms
    ///     (`id#…`), whether or not the bare id is taken.
    init(_ batch: PreparedBatch, indexed: Set<StoredKey>, takenIDs: Set<String>) {
        var seen = indexed, taken = takenIDs
        for item in batch.items {
            let document = item.document, key = item.key
            guard seen.insert(key).inserted else {
                summary.alreadyIndexed += 1
                continue
            }
            var stored = document
            var suffix = 2
            while taken.contains(stored.id) {
                stored.id = "\(document.id)#\(suffix)"
                suffix += 1
            }
            taken.insert(stored.id)
            if stored.id != document.id {
                summary.renamed.append(Renaming(location: document.source.location, id: document.id, storedAs: stored.id))
            }
            // A renamed document is encoded again under its new id; the rest as prepared.
            let encoded = stored.id == document.id ? item.encoded : DocumentCoding.encode(stored)
            entries.append(Entry(document: stored, fingerprints: item.fingerprints, contentID: key.contentID, encoded: encoded))
            summary.added += 1
        }
    }
}

/// A batch of documents fingerprinted and encoded for an index, by ``IndexStore/prepare(_:)``:
/// the work of adding that needs no transaction, done while an earlier batch is written.
public struct PreparedBatch: Sendable {
    /// Each document with its identity, fingerprints and encoding, in batch order.
    let items: [AdditionPlan.Prepared]
    /// The documents, in batch order.
    var documents: [Document] { items.map(\.document) }
}

/// What makes a stored document the same document: its text (by content id) from one location.
struct StoredKey: Sendable, Hashable {
    /// The SHA-256 content id of the text, as stored.
    var contentID: String
    /// Where the text came from.
    var location: String
}
