import Foundation
import PalimpsestCore
import Testing
@testable import PalimpsestDedup

/// Short texts (issue 14, item 3): a text of fewer words than a shingle, or of a few shingles, got
/// a sketch of one or a few minima copied into every bin, so two unrelated ones agreed in all 128
/// one-byte bins one time in 256 — 4,744 of 5,000 three-word texts were "duplicates by sketch".
/// Short texts must meet only when their shingle sets do.
@Suite struct ShortDocumentTests {
    /// A vocabulary of `count` distinct made-up words (two to four syllables).
    static func vocabulary(_ count: Int, seed: UInt64) -> [String] {
        let syllables = ["ka", "lo", "mer", "ti", "sun", "dra", "vel", "op", "ni", "har", "bou", "sel", "qui", "den", "ra", "tor", "pim", "zu", "gar", "fen"]
        var generator = SplitMix64(state: seed)
        var words = Set<String>(), ordered: [String] = []
        while ordered.count < count {
            let word = (0..<(2 + Int(generator.next() % 3))).map { _ in syllables[Int(generator.next() % UInt64(syllables.count))] }.joined()
            if words.insert(word).inserted { ordered.append(word) }
        }
        return ordered
    }

    /// `count` texts of `words` words drawn at random from `vocabulary`.
    static func randomTexts(_ count: Int, words: Int, vocabulary: [String], seed: UInt64) -> [String] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { _ in (0..<words).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }.joined(separator: " ") }
    }

    /// Runs the deduplicator on `texts` (ids `d0`, `d1`, …) and returns each id's cluster.
    func clusters(of texts: [String], options: DedupOptions = DedupOptions()) async throws -> (labels: [String: String], report: DedupReport) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-short-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("corpus.jsonl"), output = folder.appendingPathComponent("clusters.tsv")
        var lines = ""
        for (index, text) in texts.enumerated() { lines += "{\"id\": \"d\(index)\", \"text\": \"\(text)\"}\n" }
        try lines.write(to: input, atomically: true, encoding: .utf8)
        var options = options
        options.temporaryFolder = folder.path
        let report = try await Deduplicator(options: options).run([input.path], clustersPath: output.path)
        var labels: [String: String] = [:]
        for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
            let columns = line.split(separator: "\t").map(String.init)
            labels[columns[0]] = columns[1]
        }
        return (labels, report)
    }

    /// The documents placed in another's cluster whose text differs from that document's.
    func wronglyJoined(_ labels: [String: String], texts: [String]) -> [String] {
        labels.compactMap { id, cluster in
            guard id != cluster else { return nil }
            let own = texts[Int(id.dropFirst())!], first = texts[Int(cluster.dropFirst())!]
            return own == first ? nil : "\(id) '\(own)' joined \(cluster) '\(first)'"
        }.sorted()
    }

    @Test(arguments: [true, false])
    func fiveThousandTextsOfThreeRandomWordsJoinOnlyWhenIdentical(exactChecks: Bool) async throws {
        let texts = Self.randomTexts(5_000, words: 3, vocabulary: Self.vocabulary(3_000, seed: 14), seed: 3)
        var options = DedupOptions()
        options.checksNearThresholdExactly = exactChecks
        let (labels, report) = try await clusters(of: texts, options: options)
        #expect(labels.count == 5_000)
        let wrong = wronglyJoined(labels, texts: texts)
        #expect(wrong.isEmpty, "\(wrong.count) unrelated short texts joined, such as \(wrong.prefix(3))")
        let identical = Set(texts).count
        #expect(report.duplicates == 5_000 - identical, "only the texts drawn twice are duplicates")
        #expect(report.verification.acceptedByEstimate == 0, "no pair of short texts is accepted on its sketches")
    }

    @Test func twentyThousandTwoWordLinesDoNotFallIntoAFewClusters() async throws {
        let texts = Self.randomTexts(20_000, words: 2, vocabulary: Self.vocabulary(2_000, seed: 15), seed: 4)
        let (labels, report) = try await clusters(of: texts)
        #expect(wronglyJoined(labels, texts: texts).isEmpty)
        #expect(report.duplicates == 20_000 - Set(texts).count)
    }

    @Test(arguments: [1 << 30, 1024])
    func identicalShortTextsStillCluster(memoryBudget: Int) async throws {
        var texts = Self.randomTexts(300, words: 2, vocabulary: Self.vocabulary(500, seed: 16), seed: 5)
        texts[10] = "Harbour closed"
        texts[200] = "harbour   CLOSED"
        texts[250] = "Harbour closed."
        texts[20] = "the ferry to the island leaves at nine"
        texts[220] = "The ferry to the island leaves at nine"
        var options = DedupOptions()
        options.memoryBudget = memoryBudget
        let (labels, report) = try await clusters(of: texts, options: options)
        #expect(labels["d200"] == "d10" && labels["d250"] == "d10", "the same words, whatever their case and spacing")
        #expect(labels["d220"] == "d20")
        #expect(report.verification.comparedAsShortTexts > 0)
        #expect(memoryBudget > 1024 || report.spilled)
    }

    @Test func nearlyIdenticalShortTextsAndTheirLongerCopiesStillMeet() async throws {
        let words = Self.vocabulary(40, seed: 17)
        let twelve = words[0..<12].joined(separator: " ")
        let nineteen = words[12..<31].joined(separator: " ")
        let texts = [
            twelve, twelve + " " + words[31],  // 8 and 9 shingles: resemblance 8/9, both short
            nineteen, nineteen + " " + words[32],  // 15 and 16 shingles: 15/16, a short text and a long one
            words[33..<36].joined(separator: " "), words[33..<35].joined(separator: " "),  // one shingle each, different
        ]
        let (labels, _) = try await clusters(of: texts)
        #expect(labels["d1"] == "d0")
        #expect(labels["d3"] == "d2")
        #expect(labels["d5"] == "d5")
    }

    @Test func sketchesOfUnrelatedOneShingleTextsAgreeOnlyBinByBinByChance() {
        var sketcher = DocumentSketcher(shingleSize: 5, keepsParagraphs: false)
        var batch = SketchedBatch()
        let texts = Self.randomTexts(2_000, words: 3, vocabulary: Self.vocabulary(3_000, seed: 18), seed: 6)
        for (index, text) in Set(texts).sorted().enumerated() {
            var id = "d\(index)", text = text
            id.withUTF8 { id in text.withUTF8 { sketcher.sketch(id: UnsafeRawBufferPointer(id), text: UnsafeRawBufferPointer($0), location: nil, into: &batch) } }
        }
        #expect(batch.short.count == batch.count, "a text shorter than a shingle is a short text")
        let bytes = DocumentSketcher.signatureBytes
        // Two unrelated sketches share a band of 6 bins with probability 256⁻⁶, not 1/256.
        var bands: [ArraySlice<UInt8>: Int] = [:]
        var mostEqualBins = 0
        for document in 0..<batch.count {
            let sketch = batch.signatures[(document * bytes)..<(document * bytes + bytes)]
            bands[sketch.prefix(6), default: 0] += 1
            if document > 0 {
                let previous = batch.signatures[((document - 1) * bytes)..<(document * bytes)]
                mostEqualBins = max(mostEqualBins, zip(sketch, previous).filter { $0 == $1 }.count)
            }
        }
        #expect(bands.values.allSatisfy { $0 == 1 }, "no two of \(batch.count) texts share their first band")
        // Bin by bin by chance: about one bin in 256 agrees, never all 128 together.
        #expect(mostEqualBins <= 16, "two unrelated sketches agree in \(mostEqualBins) of \(bytes) bins")
    }

    @Test func scansFullWidthSignaturesOfDifferentSingleShinglesNeverAgree() {
        // `scan` sketches with k independent permutations at full width and verifies every
        // candidate on the sets: a one-shingle set cannot collide there, whatever the shingle.
        let minHasher = MinHasher(permutations: 128), onePermutation = OnePermutationHasher()
        var generator = SplitMix64(state: 19)
        for _ in 0..<200 {
            let a = generator.next(), b = generator.next()
            let classicA = minHasher.signature(of: [a])!, classicB = minHasher.signature(of: [b])!
            #expect(classicA.estimatedJaccard(with: classicB) == 0)
            #expect(onePermutation.signature(of: [a])!.estimatedJaccard(with: onePermutation.signature(of: [b])!) == 0)
        }
    }
}
