import Foundation
import Testing

/// `palimpsest index add` and `index stats` on the sample corpus, run as a user would.
@Suite struct IndexCommandTests {
    @Test func addingTwiceAddsNothingTheSecondTimeAndStatsCountTheDocuments() throws {
        let folder = try makeTemporaryFolder()
        let index = folder.appendingPathComponent("news.sqlite").path
        let first = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("52 document(s) added, 0 already indexed"))
        let second = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index])
        #expect(second.status == 0)
        #expect(second.error.contains("0 document(s) added, 52 already indexed"))
        let stats = try run(CommandLineTests.executable, ["index", "stats", "--index", index])
        #expect(stats.status == 0)
        let text = String(decoding: stats.output, as: UTF8.self)
        #expect(text.contains("documents: 52"))
        #expect(text.contains("setting shingle_size: 5"))
    }

    @Test func otherSettingsAndMissingIndexesAreRefused() throws {
        let folder = try makeTemporaryFolder()
        let index = folder.appendingPathComponent("news.sqlite").path
        _ = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index, "-q"])
        let other = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index, "--shingle", "4"])
        #expect(other.status == 2)
        #expect(other.error.contains("shingle_size: 5 in the index, 4 requested"))
        let missing = try run(CommandLineTests.executable, ["index", "stats", "--index", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no index here"))
    }
}

/// `palimpsest check` against an index of part of the sample corpus.
@Suite struct CheckCommandTests {
    /// An index of two sites' pages, and the path of a repost, on the second site, of a page of the
    /// first (itself left out of the index).
    func indexedHarbourGazette() throws -> (index: String, repost: String) {
        let folder = try makeTemporaryFolder()
        for siteName in ["harbour-gazette", "newshive"] {
            let site = folder.appendingPathComponent("corpus/\(siteName)")
            try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: samplesFolder.appendingPathComponent(siteName).path)
            where name.hasSuffix(".md") && name != "coast-trains-return.md" {
                try FileManager.default.copyItem(at: samplesFolder.appendingPathComponent("\(siteName)/\(name)"), to: site.appendingPathComponent(name))
            }
        }
        let index = folder.appendingPathComponent("gazette.sqlite").path
        let added = try run(CommandLineTests.executable, ["index", "add", folder.appendingPathComponent("corpus").path, "--index", index, "-q"])
        #expect(added.status == 0, "\(added.error)")
        return (index, samplesFolder.appendingPathComponent("newshive/coast-trains-return.md").path)
    }

    @Test func aRepostIsTracedToItsOriginForPeople() throws {
        let (index, repost) = try indexedHarbourGazette()
        let checked = try run(CommandLineTests.executable, ["check", repost, "--index", index])
        #expect(checked.status == 0, "\(checked.error)")
        let text = String(decoding: checked.output, as: UTF8.self)
        #expect(text.contains("repost of harbour-gazette/coast-line-trains.md"), "\(text)")
    }

    @Test func checkingAsJSONLinesGivesTheScanRecordAndAddsNothing() throws {
        let (index, repost) = try indexedHarbourGazette()
        let counts = { () throws -> [Substring] in
            String(decoding: try run(CommandLineTests.executable, ["index", "stats", "--index", index]).output, as: UTF8.self)
                .split(separator: "\n").filter { $0.hasPrefix("documents:") || $0.hasPrefix("passages:") || $0.hasPrefix("band entries:") }
        }
        let before = try counts()
        let checked = try run(CommandLineTests.executable, ["check", repost, "--index", index, "--format", "jsonl"])
        #expect(checked.status == 0, "\(checked.error)")
        let lines = String(decoding: checked.output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1, "one line per checked input, none for the indexed documents")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((record["repost_of"] as? [String: Any])?["id"] as? String == "harbour-gazette/coast-line-trains.md")
        #expect(record["origin"] as? String == repost, "the origin of its cluster: the site's chrome keeps the whole texts apart")
        #expect(try counts() == before, "check adds nothing")
    }

    @Test func checkingWithoutAnIndexFails() throws {
        let folder = try makeTemporaryFolder()
        let result = try run(CommandLineTests.executable, ["check", samplesFolder.appendingPathComponent("newshive/coast-trains-return.md").path, "--index", folder.appendingPathComponent("none.sqlite").path])
        #expect(result.status == 2)
        #expect(result.error.contains("no index here"))
    }
}

