import Foundation
import GRDB
import PalimpsestCore
@testable import PalimpsestIndex
import Testing

/// An index made by an earlier version opens, is migrated in place, and keeps what it held.
@Suite struct SQLiteMigrationTests {
    @Test func aVersionOneIndexIsMigratedMarkedAndKeepsItsDocuments() async throws {
        let index = TestIndex.sqlite()
        guard case .file(let path) = index.address else { return }
        let original = makeDocument("gazette/fares", published: 1_000, story)
        // An index as version 1 left it: content ids unique across locations, no site index.
        let database = try DatabaseQueue(path: path)
        try SQLiteIndexStore.migrator.migrate(database, upTo: "v1")
        try await database.write { db in
            for (key, value) in IndexSettings(AnalysisSettings()).values where key != "marks" {
                try db.execute(sql: "INSERT INTO header (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            try db.execute(
                sql: "INSERT INTO documents (id, content_id, location, site, published, added, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [original.id, original.contentID.description, original.source.location, original.source.siteKey, 1_000.0, 1_000.0,
                            try DocumentCoding.encode(original)])
            let fingerprints = DocumentFingerprints(original, settings: AnalysisSettings(), banding: AnalysisSettings().lshParameters)
            for (band, hash) in fingerprints.bands {
                try db.execute(sql: "INSERT INTO bands VALUES (?, ?, 1)", arguments: [band, Int64(bitPattern: hash)])
            }
            for (passage, id) in fingerprints.passageIDs.enumerated() {
                try db.execute(sql: "INSERT INTO passages VALUES (?, 1, ?)", arguments: [Data(id.digest), passage])
            }
        }
        try database.close()

        let store = try await index.open()
        #expect(try await store.documents() == [original])
        // Opened with its settings, the old document got its marks: the index verifies whole.
        #expect(try await store.verify() == [])
        #expect(try await store.statistics().marks > 0)
        var repost = original
        repost.id = "mirror/fares"
        repost.source.location = "mirror/fares.txt"
        #expect(try await store.add([repost]) == AddSummary(added: 1), "the same text from another place is now another document")
        await store.close()
        let indexes = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'")
        }
        #expect(indexes.contains("documents_by_site"))
    }
}
