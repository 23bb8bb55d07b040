import Foundation
import PalimpsestCore

/// A persistent store of analysed documents and the fingerprints that find their candidates, so
/// new documents can be checked against everything seen before without reading it again.
///
/// ## Contract
/// - A store is opened with the settings its fingerprints are made with; a store whose header
///   names other settings refuses to open (``IndexError/settingsMismatch(_:)``).
/// - ``add(_:)`` is idempotent by content id and location: a text already indexed from the same
///   place changes nothing (adding a file twice adds it once), while the same text from another
///   place is another document (an exact repost, which a scan reports too). Each call is one
///   transaction: after a crash, every document of a batch is there or none is.
/// - Documents come back in the order they were first added.
/// - Ids, locations and sites are stored as given, or the document is refused: one holding a NUL
///   character (U+0000) is refused by every store alike (``IndexPolicy/refusal(of:)``), since
///   PostgreSQL text cannot hold it and SQLite's C interface would cut it short.
/// - Several processes may add to one store at once. Nothing a writer stores depends on what other
///   writers store: clusters and origins are derived from the stored documents whenever they are
///   read (``candidates(for:)``, ``documents()``), by the analyzer's deterministic origin order, so
///   no writer ever claims an origin another could contradict.
///
/// Two stores implement it: ``SQLiteIndexStore`` (one file, the default) and `PostgresIndexStore`
/// (a shared server, in builds with the `Postgres` trait); ``IndexAddress`` opens either.
public protocol IndexStore: Sendable {
    /// Where the store is, for messages (a file path, or a server address without its password).
    var name: String { get }
    /// Fingerprints and encodes documents for ``add(_:)-(PreparedBatch)``, on all cores and outside
    /// any transaction, so that a caller adding batch after batch prepares the next batch while the
    /// last one is written (see ``IndexAddition``).
    /// - Throws: ``IndexError`` when the store was opened only to be read, or a document cannot be
    ///   stored (see ``IndexPolicy/refusal(of:)``).
    func prepare(_ documents: [Document]) throws(IndexError) -> PreparedBatch
    /// Adds a prepared batch with its fingerprints, in one transaction.
    /// - Returns: how many were added and how many were already there.
    /// - Throws: ``IndexError`` when the store cannot be written.
    func add(_ batch: PreparedBatch) async throws(IndexError) -> AddSummary
    /// Every indexed document, in the order first added.
    func documents() async throws(IndexError) -> [Document]
    /// Counts and sizes.
    func statistics() async throws(IndexError) -> IndexStatistics
    /// Checks the index is whole: the storage (SQLite's own checks; on PostgreSQL, fingerprints
    /// pointing at no document), every document readable with the content id of its text, and every
    /// document fingerprinted again and compared with what is stored — none missing, wrong or left over.
    /// - Returns: each problem found, empty for a sound index.
    func verify() async throws(IndexError) -> [String]
    /// Removes documents with their fingerprints, in one transaction.
    /// - Parameters:
    ///   - ids: documents to remove by id.
    ///   - before: also remove every document published before this time (undated ones by the
    ///     time they were added), to expire old material.
    /// - Returns: how many documents were removed.
    func remove(ids: [String], before: Date?) async throws(IndexError) -> Int
    /// The indexed documents a new document may copy or repeat, in the order first added: those
    /// sharing fingerprints with it — LSH bands (near duplicates), passages (copied passages) or
    /// marks (quotations, teasers; a fingerprint held by very many documents is furniture and finds
    /// nothing) — bounded by ``CandidateSelection`` to the strongest and the earliest near
    /// duplicates; and the latest pages of its site and of its strongest candidates' sites, from
    /// which their boilerplate is learned (see ``IndexPolicy``).
    func candidates(for document: Document) async throws(IndexError) -> [Document]
    /// Releases the store's connections; the store is not used afterwards. What cannot be finished
    /// is not reported: see ``finishAndClose()``.
    func close() async
    /// Makes everything written durable in the store's own files and releases its connections, as
    /// a command does when it is done; the store is not used afterwards.
    /// - Throws: ``IndexError`` when what was written cannot be made durable where it belongs (an
    ///   SQLite index whose write-ahead log cannot be folded into its file on a full disk) or a
    ///   connection cannot be closed; the message says where the data is and what to do.
    func finishAndClose() async throws(IndexError)
}

extension IndexStore {
    /// Prepares and adds documents (see ``prepare(_:)`` and ``add(_:)-(PreparedBatch)``), in one transaction.
    /// - Returns: how many were added and how many were already there.
    /// - Throws: ``IndexError`` when the store cannot be written.
    public func add(_ documents: [Document]) async throws(IndexError) -> AddSummary {
        try await add(prepare(documents))
    }

