#if Postgres
import Foundation
import PalimpsestCore
import PostgresNIO

/// The shared index: a PostgreSQL database through postgres-nio, which many workers on many
/// machines may add to at once.
///
/// The tables are those of ``SQLiteIndexStore`` (header, documents, bands, passages, marks; here the
/// fingerprints cascade with their document, each table indexed by document too), in the schema the address names, versioned in a `migrations`
/// table. Each batch is one transaction, written with a handful of statements over arrays rather
/// than a round trip per row. Concurrent workers stay apart by what they could collide on:
/// migrations and the header under one advisory lock, each batch's ids under per-id advisory locks
/// (so two texts with one id get distinct suffixes), and a document's text and location under a
/// unique constraint (so a text added by two workers at once is stored once). Clusters and origins
/// are never written, so no lock is needed for them: see ``IndexStore``.
public final class PostgresIndexStore: IndexStore {
    /// Where the database is.
    public let address: PostgresAddress
    /// The settings fingerprints are made with; nil for an index opened only to be read.
    public let settings: AnalysisSettings?
    private let banding: LSHParameters?
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger

    /// The address, without its password.
    public var name: String { address.description }

    /// How long connecting may take before the server counts as unreachable.
    static let connectTimeout: Duration = .seconds(5)

    /// Connects to the database, making the schema and tables if missing and `creating`.
    /// - Parameters:
    ///   - settings: the settings to fingerprint with, recorded in a new index's header and checked
    ///     against an existing one's; nil to open an existing index only to read it.
    ///   - creating: whether a missing index is made (`index add`); otherwise it is an error.
    /// - Throws: ``IndexError/settingsMismatch(_:)`` when the index was made with other settings;
    ///   ``IndexError/database(path:reason:)`` when the server cannot be reached or the tables made,
    ///   or when `settings` is nil and the database holds no index.
    public init(address: PostgresAddress, settings: AnalysisSettings?, creating: Bool) async throws(IndexError) {
        self.address = address
        self.settings = settings
        banding = settings?.lshParameters
        let name = address.description
        var logger = Logger(label: "palimpsest.index.postgres")
        // postgres-nio's own messages would go to standard output; failures come back as errors.
        logger.logLevel = .critical
        self.logger = logger
        // One direct connection first: an unreachable server or a refused login is reported at once,
        // where the pool would keep retrying for about a minute.
        var connection = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try Self.connectionTLS(address.tls, name: name))
        connection.options.connectTimeout = .seconds(Self.connectTimeout.components.seconds)
        do {
            let probe = try await PostgresConnection.connect(configuration: connection, id: 0, logger: logger)
            try? await probe.close()
        } catch {
            throw .database(path: name, reason: "cannot connect: \(Self.describe(error))")
        }
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try Self.clientTLS(address.tls, name: name))
        configuration.options.connectTimeout = Self.connectTimeout
        configuration.options.maximumConnections = 4
        configuration.options.additionalStartupParameters = [("search_path", "\"\(address.schema)\"")]
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        running = Task { [client] in await client.run() }
        do {
            try await prepare(creating: creating)
        } catch {
            running.cancel()
            _ = await running.result
            throw error
        }
    }

    deinit {
        // A store dropped without `close()` (a failed test, say) still stops its pool.
        running.cancel()
    }

    /// TLS for the first, direct connection, as `sslmode` asks.
    private static func connectionTLS(_ mode: PostgresAddress.TLSMode, name: String) throws(IndexError) -> PostgresConnection.Configuration.TLS {
        do {
            switch mode {
            case .disable: return .disable
            case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw .database(path: name, reason: "cannot set up TLS: \(error)")
        }
    }

    /// TLS for the pool's connections, as `sslmode` asks.
    private static func clientTLS(_ mode: PostgresAddress.TLSMode, name: String) throws(IndexError) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// The schema, one migration per version (a statement at a time: the extended protocol takes one).
    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            "CREATE TABLE header (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE documents (
                number BIGSERIAL PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                content_id TEXT NOT NULL,
                raw_content_id TEXT,
                location TEXT NOT NULL,
                site TEXT,
                published DOUBLE PRECISION,
                added DOUBLE PRECISION NOT NULL,
                document BYTEA NOT NULL,
                UNIQUE (content_id, location)
            )
            """,
            "CREATE INDEX documents_by_site ON documents (site, number)",
            "CREATE INDEX documents_by_id_bytes ON documents (id COLLATE \"C\")",
            """
            CREATE TABLE bands (
                band SMALLINT NOT NULL,
                bucket BIGINT NOT NULL,
                document BIGINT NOT NULL REFERENCES documents (number) ON DELETE CASCADE,
                PRIMARY KEY (band, bucket, document)
            )
            """,
            "CREATE INDEX bands_by_document ON bands (document)",
            """
            CREATE TABLE passages (
                content_id BYTEA NOT NULL,
                document BIGINT NOT NULL REFERENCES documents (number) ON DELETE CASCADE,
                passage INTEGER NOT NULL,
                PRIMARY KEY (content_id, document, passage)
            )
            """,
            "CREATE INDEX passages_by_document ON passages (document)",
            """
            CREATE TABLE marks (
                hash BIGINT NOT NULL,
                document BIGINT NOT NULL REFERENCES documents (number) ON DELETE CASCADE,
                PRIMARY KEY (hash, document)
            )
            """,
            "CREATE INDEX marks_by_document ON marks (document)",
        ]),
    ]

    /// An advisory lock key for schema changes, the same for every worker on this schema.
    private var schemaLock: Int64 { Self.lockKey("palimpsest schema \(address.schema)") }

    /// Makes the schema and runs missing migrations; records or checks the header.
    private func prepare(creating: Bool) async throws(IndexError) {
        let requested = settings.map(IndexSettings.init)
        let differences: [String]
        do {
            differences = try await client.withTransaction(logger: logger) { connection -> [String] in
                // Tables are made only when something is missing: a role that may read and write an
                // index someone else made, but not create schemas, opens it.
                let quoted = "\"\(address.schema)\""
                let made = try await connection.rows("SELECT to_regclass(\(quoted + ".migrations")) IS NOT NULL", logger: logger)
                    .decode(Bool.self).collected().first ?? false
                let applied = made ? Set(try await connection.rows("SELECT version FROM migrations", logger: logger).decode(Int.self).collected()) : []
                if !made, !creating {
                    throw IndexError.database(path: name, reason: "no index in schema \(address.schema); make one with `palimpsest index add`")
                }
                if Self.migrations.contains(where: { !applied.contains($0.version) }) {
                    // One worker at a time: the others wait, then find the tables made.
                    try await connection.query("SELECT pg_advisory_xact_lock(\(schemaLock))", logger: logger)
                    try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: quoted)", logger: logger)
                    try await connection.query("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
                    let applied = Set(try await connection.rows("SELECT version FROM migrations", logger: logger).decode(Int.self).collected())
                    for migration in Self.migrations where !applied.contains(migration.version) {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query("INSERT INTO migrations (version) VALUES (\(migration.version))", logger: logger)
                    }
                }
                guard let requested else { return [] }
                let rows = try await connection.rows("SELECT key, value FROM header", logger: logger).decode((String, String).self).collected()
                if rows.isEmpty {
                    let keys = Array(requested.values.keys), values = keys.map { requested.values[$0]! }
                    try await connection.query("INSERT INTO header (key, value) SELECT * FROM unnest(\(keys)::text[], \(values)::text[])", logger: logger)
                    return []
                }
                return IndexSettings(values: Dictionary(uniqueKeysWithValues: rows)).differences(from: requested)
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot open the index")
        }
        guard differences.isEmpty else { throw .settingsMismatch(differences) }
    }

    public func prepare(_ documents: [Document]) throws(IndexError) -> PreparedBatch {
        guard let settings, let banding else { throw .database(path: name, reason: "opened only to be read; open it with settings to add documents") }
        // PostgreSQL text cannot hold NUL: such a document is refused here as the SQLite store refuses it.
        try IndexPolicy.requireStorable(documents, in: name)
        return AdditionPlan.prepare(documents, settings: settings, banding: banding)
    }

    public func add(_ prepared: PreparedBatch) async throws(IndexError) -> AddSummary {
        let documents = prepared.documents
        // Two workers adding one text under different ids can deadlock on the unique constraint;
        // the server cancels one of them, which is rolled back and tried again.
        var attempt = 1
        while true {
            do {
                return try await addBatch(documents, prepared: prepared)
            } catch {
                guard attempt < 4, Self.isTransient(error) else {
                    throw Self.indexError(error, name: name, doing: "cannot add documents (nothing of this batch was kept)")
                }
                attempt += 1
            }
        }
    }

    /// One attempt at adding a batch, in one transaction.
    private func addBatch(_ documents: [Document], prepared: PreparedBatch) async throws -> AddSummary {
        try await client.withTransaction(logger: logger) { connection -> AddSummary in
            // Ids are locked in one order (sorted keys), so two workers never wait on each other in a cycle.
            let idLocks = Set(documents.map { Self.lockKey("palimpsest id \($0.id)") }).sorted()
            try await connection.query("SELECT pg_advisory_xact_lock(k) FROM unnest(\(idLocks)::bigint[]) AS k ORDER BY k", logger: logger)
            let plan = AdditionPlan(
                prepared,
                indexed: try await indexedKeys(among: prepared.items.map(\.key), connection), takenIDs: try await takenIDs(among: documents, connection))
            guard !plan.entries.isEmpty else { return plan.summary }
            let now = Date().timeIntervalSince1970
            let entries = plan.entries
            // Optional columns travel as arrays of sentinels ("" and NaN), turned back into NULL.
            let inserted = try await connection.rows("""
                INSERT INTO documents (id, content_id, raw_content_id, location, site, published, added, document)
                SELECT id, content_id, NULLIF(raw_content_id, ''), location, NULLIF(site, ''), NULLIF(published, 'NaN'), \(now), document
                FROM unnest(\(entries.map(\.document.id))::text[], \(entries.map(\.contentID))::text[],
                            \(entries.map { $0.document.source.rawContentID?.description ?? "" })::text[],
                            \(entries.map(\.document.source.location))::text[],
                            \(entries.map { $0.document.source.siteKey ?? "" })::text[],
                            \(entries.map { $0.document.source.published?.timeIntervalSince1970 ?? .nan })::float8[],
                            \(entries.map { ByteBuffer(bytes: $0.encoded) })::bytea[])
                    AS new (id, content_id, raw_content_id, location, site, published, document)
                -- A text another worker stored since the plan was made is skipped here.
                ON CONFLICT (content_id, location) DO NOTHING
                RETURNING number, id
                """, logger: logger).decode((Int64, String).self).collected()
            let numbers = Dictionary(uniqueKeysWithValues: inserted.map { ($0.1, $0.0) })
            var bands: (band: [Int16], bucket: [Int64], document: [Int64]) = ([], [], [])
            var passages: (id: [ByteBuffer], document: [Int64], passage: [Int32]) = ([], [], [])
            var marks: (hash: [Int64], document: [Int64]) = ([], [])
            for entry in entries {
                guard let number = numbers[entry.document.id] else { continue }
                for (band, hash) in entry.fingerprints.bands {
                    bands.band.append(Int16(band)); bands.bucket.append(Int64(bitPattern: hash)); bands.document.append(number)
                }
                for (passage, id) in entry.fingerprints.passageIDs.enumerated() {
                    passages.id.append(ByteBuffer(bytes: id.digest)); passages.document.append(number); passages.passage.append(Int32(passage))
                }
                for mark in entry.fingerprints.marks {
                    marks.hash.append(Int64(bitPattern: mark)); marks.document.append(number)
                }
            }
            try await connection.query("""
                INSERT INTO bands (band, bucket, document)
                SELECT * FROM unnest(\(bands.band)::smallint[], \(bands.bucket)::bigint[], \(bands.document)::bigint[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query("""
                INSERT INTO passages (content_id, document, passage)
                SELECT * FROM unnest(\(passages.id)::bytea[], \(passages.document)::bigint[], \(passages.passage)::integer[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query("""
                INSERT INTO marks (hash, document)
                SELECT * FROM unnest(\(marks.hash)::bigint[], \(marks.document)::bigint[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
            var summary = plan.summary
            let raced = entries.count - inserted.count
            summary.added -= raced
            summary.alreadyIndexed += raced
            summary.renamed.removeAll { numbers[$0.storedAs] == nil }
            return summary
        }
    }

    /// Whether `error` is a deadlock, a serialisation failure or a unique id taken meanwhile, which
    /// succeed when the batch is planned and tried again.
    static func isTransient(_ error: any Error) -> Bool {
        let inner = (error as? PostgresTransactionError)?.closureError ?? (error as? PostgresTransactionError)?.commitError ?? error
        guard let state = (inner as? PSQLError)?.serverInfo?[.sqlState] else { return false }
        // 23505: an id another worker took under another id's lock (an input id that looks suffixed).
        return state == "40P01" || state == "40001" || state == "23505"
    }

    /// The pairs among `keys` already indexed.
    private func indexedKeys(among keys: [StoredKey], _ connection: PostgresConnection) async throws -> Set<StoredKey> {
        let rows = try await connection.rows("""
            SELECT d.content_id, d.location FROM documents d
            JOIN unnest(\(keys.map(\.contentID))::text[], \(keys.map(\.location))::text[]) AS wanted (content_id, location)
              ON d.content_id = wanted.content_id AND d.location = wanted.location
            """, logger: logger).decode((String, String).self).collected()
        return Set(rows.map { StoredKey(contentID: $0.0, location: $0.1) })
    }

    /// The ids in use among `documents`' ids and their suffixed forms (`id#2`, …).
    private func takenIDs(among documents: [Document], _ connection: PostgresConnection) async throws -> Set<String> {
        // Compared byte by byte (the "C" collation, indexed): "id#…" are the ids in ["id#", "id$").
        let ids = Array(Set(documents.map(\.id)))
        return Set(try await connection.rows("""
            SELECT d.id FROM unnest(\(ids)::text[]) AS wanted (id) JOIN documents d ON d.id = wanted.id
            UNION
            SELECT d.id FROM unnest(\(ids)::text[]) AS wanted (id)
            JOIN documents d ON d.id COLLATE "C" >= wanted.id || '#' AND d.id COLLATE "C" < wanted.id || '$'
            """, logger: logger).decode(String.self).collected())
    }

    public func documents() async throws(IndexError) -> [Document] {
        do {
            return try await client.withConnection { connection in
                try await connection.rows("SELECT number, id, document FROM documents ORDER BY number", logger: logger)
                    .decode((Int64, String, ByteBuffer).self).collected().map { row in
                        try DocumentCoding.decode(Data(row.2.readableBytesView), storedAs: row.1, row: "row \(row.0)", in: name)
                    }
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot read documents")
        }
    }

    public func remove(ids: [String], before: Date?) async throws(IndexError) -> Int {
        do {
            return try await client.withTransaction(logger: logger) { connection -> Int in
                // No stored id holds a NUL (see IndexPolicy.refusal(of:)), and the server refuses one as a parameter.
                let ids = ids.filter { !$0.unicodeScalars.contains("\0") }
                var numbers = try await connection.rows("DELETE FROM documents WHERE id = ANY(\(ids)::text[]) RETURNING number", logger: logger)
                    .decode(Int64.self).collected()
                if let before {
                    numbers += try await connection.rows(
                        "DELETE FROM documents WHERE COALESCE(published, added) < \(before.timeIntervalSince1970) RETURNING number", logger: logger
                    ).decode(Int64.self).collected()
                }
                return numbers.count
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot remove documents (nothing was removed)")
        }
    }

    public func verify() async throws(IndexError) -> [String] {
        do {
            return try await client.withTransaction(logger: logger) { connection -> [String] in
                // One snapshot for every table: a document removed meanwhile is not taken for damage.
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                var problems: [String] = []
                for table in ["bands", "passages", "marks"] {
                    let orphans = try await connection.rows(PostgresQuery(unsafeSQL: """
                        SELECT COUNT(*) FROM \(table) t WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.number = t.document)
                        """), logger: logger).decode(Int.self).collected().first ?? 0
                    if orphans > 0 { problems.append("\(orphans) fingerprint(s) in \(table) point at no document") }
                }
                let rows = try await connection.rows("SELECT key, value FROM header", logger: logger).decode((String, String).self).collected()
                let header = IndexSettings(values: Dictionary(uniqueKeysWithValues: rows))
                try header.requireReadable(in: name)
                guard let check = FingerprintCheck(header: header) else {
                    return problems + ["the header does not record settings this version can fingerprint with"]
                }
                // Every fingerprint of every document, gathered per document in one pass over each table.
                var documents: [(number: Int64, id: String, contentID: String, data: Data)] = []
                var stored: [Int64: Set<FingerprintCheck.Fingerprint>] = [:]
                var counts: [Int64: FingerprintCheck.Counts] = [:]
                for try await (number, id, contentID, document) in try await connection.rows(
                    "SELECT number, id, content_id, document FROM documents ORDER BY number", logger: logger
                ).decode((Int64, String, String, ByteBuffer).self) {
                    documents.append((number, id, contentID, Data(document.readableBytesView)))
                }
                for try await (number, band, bucket) in try await connection.rows("SELECT document, band, bucket FROM bands", logger: logger).decode((Int64, Int16, Int64).self) {
                    stored[number, default: []].insert(.band(band: Int(band), bucket: UInt64(bitPattern: bucket)))
                    counts[number, default: .init()].bands += 1
                }
                for try await (number, id, passage) in try await connection.rows("SELECT document, content_id, passage FROM passages", logger: logger).decode((Int64, ByteBuffer, Int32).self) {
                    stored[number, default: []].insert(.passage(contentID: Array(id.readableBytesView), passage: Int(passage)))
                    counts[number, default: .init()].passages += 1
                }
                for try await (number, hash) in try await connection.rows("SELECT document, hash FROM marks", logger: logger).decode((Int64, Int64).self) {
                    stored[number, default: []].insert(.mark(UInt64(bitPattern: hash)))
                    counts[number, default: .init()].marks += 1
                }
                for document in documents {
                    let held = stored[document.number] ?? []
                    problems += try check.problems(FingerprintCheck.Stored(
                        id: document.id, data: document.data, contentID: document.contentID, counts: counts[document.number] ?? .init(),
                        holds: { held.contains($0) }))
                }
                return problems
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot verify the index")
        }
    }

    public func candidates(for document: Document) async throws(IndexError) -> [Document] {
        guard let settings, let banding else { throw .database(path: name, reason: "opened only to be read; open it with settings to check documents") }
        let fingerprint = DocumentFingerprints(document, settings: settings, banding: banding)
        do {
            return try await client.withConnection { connection -> [Document] in
                var evidence: [Int64: CandidateSelection.Evidence] = [:]
                let bandHolders = try await connection.rows("""
                    SELECT wanted.band, b.document FROM bands b
                    JOIN unnest(\(fingerprint.bands.map { Int16($0.band) })::smallint[], \(fingerprint.bands.map { Int64(bitPattern: $0.hash) })::bigint[])
                        AS wanted (band, bucket) ON b.band = wanted.band AND b.bucket = wanted.bucket
                    """, logger: logger).decode((Int16, Int64).self).collected()
                // Each passage's and mark's holders, up to one past the limit: one past it is furniture.
                let limit = IndexPolicy.commonFingerprintDocuments + 1
                let passageHolders = try await connection.rows("""
                    SELECT wanted.id, held.document FROM unnest(\(Set(fingerprint.passageIDs).map { ByteBuffer(bytes: $0.digest) })::bytea[]) AS wanted (id)
                    CROSS JOIN LATERAL (SELECT DISTINCT document FROM passages WHERE content_id = wanted.id LIMIT \(limit)) AS held
                    """, logger: logger).decode((ByteBuffer, Int64).self).collected()
                let markHolders = try await connection.rows("""
                    SELECT wanted.hash, held.document FROM unnest(\(fingerprint.marks.map { Int64(bitPattern: $0) })::bigint[]) AS wanted (hash)
                    CROSS JOIN LATERAL (SELECT document FROM marks WHERE hash = wanted.hash LIMIT \(limit)) AS held
                    """, logger: logger).decode((Int64, Int64).self).collected()
                for group in Dictionary(grouping: bandHolders, by: \.0).values { CandidateSelection.note(group.map(\.1), in: &evidence, \.bands, furniture: false) }
                for group in Dictionary(grouping: passageHolders, by: \.0).values { CandidateSelection.note(group.map(\.1), in: &evidence, \.passages) }
                for group in Dictionary(grouping: markHolders, by: \.0).values { CandidateSelection.note(group.map(\.1), in: &evidence, \.marks) }
                let published = Dictionary(uniqueKeysWithValues: try await connection.rows(
                    "SELECT number, published FROM documents WHERE published IS NOT NULL AND number = ANY(\(Array(evidence.keys))::bigint[])", logger: logger
                ).decode((Int64, Double).self).collected())
                var numbers = CandidateSelection.choose(evidence, published: published)
                // Boilerplate is learned per site: from the input's site, and from the sites of its
                // strongest candidates, whose chrome would otherwise count against their likeness.
                let strongest = CandidateSelection.strongestFirst(numbers, evidence: evidence)
                let siteOf = Dictionary(uniqueKeysWithValues: try await connection.rows(
                    "SELECT number, site FROM documents WHERE site IS NOT NULL AND number = ANY(\(strongest)::bigint[])", logger: logger
                ).decode((Int64, String).self).collected())
                let sites = IndexPolicy.contextSites(checked: document.source.siteKey, candidates: strongest.compactMap { siteOf[$0] })
                numbers.formUnion(try await connection.rows("""
                    SELECT latest.number FROM unnest(\(sites.map(\.site))::text[], \(sites.map(\.pages))::integer[]) AS wanted (site, pages)
                    CROSS JOIN LATERAL (SELECT number FROM documents WHERE site = wanted.site ORDER BY number DESC LIMIT wanted.pages) AS latest
                    """, logger: logger).decode(Int64.self).collected())
                return try await connection.rows(
                    "SELECT number, id, document FROM documents WHERE number = ANY(\(Array(numbers))::bigint[]) ORDER BY number", logger: logger
                ).decode((Int64, String, ByteBuffer).self).collected().map { row in
                    try DocumentCoding.decode(Data(row.2.readableBytesView), storedAs: row.1, row: "row \(row.0)", in: name)
                }
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot find candidates")
        }
    }

    public func statistics() async throws(IndexError) -> IndexStatistics {
        do {
            return try await client.withConnection { connection -> IndexStatistics in
                let counts = try await connection.rows("""
                    SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM passages),
                           (SELECT COUNT(DISTINCT site) FROM documents), (SELECT COUNT(*) FROM bands), (SELECT COUNT(*) FROM marks),
                           (SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = \(address.schema) AND c.relname IN ('header', 'documents', 'bands', 'passages', 'marks'))::bigint
                    """, logger: logger).decode((Int, Int, Int, Int, Int, Int64).self).collected()
                let header = try await connection.rows("SELECT key, value FROM header", logger: logger).decode((String, String).self).collected()
                let (documents, passages, sites, bands, marks, bytes) = counts[0]
                return IndexStatistics(
                    documents: documents, passages: passages, sites: sites, bandEntries: bands, marks: marks, bytes: bytes,
                    settings: IndexSettings(values: Dictionary(uniqueKeysWithValues: header)))
            }
        } catch {
            throw Self.indexError(error, name: name, doing: "cannot read statistics")
        }
    }

    public func close() async {
        running.cancel()
        _ = await running.result
    }

    /// A 64-bit advisory lock key for `text`: the first 8 bytes of its SHA-256.
    static func lockKey(_ text: String) -> Int64 {
        SHA256.digest(utf8: text).digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// `error` as an ``IndexError``: an ``IndexError`` thrown inside passes through; a server error is
    /// named by the server's message, which postgres-nio keeps out of its own description.
    static func indexError(_ error: any Error, name: String, doing: String) -> IndexError {
        if let error = error as? IndexError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError { return indexError(inner, name: name, doing: doing) }
            return .database(path: name, reason: "\(doing): \(describe(error.beginError ?? error.commitError ?? error.rollbackError ?? error))")
        }
        return .database(path: name, reason: "\(doing): \(describe(error))")
    }

    /// A readable account of a postgres-nio error.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return String(reflecting: error)
    }
}
extension PostgresConnection {
    /// The rows `query` returns. (Named apart from `query`, whose older overload returning a future
    /// would otherwise be chosen when the rows are decoded in the same expression.)
    fileprivate func rows(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension AsyncSequence {
    /// Every element, in order: the rows a query returned, decoded.
    fileprivate func collected() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
#endif
