import Foundation
import PalimpsestIndex

/// The PostgreSQL server the tests use: `$PALIMPSEST_TEST_POSTGRES`, else the one `.ci/start-postgres`
/// started (its URL in `.postgres/url`), when it is in this build and answers.
public enum PostgresTestServer {
    /// The server's URL, or nil when there is none to test against.
    public static let url: String? = {
        guard IndexAddress.postgresSupported else { return nil }
        let configured = ProcessInfo.processInfo.environment["PALIMPSEST_TEST_POSTGRES"]
            ?? (try? String(contentsOf: repository.appendingPathComponent(".postgres/url"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let configured, !configured.isEmpty, let address = try? PostgresAddress(configured) else { return nil }
        // Answers on its port: a stale URL file does not count as a server.
        return listening(host: address.host, port: address.port) ? configured : nil
    }()

    /// The address of a new, empty index on the server (a schema of its own), or nil without a server.
    public static func freshIndexURL() -> String? {
        guard let url else { return nil }
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// Why PostgreSQL tests are skipped, shown in the test report.
    public static let skipReason = IndexAddress.postgresSupported
        ? "no PostgreSQL server: run `bash .ci/start-postgres`, or set PALIMPSEST_TEST_POSTGRES to a postgres:// URL"
        : "this build has no PostgreSQL support: run `swift test --traits Postgres`"

    /// The repository's root folder, found from this file's path.
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func listening(host: String, port: Int) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "-c", "exec 3<>/dev/tcp/\(host)/\(port)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
