import Foundation
import GRDB
import PalimpsestCore

/// The embedded index: one SQLite file through GRDB, in write-ahead-log mode so readers never
/// wait for a writer, with the schema versioned by migrations.
///
/// Tables: `header` (the settings, see ``IndexSettings``), `documents` (one row per text and
/// location: id, content id, provenance columns, the document as JSON), `bands` (LSH band hashes →
/// documents), `passages` (passage content ids → documents) and `marks` (winnowing and
/// first-shingle fingerprints → documents, see ``DocumentFingerprints``). Deleting a document cascades to its
/// fingerprints, so none is left dangling. Several processes may add at once: each batch takes
/// SQLite's write lock for its transaction and the others wait for it.
public struct SQLiteIndexStore: IndexStore {
    /// The database file.
    public let path: String
    /// The settings fingerprints are made with; nil for an index opened only to be read.
    public let settings: AnalysisSettings?
    /// `settings.lshParameters`, derived once: deriving it searches every banding.
    private let banding: LSHParameters?
    private let database: DatabasePool

    /// The database file.
    public var name: String { path }

    /// Opens (or creates) the index at `path`.
    /// - Parameter settings: the settings to fingerprint with, recorded in a new index's header
    ///   and checked against an existing one's; nil to open an existing index only to read it.
    /// - Throws: ``IndexError/settingsMismatch(_:)`` when the file was made with other settings;
    ///   ``IndexError/database(path:reason:)`` when it cannot be opened or migrated, or when
    ///   `settings` is nil and there is no index at `path`.
    public init(path: String, settings: AnalysisSettings?) throws(IndexError) {
        self.path = path
        self.settings = settings
        banding = settings?.lshParameters
        let exists = FileManager.default.fileExists(atPath: path)
        if settings == nil, !exists {
            throw .database(path: path, reason: "no index here; make one with `palimpsest index add`")
        }
        if let settings, !exists { try Self.create(path: path, settings: IndexSettings(settings)) }
        do {
            database = try DatabasePool(path: path, configuration: Self.configuration)
            // Opened only to be read, a file must already be an index: nothing is added to another database.
            if settings == nil, try !database.read({ try $0.tableExists("header") }) {
                throw IndexError.database(path: path, reason: "not a palimpsest index")
            }
            try Self.migrate(database)
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot open the index: \(error)")
        }
        guard let settings else { return }
        let requested = IndexSettings(settings)
        let differences: [String]
        do {
            // Read first, so a `check` never waits for writers; only a new index's header is written,
            // IMMEDIATE, so of two processes making one index at once one writes it and the other reads it.
            if let stored = try database.read(Self.storedSettings) {
                differences = stored.differences(from: requested)
            } else {
                differences = try database.writeWithoutTransaction { db -> [String] in
                    var differences: [String] = []
                    try db.inTransaction(.immediate) {
                        if let stored = try Self.storedSettings(db) {
                            differences = stored.differences(from: requested)
                        } else {
                            try Self.insertHeader(requested, into: db)
                        }
                        return .commit
                    }
                    return differences
                }
            }
        } catch {
            throw .database(path: path, reason: "cannot read the index header: \(error)")
        }
        guard differences.isEmpty else { throw .settingsMismatch(differences) }
        do {
            try markUnmarkedDocuments(settings: settings)
        } catch {
            throw .database(path: path, reason: "cannot mark the documents indexed before marks: \(error)")
        }
    }

