import Foundation
import PalimpsestCore
@testable import PalimpsestIndex
import IndexTestSupport
import PalimpsestTestKit
import Testing

// Issue 14 ("Trust, round two"): what a hostile tester did to an index, each at the store's level.
// The command-line side is in Tests/PalimpsestTests/HostileIndexCommandTests.swift.

extension IndexStoreContract {
    /// Issue 14, item 5: an id holding NUL is refused by every store alike, naming the document, and
    /// nothing of its batch is kept; removing an id with a NUL never removes the id it starts with.
    static func idsHoldingNULAreRefusedAlike(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([makeDocument("undated", published: 1_000, bakery)])
        await #expect {
            _ = try await store.add([makeDocument("story\0one", published: 2_000, story), makeDocument("story\0two", published: 3_000, [story[0]])])
        } throws: { error in
            guard case .database(_, let reason) = error as? IndexError else { return false }
            return reason.contains(#""story\0one""#) && reason.contains("NUL")
        }
        #expect(try await store.documents().map(\.id) == ["undated"])
        #expect(try await store.remove(ids: ["undated\0nul"], before: nil) == 0)
        #expect(try await store.documents().map(\.id) == ["undated"])
        var located = makeDocument("fine", published: 2_000, story)
        located.source.location = "feed\0.xml"
        #expect(IndexPolicy.refusal(of: located)?.contains("its location holds a NUL character") == true)
        await store.close()
    }
}

