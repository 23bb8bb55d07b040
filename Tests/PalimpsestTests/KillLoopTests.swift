import Foundation
import Palimpsest
import IndexTestSupport
import PalimpsestTestKit
import Testing

/// Nothing is lost when a run is killed: `index add` and `export` are killed with SIGKILL at
/// random moments (from a seeded generator, so every run of the test kills at the same moments),
/// and what they leave must open, verify, and complete on a re-run without duplicates.
@Suite(.serialized) struct KillLoopTests {
    let palimpsest = CommandLineTests.executable

    /// A corpus of `count` distinct articles in one JSON Lines file.
    func writeCorpus(_ count: Int, to url: URL) throws {
        let words = ["harbour", "ferry", "council", "budget", "river", "bridge", "school", "market", "festival", "library",
                     "station", "weather", "rescue", "museum", "garden", "hospital", "orchestra", "railway", "island", "valley"]
        var generator = SplitMix64(state: 7)
        var lines = ""
        for number in 0..<count {
            let sentences = (0..<12).map { _ in (0..<10).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") + "." }
            let text = "Article \(number). " + sentences.joined(separator: " ")
            lines += "{\"id\":\"a\(number)\",\"text\":\"\(text)\",\"site\":\"Site \(number % 7)\"}\n"
        }
        try Data(lines.utf8).write(to: url)
    }

    /// Starts the tool, waits `delay` seconds, kills it with SIGKILL; returns whether it was still running.
    func killed(_ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: palimpsest)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning && process.terminationReason == .uncaughtSignal
    }

    /// How long a complete run takes, in seconds.
    func timed(_ arguments: [String]) throws -> Double {
        let start = Date()
        let result = try run(palimpsest, arguments)
        #expect(result.status == 0, "\(result.error)")
        return Date().timeIntervalSince(start)
    }

    @Test func indexAddKilledAtRandomLeavesASoundIndexThatCompletes() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try killLoop(index: folder.appendingPathComponent("index.sqlite").path, reference: folder.appendingPathComponent("reference.sqlite").path, in: folder)
    }

    /// Kills `index add` into `index` at random moments (at least 25 times, and until 20 runs were
    /// killed mid-way), checking after each kill that the index verifies; then completes it and
    /// compares it with `reference`, made by a run never killed.
    func killLoop(index: String, reference: String, in folder: URL) throws {
        let corpus = folder.appendingPathComponent("corpus.jsonl")
        try writeCorpus(600, to: corpus)
        let duration = try timed(["index", "add", corpus.path, "--index", reference, "--batch-size", "16", "-q"])

        // Runs are killed until 20 were killed mid-way, and at least 25 times. A late kill may find
        // the run finished, the index complete: it is then emptied, so later kills land mid-way
        // again rather than on runs with nothing left to add.
        var generator = SplitMix64(state: 20)
        var interrupted = 0, verified = 0, attempts = 0, emptied = 0
        while attempts < 25 || (interrupted < 20 && attempts < 60) {
            attempts += 1
            let delay = Double.random(in: 0.01...max(0.05, duration), using: &generator)
            let wasKilled = try killed(["index", "add", corpus.path, "--index", index, "--batch-size", "16", "-q"], after: delay)
            if wasKilled { interrupted += 1 }
            let verify = try run(palimpsest, ["index", "verify", "--index", index])
            if verify.error.contains("no index") { continue }  // killed before the index was made
            verified += 1
            #expect(verify.status == 0, "after a kill at \(delay) s: \(verify.error)")
            if !wasKilled {
                let removal = try run(palimpsest, ["index", "remove", "--before", "2100-01-01", "--index", index])
                #expect(removal.status == 0, "\(removal.error)")
                emptied += 1
            }
        }
        #expect(interrupted >= 20, "at least 20 runs were killed mid-way (\(interrupted))")
        let partial = String(decoding: try run(palimpsest, ["index", "stats", "--index", index]).output, as: UTF8.self)
        print("kill loop (\(index.hasPrefix("postgres") ? "PostgreSQL" : "SQLite")): \(interrupted) of \(attempts) runs of index add killed mid-way (a full run takes \(duration) s), the index verified after \(verified), emptied \(emptied) times once complete; before the last run: \(partial.split(separator: "\n").dropFirst().first ?? "")")

        let finish = try run(palimpsest, ["index", "add", corpus.path, "--index", index])
        #expect(finish.status == 0, "\(finish.error)")
        let stats = String(decoding: try run(palimpsest, ["index", "stats", "--index", index]).output, as: UTF8.self)
        #expect(stats.contains("documents: 600\n"), "every document once: \(stats)")
        let again = try run(palimpsest, ["index", "add", corpus.path, "--index", index])
        #expect(again.error.contains("0 document(s) added, 600 already indexed"))
        #expect(try run(palimpsest, ["index", "verify", "--index", index]).status == 0)
        // The same documents, fingerprints and findings as a run never killed.
        let exports = try [index, reference].map { path -> [UInt8] in
            let export = try run(palimpsest, ["export", "--index", path, "-f", "csv"])
            #expect(export.status == 0)
            return export.output
        }
        #expect(exports[0] == exports[1])
    }

    @Test func aKilledExportNeverLeavesATruncatedFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("corpus.jsonl")
        try writeCorpus(300, to: corpus)
        let index = folder.appendingPathComponent("index.sqlite").path
        #expect(try run(palimpsest, ["index", "add", corpus.path, "--index", index, "-q"]).status == 0)
        let output = folder.appendingPathComponent("findings.jsonl"), manifest = folder.appendingPathComponent("run.json")
        let arguments = ["export", "--index", index, "-o", output.path, "--manifest", manifest.path]
        let duration = try timed(arguments)
        let complete = try Data(contentsOf: output)
        try FileManager.default.removeItem(at: output)
        try FileManager.default.removeItem(at: manifest)

        var generator = SplitMix64(state: 21)
        var interrupted = 0, whole = 0
        for _ in 0..<20 {
            let delay = Double.random(in: 0.01...max(0.05, duration), using: &generator)
            if try killed(arguments, after: delay) { interrupted += 1 }
            if FileManager.default.fileExists(atPath: output.path) { whole += 1 }
            if let written = FileManager.default.contents(atPath: output.path) {
                #expect(written == complete, "a file under the final name is whole")
            }
            if FileManager.default.fileExists(atPath: manifest.path) {
                #expect(try run(palimpsest, ["verify", manifest.path, "--base", folder.path]).status == 0, "a manifest under its name vouches for a whole output")
            }
        }
        print("kill loop: \(interrupted) of 20 exports killed mid-way (a full run takes \(duration) s); \(whole) times a whole file was already in place, never a partial one")
        // Temporary files of killed runs are cleared by the next write to the same name.
        #expect(try run(palimpsest, arguments).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}

/// The kill loop against the shared PostgreSQL index: each batch is one transaction there too.
@Suite(.serialized, .enabled(if: PostgresTestServer.url != nil, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresKillLoopTests {
    @Test func indexAddKilledAtRandomLeavesASoundIndexThatCompletes() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try KillLoopTests().killLoop(
            index: try #require(PostgresTestServer.freshIndexURL()), reference: try #require(PostgresTestServer.freshIndexURL()), in: folder)
    }
}