    /// Closes the store (``close()``): a store whose writes are durable once committed has nothing
    /// more to finish.
    public func finishAndClose() async throws(IndexError) {
        await close()
    }
}

/// What one ``IndexStore/add(_:)`` did.
public struct AddSummary: Sendable, Hashable {
    /// Documents added.
    public var added: Int
    /// Documents whose text was already indexed from the same location (skipped).
    public var alreadyIndexed: Int
    /// Documents whose id was taken by another text, added under a suffixed id (`id#2`), in order.
    public var renamed: [Renaming]

    /// Creates a summary.
    public init(added: Int = 0, alreadyIndexed: Int = 0, renamed: [Renaming] = []) {
        self.added = added
        self.alreadyIndexed = alreadyIndexed
        self.renamed = renamed
    }
}

/// A document stored under another id than its own, because its id named another text.
public struct Renaming: Sendable, Hashable {
    /// Where the document came from.
    public var location: String
    /// Its own id.
    public var id: String
    /// The id it is stored under.
    public var storedAs: String

    /// Creates a renaming.
    public init(location: String, id: String, storedAs: String) {
        self.location = location
        self.id = id
        self.storedAs = storedAs
    }
}

/// How the stores choose candidates and keep identities, the same whichever store holds them.
public enum IndexPolicy {
    /// A passage or mark held by more indexed documents than this is furniture (a site's chrome, a
    /// stock phrase): it finds no candidates.
    public static let commonFingerprintDocuments = 64
    /// How many of the latest pages of the checked document's site come along, for boilerplate
    /// learning: a site's chrome recurs on every page, and three page groups already show it
    /// (``AnalysisSettings/boilerplateMinimumDocuments``); a few more leave room for pages that
    /// repeat each other.
    public static let siteContextDocuments = 8
    /// How many of the latest pages of a strong candidate's site come along: enough to tell its
    /// chrome from what it shares with the checked document.
    public static let candidateSiteContextDocuments = 8
    /// From how many candidates' sites (the strongest candidates first) pages come along.
    public static let candidateSites = 3

    /// The sites whose latest pages a check reads, each with how many pages: the checked document's
    /// site, and the first ``candidateSites`` distinct sites of its candidates (strongest first).
    /// A checked site holding a NUL names no stored site (none is stored, see ``refusal(of:)``) and
    /// is left out, where a query would cut it at the NUL and match another site.
    static func contextSites(checked: String?, candidates: [String]) -> [(site: String, pages: Int)] {
        var pages: [String: Int] = [:]
        for site in candidates where pages[site] == nil && pages.count < candidateSites { pages[site] = candidateSiteContextDocuments }
        if let checked, !checked.unicodeScalars.contains("\0") { pages[checked] = siteContextDocuments }
        return pages.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension IndexPolicy {
    /// Why `document` cannot be stored in an index, or nil when it can: its id, location or site
    /// holds a NUL character (U+0000). PostgreSQL text cannot hold NUL at all, and SQLite's C
    /// interface cuts text at it — `story\0one` and `story\0two` would both be stored as `story`,
    /// and removing `undated` would remove `undated\0nul` — so every store refuses such a document
    /// rather than store another text than it was given. (The document's text and title are
    /// stored whole, inside its encoding.)
    /// - Returns: a message naming the document and the field, for people.
    public static func refusal(of document: Document) -> String? {
        let fields = [("id", document.id), ("location", document.source.location), ("site", document.source.siteKey ?? "")]
        guard let field = fields.first(where: { $0.1.unicodeScalars.contains("\0") })?.0 else { return nil }
        return "document \(document.id.debugDescription) from \(document.source.location.debugDescription): its \(field) holds a NUL character (U+0000), "
            + "which an index cannot store; not added (give it another \(field), such as with --field, or leave it out)"
    }

    /// Refuses a batch holding a document ``refusal(of:)`` refuses, before anything is written.
    /// - Throws: ``IndexError/database(path:reason:)`` naming the first such document.
    static func requireStorable(_ documents: [Document], in name: String) throws(IndexError) {
        if let refusal = documents.lazy.compactMap(refusal(of:)).first {
            throw .database(path: name, reason: "cannot add documents (nothing of this batch was kept): \(refusal)")
        }
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
    /// Marks (winnowing and first-shingle fingerprints) stored, one per document holding each.
    public var marks: Int
    /// Bytes on disk (the database and its write-ahead log; a server's tables and their indexes).
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
    /// The index names a store this build cannot open.
    case unsupported(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .settingsMismatch(let differences):
            "the index was made with other settings (\(differences.joined(separator: "; "))); use the same settings or another index"
        case .database(let path, let reason):
            "\(path): \(reason)"
        case .unsupported(let reason):
            reason
        }
    }
}
