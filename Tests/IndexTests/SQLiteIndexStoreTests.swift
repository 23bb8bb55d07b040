import Foundation
import PalimpsestCore
import PalimpsestIndex
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

func temporaryIndexPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString).sqlite").path
}

@Suite struct SQLiteIndexStoreTests {
    let documents = [
        makeDocument("gazette/fares", published: 1_000, story),
        makeDocument("wire/fares", published: 2_000, story + ["Reporting by the wire desk."]),
        makeDocument("gazette/bakery", published: 3_000, bakery),
    ]

    @Test func addingIsIdempotentByContentAndDocumentsComeBackAsGiven() throws {
        let path = temporaryIndexPath()
        let store = try SQLiteIndexStore(path: path, settings: AnalysisSettings())
        #expect(try store.add(documents) == AddSummary(added: 3))
        #expect(try store.add(documents) == AddSummary(alreadyIndexed: 3))
        #expect(try store.documents() == documents)
        let statistics = try store.statistics()
        #expect(statistics.documents == 3)
        #expect(statistics.passages == story.count * 2 + 1 + bakery.count)
        #expect(statistics.bandEntries == 3 * AnalysisSettings().lshParameters.bands)
        #expect(statistics.bytes > 0)
        // A second connection sees the same index.
        #expect(try SQLiteIndexStore(path: path, settings: nil).documents().map(\.id) == documents.map(\.id))
    }

    @Test func anIdTakenByAnotherTextIsSuffixed() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        _ = try store.add([documents[0]])
        var changed = documents[2]
        changed.id = documents[0].id
        #expect(try store.add([changed]).renamed == [documents[0].id: documents[0].id + "#2"])
        #expect(try store.documents().map(\.id) == [documents[0].id, documents[0].id + "#2"])
    }

    @Test func otherSettingsAreRefusedAndNamed() throws {
        let path = temporaryIndexPath()
        _ = try SQLiteIndexStore(path: path, settings: AnalysisSettings())
        #expect {
            _ = try SQLiteIndexStore(path: path, settings: AnalysisSettings(shingleSize: 4))
        } throws: { error in
            guard case .settingsMismatch(let differences) = error as? IndexError else { return false }
            return differences == ["shingle_size: 5 in the index, 4 requested"]
        }
    }

    @Test func readingAMissingIndexIsAnError() {
        #expect(throws: IndexError.self) { try SQLiteIndexStore(path: temporaryIndexPath(), settings: nil) }
    }

    @Test func analysingTheIndexGivesTheFindingsOfOneScanWhateverTheOrderAndBatches() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        _ = try store.add([documents[2], documents[1]])
        _ = try store.add([documents[0]])
        let fromIndex = Analyzer().analyze(try store.documents())
        let scanned = Analyzer().analyze(documents)
        #expect(Set(fromIndex.clusters.map(\.members)) == Set(scanned.clusters.map(\.members)))
        for document in scanned.documents {
            let indexed = try #require(fromIndex.document(id: document.document.id))
            #expect(indexed.origin == document.origin)
            #expect(indexed.repostOf == document.repostOf)
            #expect(indexed.passages.map(\.kind) == document.passages.map(\.kind))
        }
        #expect(fromIndex.document(id: "wire/fares")?.repostOf?.id == "gazette/fares")
    }
}

@Suite struct CandidateTests {
    @Test func aRepostFindsItsOriginAndNotUnrelatedTexts() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        let original = makeDocument("gazette/fares", published: 1_000, story)
        var unrelated = makeDocument("other/bakery", published: 2_000, bakery)
        unrelated.source.site = "other-site"
        _ = try store.add([original, unrelated])
        var repost = makeDocument("wire/fares", published: 3_000, [story[1], story[0]])
        repost.source.site = "wire"
        #expect(try store.candidates(for: repost).map(\.id) == ["gazette/fares"])
    }

    @Test func thePagesOfTheSameSiteComeAlongForBoilerplate() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        _ = try store.add([makeDocument("gazette/bakery", published: 1_000, bakery)])
        let fresh = makeDocument("gazette/fares", published: 2_000, story)
        #expect(try store.candidates(for: fresh).map(\.id) == ["gazette/bakery"])
    }
}

@Suite struct RemovalTests {
    @Test func removingADocumentTakesItsFingerprintsWithIt() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        let fares = makeDocument("gazette/fares", published: 1_000, story)
        let bakeryPage = makeDocument("gazette/bakery", published: 5_000, bakery)
        _ = try store.add([fares, bakeryPage])
        #expect(try store.remove(ids: ["gazette/fares", "no/such"], before: nil) == 1)
        let statistics = try store.statistics()
        #expect(statistics.documents == 1)
        #expect(statistics.passages == bakeryPage.passages.count, "no passage fingerprint is left dangling")
        #expect(statistics.bandEntries == AnalysisSettings().lshParameters.bands)
        #expect(try store.candidates(for: fares).map(\.id) == ["gazette/bakery"])
    }

    @Test func documentsPublishedBeforeADateExpire() throws {
        let store = try SQLiteIndexStore(path: temporaryIndexPath(), settings: AnalysisSettings())
        _ = try store.add([makeDocument("old", published: 1_000, story), makeDocument("new", published: 9_000, bakery)])
        #expect(try store.remove(ids: [], before: Date(timeIntervalSince1970: 5_000)) == 1)
        #expect(try store.documents().map(\.id) == ["new"])
    }
}

@Suite struct VerificationTests {
    @Test func aSoundIndexVerifiesAndADamagedOneIsNamed() throws {
        let path = temporaryIndexPath()
        let store = try SQLiteIndexStore(path: path, settings: AnalysisSettings())
        _ = try store.add([makeDocument("gazette/fares", published: 1_000, story), makeDocument("gazette/bakery", published: 2_000, bakery)])
        #expect(try store.verify() == [])
        // Damage it behind the store's back: one passage fingerprint gone.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM passages WHERE passage = 0 AND document = 1'); c.commit()", path]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(try store.verify() == ["gazette/fares: 2 passage fingerprints for 3 passages"])
    }
}
