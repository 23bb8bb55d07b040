import Foundation
import PalimpsestCore

/// Where an index is: an SQLite file (the default) or a PostgreSQL database shared by many workers.
///
/// Written as a path (`palimpsest.sqlite`, `archive/news.sqlite`) or as a PostgreSQL URL,
/// `postgres://user[:password]@host[:port]/database[?schema=name]` (also `postgresql://`). The
/// optional schema keeps several indexes apart in one database.
public enum IndexAddress: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite file.
    case file(String)
    /// A PostgreSQL database.
    case postgres(PostgresAddress)

    /// Parses an address.
    /// - Throws: ``IndexError/unsupported(_:)`` for a PostgreSQL URL that cannot be read.
    public init(_ text: String) throws(IndexError) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(text))
        } else {
            self = .file(text)
        }
    }

    /// The address for messages: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let address): address.description
        }
    }

    /// Whether this build can open PostgreSQL indexes (it was built with the `Postgres` trait).
    public static var postgresSupported: Bool {
        #if Postgres
        true
        #else
        false
        #endif
    }

    /// Opens the index here.
    /// - Parameters:
    ///   - settings: the settings to fingerprint with (recorded in a new index, checked against an
    ///     existing one's header); nil to open an existing index only to read it.
    ///   - creating: whether a missing SQLite file is made; a PostgreSQL database must exist, and
    ///     its tables are made when missing either way.
    /// - Throws: ``IndexError`` when the index is missing, cannot be reached or opened, was made
    ///   with other settings, or this build has no PostgreSQL support.
    public func open(settings: AnalysisSettings?, creating: Bool) async throws(IndexError) -> any IndexStore {
        switch self {
        case .file(let path):
            if !creating, !FileManager.default.fileExists(atPath: path) {
                throw .database(path: path, reason: "no index here; make one with `palimpsest index add`")
            }
            return try SQLiteIndexStore(path: path, settings: settings)
        case .postgres(let address):
            #if Postgres
            return try await PostgresIndexStore(address: address, settings: settings)
            #else
            throw .unsupported("\(address): this build of palimpsest has no PostgreSQL support; build it with `swift build --traits Postgres`")
            #endif
        }
    }
}

/// A PostgreSQL server, database and schema, read from a `postgres://` URL.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port (5432 unless the URL names one).
    public var port: Int
    /// The user to connect as.
    public var user: String
    /// The password, if the URL gives one (a trusted local server needs none).
    public var password: String?
    /// The database.
    public var database: String
    /// The schema the index's tables live in (`public` unless `?schema=` names another).
    public var schema: String

    /// Reads `url`.
    /// - Throws: ``IndexError/unsupported(_:)`` naming what is missing or malformed.
    public init(_ url: String) throws(IndexError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw .unsupported("\(url): not a PostgreSQL URL (postgres://user@host:port/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let user = components.user, !user.isEmpty, !database.isEmpty else {
            throw .unsupported("\(Self.redacted(url)): a PostgreSQL URL names a user and a database (postgres://user@host:port/database)")
        }
        let schema = components.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        // The schema is written into SQL as an identifier: only plain names are taken.
        guard !schema.isEmpty, schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !schema.first!.isNumber else {
            throw .unsupported("\(Self.redacted(url)): schema '\(schema)' is not a plain name (letters, digits and _)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password
        self.database = database
        self.schema = schema
    }

    /// The URL without the password.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema == "public" ? "" : "?schema=\(schema)")
    }

    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }
}