@Suite("Hostile index files (SQLite)") struct HostileIndexTests {
    /// A fresh index file's path; its folder is the system's temporary folder.
    func newPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).sqlite").path
    }

    func open(_ path: String, _ settings: AnalysisSettings? = AnalysisSettings(), creating: Bool = true) async throws -> any IndexStore {
        try await IndexAddress.file(path).open(settings: settings, creating: creating)
    }

    /// Runs SQL on `path` through Python's sqlite3, behind the store's back.
    func execute(_ sql: String, on path: String) throws {
        try TestIndex(address: .file(path)).execute(sql)
    }

    func files(beside path: String) throws -> [String] {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
            .filter { $0.hasPrefix(name) || $0.hasPrefix(".\(name)") }.sorted()
    }

    // MARK: - Item 2: the write-ahead log

    @Test func closingLeavesTheWholeIndexInItsFileAndNoLogBesideIt() async throws {
        let path = newPath()
        let store = try await open(path)
        _ = try await store.add(IndexStoreContract.documents)
        try await store.finishAndClose()
        #expect(try files(beside: path) == [URL(fileURLWithPath: path).lastPathComponent])
        // The file alone, copied elsewhere, is the whole index.
        let copy = newPath()
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let reader = try await open(copy, nil, creating: false)
        #expect(try await reader.documents() == IndexStoreContract.documents)
        #expect(try await reader.verify() == [])
        await reader.close()
    }

    @Test(arguments: ["-wal", "-shm"])
    func aStrayLogBesideAMissingIndexIsRefusedNotReplayed(suffix: String) async throws {
        let path = newPath()
        try Data("a log left by an index that was deleted".utf8).write(to: URL(fileURLWithPath: path + suffix))
        await #expect {
            _ = try await open(path)
        } throws: { error in
            guard case .database(_, let reason) = error as? IndexError else { return false }
            return reason.contains(path + suffix) && reason.contains("lie beside no index")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "no index is made beside the stray log")
    }

    // MARK: - Item 5: NUL in ids

    @Test func idsHoldingNULAreRefusedAlike() async throws {
        try await IndexStoreContract.idsHoldingNULAreRefusedAlike(.sqlite())
    }

    // MARK: - Item 9: impossible dates

    @Test("impossible dates are no dates", arguments: [
        "2024-02-31", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-03-00", "2026-03-02T25:61:61Z", "2026-03-02T24:00:00Z",
        "2026-03-02T23:60:00Z", "2026-03-02T23:59:60Z", "2026-03-02T08:00:00+25:00", "2026-03-02 08:61", "Sat, 31 Feb 2025 08:00:00 +0000",
        "Mon, 02 Mar 2026 25:00:00 GMT",
    ])
    func impossibleDatesAreRefused(text: String) {
        #expect(DateParsing.parse(text) == nil)
    }

    @Test("possible dates still parse", arguments: [
        ("2024-02-29", "2024-02-29T00:00:00Z"), ("2000-02-29T23:59:59Z", "2000-02-29T23:59:59Z"),
        ("Thu, 29 Feb 2024 23:59:59 +0000", "2024-02-29T23:59:59Z"), ("Mon, 02 Mar 2026 08:00:00 GMT", "2026-03-02T08:00:00Z"),
        ("2026-03-02 08:00", "2026-03-02T08:00:00Z"), ("2026-03-02T10:00:00.5+02:00", "2026-03-02T08:00:00Z"),
    ])
    func possibleDatesParse(text: String, expected: String) throws {
        #expect(DateParsing.format(try #require(DateParsing.parse(text))) == expected)
    }

    // MARK: - Item 15: rows of an unexpected type

    @Test func aPublishedDateThatIsNotANumberIsNamedNotTrappedOn() async throws {
        let path = newPath()
        let store = try await open(path)
        _ = try await store.add(IndexStoreContract.documents)
        try execute("UPDATE documents SET published = 'yesterday' WHERE id = 'gazette/fares';", on: path)
        await #expect {
            _ = try await store.candidates(for: makeDocument("mirror/fares", published: 5_000, story))
        } throws: { error in
            guard case .database(_, let reason) = error as? IndexError else { return false }
            return reason.contains("table documents") && reason.contains("column published") && reason.contains(#""yesterday""#)
        }
        await store.close()
    }

    @Test func aHeaderValueThatIsNotTextIsNamed() async throws {
        let path = newPath()
        await (try await open(path)).close()
        try execute("UPDATE header SET value = X'FFFE' WHERE key = 'shingle_size';", on: path)
        for settings in [nil, AnalysisSettings()] {
            await #expect {
                let store = try await open(path, settings, creating: false)
                _ = try await store.statistics()
            } throws: { error in
                guard case .database(_, let reason) = error as? IndexError else { return false }
                return reason.contains("table header") && reason.contains("shingle_size") && reason.contains("column value")
            }
        }
    }

    @Test func aHeaderWithZeroPermutationsIsNamedByVerify() async throws {
        let path = newPath()
        let store = try await open(path)
        _ = try await store.add(IndexStoreContract.documents)
        await store.close()
        try execute("UPDATE header SET value = '0' WHERE key = 'minhash_permutations';", on: path)
        let reader = try await open(path, nil, creating: false)
        await #expect {
            _ = try await reader.verify()
        } throws: { error in
            guard case .database(_, let reason) = error as? IndexError else { return false }
            return reason.contains("table header") && reason.contains(#"minhash_permutations is "0""#)
        }
        await reader.close()
    }

    // MARK: - Item 20: a database that is not an index

    @Test(arguments: ["DELETE", "WAL"])
    func anotherApplicationsDatabaseIsLeftAsItIs(journalMode: String) async throws {
        let path = newPath()
        try execute("PRAGMA journal_mode = \(journalMode); CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');", on: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path)), listed = try files(beside: path)
        for (settings, creating) in [(nil, false), (AnalysisSettings(), false), (AnalysisSettings(), true)] as [(AnalysisSettings?, Bool)] {
            await #expect {
                _ = try await open(path, settings, creating: creating)
            } throws: { error in
                guard case .database(_, let reason) = error as? IndexError else { return false }
                return reason.contains("not a palimpsest index")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "not a byte changed")
        #expect(try files(beside: path) == listed, "no -wal, -shm or -journal made beside it")
    }

    /// Another application's database in write-ahead-log mode while that application has it open:
    /// its rows sit in the `-wal` beside it, with the log's index in `-shm`. Checking whether it is
    /// an index reads none of them in a way that changes them, and makes nothing beside them.
    @Test func anotherApplicationsLiveWriteAheadLogIsLeftAsItIs() async throws {
        let path = newPath()
        let names = [path, path + "-wal", path + "-shm"]
        defer { for name in names { try? FileManager.default.removeItem(atPath: name) } }
        // The Python process ends without closing its connection, as if it were still running.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import os, sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("PRAGMA journal_mode = WAL")
            c.execute("CREATE TABLE notes (body TEXT)")
            c.execute("INSERT INTO notes VALUES ('keep me')")
            c.commit()
            os._exit(0)
            """, path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 made the database")
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(!before[1].isEmpty, "the application's rows sit in its write-ahead log")
        let listed = try files(beside: path)
        for (settings, creating) in [(nil, false), (AnalysisSettings(), false), (AnalysisSettings(), true)] as [(AnalysisSettings?, Bool)] {
            await #expect {
                _ = try await open(path, settings, creating: creating)
            } throws: { error in
                guard case .database(_, let reason) = error as? IndexError else { return false }
                return reason.contains("not a palimpsest index")
            }
        }
        #expect(try names.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before, "not a byte of the file, its log or the log's index changed")
        #expect(try files(beside: path) == listed, "nothing made beside them")
    }

    @Test func anEmptyFileIsNotMadeAnIndex() async throws {
        let path = newPath()
        FileManager.default.createFile(atPath: path, contents: Data())
        await #expect(throws: IndexError.self) { _ = try await open(path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }

    // MARK: - Item 21: passages outside their text

    @Test func aPassageOutsideItsTextIsNamedByVerifyAndNeverReadBack() async throws {
        let path = newPath()
        let store = try await open(path)
        _ = try await store.add(IndexStoreContract.documents)
        // The stored bytes with passage 0's range starting at -10 (zigzag 19) instead of 0: its text,
        // left out as its range gave it back, now lies outside the document's. Passage 0 starts where
        // the encoding of the document without passages ends (a one-byte passage count each).
        let bakery = try #require(IndexStoreContract.documents.first { $0.id == "gazette/bakery" })
        var withoutPassages = bakery
        withoutPassages.passages = []
        var bytes = Array(DocumentCoding.encode(bakery))
        let firstPassage = DocumentCoding.encode(withoutPassages).count
        #expect(bytes[firstPassage..<(firstPassage + 2)].elementsEqual([0, 0]), "passage 0: index 0, range from 0")
        bytes[firstPassage + 1] = 19
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        try execute("UPDATE documents SET document = X'\(hex)' WHERE id = 'gazette/bakery';", on: path)
        let problems = try await store.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("gazette/bakery: the stored document cannot be read (passage 0 spans -10..<") == true, "\(problems)")
        await #expect {
            _ = try await store.documents()
        } throws: { error in
            guard case .database(_, let reason) = error as? IndexError else { return false }
            return reason.contains("document 'gazette/bakery'") && reason.contains("passage 0 spans -10..<")
        }
        await store.close()
    }
}

@Suite("Hostile index files (PostgreSQL)", .enabled(if: PostgresTestServer.url != nil, Comment(rawValue: PostgresTestServer.skipReason)))
struct HostilePostgresIndexTests {
    @Test func idsHoldingNULAreRefusedAlike() async throws {
        try await IndexStoreContract.idsHoldingNULAreRefusedAlike(try .postgres())
    }
}

/// Adding batch by batch: a document the index cannot store is left out and named, its batch is
/// kept, and the totals add up over the batches.
@Suite struct IndexAdditionTests {
    @Test func aRefusedDocumentIsNamedAndItsBatchKept() async throws {
        let store = try await TestIndex.sqlite().open()
        var addition = IndexAddition(store: store)
        var refusals: [String] = []
        try await addition.add([makeDocument("story", published: 1_000, story), makeDocument("bad\0id", published: 2_000, bakery)]) { refusals.append($0) }
        try await addition.add([makeDocument("bakery", published: 3_000, bakery), makeDocument("story", published: 1_000, story)])
        try await addition.finish()
        #expect(refusals.count == 1 && refusals[0].contains("NUL"))
        #expect(addition.refused == 1)
        #expect(addition.summary.added == 2)
        #expect(addition.summary.alreadyIndexed == 1)
        #expect(addition.received.map(\.id) == ["story", "bakery", "story"])
        #expect(try await store.documents().map(\.id).sorted() == ["bakery", "story"])
        await store.close()
    }

    /// A batch is prepared while the one before it is written: a write that fails is reported by
    /// the next call and every call after it, and nothing given after it is written.
    @Test func aBatchThatCannotBeWrittenStopsTheAdditionBeforeTheNextOne() async throws {
        let index = TestIndex.sqlite()
        let store = try await index.open()
        _ = try await store.add([makeDocument("story", published: 1_000, story)])
        // SQLite itself refuses the second batch.
        try index.execute("CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;")
        var addition = IndexAddition(store: store)
        try await addition.add([makeDocument("bakery", published: 2_000, bakery), makeDocument("poison", published: 3_000, ["A row the trigger refuses, so that the whole batch is rolled back."])])
        await #expect(throws: IndexError.self) { try await addition.add([makeDocument("later", published: 4_000, ["A later batch, given after the failed one and never written."])]) }
        await #expect(throws: IndexError.self, "every later call throws the failure") {
            try await addition.add([makeDocument("later still", published: 5_000, ["Another batch after the failure, refused too."])])
        }
        await #expect(throws: IndexError.self) { try await addition.finish() }
        #expect(addition.summary == AddSummary())
        #expect(try await store.documents().map(\.id) == ["story"], "neither the failed batch nor those after it are kept")
        await store.close()
    }

    /// A document stored with other fingerprints than it would get now (rows edited here; an older
    /// version's fingerprints alike) leaves with all its rows, and a fingerprint naming no document
    /// brings no candidate rather than failing a check.
    @Test func removingADocumentStoredWithOtherFingerprintsTakesThemAllAndOrphansAreSkipped() async throws {
        let index = TestIndex.sqlite()
        let store = try await index.open()
        let bakeryPage = makeDocument("bakery", published: 2_000, bakery)
        _ = try await store.add([bakeryPage])
        let alone = try await store.statistics()
        _ = try await store.add([makeDocument("story", published: 1_000, story)])
        try index.execute("UPDATE marks SET hash = hash + 1 WHERE document = (SELECT number FROM documents WHERE id = 'story');")
        #expect(try await store.remove(ids: ["story"], before: nil) == 1)
        let after = try await store.statistics()
        #expect(after.passages == alone.passages && after.bandEntries == alone.bandEntries && after.marks == alone.marks)
        #expect(try await store.verify() == [])
        // An orphan: the bakery page's first band, held by a document that is not there.
        try index.execute("INSERT INTO bands SELECT band, bucket, 999999 FROM bands WHERE band = 0;")
        #expect(try await store.candidates(for: bakeryPage).map(\.id) == ["bakery"])
        #expect(try await store.verify().contains { $0.contains("points at no document") })
        await store.close()
    }

    /// A document whose stored bytes cannot be read back still leaves with all its fingerprints:
    /// they are looked for row by row when they cannot be made again.
    @Test func removingAnUnreadableDocumentTakesItsFingerprintsWithIt() async throws {
        let index = TestIndex.sqlite()
        let store = try await index.open()
        _ = try await store.add([makeDocument("bakery", published: 2_000, bakery)])
        let alone = try await store.statistics()
        _ = try await store.add([makeDocument("story", published: 1_000, story)])
        try index.execute("UPDATE documents SET document = X'00' WHERE id = 'story';")
        #expect(try await store.remove(ids: ["story"], before: nil) == 1)
        let after = try await store.statistics()
        #expect(after.documents == alone.documents && after.passages == alone.passages)
        #expect(after.bandEntries == alone.bandEntries && after.marks == alone.marks)
        #expect(try await store.verify() == [])
        await store.close()
    }
}
