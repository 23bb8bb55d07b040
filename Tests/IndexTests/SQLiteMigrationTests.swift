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
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        #expect(indexes.contains("documents_by_site"))
        #expect(!indexes.contains { $0.hasSuffix("_by_document") }, "fingerprints are indexed by fingerprint only (v4)")
    }
}

/// How a store encodes a document: in binary, each passage's text once (in the document's text),
/// the same bytes for the same document; documents stored as JSON by earlier versions still read.
@Suite struct DocumentCodingTests {
    /// A document with every field of its source filled, passages of every hint, and text beyond ASCII.
    func fullDocument() -> Document {
        var builder = DocumentBuilder()
        builder.append("Café terraces reopen on the quay 🌊", role: .heading)
        builder.append("The pier is mended.", hints: StructuralHints(linkDensity: 0.25, path: ["article", "p"], labelWords: ["story"], mainContent: .inside))
        builder.append("Fares rise in April — by 12%.", role: .listItem, hints: StructuralHints(path: ["aside"], mainContent: .outside))
        let source = SourceRecord(
            location: "gazette/quay.html", url: "https://gazette.example/quay", site: "The Harbour Gazette", publisher: "Gazette Group",
            title: "Café terraces reopen", author: "A. Writer", published: Date(timeIntervalSince1970: 1_700_000_000.25),
            retrieved: Date(timeIntervalSince1970: 1_700_086_400), extractor: PluginStamp(name: "html", version: "2.1.0"),
            rawContentID: SHA256.digest(utf8: "raw bytes"), metadata: ["section": "harbour", "lang": "en", "empty": ""])
        return builder.build(id: "gazette/quay", source: source)
    }

    /// How many times `needle` occurs in `data`.
    func occurrences(of needle: String, in data: Data) -> Int {
        let bytes = Array(data), pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return 0 }
        return (0...(bytes.count - pattern.count)).count { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    @Test func everyFieldReadsBackAsWritten() throws {
        let document = fullDocument()
        let encoded = DocumentCoding.encode(document)
        #expect(DocumentBinaryCoding.isBinary(encoded))
        #expect(try DocumentCoding.decode(encoded) == document)
        var bare = makeDocument("bare", published: nil, story)
        bare.source.metadata = [:]
        #expect(try DocumentCoding.decode(DocumentCoding.encode(bare)) == bare)
    }

    @Test func passagesAreStoredWithoutTheTextTheirRangesGiveBack() throws {
        let document = fullDocument()
        let encoded = DocumentCoding.encode(document)
        for passage in document.passages { #expect(occurrences(of: passage.text, in: encoded) == 1, "\(passage.text) is stored once") }
    }

    @Test func aPassageUnlikeItsRangeKeepsItsText() throws {
        var document = makeDocument("odd", published: 1_000, story)
        document.passages[1].text = "A text an external extractor gave that is not at its range."
        let encoded = DocumentCoding.encode(document)
        #expect(occurrences(of: document.passages[1].text, in: encoded) == 1)
        #expect(occurrences(of: document.passages[0].text, in: encoded) == 1)
        #expect(try DocumentCoding.decode(encoded) == document)
    }

    @Test func theSameDocumentGivesTheSameBytes() {
        var first = fullDocument(), second = fullDocument()
        first.source.metadata = [:]
        second.source.metadata = [:]
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")] { first.source.metadata[key] = value }
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")].reversed() { second.source.metadata[key] = value }
        #expect(DocumentCoding.encode(first) == DocumentCoding.encode(second))
    }

    @Test func everyCutShortEncodingIsRefusedWithItsOffset() {
        let encoded = DocumentCoding.encode(fullDocument())
        for length in 0..<encoded.count {
            #expect(throws: (any Error).self, "cut at \(length)") { try DocumentCoding.decode(encoded.prefix(length)) }
        }
        #expect(throws: DocumentBinaryError.malformed(offset: encoded.count, what: "bytes after the last passage")) {
            try DocumentBinaryCoding.decode(encoded + [0])
        }
    }

    @Test func aDamagedCountIsRefusedBeforeAnythingIsReserved() {
        // The magic, then an id whose length claims far more bytes than follow.
        let damaged = Data(DocumentBinaryCoding.magic + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x61])
        #expect(throws: DocumentBinaryError.malformed(offset: 4, what: "a count of 4294967295 with 1 bytes left")) {
            try DocumentBinaryCoding.decode(damaged)
        }
    }

    @Test func aRangeOutsideTheTextIsNamed() throws {
        // One passage, "ef" at 4..<6 of "abcdef", stored without its text; then its range's end
        // (zigzag 6, one byte 0x0C) damaged to 60 (0x78).
        let document = Document(
            id: "d", text: "abcdef", passages: [Passage(index: 0, range: 4..<6, text: "ef")],
            source: SourceRecord(location: "d.txt", extractor: PluginStamp(name: "text", version: "1")))
        var bytes = Array(DocumentCoding.encode(document))
        let passage: [UInt8] = [0x00, 0x08, 0x0C, 0x00]
        let start = try #require((0...(bytes.count - passage.count)).last { bytes[$0..<($0 + passage.count)].elementsEqual(passage) })
        bytes[start + 2] = 0x78
        #expect(throws: StoredDocumentError.passageOutsideText(passage: 0, range: 4..<60, textLength: 6)) {
            try DocumentCoding.decode(Data(bytes))
        }
    }

    @Test func documentsStoredAsJSONBeforeReadAsWritten() throws {
        let document = makeDocument("gazette/fares", published: 1_000, story)
        // Whole, every passage with its text, as the first versions stored them.
        let whole = try JSONEncoder().encode(document)
        #expect(try DocumentCoding.decode(whole) == document)
        // Each passage's text left out where its range gives it back, as later versions stored them.
        var object = try #require(try JSONSerialization.jsonObject(with: whole) as? [String: Any])
        var passages = try #require(object["passages"] as? [[String: Any]])
        for index in passages.indices { passages[index]["text"] = nil }
        object["passages"] = passages
        #expect(try DocumentCoding.decode(try JSONSerialization.data(withJSONObject: object)) == document)
        passages[0]["range"] = [10, 5_000_000]
        object["passages"] = passages
        #expect {
            _ = try DocumentCoding.decode(try JSONSerialization.data(withJSONObject: object))
        } throws: { error in
            (error as? StoredDocumentError) == .passageOutsideText(passage: 0, range: 10..<5_000_000, textLength: document.text.unicodeScalars.count)
        }
    }

    @Test func slicesFollowUnicodeScalarsAndNameWhatIsOutOfRange() {
        let text = "née 🌊 quay"
        #expect(StoredDocument.slices(of: text, at: [0..<3, 4..<5, 6..<10, 2..<4, 9..<11, -1..<2]) == ["née", "🌊", "quay", "e ", nil, nil])
    }
}
