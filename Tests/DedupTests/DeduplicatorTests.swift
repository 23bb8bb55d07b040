import Foundation
import PalimpsestCore
import PalimpsestTestKit
import Testing
@testable import PalimpsestDedup

/// A corpus written here for the tests: articles of pseudo-words, and copies of them made as the
/// peer benchmark makes reposts (exact, a few words changed, half the paragraphs).
struct RepostFixture {
    var lines: [String] = []

    /// A pseudo-word from two or three syllables: thousands of distinct words, no word list needed.
    static func word(_ generator: inout SplitMix64) -> String {
        let syllables = ["ka", "lo", "mer", "ti", "sun", "dra", "vel", "op", "ni", "har", "bou", "sel", "qui", "den", "ra", "tor"]
        return (0..<(2 + Int(generator.next() % 2))).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined()
    }

    /// Six paragraphs of forty words.
    static func article(seed: UInt64) -> [String] {
        var generator = SplitMix64(state: seed)
        return (0..<6).map { _ in (0..<40).map { _ in word(&generator) }.joined(separator: " ") + "." }
    }

    /// `paragraphs` with `count` words replaced (never in the first paragraph).
    static func edited(_ paragraphs: [String], count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(state: seed)
        var words = paragraphs.map { $0.split(separator: " ").map(String.init) }
        for _ in 0..<count {
            let paragraph = 1 + Int(generator.next() % UInt64(words.count - 1))
            words[paragraph][Int(generator.next() % UInt64(words[paragraph].count))] = "zz" + word(&generator)
        }
        return words.map { $0.joined(separator: " ") }
    }

    mutating func add(_ id: String, _ paragraphs: [String]) {
        let text = paragraphs.joined(separator: "\n\n")
        let data = try! JSONSerialization.data(withJSONObject: ["id": id, "text": text, "source": "fixture.example"], options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
    }

    /// Twenty originals, then an exact copy of o1, a light edit of o2 (resemblance about 0.88), a
    /// heavy edit of o3 (about 0.6), half of o4's paragraphs, and an empty text.
    static func standard() -> RepostFixture {
        var fixture = RepostFixture()
        let originals = (1...20).map { article(seed: UInt64($0) * 1_000_003) }
        for (index, paragraphs) in originals.enumerated() { fixture.add("o\(index + 1)", paragraphs) }
        fixture.add("exact-of-o1", originals[0])
        fixture.add("light-edit-of-o2", edited(originals[1], count: 3, seed: 5))
        fixture.add("heavy-edit-of-o3", edited(originals[2], count: 16, seed: 6))
        fixture.add("half-of-o4", [originals[3][0], originals[3][2], originals[3][4]])
        fixture.add("empty", [""])
        return fixture
    }

    var jsonLines: String { lines.joined(separator: "\n") + "\n" }
}

@Suite struct DeduplicatorTests {
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-dedup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func clusters(_ input: URL, _ options: DedupOptions, in folder: URL) async throws -> (labels: [String: String], order: [String], report: DedupReport) {
        let output = folder.appendingPathComponent("clusters-\(UUID().uuidString).tsv")
        let report = try await Deduplicator(options: options).run([input.path], clustersPath: output.path)
        var labels: [String: String] = [:], order: [String] = []
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            let columns = line.split(separator: "\t").map(String.init)
            labels[columns[0]] = columns[1]
            order.append(columns[0])
        }
        return (labels, order, report)
    }

    @Test func clustersCopiesAboveTheThresholdUnderTheirFirstDocument() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.jsonl")
        try RepostFixture.standard().jsonLines.write(to: input, atomically: true, encoding: .utf8)
        let (labels, order, report) = try await clusters(input, DedupOptions(), in: folder)
        #expect(order.count == 25 && order.first == "o1" && order.last == "empty", "one line per document, in input order")
        #expect(labels["exact-of-o1"] == "o1")
        #expect(labels["light-edit-of-o2"] == "o2")
        #expect(labels["heavy-edit-of-o3"] == "heavy-edit-of-o3", "resemblance about 0.6 is below 0.8")
        #expect(labels["half-of-o4"] == "half-of-o4", "a partial copy is not a near duplicate")
        #expect(labels["empty"] == "empty")
        for index in 1...20 { #expect(labels["o\(index)"] == "o\(index)") }
        #expect(report.clusters == 2 && report.duplicates == 2)
        #expect(report.problems.isEmpty)
    }

