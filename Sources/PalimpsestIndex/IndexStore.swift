import Foundation
import PalimpsestCore

/// A persistent store of analysed documents and the fingerprints that find their candidates, so
/// new documents can be checked against everything seen before without reading it again.
///
/// ## Contract
/// - A store is opened with the settings its fingerprints are made with; a store whose header
///   names other settings refuses to open (``IndexError/settingsMismatch(_:)``).
/// - ``add(_:)`` is idempotent by content id: a document whose text is already indexed changes
///   nothing. Each call is one transaction: after a crash, every document of a batch is there or
///   none is.
/// - Documents come back in the order they were first added.
public protocol IndexStore: Sendable {
    /// Adds documents with their fingerprints, in one transaction.
    /// - Returns: how many were added and how many were already there.
    /// - Throws: ``IndexError`` when the store cannot be written.
    func add(_ documents: [Document]) throws(IndexError) -> AddSummary
    /// Every indexed document, in the order first added.
    func documents() throws(IndexError) -> [Document]
    /// Counts and sizes.
    func statistics() throws(IndexError) -> IndexStatistics
    /// Checks the index is whole: the storage itself, every document readable with the content id
    /// of its text, and every document's fingerprints present and none left over.
    /// - Returns: each problem found, empty for a sound index.
    func verify() throws(IndexError) -> [String]
    /// Removes documents with their fingerprints, in one transaction.
    /// - Parameters:
    ///   - ids: documents to remove by id.
    ///   - before: also remove every document published before this time (undated ones by the
    ///     time they were added), to expire old material.
    /// - Returns: how many documents were removed.
    func remove(ids: [String], before: Date?) throws(IndexError) -> Int
    /// The indexed documents a new document may copy or repeat: those sharing an LSH band with it
    /// (near-duplicate candidates), those holding one of its passages (copied passages; a passage
    /// held by very many documents is furniture and finds nothing), and the latest pages of its site
    /// and of each candidate's site (what boilerplate is learned from); in the order first added.
    func candidates(for document: Document) throws(IndexError) -> [Document]
}

/// What one ``IndexStore/add(_:)`` did.
public struct AddSummary: Sendable, Hashable {
    /// Documents added.
    public var added: Int
    /// Documents whose text was already indexed (skipped).
    public var alreadyIndexed: Int
    /// Documents whose id was taken by another text, added under a suffixed id (`id#2`).
    public var renamed: [String: String]

    /// Creates a summary.
    public init(added: Int = 0, alreadyIndexed: Int = 0, renamed: [String: String] = [:]) {
        self.added = added
        self.alreadyIndexed = alreadyIndexed
        self.renamed = renamed
    }
}

/// Counts and sizes of an index.
public struct IndexStatistics: Sendable, Hashable {
    /// Documents indexed.
    public var documents: Int
    /// Passages indexed.
    public var passages: Int
    /// Sites named by the documents.
    public var sites: Int
    /// LSH band entries.
    public var bandEntries: Int
    /// Bytes on disk (the database and its write-ahead log).
    public var bytes: Int64
    /// The settings recorded in the header.
    public var settings: IndexSettings
}

/// Why an index could not be opened, read or written.
public enum IndexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The index was made with other settings.
    case settingsMismatch([String])
    /// The database failed.
    case database(path: String, reason: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .settingsMismatch(let differences):
            "the index was made with other settings (\(differences.joined(separator: "; "))); use the same settings or another index"
        case .database(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