/// `palimpsest export` and `index remove` on an index of the sample corpus.
@Suite struct ExportFromIndexTests {
    @Test func exportingTheIndexGivesTheRecordsOfOneScan() throws {
        let folder = try makeTemporaryFolder()
        let index = folder.appendingPathComponent("news.sqlite").path
        _ = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index, "-q"])
        let exported = try run(CommandLineTests.executable, ["export", "--index", index])
        #expect(exported.status == 0, "\(exported.error)")
        let scanned = try run(CommandLineTests.executable, ["scan", samplesFolder.path, "-q"])
        #expect(Set(String(decoding: exported.output, as: UTF8.self).split(separator: "\n"))
            == Set(String(decoding: scanned.output, as: UTF8.self).split(separator: "\n")))
    }

    @Test func removedDocumentsLeaveTheIndex() throws {
        let folder = try makeTemporaryFolder()
        let index = folder.appendingPathComponent("news.sqlite").path
        _ = try run(CommandLineTests.executable, ["index", "add", samplesFolder.path, "--index", index, "-q"])
        let removed = try run(CommandLineTests.executable, ["index", "remove", "newshive/coast-trains-return.md", "--index", index])
        #expect(removed.status == 0)
        #expect(removed.error.contains("1 document(s) removed"))
        let stats = String(decoding: try run(CommandLineTests.executable, ["index", "stats", "--index", index]).output, as: UTF8.self)
        #expect(stats.contains("documents: 51"))
        let refused = try run(CommandLineTests.executable, ["index", "remove", "--index", index])
        #expect(refused.status == 64)
    }
}

/// `index add` killed with SIGKILL part-way, again and again: the index opens, verifies sound and
/// completes on a re-run, with nothing lost and nothing doubled.
@Suite struct IndexCrashTests {
    /// A JSON Lines corpus of `count` documents written for this test, several batches long.
    func writeCorpus(count: Int, in folder: URL) throws -> URL {
        var lines = ""
        for number in 0..<count {
            let text = (0..<5).map { paragraph in
                "Paragraph \(paragraph) of report \(number): the council met on day \(number % 31) to discuss item \(number * 7 + paragraph), and members asked for figure \(number * 13 + paragraph) before voting on motion \(paragraph + number)."
            }.joined(separator: "\n\n")
            let record = ["id": "report-\(number)", "text": text, "site": "site-\(number % 7)", "published": "2025-01-\(String(format: "%02d", 1 + number % 28))T00:00:00Z"]
            lines += String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        return try write(lines, to: "reports.jsonl", in: folder)
    }

    @Test func killedRunsLeaveASoundIndexThatCompletes() throws {
        let folder = try makeTemporaryFolder()
        let corpus = try writeCorpus(count: 3_000, in: folder)
        let index = folder.appendingPathComponent("reports.sqlite").path
        for delay in [0.3, 0.8, 1.5, 2.5] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
            process.arguments = ["index", "add", corpus.path, "--index", index, "-q"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard FileManager.default.fileExists(atPath: index) else { continue }
            let verified = try run(CommandLineTests.executable, ["index", "verify", "--index", index])
            #expect(verified.status == 0, "after a kill at \(delay) s: \(verified.error)")
        }
        let completed = try run(CommandLineTests.executable, ["index", "add", corpus.path, "--index", index])
        #expect(completed.status == 0, "\(completed.error)")
        let verified = try run(CommandLineTests.executable, ["index", "verify", "--index", index])
        #expect(verified.status == 0)
        #expect(verified.error.contains("3000 document(s), sound"))
        let again = try run(CommandLineTests.executable, ["index", "add", corpus.path, "--index", index])
        #expect(again.error.contains("0 document(s) added, 3000 already indexed"))
    }
}
