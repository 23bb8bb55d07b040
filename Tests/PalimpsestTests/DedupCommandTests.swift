import Foundation
import Testing

/// `palimpsest dedup`, run as a user would.
@Suite struct DedupCommandTests {
    func clusters(_ output: URL) throws -> [String: String] {
        var labels: [String: String] = [:]
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            let columns = line.split(separator: "\t").map(String.init)
            labels[columns[0]] = columns[1]
        }
        return labels
    }

    @Test func clustersTheSamplesRepostsAndPartialCopies() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let near = folder.appendingPathComponent("near.tsv"), partial = folder.appendingPathComponent("partial.tsv")
        let first = try run(CommandLineTests.executable, ["dedup", samplesFolder.path, "-o", near.path])
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error.contains("52 documents"), "\(first.error)")
        let nearLabels = try clusters(near)
        #expect(nearLabels.count == 52)
        #expect(nearLabels.allSatisfy { $0.key == $0.value }, "site chrome keeps every whole-text resemblance below 0.8 (scan strips it first)")
        let lower = folder.appendingPathComponent("lower.tsv")
        let third = try run(CommandLineTests.executable, ["dedup", samplesFolder.path, "--threshold", "0.4", "-o", lower.path, "--quiet"])
        #expect(third.status == 0, "\(third.error)")
        #expect(try clusters(lower)["\(samplesFolder.path)/newshive/hoshimi-exchange.md"] == "\(samplesFolder.path)/brightwater-bulletin/hoshimi-exchange.md",
                "the two Hoshimi reports share 0.41 of their shingles")

        let second = try run(CommandLineTests.executable, ["dedup", samplesFolder.path, "--partial", "-o", partial.path, "--quiet"])
        #expect(second.status == 0 && second.error.isEmpty, "\(second.error)")
        let partialLabels = try clusters(partial)
        #expect(partialLabels["\(samplesFolder.path)/newshive/coast-trains-return.md"] == "\(samplesFolder.path)/harbour-gazette/coast-line-trains.md",
                "a rewrite that keeps whole paragraphs joins its origin from passage evidence")
        let grouped = partialLabels.filter { $0.key != $0.value }.count
        #expect(grouped > nearLabels.filter { $0.key != $0.value }.count)
    }

    @Test func namesBadLinesAndStillWritesTheClusters() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "The harbour board met on Tuesday and agreed the new ferry timetable for the winter months."
        let corpus = try write("""
            {"id": "a", "text": "\(text)"}
            {"id": "b", "text": "\(text)"
            {"id": "c", "text": "\(text)"}

            """, to: "corpus.jsonl", in: folder)
        let output = folder.appendingPathComponent("clusters.tsv")
        let result = try run(CommandLineTests.executable, ["dedup", corpus.path, "-o", output.path])
        #expect(result.status == 1)
        #expect(result.error.contains("\(corpus.path): line 2, column"), "\(result.error)")
        #expect(try clusters(output) == ["a": "a", "c": "a"])
    }

    @Test func refusesNonsenseOptions() throws {
        for arguments in [["--memory", "lots"], ["--bands", "20x7"], ["--threshold", "1.5"], ["--field", "title=x"]] {
            let result = try run(CommandLineTests.executable, ["dedup", samplesFolder.path] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.error)")
        }
    }

    @Test func inputLimitsApplyToTheStreamingReader() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "A record of ordinary words about the ferry timetable and the harbour fares this spring."
        let lines = [
            "{\"id\":\"a\",\"text\":\"\(text)\"}",
            "{\"id\":\"long\",\"text\":\"" + String(repeating: "word ", count: 400) + "\"}",
            "{\"id\":\"b\",\"text\":\"\(text)\"}",
        ]
        let input = try write(lines.joined(separator: "\n") + "\n", to: "records.jsonl", in: folder)
        let output = folder.appendingPathComponent("clusters.tsv")
        let limited = try run(CommandLineTests.executable, ["dedup", input.path, "-o", output.path, "--max-line-length", "1K", "-q"])
        #expect(limited.status == 1)
        #expect(limited.error.contains("records.jsonl: line 2"))
        #expect(limited.error.contains("(--max-line-length)"))
        #expect(try clusters(output) == ["a": "a", "b": "a"])
        let refused = try run(CommandLineTests.executable, ["dedup", input.path, "--max-line-length", "lots"])
        #expect(refused.status == 64)
        #expect(refused.error.contains("--max-line-length takes a size"))
    }
}
