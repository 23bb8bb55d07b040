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
                            // As version 1 stored documents: every passage with its text.
                            try JSONEncoder().encode(original)])
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

/// How a store encodes a document: each passage's text once, in the document's text.
@Suite struct StoredDocumentTests {
    /// The passages of the stored JSON of `document`, as objects.
    func storedPassages(_ document: Document) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: try DocumentCoding.encode(document)) as? [String: Any]
        return try #require(object?["passages"] as? [[String: Any]])
    }

    @Test func passagesAreStoredWithoutTheTextTheirRangesGiveBack() throws {
        var builder = DocumentBuilder()
        for block in ["Café terraces reopen on the quay 🌊", "The pier is mended.", "Fares rise in April — by 12%."] { builder.append(block) }
        let document = builder.build(id: "gazette/quay", source: SourceRecord(location: "gazette/quay.md", extractor: PluginStamp(name: "markdown", version: "1.0.0")))
        #expect(try storedPassages(document).allSatisfy { $0["text"] == nil })
        #expect(try DocumentCoding.decode(try DocumentCoding.encode(document)) == document)
    }

    @Test func aPassageUnlikeItsRangeKeepsItsText() throws {
        var document = makeDocument("odd", published: 1_000, story)
        document.passages[1].text = "A text an external extractor gave that is not at its range."
        let passages = try storedPassages(document)
        #expect(passages[0]["text"] == nil)
        #expect(passages[1]["text"] as? String == document.passages[1].text)
        #expect(try DocumentCoding.decode(try DocumentCoding.encode(document)) == document)
    }

    @Test func documentsStoredWholeBeforeReadAsWritten() throws {
        let document = makeDocument("gazette/fares", published: 1_000, story)
        #expect(try DocumentCoding.decode(try JSONEncoder().encode(document)) == document)
    }

    @Test func aRangeOutsideTheTextIsNamedWhenItsTextWasLeftOut() throws {
        let document = makeDocument("gazette/fares", published: 1_000, story)
        var object = try #require(try JSONSerialization.jsonObject(with: try DocumentCoding.encode(document)) as? [String: Any])
        var passages = try #require(object["passages"] as? [[String: Any]])
        passages[0]["range"] = [10, 5_000_000]
        object["passages"] = passages
        #expect {
            _ = try DocumentCoding.decode(try JSONSerialization.data(withJSONObject: object))
        } throws: { error in
            "\(error)".contains("passage 0") || (error as? StoredDocumentError) == .passageOutsideText(passage: 0, range: 10..<5_000_000, textLength: document.text.unicodeScalars.count)
        }
    }

    @Test func slicesFollowUnicodeScalarsAndNameWhatIsOutOfRange() {
        let text = "née 🌊 quay"
        #expect(StoredDocument.slices(of: text, at: [0..<3, 4..<5, 6..<10, 2..<4, 9..<11, -1..<2]) == ["née", "🌊", "quay", "e ", nil, nil])
    }
}
