import Foundation
import GRDB
import GRDBSQLite
import PalimpsestCore

/// The embedded index: one SQLite file through GRDB, in write-ahead-log mode so readers never
/// wait for a writer (the log folded into the file when a command is done, see
/// ``finishAndClose()``), with the schema versioned by migrations.
///
/// Tables: `header` (the settings, see ``IndexSettings``), `documents` (one row per text and
/// location: id, content id, provenance columns, the document in ``DocumentCoding``'s binary form), `bands` (LSH band hashes →
/// documents), `passages` (passage content ids → documents) and `marks` (winnowing and
/// first-shingle fingerprints → documents, see ``DocumentFingerprints``). The fingerprint tables are
/// keyed by fingerprint only — one B-tree each, written once per row — so a document's fingerprints
/// are removed with it by making them again from the stored document. Several processes may add at once: each batch takes
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

    /// Opens the index at `path`, or makes it there.
    ///
    /// Only a Palimpsest index is opened, and only a new file is made one: an existing file is first
    /// read through a read-only, immutable connection, which writes nothing to it or beside it, and
    /// one that is not an index (another application's database, an empty file) is refused as it is
    /// — no table added, no switch to write-ahead logging.
    /// - Parameters:
    ///   - settings: the settings to fingerprint with, recorded in a new index's header and checked
    ///     against an existing one's; nil to open an existing index only to read it.
    ///   - creating: whether a missing index is made (`index add`); a missing index is an error
    ///     otherwise, and always when `settings` is nil.
    /// - Throws: ``IndexError/settingsMismatch(_:)`` when the file was made with other settings;
    ///   ``IndexError/database(path:reason:)`` when there is no index at `path` and none is to be
    ///   made, when the file is not a Palimpsest index, when a write-ahead log lies beside a missing
    ///   or empty file (it would be replayed into a new index), and when the index cannot be made,
    ///   opened, migrated or read.
    public init(path: String, settings: AnalysisSettings?, creating: Bool) throws(IndexError) {
        self.path = path
        self.settings = settings
        banding = settings?.lshParameters
        try Self.refuseStrayLog(beside: path)
        if !FileManager.default.fileExists(atPath: path) {
            guard creating, let settings else {
                throw .database(path: path, reason: "no index here; make one with `palimpsest index add`")
            }
            try Self.create(path: path, settings: IndexSettings(settings))
        }
        try Self.requireIndex(at: path)
        do {
            database = try DatabasePool(path: path, configuration: Self.configuration)
            try Self.migrate(database)
        } catch {
            throw .database(path: path, reason: "cannot open the index: \(error)")
        }
        guard let settings else { return }
        // A check only reads: the header is always there, written when the index was made.
        let stored: IndexSettings
        do {
            stored = try database.read { db in try Self.storedSettings(db, path: path) }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot read the index header: \(error)")
        }
        let differences = stored.differences(from: IndexSettings(settings))
        guard differences.isEmpty else { throw .settingsMismatch(differences) }
        do {
            try markUnmarkedDocuments(settings: settings)
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot mark the documents indexed before marks: \(error)")
        }
    }

    /// How every connection is configured.
    private static var configuration: Configuration {
        var configuration = Configuration()
        // The fingerprint tables name their documents with foreign keys, which `verify` checks, but
        // SQLite does not enforce them: a check per row would look the document up for each of the
        // ~70 fingerprints a document adds, and a cascading delete needs an index by document,
        // another B-tree written per row. `remove` deletes fingerprints itself.
        configuration.foreignKeysEnabled = false
        // Another process adding a batch holds the write lock for that transaction only.
        configuration.busyMode = .timeout(60)
        // Fingerprints are keyed by hash, so each batch writes pages all over the mark and band
        // indexes: with SQLite's default 2 MB page cache most of those pages are read and written
        // again for every batch. 64 MB holds the hot pages of an index of a few hundred thousand
        // documents (the cache grows only as pages are used).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        return configuration
    }

    /// Refuses a write-ahead log (`-wal`) or its index (`-shm`) beside a missing or empty file: left
    /// by an index that was deleted or moved, SQLite would replay it into a new index made under
    /// that name, and the documents removed with the old index would come back.
    private static func refuseStrayLog(beside path: String) throws(IndexError) {
        let logs = ["-wal", "-shm"].map { path + $0 }.filter { (try? FileStatus(path: $0, followingLinks: false)) != nil }
        guard !logs.isEmpty else { return }
        // Looked at after the logs: an index another process is making is linked into place whole
        // before its log is made, so an index found now is one the logs belong to.
        if let index = try? FileStatus(path: path), index.size > 0 { return }
        let beside = FileManager.default.fileExists(atPath: path) ? "an empty file" : "no index"
        throw .database(path: path, reason: """
            \(logs.joined(separator: " and ")) lie beside \(beside): a write-ahead log left by an index that was deleted or moved, \
            which SQLite would replay into a new index here. Put that index back beside it, or remove \(logs.count == 1 ? "it" : "them") if that index is gone
            """)
    }

    /// Checks the file at `path` is a Palimpsest index — a regular file holding an SQLite database
    /// with its `header` (not empty) and `documents` tables — without changing anything in it or
    /// beside it. It is read through an immutable connection (see ``readsAsIndex(uri:)``), which
    /// takes no lock, ignores any write-ahead log and makes no `-wal`, `-shm` or `-journal` file.
    private static func requireIndex(at path: String) throws(IndexError) {
        let refusal = "palimpsest makes an index only in a new file and writes only to its own index; name another file"
        let status: FileStatus
        do {
            status = try FileStatus(path: path)
        } catch {
            throw .database(path: path, reason: "\(error.action): \(error.reason)")
        }
        guard status.kind == .regular else { throw .database(path: path, reason: "\(status.kind), not a palimpsest index; \(refusal)") }
        guard status.size > 0 else { throw .database(path: path, reason: "an empty file, not a palimpsest index; \(refusal)") }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let escaped = absolute.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3F").replacingOccurrences(of: "#", with: "%23")
        var attempt = 1
        while true {
            switch readsAsIndex(uri: "file:\(escaped)?mode=ro&immutable=1") {
            case .success(true):
                return
            case .success(false):
                throw .database(path: path, reason: "not a palimpsest index (an SQLite database without an index's tables); \(refusal)")
            case .failure where attempt < 3:
                // Read without a lock, a page another process is writing back may be read half-written.
                attempt += 1
                Thread.sleep(forTimeInterval: 0.05)
            case .failure(let failure):
                // A log beside the file may hold pages the file needs (a checkpoint that stopped at
                // a full disk wrote part of them back): then the file is read only together with its
                // log, read-only. Without a log the immutable answer stands, and nothing beside a
                // file that is not an index is ever touched.
                if let log = try? FileStatus(path: path + "-wal"), log.kind == .regular, log.size > 0,
                   case .success(true) = readsAsIndex(uri: "file:\(escaped)?mode=ro")
                {
                    return
                }
                throw .database(path: path, reason: "not a palimpsest index (cannot be read as an SQLite database: \(failure.message)); \(refusal)")
            }
        }
    }

    /// SQLite's message when a file could not be read as a database.
    private struct SQLiteReadFailure: Error {
        /// `sqlite3_errmsg`'s text.
        var message: String
    }

    /// Whether the database `uri` names has an index's tables: `header`, not empty, and `documents`.
    ///
    /// Opened through SQLite's C interface with `SQLITE_OPEN_URI`, not through GRDB: GRDB never
    /// passes that flag, so a URI given to it is read as one only where SQLite was built to take
    /// URIs by default, and elsewhere names no file — and falling back to an ordinary read-only
    /// connection makes `-wal` and `-shm` files beside a database in write-ahead-log mode.
    /// - Returns: the answer, or SQLite's message when the file cannot be opened or read.
    private static func readsAsIndex(uri: String) -> Result<Bool, SQLiteReadFailure> {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        let opened = sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let connection else {
            return .failure(SQLiteReadFailure(message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(opened))))
        }
        /// The first column of the first row `sql` gives, or nil when it fails.
        func firstInteger(_ sql: String) -> Int64? {
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
        guard let tables = firstInteger("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('header', 'documents')") else {
            return .failure(SQLiteReadFailure(message: String(cString: sqlite3_errmsg(connection))))
        }
        guard tables == 2 else { return .success(false) }
        guard let headed = firstInteger("SELECT EXISTS(SELECT 1 FROM header)") else {
            return .failure(SQLiteReadFailure(message: String(cString: sqlite3_errmsg(connection))))
        }
        return .success(headed == 1)
    }

    /// Makes a new index at `path` whole or not at all: schema and header go into a temporary file
    /// beside it, which is linked into place only when complete, so a run killed while creating
    /// the index leaves no half-made file under its name (and what such a run left beside it is
    /// removed by the next). When another process made the index first, its index stands and this
    /// one is dropped.
    ///
    /// The temporary file is written with a rollback journal, not a write-ahead log: every page
    /// committed is in the file itself, so a disk that fills up fails a commit (and the file is
    /// removed) where a write-ahead log's checkpoint on closing would fail unseen and leave a
    /// malformed file. It is checked whole before it takes the index's name.
    private static func create(path: String, settings: IndexSettings) throws(IndexError) {
        let target = URL(fileURLWithPath: path)
        TemporaryFile.removeAbandoned(for: target, kind: "creating")
        let temporary = TemporaryFile.path(for: target, kind: "creating")
        let leftovers = ["", "-journal", "-wal", "-shm"].map { temporary.path + $0 }
        defer { for file in leftovers { unlink(file) } }
        do {
            leftovers.forEach { unlink($0) }
            let queue = try DatabaseQueue(path: temporary.path, configuration: configuration)
            do {
                // 16 KB pages: a batch's fingerprints, keyed by hash, land on nearly every leaf of
                // their tables, and fewer, larger leaves are fewer pages to find, log and write back
                // (at 100k, `index add` 32 s → 25 s; 64 KB pages, 23 s, made each `check` 25% slower).
                try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA page_size = 16384") }
                try migrator.migrate(queue)
                try queue.write { try insertHeader(settings, into: $0) }
                let check = try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
                guard check == ["ok"] else { throw IndexError.database(path: path, reason: "the new index failed its check: \(check.joined(separator: "; "))") }
            } catch {
                try? queue.close()
                throw error
            }
            try queue.close()
        } catch {
            throw .database(path: path, reason: "cannot create the index (nothing was left under its name): \(error)")
        }
        // link() refuses to replace an index another process made meanwhile; file systems without
        // hard links (vfat, some network mounts) get a rename, which cannot tell.
        guard link(temporary.path, path) == 0 || errno == EEXIST || rename(temporary.path, path) == 0 else {
            throw .database(path: path, reason: "cannot create the index (nothing was left under its name): \(String(cString: strerror(errno)))")
        }
    }

    /// Records `settings` in a new index's empty header.
    private static func insertHeader(_ settings: IndexSettings, into db: Database) throws {
        for (key, value) in settings.values.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO header (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The settings in the header.
    /// - Throws: ``IndexError`` naming the row and column of a key or value that is not text, or a
    ///   key written twice.
    private static func storedSettings(_ db: Database, path: String) throws -> IndexSettings {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT rowid, key, value FROM header ORDER BY rowid") {
            let place = "row \(row["rowid"] as DatabaseValue)"
            let key: String = try column(row, "key", table: "header", place: place, path: path)
            let value: String = try column(row, "value", table: "header", place: "\(place) (key '\(key)')", path: path)
            guard values.updateValue(value, forKey: key) == nil else {
                throw IndexError.database(path: path, reason: "table header, \(place): key '\(key)' is recorded twice; the index is damaged")
            }
        }
        return IndexSettings(values: values)
    }

    /// The value of `name` in `row` of `table`, read as `Value`.
    /// - Throws: ``IndexError`` naming the table, the row (`place`) and the column when the value is
    ///   of another type — a damaged or hand-edited index — where reading it unchecked would trap.
    private static func column<Value: DatabaseValueConvertible>(
        _ row: Row, _ name: String, table: String, place: @autoclosure () -> String, path: String
    ) throws -> Value {
        do {
            return try row.decode(Value.self, forColumn: name)
        } catch {
            let expected = Value.self == String.self ? "text" : Value.self == Data.self ? "bytes" : Value.self == Double.self ? "a number" : "an integer"
            throw IndexError.database(path: path, reason: """
                table \(table), \(place()), column \(name): holds \(row[name] as DatabaseValue) where \(expected) belongs; \
                the index is damaged or was edited: restore it from a copy, or remove the row
                """)
        }
    }

    /// The document stored in `row` (its `number`, `id` and `document` columns), read back and its
    /// passages checked to lie inside its text.
    /// - Throws: ``IndexError`` naming the document and what is wrong with it.
    private static func storedDocument(_ row: Row, path: String) throws -> Document {
        let number: Int64 = try column(row, "number", table: "documents", place: "a row", path: path)
        let id: String = try column(row, "id", table: "documents", place: "row \(number)", path: path)
        let data: Data = try column(row, "document", table: "documents", place: "row \(number) (id '\(id)')", path: path)
        return try DocumentCoding.decode(data, storedAs: id, row: "row \(number)", in: path)
    }

    /// Brings the schema up to date. Two processes opening a new index at once both find it
    /// unmigrated; each migration is one transaction, so the one that loses the race fails whole and,
    /// tried again, finds the migrations the other applied.
    private static func migrate(_ database: some DatabaseWriter) throws {
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
        // v4: fingerprints are found by fingerprint only. The indexes by document, which deleting
        // and verifying used, doubled the B-trees every added fingerprint is written to; `remove`
        // and `verify` now make a document's fingerprints again and look each one up.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: "DROP INDEX bands_by_document; DROP INDEX passages_by_document; DROP INDEX marks_by_document")
        }
        return migrator
    }

    public func prepare(_ documents: [Document]) throws(IndexError) -> PreparedBatch {
        guard let settings, let banding else { throw .database(path: path, reason: "opened only to be read; open it with settings to add documents") }
        try IndexPolicy.requireStorable(documents, in: path)
        return AdditionPlan.prepare(documents, settings: settings, banding: banding)
    }

    public func add(_ prepared: PreparedBatch) async throws(IndexError) -> AddSummary {
        do {
            return try await database.writeWithoutTransaction { db -> AddSummary in
                var summary = AddSummary()
                // IMMEDIATE takes the write lock before reading, so another process adding at the same
                // time waits (see busyMode) instead of invalidating what this one read.
                try db.inTransaction(.immediate) {
                    let plan = AdditionPlan(
                        prepared,
                        indexed: try Self.indexedKeys(among: prepared.items.map(\.key), db), takenIDs: try Self.takenIDs(among: prepared.documents, db))
                    let insertDocument = try db.cachedStatement(sql: """
                        INSERT INTO documents (id, content_id, raw_content_id, location, site, published, added, document, marked)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """)
                    let insertBand = try db.cachedStatement(sql: "INSERT OR IGNORE INTO bands (band, bucket, document) VALUES (?, ?, ?)")
                    let insertPassage = try db.cachedStatement(sql: "INSERT OR IGNORE INTO passages (content_id, document, passage) VALUES (?, ?, ?)")
                    let now = Date().timeIntervalSince1970
                    // Fingerprints are keyed by hash: inserted in key order, batch by batch, each
                    // page of their indexes is visited once a batch instead of once a row.
                    var bands: [(band: Int, hash: Int64, document: Int64)] = []
                    var passages: [(id: ContentID, document: Int64, passage: Int)] = []
                    var marks: [(hash: Int64, document: Int64)] = []
                    for entry in plan.entries {
                        let source = entry.document.source
                        try insertDocument.execute(arguments: [
                            entry.document.id, entry.contentID, source.rawContentID?.description, source.location,
                            source.siteKey, source.published?.timeIntervalSince1970, now, entry.encoded,
                        ])
                        let number = db.lastInsertedRowID
                        bands += entry.fingerprints.bands.map { ($0.band, Int64(bitPattern: $0.hash), number) }
                        passages += entry.fingerprints.passageIDs.enumerated().map { ($1, number, $0) }
                        marks += entry.fingerprints.marks.map { (Int64(bitPattern: $0), number) }
                    }
                    bands.sort { ($0.band, $0.hash, $0.document) < ($1.band, $1.hash, $1.document) }
                    try Self.insert(bands, with: insertBand, db) { statement, row in
                        sqlite3_bind_int64(statement, 1, Int64(row.band)) == SQLITE_OK && sqlite3_bind_int64(statement, 2, row.hash) == SQLITE_OK
                            && sqlite3_bind_int64(statement, 3, row.document) == SQLITE_OK
                    }
                    passages.sort { ($0.id, $0.document, $0.passage) < ($1.id, $1.document, $1.passage) }
                    try Self.insert(passages, with: insertPassage, db) { statement, row in
                        row.id.digest.withUnsafeBytes { sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), Self.transient) } == SQLITE_OK
                            && sqlite3_bind_int64(statement, 2, row.document) == SQLITE_OK && sqlite3_bind_int64(statement, 3, Int64(row.passage)) == SQLITE_OK
                    }
                    try Self.insertMarks(marks, db)
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

    /// Stores marks, in key order (each page of the marks index is then visited once).
    private static func insertMarks(_ marks: [(hash: Int64, document: Int64)], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO marks (hash, document) VALUES (?, ?)")
        try insert(marks.sorted(by: { ($0.hash, $0.document) < ($1.hash, $1.document) }), with: statement, db) { statement, row in
            sqlite3_bind_int64(statement, 1, row.hash) == SQLITE_OK && sqlite3_bind_int64(statement, 2, row.document) == SQLITE_OK
        }
    }

    /// Runs an insert once per row, binding each row through SQLite's C interface. Fingerprint rows
    /// are two or three small values, some seventy a document: GRDB's arguments (an array of boxed
    /// values a row) cost more than SQLite's own work for them.
    /// - Parameter bind: binds one row's values to the statement's parameters; false when one cannot be.
    private static func insert<Fields>(_ rows: [Fields], with statement: GRDB.Statement, _ db: Database, bind: (SQLiteStatement, Fields) -> Bool) throws {
        let raw = statement.sqliteStatement
        for row in rows {
            // A value that cannot be bound (out of memory) would leave the last row's in its place.
            guard bind(raw, row) else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(raw)
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "cannot bind a fingerprint: \(message)", sql: statement.sql)
            }
            let code = sqlite3_step(raw)
            guard code == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(raw)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
            sqlite3_reset(raw)
        }
    }

    /// SQLite's `SQLITE_TRANSIENT`, which C defines as a cast of -1: bound bytes are copied at once.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Marks the documents an index from before marks holds (see migration v3), a thousand at a
    /// time, each thousand one transaction that reads what is still unmarked.
    private func markUnmarkedDocuments(settings: AnalysisSettings) throws {
        let path = path
        guard let banding, try database.read({ try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM documents WHERE marked = 0)") }) == true else { return }
        var after: Int64 = 0
        while true {
            let last = try database.writeWithoutTransaction { db -> Int64? in
                var last: Int64?
                try db.inTransaction(.immediate) {
                    let rows = try Row.fetchAll(
                        db, sql: "SELECT number, document FROM documents WHERE marked = 0 AND number > ? ORDER BY number LIMIT 1000", arguments: [after]
                    ).map { row in
                        let number: Int64 = try Self.column(row, "number", table: "documents", place: "a row", path: path)
                        let document: Data = try Self.column(row, "document", table: "documents", place: "row \(number)", path: path)
                        return (number: number, document: document)
                    }
                    // A document that cannot be read stays unmarked, and `verify` names it.
                    let marks = rows.concurrentMap { _, row in
                        (try? DocumentCoding.decode(row.document)).map { DocumentFingerprints($0, settings: settings, banding: banding).marks }
                    }
                    for (row, marks) in zip(rows, marks) {
                        let number = row.number
                        last = number
                        guard let marks else { continue }
                        try Self.insertMarks(marks.map { (Int64(bitPattern: $0), number) }, db)
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
            return try await database.read { [path] db in
                try Row.fetchAll(db, sql: "SELECT number, id, document FROM documents ORDER BY number").map { row in
                    try Self.storedDocument(row, path: path)
                }
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot read documents: \(error)")
        }
    }

    public func remove(ids: [String], before: Date?) async throws(IndexError) -> Int {
        let path = path
        do {
            return try await database.write { db -> Int in
                var numbers = Set<Int64>()
                // No stored id holds a NUL (see IndexPolicy.refusal(of:)); bound, such an id would be cut at it.
                let byID = try db.cachedStatement(sql: "SELECT number FROM documents WHERE id = ?")
                for id in ids where !id.unicodeScalars.contains("\0") { numbers.formUnion(try Int64.fetchAll(byID, arguments: [id])) }
                if let before {
                    numbers.formUnion(try Int64.fetchAll(
                        db, sql: "SELECT number FROM documents WHERE COALESCE(published, added) < ?", arguments: [before.timeIntervalSince1970]))
                }
                let check = FingerprintCheck(header: try Self.storedSettings(db, path: path))
                // A thousand documents at a time: what is held is their bytes and fingerprints, not
                // those of every document an expiry removes.
                let sorted = numbers.sorted()
                for start in stride(from: 0, to: sorted.count, by: 1000) {
                    let chunk = sorted[start..<min(start + 1000, sorted.count)]
                    let rows = try Row.fetchAll(db, sql: "SELECT number, document, marked FROM documents WHERE number IN (\(chunk.map(String.init).joined(separator: ",")))")
                    let stored = try rows.map { row in
                        let number: Int64 = try Self.column(row, "number", table: "documents", place: "a row", path: path)
                        return (
                            number: number, document: try Self.column(row, "document", table: "documents", place: "row \(number)", path: path) as Data,
                            marked: try Self.column(row, "marked", table: "documents", place: "row \(number)", path: path) as Int64 != 0)
                    }
                    let fingerprints = stored.concurrentMap { _, row in check?.fingerprints(ofStored: row.document) }
                    var unaccounted: [Int64] = []
                    for (row, fingerprints) in zip(stored, fingerprints) {
                        if let fingerprints, try Self.deleteFingerprints(fingerprints, marked: row.marked, of: row.number, db) { continue }
                        unaccounted.append(row.number)
                    }
                    // Rows not made again from the stored document — bytes that cannot be read back,
                    // or fingerprints stored otherwise — are looked for in every row instead.
                    if !unaccounted.isEmpty {
                        let list = unaccounted.map(String.init).joined(separator: ",")
                        for table in ["bands", "passages", "marks"] { try db.execute(sql: "DELETE FROM \(table) WHERE document IN (\(list))") }
                    }
                    try db.execute(sql: "DELETE FROM documents WHERE number IN (\(chunk.map(String.init).joined(separator: ",")))")
                }
                return sorted.count
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot remove documents (nothing was removed): \(error)")
        }
    }

    /// Deletes a document's fingerprints by their keys, made again from the stored document.
    /// - Parameter marked: whether the document has marks (see migration v3).
    /// - Returns: whether every fingerprint expected was there to delete; when not, the document
    ///   was stored with other fingerprints, and its rows are to be looked for by document.
    private static func deleteFingerprints(_ fingerprints: DocumentFingerprints, marked: Bool, of number: Int64, _ db: Database) throws -> Bool {
        var deleted = 0
        let band = try db.cachedStatement(sql: "DELETE FROM bands WHERE band = ? AND bucket = ? AND document = ?")
        for (index, hash) in fingerprints.bands {
            try band.execute(arguments: [index, Int64(bitPattern: hash), number])
            deleted += db.changesCount
        }
        let passage = try db.cachedStatement(sql: "DELETE FROM passages WHERE content_id = ? AND document = ?")
        for id in Set(fingerprints.passageIDs) {
            try passage.execute(arguments: [Data(id.digest), number])
            deleted += db.changesCount
        }
        if marked {
            let mark = try db.cachedStatement(sql: "DELETE FROM marks WHERE hash = ? AND document = ?")
            for hash in fingerprints.marks {
                try mark.execute(arguments: [Int64(bitPattern: hash), number])
                deleted += db.changesCount
            }
        }
        return deleted == fingerprints.bands.count + fingerprints.passageIDs.count + (marked ? fingerprints.marks.count : 0)
    }

    public func verify() async throws(IndexError) -> [String] {
        let path = path
        do {
            return try await database.read { db -> [String] in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "a fingerprint in \(String.fromDatabaseValue($0[0]) ?? "?") points at no document" }
                let header = try Self.storedSettings(db, path: path)
                try header.requireReadable(in: path)
                guard let check = FingerprintCheck(header: header) else {
                    return problems + ["the header does not record settings this version can fingerprint with"]
                }
                // How many fingerprints each document has, in one pass over each table; each expected
                // fingerprint is then looked up by its key.
                var counts: [Int64: FingerprintCheck.Counts] = [:]
                for (table, kind) in [("bands", \FingerprintCheck.Counts.bands), ("passages", \.passages), ("marks", \.marks)] {
                    let rows = try Row.fetchCursor(db, sql: "SELECT document, COUNT(*) AS rows FROM \(table) GROUP BY document")
                    while let row = try rows.next() {
                        let number: Int64 = try Self.column(row, "document", table: table, place: "a row", path: path)
                        counts[number, default: .init()][keyPath: kind] = try Self.column(row, "rows", table: table, place: "a count", path: path)
                    }
                }
                let band = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM bands WHERE band = ? AND bucket = ? AND document = ?)")
                let passage = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM passages WHERE content_id = ? AND document = ? AND passage = ?)")
                let mark = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM marks WHERE hash = ? AND document = ?)")
                let documents = try Row.fetchCursor(db, sql: "SELECT number, id, content_id, document, marked FROM documents ORDER BY number")
                while let row = try documents.next() {
                    let number: Int64 = try Self.column(row, "number", table: "documents", place: "a row", path: path)
                    let id: String = try Self.column(row, "id", table: "documents", place: "row \(number)", path: path)
                    let place = "row \(number) (id '\(id)')"
                    if try Self.column(row, "marked", table: "documents", place: place, path: path) as Int64 == 0 {
                        problems.append("\(id): not yet marked (open the index with its settings, as `index add` does, to mark it)")
                        continue
                    }
                    problems += try check.problems(FingerprintCheck.Stored(
                        id: id, data: try Self.column(row, "document", table: "documents", place: place, path: path),
                        contentID: try Self.column(row, "content_id", table: "documents", place: place, path: path),
                        counts: counts[number] ?? .init(),
                        holds: { fingerprint in
                            switch fingerprint {
                            case .band(let index, let bucket):
                                try Bool.fetchOne(band, arguments: [index, Int64(bitPattern: bucket), number]) == true
                            case .passage(let contentID, let index):
                                try Bool.fetchOne(passage, arguments: [Data(contentID), number, index]) == true
                            case .mark(let hash):
                                try Bool.fetchOne(mark, arguments: [Int64(bitPattern: hash), number]) == true
                            }
                        }))
                }
                return problems
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot verify the index: \(error)")
        }
    }

    public func candidates(for document: Document) async throws(IndexError) -> [Document] {
        guard let settings, let banding else { throw .database(path: path, reason: "opened only to be read; open it with settings to check documents") }
        let fingerprint = DocumentFingerprints(document, settings: settings, banding: banding)
        let path = path
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
                var published: [Int64: Double] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT number, published FROM documents WHERE published IS NOT NULL AND number IN (\(candidates))") {
                    let number: Int64 = try Self.column(row, "number", table: "documents", place: "a row", path: path)
                    published[number] = try Self.column(row, "published", table: "documents", place: "row \(number)", path: path)
                }
                var numbers = CandidateSelection.choose(evidence, published: published)
                // Boilerplate is learned per site: from the input's site, and from the sites of its
                // strongest candidates, whose chrome would otherwise count against their likeness.
                let strongest = CandidateSelection.strongestFirst(numbers, evidence: evidence)
                var siteOf: [Int64: String] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT number, site FROM documents WHERE site IS NOT NULL AND number IN (\(strongest.map(String.init).joined(separator: ",")))"
                ) {
                    let number: Int64 = try Self.column(row, "number", table: "documents", place: "a row", path: path)
                    siteOf[number] = try Self.column(row, "site", table: "documents", place: "row \(number)", path: path)
                }
                for (site, pages) in IndexPolicy.contextSites(checked: document.source.siteKey, candidates: strongest.compactMap { siteOf[$0] }) {
                    numbers.formUnion(try Int64.fetchAll(
                        db, sql: "SELECT number FROM documents WHERE site = ? ORDER BY number DESC LIMIT ?", arguments: [site, pages]))
                }
                // A fingerprint naming no document (a row a damaged or hand-edited index kept, which
                // `verify` reports) brings nothing: the read is one snapshot, so nothing vanishes in it.
                return try numbers.sorted().compactMap { number in
                    try Row.fetchOne(db, sql: "SELECT number, id, document FROM documents WHERE number = ?", arguments: [number]).map { try Self.storedDocument($0, path: path) }
                }
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot find candidates: \(error)")
        }
    }

    public func statistics() async throws(IndexError) -> IndexStatistics {
        let path = path
        do {
            let (documents, passages, sites, bands, marks, header) = try await database.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documents") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM passages") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT site) FROM documents") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bands") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM marks") ?? 0,
                    try Self.storedSettings(db, path: path)
                )
            }
            let bytes = [path, path + "-wal"].reduce(Int64(0)) { total, file in
                total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0)
            }
            return IndexStatistics(
                documents: documents, passages: passages, sites: sites, bandEntries: bands, marks: marks, bytes: bytes,
                settings: header)
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: path, reason: "cannot read statistics: \(error)")
        }
    }

    /// Folds the write-ahead log into the database file and closes every connection, so that when
    /// the command is done the `.sqlite` file alone holds the whole index (a copy of it is a copy of
    /// the index) and no `-wal` or `-shm` file is left beside it. The read-only connections close
    /// first: SQLite removes the log when the last connection closes, but only a connection that
    /// may write can. While another process has the index open, the log stays for it to fold in.
    /// - Throws: ``IndexError/database(path:reason:)`` when the log cannot be folded in (a full
    ///   disk) or a connection cannot be closed; what was added is then still in the log, which
    ///   SQLite replays when the index is next opened, as long as it stays beside the index.
    public func finishAndClose() async throws(IndexError) {
        let keep = "what was added is kept in \(path)-wal: leave it beside the index, free some space, and open the index again (`palimpsest index verify`) to fold it in"
        database.releaseMemory()
        do {
            try await database.writeWithoutTransaction { db in
                // Wait briefly for other processes' readers and writers, not the minute a batch may wait.
                try db.execute(sql: "PRAGMA busy_timeout = 2000")
                do {
                    try db.checkpoint(.truncate)
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    // Another process is using the index; it folds the log in when it closes.
                }
            }
        } catch {
            try? database.close()
            throw .database(path: path, reason: "cannot fold the write-ahead log into the index: \(error); \(keep)")
        }
        do {
            try database.close()
        } catch {
            throw .database(path: path, reason: "cannot close the index: \(error); \(keep)")
        }
    }

    public func close() async {
        try? await finishAndClose()
    }
}