    /// How every connection is configured.
    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process adding a batch holds the write lock for that transaction only.
        configuration.busyMode = .timeout(60)
        return configuration
    }

    /// Makes a new index at `path` whole or not at all: schema and header go into a temporary file
    /// beside it, which is linked into place only when complete, so a run killed while creating
    /// the index leaves no half-made file under its name (and what such a run left beside it is
    /// removed by the next). When another process made the index first, its index stands and this
    /// one is dropped.
    private static func create(path: String, settings: IndexSettings) throws(IndexError) {
        let target = URL(fileURLWithPath: path)
        TemporaryFile.removeAbandoned(for: target, kind: "creating")
        let temporary = TemporaryFile.path(for: target, kind: "creating")
        let leftovers = ["", "-wal", "-shm"].map { temporary.path + $0 }
        defer { for file in leftovers { unlink(file) } }
        do {
            leftovers.forEach { unlink($0) }
            let database = try DatabasePool(path: temporary.path, configuration: configuration)
            try migrate(database)
            try database.write { try insertHeader(settings, into: $0) }
            try database.close()
        } catch {
            throw .database(path: path, reason: "cannot create the index: \(error)")
        }
        // link() refuses to replace an index another process made meanwhile; file systems without
        // hard links (vfat, some network mounts) get a rename, which cannot tell.
        guard link(temporary.path, path) == 0 || errno == EEXIST || rename(temporary.path, path) == 0 else {
            throw .database(path: path, reason: "cannot create the index: \(String(cString: strerror(errno)))")
        }
    }

    /// Records `settings` in a new index's empty header.
    private static func insertHeader(_ settings: IndexSettings, into db: Database) throws {
        for (key, value) in settings.values.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO header (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The settings in the header; nil for a new index, whose header is still empty.
    private static func storedSettings(_ db: Database) throws -> IndexSettings? {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM header")
        guard !rows.isEmpty else { return nil }
        return IndexSettings(values: Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, $0["value"] as String) }))
    }

    /// Brings the schema up to date. Two processes opening a new index at once both find it
    /// unmigrated; each migration is one transaction, so the one that loses the race fails whole and,
    /// tried again, finds the migrations the other applied.
    private static func migrate(_ database: DatabasePool) throws {
        var attempt = 1
        while true {
            do {
                return try migrator.migrate(database)
            } catch where attempt < 5 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// The schema, one migration per version.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE header (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE documents (
                    number INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    content_id TEXT NOT NULL UNIQUE,
                    raw_content_id TEXT,
                    location TEXT NOT NULL,
                    site TEXT,
                    published REAL,
                    added REAL NOT NULL,
                    document BLOB NOT NULL
                );
                CREATE TABLE bands (
                    band INTEGER NOT NULL,
                    bucket INTEGER NOT NULL,
                    document INTEGER NOT NULL REFERENCES documents(number) ON DELETE CASCADE,
                    PRIMARY KEY (band, bucket, document)
                ) WITHOUT ROWID;
                CREATE INDEX bands_by_document ON bands(document);
                CREATE TABLE passages (
                    content_id BLOB NOT NULL,
                    document INTEGER NOT NULL REFERENCES documents(number) ON DELETE CASCADE,
                    passage INTEGER NOT NULL,
                    PRIMARY KEY (content_id, document, passage)
                ) WITHOUT ROWID;
                CREATE INDEX passages_by_document ON passages(document);
                """)
        }
        // v2: a document is a text from one location, so an exact repost from another site is kept;
        // and a site's latest pages are found by an index, not a scan of every document.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE documents_v2 (
                    number INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    content_id TEXT NOT NULL,
                    raw_content_id TEXT,
                    location TEXT NOT NULL,
                    site TEXT,
                    published REAL,
                    added REAL NOT NULL,
                    document BLOB NOT NULL,
                    UNIQUE (content_id, location)
                );
                INSERT INTO documents_v2 SELECT number, id, content_id, raw_content_id, location, site, published, added, document FROM documents;
                DROP TABLE documents;
                ALTER TABLE documents_v2 RENAME TO documents;
                CREATE INDEX documents_by_site ON documents(site, number);
                """)
        }
        // v3: marks, for partial copies and teasers whose passages were edited. Documents indexed
        // before are marked when the index is next opened with its settings (`marked` = 0 until then;
        // the partial index finds them without reading every row, whose `marked` sits after the
        // document itself).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE marks (
                    hash INTEGER NOT NULL,
                    document INTEGER NOT NULL REFERENCES documents(number) ON DELETE CASCADE,
                    PRIMARY KEY (hash, document)
                ) WITHOUT ROWID;
                CREATE INDEX marks_by_document ON marks(document);
                ALTER TABLE documents ADD COLUMN marked INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX documents_unmarked ON documents(number) WHERE marked = 0;
                """)
            // An index made before records its marks setting now, as the marking that follows makes it true.
            if let marks = IndexSettings(AnalysisSettings()).values["marks"] {
                try db.execute(sql: "INSERT INTO header (key, value) SELECT 'marks', ? WHERE EXISTS (SELECT 1 FROM header)", arguments: [marks])
            }
        }
        return migrator
    }

    public func add(_ documents: [Document]) async throws(IndexError) -> AddSummary {
        guard let settings, let banding else { throw .database(path: path, reason: "opened only to be read; open it with settings to add documents") }
        let prepared = AdditionPlan.prepare(documents, settings: settings, banding: banding)
        do {
            return try await database.writeWithoutTransaction { db -> AddSummary in
                var summary = AddSummary()
                // IMMEDIATE takes the write lock before reading, so another process adding at the same
                // time waits (see busyMode) instead of invalidating what this one read.
                try db.inTransaction(.immediate) {
                    let plan = try AdditionPlan(
                        prepared,
                        indexed: try Self.indexedKeys(among: prepared.map(\.key), db), takenIDs: try Self.takenIDs(among: documents, db))
                    let insertDocument = try db.cachedStatement(sql: """
                        INSERT INTO documents (id, content_id, raw_content_id, location, site, published, added, document, marked)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """)
                    let insertBand = try db.cachedStatement(sql: "INSERT OR IGNORE INTO bands (band, bucket, document) VALUES (?, ?, ?)")
                    let insertPassage = try db.cachedStatement(sql: "INSERT OR IGNORE INTO passages (content_id, document, passage) VALUES (?, ?, ?)")
                    let now = Date().timeIntervalSince1970
                    for entry in plan.entries {
                        let source = entry.document.source
                        try insertDocument.execute(arguments: [
                            entry.document.id, entry.contentID, source.rawContentID?.description, source.location,
                            source.siteKey, source.published?.timeIntervalSince1970, now, entry.encoded,
                        ])
                        let number = db.lastInsertedRowID
                        for (band, hash) in entry.fingerprints.bands {
                            try insertBand.execute(arguments: [band, Int64(bitPattern: hash), number])
                        }
                        for (passage, id) in entry.fingerprints.passageIDs.enumerated() {
                            try insertPassage.execute(arguments: [Data(id.digest), number, passage])
                        }
                        try Self.insertMarks(entry.fingerprints.marks, of: number, db)
                    }
                    summary = plan.summary
                    return .commit
                }
                return summary
            }
        } catch {
            throw .database(path: path, reason: "cannot add documents (nothing of this batch was kept): \(error)")
        }
    }

    /// The pairs among `keys` already indexed.
    private static func indexedKeys(among keys: [StoredKey], _ db: Database) throws -> Set<StoredKey> {
        let statement = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM documents WHERE content_id = ? AND location = ?)")
        return Set(try keys.filter { try Bool.fetchOne(statement, arguments: [$0.contentID, $0.location]) == true })
    }

    /// The ids in use among `documents`' ids and their suffixed forms (`id#2`, …).
    private static func takenIDs(among documents: [Document], _ db: Database) throws -> Set<String> {
        var taken = Set<String>()
        // `#` sorts just before `$` (SQLite compares bytes): the ids starting with "id#" are those in ["id#", "id$").
        let statement = try db.cachedStatement(sql: "SELECT id FROM documents WHERE id = ? OR (id >= ? AND id < ?)")
        for id in Set(documents.map(\.id)) {
            taken.formUnion(try String.fetchAll(statement, arguments: [id, id + "#", id + "$"]))
        }
        return taken
    }

    /// Stores a document's marks.
    private static func insertMarks(_ marks: [UInt64], of number: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO marks (hash, document) VALUES (?, ?)")
        for mark in marks { try statement.execute(arguments: [Int64(bitPattern: mark), number]) }
    }

    /// Marks the documents an index from before marks holds (see migration v3), a thousand at a
    /// time, each thousand one transaction that reads what is still unmarked.
    private func markUnmarkedDocuments(settings: AnalysisSettings) throws {
        guard let banding, try database.read({ try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM documents WHERE marked = 0)") }) == true else { return }
        var after: Int64 = 0
        while true {
            let last = try database.writeWithoutTransaction { db -> Int64? in
                var last: Int64?
                try db.inTransaction(.immediate) {
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT number, document FROM documents WHERE marked = 0 AND number > ? ORDER BY number LIMIT 1000", arguments: [after]
                    ).map { (number: $0["number"] as Int64, document: $0["document"] as Data) }
                    // A document that cannot be read stays unmarked, and `verify` names it.
                    let marks = rows.concurrentMap { _, row in
                        (try? DocumentCoding.decode(row.document)).map { DocumentFingerprints($0, settings: settings, banding: banding).marks }
                    }
                    for (row, marks) in zip(rows, marks) {
                        let number = row.number
                        last = number
                        guard let marks else { continue }
                        try Self.insertMarks(marks, of: number, db)
                        try db.execute(sql: "UPDATE documents SET marked = 1 WHERE number = ?", arguments: [number])
                    }
                    return .commit
                }
                return last
            }
            guard let last else { return }
            after = last
        }
    }

    public func documents() async throws(IndexError) -> [Document] {
        do {
            return try await database.read { db in
                try Data.fetchAll(db, sql: "SELECT document FROM documents ORDER BY number").map(DocumentCoding.decode)
            }
        } catch {
            throw .database(path: path, reason: "cannot read documents: \(error)")
        }
    }

    public func remove(ids: [String], before: Date?) async throws(IndexError) -> Int {
        do {
            return try await database.write { db -> Int in
                var removed = 0
                for id in ids {
                    try db.execute(sql: "DELETE FROM documents WHERE id = ?", arguments: [id])
                    removed += db.changesCount
                }
                if let before {
                    try db.execute(sql: "DELETE FROM documents WHERE COALESCE(published, added) < ?", arguments: [before.timeIntervalSince1970])
                    removed += db.changesCount
                }
                return removed
            }
        } catch {
            throw .database(path: path, reason: "cannot remove documents (nothing was removed): \(error)")
        }
    }

    public func verify() async throws(IndexError) -> [String] {
        do {
            return try await database.read { db -> [String] in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "a fingerprint in \($0[0] as String? ?? "?") points at no document" }
                guard let check = FingerprintCheck(header: try Self.storedSettings(db) ?? IndexSettings(values: [:])) else {
                    return problems + ["the header does not record settings this version can fingerprint with"]
                }
                let bands = try db.cachedStatement(sql: "SELECT band, bucket FROM bands WHERE document = ?")
                let passages = try db.cachedStatement(sql: "SELECT content_id, passage FROM passages WHERE document = ?")
                let marks = try db.cachedStatement(sql: "SELECT hash FROM marks WHERE document = ?")
                let documents = try Row.fetchCursor(db, sql: "SELECT number, id, content_id, document, marked FROM documents ORDER BY number")
                while let row = try documents.next() {
                    let number: Int64 = row["number"], id: String = row["id"]
                    if row["marked"] as Int == 0 {
                        problems.append("\(id): not yet marked (open the index with its settings, as `index add` does, to mark it)")
                        continue
                    }
                    problems += check.problems(FingerprintCheck.Stored(
                        id: id, data: row["document"], contentID: row["content_id"],
                        bands: Set(try Row.fetchAll(bands, arguments: [number]).map {
                            FingerprintCheck.BandEntry(band: $0["band"], bucket: UInt64(bitPattern: $0["bucket"]))
                        }),
                        passages: Set(try Row.fetchAll(passages, arguments: [number]).map {
                            FingerprintCheck.PassageEntry(contentID: Array($0["content_id"] as Data), passage: $0["passage"])
                        }),
                        marks: Set(try Int64.fetchAll(marks, arguments: [number]).map { UInt64(bitPattern: $0) })))
                }
                return problems
            }
        } catch {
            throw .database(path: path, reason: "cannot verify the index: \(error)")
        }
    }

    public func candidates(for document: Document) async throws(IndexError) -> [Document] {
        guard let settings, let banding else { throw .database(path: path, reason: "opened only to be read; open it with settings to check documents") }
        let fingerprint = DocumentFingerprints(document, settings: settings, banding: banding)
        do {
            return try await database.read { db -> [Document] in
                var evidence: [Int64: CandidateSelection.Evidence] = [:]
                let bandHolders = try db.cachedStatement(sql: "SELECT document FROM bands WHERE band = ? AND bucket = ?")
                for (band, hash) in fingerprint.bands {
                    CandidateSelection.note(try Int64.fetchAll(bandHolders, arguments: [band, Int64(bitPattern: hash)]), in: &evidence, \.bands, furniture: false)
                }
                let limit = IndexPolicy.commonFingerprintDocuments + 1
                let passageHolders = try db.cachedStatement(sql: "SELECT DISTINCT document FROM passages WHERE content_id = ? LIMIT ?")
                for id in Set(fingerprint.passageIDs) {
                    CandidateSelection.note(try Int64.fetchAll(passageHolders, arguments: [Data(id.digest), limit]), in: &evidence, \.passages)
                }
                let markHolders = try db.cachedStatement(sql: "SELECT document FROM marks WHERE hash = ? LIMIT ?")
                for mark in fingerprint.marks {
                    CandidateSelection.note(try Int64.fetchAll(markHolders, arguments: [Int64(bitPattern: mark), limit]), in: &evidence, \.marks)
                }
                let candidates = evidence.keys.map(String.init).joined(separator: ",")
                let published = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT number, published FROM documents WHERE published IS NOT NULL AND number IN (\(candidates))"
                ).map { ($0["number"] as Int64, $0["published"] as Double) })
                var numbers = CandidateSelection.choose(evidence, published: published)
                // Boilerplate is learned per site: from the input's site, and from the sites of its
                // strongest candidates, whose chrome would otherwise count against their likeness.
                let strongest = CandidateSelection.strongestFirst(numbers, evidence: evidence)
                let siteOf = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT number, site FROM documents WHERE site IS NOT NULL AND number IN (\(strongest.map(String.init).joined(separator: ",")))"
                ).map { ($0["number"] as Int64, $0["site"] as String) })
                for (site, pages) in IndexPolicy.contextSites(checked: document.source.siteKey, candidates: strongest.compactMap { siteOf[$0] }) {
                    numbers.formUnion(try Int64.fetchAll(
                        db, sql: "SELECT number FROM documents WHERE site = ? ORDER BY number DESC LIMIT ?", arguments: [site, pages]))
                }
                return try numbers.sorted().map { number in
                    guard let data = try Data.fetchOne(db, sql: "SELECT document FROM documents WHERE number = ?", arguments: [number]) else {
                        throw IndexError.database(path: path, reason: "document \(number) vanished while being read")
                    }
                    return try DocumentCoding.decode(data)
                }
            }
        } catch {
            throw .database(path: path, reason: "cannot find candidates: \(error)")
        }
    }

    public func statistics() async throws(IndexError) -> IndexStatistics {
        do {
            let (documents, passages, sites, bands, marks, header) = try await database.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM passages") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT site) FROM documents") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bands") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM marks") ?? 0,
                    try Self.storedSettings(db) ?? IndexSettings(values: [:])
                )
            }
            let bytes = [path, path + "-wal"].reduce(Int64(0)) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0)
            }
            return IndexStatistics(
                documents: documents, passages: passages, sites: sites, bandEntries: bands, marks: marks, bytes: bytes,
                settings: header)
        } catch {
            throw .database(path: path, reason: "cannot read statistics: \(error)")
        }
    }

    public func close() async {
        // Closing fails only while a statement is still running; none is once a command is done,
        // and the file is whole either way (every write is a finished transaction).
        try? database.close()
    }
}
