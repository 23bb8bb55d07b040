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
