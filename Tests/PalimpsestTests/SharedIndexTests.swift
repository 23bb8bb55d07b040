import Foundation
import Palimpsest
import PalimpsestIndex
import IndexTestSupport
import PalimpsestTestKit
import Testing

/// The index commands against each store, run as a user would: several workers adding at once, and
/// the shared PostgreSQL index end to end. PostgreSQL needs a server: without one its suite is
/// skipped, and the report says why.
enum SharedIndexScenarios {
    /// The sample corpus split into two halves by site, alternately, for two workers.
    static func halves(in folder: URL) throws -> [URL] {
        // The site folders; the truth file and the notes beside them are not part of the corpus.
        let sites = try FileManager.default.contentsOfDirectory(atPath: samplesFolder.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: samplesFolder.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        return try (0..<2).map { half in
            let root = folder.appendingPathComponent("half-\(half)")
            for (position, site) in sites.enumerated() where position % 2 == half {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: samplesFolder.appendingPathComponent(site), to: root.appendingPathComponent(site))
            }
            return root
        }
    }

    /// Every line of a command's output, as a set (records come in index order, not input order).
    static func lines(_ arguments: [String]) throws -> Set<Substring> {
        let result = try run(CommandLineTests.executable, arguments)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.error)")
        return Set(String(decoding: result.output, as: UTF8.self).split(separator: "\n"))
    }

    /// Runs `palimpsest index add` on each folder in its own process, all at once, a few documents a
    /// transaction so their writes interleave; returns each one's standard error.
    static func addAtOnce(_ folders: [URL], index: String) throws -> [String] {
        let workers = folders.map { folder in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
            process.arguments = ["index", "add", folder.path, "--index", index, "--batch-size", "3"]
            let errors = Pipe()
            process.standardError = errors
            return (process, errors)
        }
        for (process, _) in workers { try process.run() }
        return workers.map { process, errors in
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(message)")
            return message
        }
    }

    /// How many documents a run of `index add` reported added.
    static func added(_ message: String) -> Int {
        message.split(separator: "\n").compactMap { line in
            line.range(of: " document(s) added").flatMap { Int(line[..<$0.lowerBound].split(separator: " ").last ?? "") }
        }.first ?? -1
    }

    /// Two workers adding disjoint halves of the samples at once give the findings of one scan of the whole.
    static func concurrentWorkersGiveTheFindingsOfOneScan(index: String) throws {
        let halves = try halves(in: try makeTemporaryFolder())
        _ = try addAtOnce(halves, index: index)
        let verified = try run(CommandLineTests.executable, ["index", "verify", "--index", index])
        #expect(verified.error.contains("52 document(s), sound"), "\(verified.error)")
        let exported = try lines(["export", "--index", index])
        let scanned = try lines(["scan"] + halves.map(\.path) + ["-q"])
        #expect(exported.count == 52)
        #expect(exported == scanned, "records differ: \(exported.symmetricDifference(scanned).count)")
    }

    /// Two workers adding the same folder at once store each document once between them.
    static func workersAddingTheSameFilesStoreThemOnce(index: String) throws {
        let messages = try addAtOnce([samplesFolder, samplesFolder], index: index)
        #expect(messages.map(added).reduce(0, +) == 52, "\(messages)")
        let verified = try run(CommandLineTests.executable, ["index", "verify", "--index", index])
        #expect(verified.error.contains("52 document(s), sound"), "\(verified.error)")
    }

    /// Two workers adding different texts under the same ids at once keep every text, each id once.
    static func workersAddingOneIdForTwoTextsKeepBoth(index: String) throws {
        let folder = try makeTemporaryFolder()
        let site = samplesFolder.appendingPathComponent("harbour-gazette")
        let pages = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasSuffix(".md") }
        for (copy, addition) in [("first", ""), ("second", "\n\nThis version was corrected on Tuesday after a reader wrote in about the ferry timetable.\n")] {
            for page in pages {
                let text = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
                try write(text + addition, to: "\(copy)/harbour-gazette/\(page)", in: folder)
            }
        }
        let messages = try addAtOnce([folder.appendingPathComponent("first"), folder.appendingPathComponent("second")], index: index)
        #expect(messages.map(added).reduce(0, +) == 2 * pages.count, "\(messages)")
        #expect(messages.joined().components(separatedBy: "names another text in the index").count - 1 == pages.count)
        let verified = try run(CommandLineTests.executable, ["index", "verify", "--index", index])
        #expect(verified.error.contains("\(2 * pages.count) document(s), sound"), "\(verified.error)")
    }
}

@Suite struct ConcurrentSQLiteIndexTests {
    func freshIndex() throws -> String { try makeTemporaryFolder().appendingPathComponent("news.sqlite").path }

    @Test func twoWorkersAddingAtOnceGiveTheFindingsOfOneScan() throws {
        try SharedIndexScenarios.concurrentWorkersGiveTheFindingsOfOneScan(index: try freshIndex())
    }

    @Test func twoWorkersAddingTheSameFilesStoreThemOnce() throws {
        try SharedIndexScenarios.workersAddingTheSameFilesStoreThemOnce(index: try freshIndex())
    }

    @Test func twoWorkersAddingOneIdForTwoTextsKeepBoth() throws {
        try SharedIndexScenarios.workersAddingOneIdForTwoTextsKeepBoth(index: try freshIndex())
    }
}

