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

    /// Plans the addition of `documents`.
    /// - Parameters:
    ///   - fingerprints: each document's fingerprints, by position.
    ///   - indexed: the (content id, location) pairs of the batch the store already holds.
    ///   - takenIDs: the ids the store already uses among the batch's ids and their suffixed forms
    ///     (`id#…`), whether or not the bare id is taken.
    /// - Throws: when a document cannot be encoded.
    init(_ documents: [Document], fingerprints: [DocumentFingerprints], indexed: Set<StoredKey>, takenIDs: Set<String>) throws {
        var seen = indexed, taken = takenIDs
        for (document, fingerprint) in zip(documents, fingerprints) {
            let key = StoredKey(contentID: document.contentID.description, location: document.source.location)
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
            entries.append(Entry(document: stored, fingerprints: fingerprint, contentID: key.contentID, encoded: try DocumentCoding.encode(stored)))
            summary.added += 1
        }
    }
}

/// What makes a stored document the same document: its text (by content id) from one location.
struct StoredKey: Sendable, Hashable {
    /// The SHA-256 content id of the text, as stored.
    var contentID: String
    /// Where the text came from.
    var location: String
}

/// How documents are encoded in a store: JSON with sorted keys, the same bytes for the same document.
enum DocumentCoding {
    /// The stored bytes of `document`.
    static func encode(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(document)
    }

    /// The document stored as `data`.
    static func decode(_ data: Data) throws -> Document {
        try JSONDecoder().decode(Document.self, from: data)
    }
}
