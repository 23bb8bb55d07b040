import Foundation
import PalimpsestCore

/// Where an index is: an SQLite file (the default) or a PostgreSQL database shared by many workers.
///
/// Written as a path (`palimpsest.sqlite`, `archive/news.sqlite`) or as a PostgreSQL URL,
/// `postgres://user[:password]@host[:port]/database[?schema=name][&sslmode=disable|prefer|require]`
/// (also `postgresql://`). The schema (default `palimpsest`) keeps the index's tables apart from
/// other applications' and several indexes apart in one database.
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
    ///   - creating: whether a missing index is made (an SQLite file, or a PostgreSQL schema and its
    ///     tables; the PostgreSQL database itself must exist); otherwise a missing index is an error.
    ///     Only a new file is made an index: an existing file that is not one is refused unchanged.
    /// - Throws: ``IndexError`` when the index is missing, cannot be reached or opened, was made
    ///   with other settings, or this build has no PostgreSQL support.
    public func open(settings: AnalysisSettings?, creating: Bool) async throws(IndexError) -> any IndexStore {
        switch self {
        case .file(let path):
            return try SQLiteIndexStore(path: path, settings: settings, creating: creating)
        case .postgres(let address):
            #if Postgres
            return try await PostgresIndexStore(address: address, settings: settings, creating: creating)
            #else
            throw .unsupported("\(address): this build of palimpsest has no PostgreSQL support; build it with `swift build --traits Postgres`")
            #endif
        }
    }
}

/// A PostgreSQL server, database and schema, read from a `postgres://` URL.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection is encrypted (`sslmode`, as libpq names it; certificates are verified).
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP (the default: a server on the same machine or network).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

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
    /// The schema the index's tables live in (`palimpsest` unless `?schema=` names another).
    public var schema: String
    /// Whether the connection is encrypted.
    public var tls: TLSMode

    /// The schema an index lives in unless the URL names one.
    public static let defaultSchema = "palimpsest"

    /// Reads `url`.
    /// - Throws: ``IndexError/unsupported(_:)`` naming what is missing or malformed (never the password).
    public init(_ url: String) throws(IndexError) {
        let shown = Self.redacted(url)
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw .unsupported("\(shown): not a PostgreSQL URL (postgres://user@host:port/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let user = components.user, !user.isEmpty, !database.isEmpty else {
            throw .unsupported("\(shown): a PostgreSQL URL names a user and a database (postgres://user@host:port/database)")
        }
        var schema = Self.defaultSchema, tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("schema", let value?):
                // Written into SQL as an identifier: only plain lower-case names are taken.
                guard let first = value.first, first.isLowercase || first == "_",
                      value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), !value.hasPrefix("pg_")
                else { throw .unsupported("\(shown): schema '\(value)' is not a plain lower-case name (a–z, digits and _, not pg_…)") }
                schema = value
            case ("sslmode", let value?):
                guard let mode = TLSMode(rawValue: value) else { throw .unsupported("\(shown): sslmode takes disable, prefer or require (got '\(value)')") }
                tls = mode
            default:
                throw .unsupported("\(shown): unknown option '\(item.name)' (schema and sslmode are understood)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// The URL without the password.
    public var description: String {
        var options: [String] = []
        if schema != Self.defaultSchema { options.append("schema=\(schema)") }
        if tls != .disable { options.append("sslmode=\(tls.rawValue)") }
        return "postgres://\(user)@\(host):\(port)/\(database)" + (options.isEmpty ? "" : "?" + options.joined(separator: "&"))
    }

    /// `url` with any password replaced by `…`, found by its shape alone (so also in a URL that
    /// cannot be parsed).
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        // The authority ends at the first "/" after the last "@" before any path.
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "…" + String(rest[at...])
    }
}