@Suite(.enabled(if: PostgresTestServer.url != nil, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresIndexCommandTests {
    @Test func twoWorkersAddingAtOnceGiveTheFindingsOfOneScan() throws {
        try SharedIndexScenarios.concurrentWorkersGiveTheFindingsOfOneScan(index: try #require(PostgresTestServer.freshIndexURL()))
    }

    @Test func twoWorkersAddingTheSameFilesStoreThemOnce() throws {
        try SharedIndexScenarios.workersAddingTheSameFilesStoreThemOnce(index: try #require(PostgresTestServer.freshIndexURL()))
    }

    @Test func twoWorkersAddingOneIdForTwoTextsKeepBoth() throws {
        try SharedIndexScenarios.workersAddingOneIdForTwoTextsKeepBoth(index: try #require(PostgresTestServer.freshIndexURL()))
    }

    @Test func theIndexCommandsWorkOnTheSharedIndexFromTheEnvironment() throws {
        let index = try #require(PostgresTestServer.freshIndexURL())
        let environment = ["PALIMPSEST_INDEX": index]
        func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: [UInt8], error: String) {
            try PalimpsestTests.run(program, arguments, environment: environment)
        }
        let added = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path])
        #expect(added.status == 0, "\(added.error)")
        #expect(added.error.contains("52 document(s) added, 0 already indexed"))
        let again = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path])
        #expect(again.error.contains("0 document(s) added, 52 already indexed"))
        let stats = String(decoding: try run(CommandLineTests.executable, ["index", "stats"]).output, as: UTF8.self)
        #expect(stats.contains("documents: 52"))
        #expect(stats.contains("setting shingle_size: 5"))
        let refused = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--shingle", "4"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("shingle_size: 5 in the index, 4 requested"))
        let checked = try run(CommandLineTests.executable, ["check", samplesFolder.appendingPathComponent("newshive/coast-trains-return.md").path])
        #expect(checked.status == 0, "\(checked.error)")
        #expect(String(decoding: checked.output, as: UTF8.self).contains("repost of harbour-gazette/coast-line-trains.md"))
        let exported = String(decoding: try run(CommandLineTests.executable, ["export"]).output, as: UTF8.self).split(separator: "\n")
        #expect(Set(exported) == (try SharedIndexScenarios.lines(["scan", samplesFolder.path, "-q"])))
        let removed = try run(CommandLineTests.executable, ["index", "remove", "newshive/coast-trains-return.md"])
        #expect(removed.error.contains("1 document(s) removed"), "\(removed.error)")
        let verified = try run(CommandLineTests.executable, ["index", "verify"])
        #expect(verified.status == 0)
        #expect(verified.error.contains("51 document(s), sound"))
    }

    @Test func anUnreachableServerIsNamedQuickly() throws {
        let started = Date()
        let result = try run(CommandLineTests.executable, ["index", "stats", "--index", "postgres://nobody@127.0.0.1:9/none"])
        #expect(result.status == 2)
        #expect(result.error.contains("postgres://nobody@127.0.0.1:9/none: cannot connect"), "\(result.error)")
        #expect(Date().timeIntervalSince(started) < 30, "the pool's minute of retries is not waited out")
    }
}

/// The samples added to an index in a shuffled order and uneven batches, through the library, give
/// the findings of one scan of them, on each store.
enum ShuffledAdditionScenario {
    static func findingsEqualOneScan(_ address: IndexAddress) async throws {
        let corpus = CorpusReader().read([samplesFolder.path])
        var shuffled = corpus.documents
        var generator = SplitMix64(state: 2026)
        shuffled.shuffle(using: &generator)
        let store = try await address.open(settings: AnalysisSettings(), creating: true)
        var start = 0, size = 1
        while start < shuffled.count {
            _ = try await store.add(Array(shuffled[start..<min(start + size, shuffled.count)]))
            start += size
            size = size % 7 + 1
        }
        let indexed = Analyzer().analyze(try await store.documents())
        await store.close()
        let scanned = Analyzer().analyze(corpus.documents)
        #expect(indexed.documents.count == scanned.documents.count)
        #expect(Set(indexed.clusters.map(\.members)) == Set(scanned.clusters.map(\.members)))
        for document in scanned.documents {
            let other = try #require(indexed.document(id: document.document.id))
            #expect(other.origin == document.origin, "\(document.document.id)")
            #expect(other.repostOf == document.repostOf, "\(document.document.id)")
            #expect(other.partialRepostOf == document.partialRepostOf, "\(document.document.id)")
            #expect(other.passages.map(\.kind) == document.passages.map(\.kind), "\(document.document.id)")
            #expect(other.passages.map(\.of) == document.passages.map(\.of), "\(document.document.id)")
        }
    }
}

@Suite struct ShuffledAdditionTests {
    @Test func theSamplesAddedShuffledToSQLiteGiveTheFindingsOfOneScan() async throws {
        try await ShuffledAdditionScenario.findingsEqualOneScan(.file(try makeTemporaryFolder().appendingPathComponent("news.sqlite").path))
    }

    @Test(.enabled(if: PostgresTestServer.url != nil, Comment(rawValue: PostgresTestServer.skipReason)))
    func theSamplesAddedShuffledToPostgreSQLGiveTheFindingsOfOneScan() async throws {
        try await ShuffledAdditionScenario.findingsEqualOneScan(try IndexAddress(try #require(PostgresTestServer.freshIndexURL())))
    }
}
