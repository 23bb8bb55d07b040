import Foundation
import PalimpsestCore
import PalimpsestIndex
import IndexTestSupport
import PalimpsestTestKit
import Testing

/// Documents written for these tests.
func makeDocument(_ id: String, published: TimeInterval?, _ blocks: [String]) -> Document {
    var builder = DocumentBuilder()
    for block in blocks { builder.append(block) }
    return builder.build(id: id, source: SourceRecord(
        location: "\(id).txt", site: "harbour-gazette", published: published.map { Date(timeIntervalSince1970: $0) },
        extractor: PluginStamp(name: "test", version: "0")))
}

let story = [
    "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from April, blaming fuel costs and the repair of the northern pier.",
    "Passengers who travel daily will be able to buy a monthly pass, which the authority says will limit the increase for commuters to about four percent over the year.",
    "The council's transport committee will discuss the change next week, and several councillors want the pier repairs paid from reserves instead.",
]
let bakery = [
    "A new bakery opened on Mill Street on Saturday, selling rye loaves and cardamom buns to a queue that stretched past the post office before the doors opened.",
    "The owners, two sisters who trained in a village near the border, said they had waited four years for a shop with an oven large enough for their recipes.",
]

/// A fresh, empty index of one kind, which the test may open as often as it likes.
struct TestIndex: Sendable {
    /// Where it is.
    let address: IndexAddress

    /// A new SQLite file in the temporary folder.
    static func sqlite() -> TestIndex {
        TestIndex(address: .file(FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path))
    }

    /// A new schema on the test server.
    static func postgres() throws -> TestIndex {
        TestIndex(address: try IndexAddress(try #require(PostgresTestServer.freshIndexURL())))
    }

    /// Opens it.
    func open(_ settings: AnalysisSettings? = AnalysisSettings(), creating: Bool = true) async throws -> any IndexStore {
        try await address.open(settings: settings, creating: creating)
    }

    /// Runs SQL against it behind the store's back (to damage it on purpose).
    func execute(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        switch address {
        case .file(let path):
            process.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, sql]
        case .postgres(let server):
            process.arguments = ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", server.host, "-p", String(server.port), "-U", server.user, "-d", server.database,
                                 "-c", "SET search_path TO \(server.schema); \(sql)"]
        }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "could not run \(sql) on \(address)")
    }
}