    @Test func groupsPartialCopiesWithTheirOriginWhenAsked() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.jsonl")
        try RepostFixture.standard().jsonLines.write(to: input, atomically: true, encoding: .utf8)
        var options = DedupOptions()
        options.groupsPartialCopies = true
        let (labels, _, report) = try await clusters(input, options, in: folder)
        #expect(labels["half-of-o4"] == "o4")
        #expect(labels["heavy-edit-of-o3"] == "heavy-edit-of-o3", "sixteen edits leave it only its first paragraph word for word")
        #expect(labels["exact-of-o1"] == "o1")
        for index in 5...20 { #expect(labels["o\(index)"] == "o\(index)") }
        #expect(report.passageJoins == 1)
    }

    @Test func theClustersDoNotDependOnMemoryCoresCompressionOrExactChecks() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = RepostFixture.standard()
        let plain = folder.appendingPathComponent("corpus.jsonl")
        try fixture.jsonLines.write(to: plain, atomically: true, encoding: .utf8)
        let compressed = folder.appendingPathComponent("corpus.jsonl.gz")
        try Data(try Fixtures.gzip(Array(fixture.jsonLines.utf8))).write(to: compressed)
        let normal = try await clusters(plain, DedupOptions(), in: folder)
        let reference = normal.labels
        #expect(!normal.report.spilled && normal.report.budgetTooSmall == nil)

        var tiny = DedupOptions()
        tiny.memoryBudget = 1024
        let spilled = try await clusters(plain, tiny, in: folder)
        #expect(spilled.report.spilled, "a 1 KB budget must send the stores to temporary files")
        #expect(spilled.report.budgetTooSmall?.budget == 1024, "and it is too small for the run's own needs, which the report says")
        #expect(spilled.labels == reference)

        var oneCore = DedupOptions()
        oneCore.workers = 1
        #expect(try await clusters(plain, oneCore, in: folder).labels == reference)
        #expect(try await clusters(compressed, DedupOptions(), in: folder).labels == reference)
        var estimates = DedupOptions()
        estimates.checksNearThresholdExactly = false
        let estimated = try await clusters(plain, estimates, in: folder)
        #expect(estimated.labels == reference)
        #expect(estimated.report.verification.checkedExactly == 0)
    }

    @Test func badLinesAreNamedAndTheRestIsClustered() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var fixture = RepostFixture.standard()
        fixture.lines.insert(#"{"id": "broken", "text": "no end"#, at: 3)
        fixture.lines.insert(#"{"id": "no-text", "title": "t"}"#, at: 5)
        fixture.lines.insert("", at: 7)
        let input = folder.appendingPathComponent("corpus.jsonl")
        try fixture.jsonLines.write(to: input, atomically: true, encoding: .utf8)
        let (labels, _, report) = try await clusters(input, DedupOptions(), in: folder)
        #expect(report.problems.map(\.location) == ["\(input.path): line 4, column 33", "\(input.path): line 6"])
        #expect(report.problems.first?.message == "the string is not closed")
        #expect(labels["exact-of-o1"] == "o1" && labels["light-edit-of-o2"] == "o2")
        #expect(labels["broken"] == nil && report.documents == 25)
    }

    @Test func aByteOrderMarkIsSkippedAndADamagedGzipTailLeavesNoFragment() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = RepostFixture.standard()
        let marked = folder.appendingPathComponent("marked.jsonl")
        try Data([0xEF, 0xBB, 0xBF] + Array(fixture.jsonLines.utf8)).write(to: marked)
        let (labels, _, report) = try await clusters(marked, DedupOptions(), in: folder)
        #expect(report.problems.isEmpty && labels["o1"] == "o1" && report.documents == 25)

        let damaged = folder.appendingPathComponent("damaged.jsonl.gz")
        try Data(try Fixtures.gzip(Array(fixture.jsonLines.utf8)) + Array("not gzip at all".utf8)).write(to: damaged)
        let broken = try await Deduplicator().run([damaged.path], clustersPath: nil)
        #expect(broken.problems.count == 1, "\(broken.problems)")
        #expect(broken.problems.first?.message.hasSuffix("the rest of the file is skipped") == true)
    }

    @Test func aMissingInputIsAProblemNotAFailure() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.jsonl")
        try RepostFixture.standard().jsonLines.write(to: input, atomically: true, encoding: .utf8)
        let report = try await Deduplicator().run([folder.appendingPathComponent("missing.jsonl").path, input.path], clustersPath: nil)
        #expect(report.documents == 25)
        #expect(report.problems.count == 1 && report.problems[0].message == "no such file or folder")
    }
}
