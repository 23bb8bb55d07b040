import Foundation
import Palimpsest
import Testing

/// The `palimpsest` executable, run as a user would.
@Suite struct CommandLineTests {
    /// The built executable, beside the test bundle.
    static let executable: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("palimpsest").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("palimpsest").path
    }()

    @Test func scanWritesOneLinePerDocumentAndExitsZero() throws {
        let (status, output, error) = try run(Self.executable, ["scan", samplesFolder.path])
        #expect(status == 0, "\(error)")
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 52)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["id", "text", "content_id", "source", "cluster", "origin", "repost_of", "passages"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(error.contains("52 documents"))
    }

    @Test func statsNameEveryStageWithItsTimesAndMemory() throws {
        let (status, output, error) = try run(Self.executable, ["scan", samplesFolder.path, "--stats", "--quiet"])
        #expect(status == 0, "\(error)")
        #expect(String(decoding: output, as: UTF8.self).split(separator: "\n").count == 52, "the findings are still written")
        let stages = ["read + extract", "prepare", "origin order", "page groups + boilerplate", "passage matching", "document clusters", "findings", "export (jsonl)"]
        let lines = error.split(separator: "\n").map { $0.replacingOccurrences(of: "palimpsest: ", with: "") }
        for stage in stages + ["total"] {
            let line = try #require(lines.first { $0.hasPrefix(stage + " ") }, "no line for \(stage) in \(error)")
            // Wall seconds, CPU seconds (on every thread), peak megabytes; the run as a whole took some CPU.
            let numbers = line.dropFirst(stage.count).split(separator: " ").prefix(3).compactMap { Double($0) }
            #expect(numbers.count == 3 && numbers[0] >= 0 && numbers[1] >= 0 && numbers[2] > 0, "\(line)")
            if stage == "total" { #expect(numbers.count == 3 && numbers[1] > 0, "\(line)") }
        }
        let (dedupStatus, _, dedupError) = try run(Self.executable, ["dedup", samplesFolder.path, "--stats", "--quiet"])
        #expect(dedupStatus == 0, "\(dedupError)")
        for stage in ["read + sketch", "LSH bands", "write", "total"] {
            #expect(dedupError.contains("palimpsest: \(stage) "), "no line for \(stage) in \(dedupError)")
        }
    }

    @Test("every exporter writes through --output", arguments: ["jsonl", "csv", "markdown", "dot", "cleaned", "prov", "html"])
    func exportersWriteFiles(format: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.\(format)")
        let (status, output, error) = try run(Self.executable, ["scan", samplesFolder.path, "--format", format, "--output", target.path, "--quiet"])
        #expect(status == 0, "\(error)")
        #expect(output.isEmpty)
        #expect(error.isEmpty)
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(!written.isEmpty)
        // Only the finished file remains: no temporary file beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.\(format)"])
    }

    @Test func someBadInputsExitOneAndStillWrite() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("{\"id\":\"a\",\"text\":\"A line of text that is fine.\"}\n{broken\n", to: "feed.jsonl", in: folder)
        let (status, output, error) = try run(Self.executable, ["scan", folder.path])
        #expect(status == 1)
        #expect(String(decoding: output, as: UTF8.self).split(separator: "\n").count == 1)
        #expect(error.contains("feed.jsonl: line 2: error: malformed JSON"))
    }

    @Test func nothingReadableExitsTwo() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output, error) = try run(Self.executable, ["scan", folder.path])
        #expect(status == 2)
        #expect(output.isEmpty)
        #expect(error.contains("folder holds no files"))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let unknownFormat = try run(Self.executable, ["scan", samplesFolder.path, "--format", "pdf"])
        #expect(unknownFormat.status == 64)
        #expect(unknownFormat.error.contains("no exporter named 'pdf'"))
        let badThreshold = try run(Self.executable, ["scan", samplesFolder.path, "--threshold", "1.5"])
        #expect(badThreshold.status == 64)
    }

    @Test func readsStandardInput() throws {
        let text = "The council met on Tuesday.\n\nIt agreed the budget without a vote, after a short debate about the harbour."
        let (status, output, _) = try run(Self.executable, ["scan", "-"], input: Array(text.utf8))
        #expect(status == 0)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(line["id"] as? String == "stdin")
        #expect((line["passages"] as? [Any])?.count == 2)
    }

    @Test func jsonLinesFieldsCanBeRenamed() throws {
        let line = "{\"guid\": \"g1\", \"body\": \"Text from another field.\", \"outlet\": \"Wire\"}\n"
        let (status, output, error) = try run(Self.executable, ["scan", "-", "--extractor", "jsonl", "--field", "id=guid", "--field", "text=body", "--field", "site=outlet"], input: Array(line.utf8))
        #expect(status == 0, "\(error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(document["id"] as? String == "g1")
        #expect(document["text"] as? String == "Text from another field.")
        #expect((document["source"] as? [String: Any])?["site"] as? String == "Wire")
        let bad = try run(Self.executable, ["scan", "-", "--field", "colour=x"], input: Array(line.utf8))
        #expect(bad.status == 64)
        #expect(bad.error.contains("unknown document part 'colour'"))
    }

    @Test func externalPluginsExtractWhenNamed() throws {
        let sample = repositoryRoot.appendingPathComponent("Samples/ExternalPlugin")
        let plugin = sample.appendingPathComponent("webvtt_extractor.py").path
        let (status, output, error) = try run(Self.executable, ["scan", sample.path, "--plugin", plugin])
        #expect(status == 0, "\(error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(document["id"] as? String == "talk.vtt")
        #expect(((document["source"] as? [String: Any])?["extractor"] as? [String: Any])?["name"] as? String == "webvtt")
        #expect((document["passages"] as? [Any])?.count == 2)
        // Without --plugin nothing runs it: the .vtt file is read as plain text instead.
        let unnamed = try run(Self.executable, ["scan", sample.path])
        #expect(String(decoding: unnamed.output, as: UTF8.self).contains("\"name\":\"text\""))
    }

    @Test func brokenPluginsAreRefusedOrReported() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let failing = try write("#!/bin/sh\nif [ \"$1\" = --describe ]; then echo '{\"kind\":\"extractor\",\"name\":\"flaky\",\"extensions\":[\"fl\"]}'; else exit 3; fi\n", to: "flaky.sh", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: failing.path)
        try write("some text", to: "corpus/a.fl", in: folder)
        try write("A plain text file that reads fine.", to: "corpus/b.txt", in: folder)
        let (status, output, error) = try run(Self.executable, ["scan", folder.appendingPathComponent("corpus").path, "--plugin", failing.path])
        #expect(status == 1)
        #expect(error.contains("a.fl: error: plugin flaky failed"))
        #expect(String(decoding: output, as: UTF8.self).split(separator: "\n").count == 1)
        let notAPlugin = try run(Self.executable, ["scan", folder.path, "--plugin", "/bin/echo"])
        #expect(notAPlugin.status == 64)
    }

    @Test func pluginsAreListedOneLineEach() throws {
        let (status, output, _) = try run(Self.executable, ["plugins"])
        #expect(status == 0)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("extractor") }.count == 6)
        #expect(lines.filter { $0.hasPrefix("exporter") }.count == 7)
        #expect(lines.contains { $0.contains("markdown") && $0.contains(".md") })
    }
}

@Suite struct ExternalPluginTimeoutTests {
    @Test func aPluginThatHangsIsStoppedAtTheDeadline() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try write("#!/bin/sh\nif [ \"$1\" = --describe ]; then echo '{\"kind\":\"extractor\",\"name\":\"sleepy\"}'; else exec sleep 30; fi\n", to: "sleepy.sh", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let plugin = try ExternalProcessExtractor(executable: script.path, timeout: 1)
        let started = Date()
        #expect(throws: InputProblem.self) {
            try plugin.extract(ExtractionInput(location: "x", documentID: "x", bytes: Array(repeating: 0x41, count: 200_000))) { _ in }
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
