import Testing
@testable import PalimpsestCore

@Suite struct ShinglerTests {
    @Test func shinglesAreConsecutiveTokenRuns() {
        let tokens: [UInt64] = [1, 2, 3, 4, 5, 6, 7]
        let shingles = Shingler(size: 5).shingles(of: tokens)
        #expect(shingles.count == 3)
        #expect(shingles[0] == [1, 2, 3, 4, 5].withUnsafeBufferPointer { XXH3.hash64(words: $0) })
        // The same run gives the same shingle wherever it stands.
        #expect(Shingler(size: 5).shingles(of: [9, 1, 2, 3, 4, 5])[1] == shingles[0])
    }

    @Test func shortTextsGetOneShingleAndEmptyTextsNone() {
        let shingler = Shingler(size: 5)
        #expect(shingler.shingles(of: [1, 2]).count == 1)
        #expect(shingler.shingles(of: [1, 2]) != shingler.shingles(of: [1, 3]))
        #expect(shingler.shingles(of: []).isEmpty)
    }

    @Test func emptySetsAreSimilarToNothing() {
        #expect(Jaccard.similarity([], []) == 0)
        #expect(Jaccard.similarity([], [1]) == 0)
        #expect(Jaccard.containment(of: [], in: [1]) == 0)
        #expect(MinHasher(permutations: 16).signature(of: []) == nil)
    }

    @Test func jaccardAndContainmentOnSets() {
        let a = Jaccard.set([5, 1, 3, 3, 1])
        #expect(a == [1, 3, 5])
        let b = Jaccard.set([3, 5, 7, 9])
        #expect(Jaccard.intersectionCount(a, b) == 2)
        #expect(Jaccard.similarity(a, b) == 2.0 / 5.0)
        #expect(Jaccard.containment(of: a, in: b) == 2.0 / 3.0)
    }
}

@Suite struct MinHashTests {
    @Test func signaturesAreReproducibleFromTheSeed() {
        let shingles: [UInt64] = (0..<500).map { XXH3.hash64(utf8: "shingle \($0)") }
        let first = MinHasher().signature(of: shingles)
        let second = MinHasher(permutations: 128, seed: MinHasher.defaultSeed).signature(of: shingles.reversed())
        #expect(first == second)
        #expect(first?.values.count == 128)
        #expect(MinHasher(permutations: 128, seed: 7).signature(of: shingles) != first)
    }

    /// The estimate's standard error is √(J(1−J)/n); every estimate must fall within four of them.
    @Test("estimates Jaccard within sampling error", arguments: [0.1, 0.3, 0.5, 0.8, 0.95])
    func estimatesJaccard(target: Double) {
        var generator = SplitMix64(state: UInt64(target * 1000))
        let hasher = MinHasher(permutations: 256)
        for _ in 0..<5 {
            // Two sets of 1,000 with a shared part sized to reach the target Jaccard.
            let size = 1000
            let shared = Int((2 * Double(size) * target / (1 + target)).rounded())
            let common = (0..<shared).map { _ in generator.next() }
            let a = common + (0..<(size - shared)).map { _ in generator.next() }
            let b = common + (0..<(size - shared)).map { _ in generator.next() }
            let truth = Jaccard.similarity(Jaccard.set(a), Jaccard.set(b))
            let estimate = hasher.signature(of: a)!.estimatedJaccard(with: hasher.signature(of: b)!)
            let standardError = (truth * (1 - truth) / 256).squareRoot()
            #expect(abs(estimate - truth) <= 4 * standardError + 1e-9, "estimate \(estimate) vs true \(truth)")
        }
    }
}

@Suite struct LSHTests {
    @Test func optimalBandingMinimisesTheWeightedError() {
        let chosen = LSHParameters.optimal(threshold: 0.8, permutations: 128)
        #expect(chosen.bands * chosen.rows <= 128)
        let cost = { (p: LSHParameters) in 0.5 * p.falsePositiveArea(threshold: 0.8) + 0.5 * p.falseNegativeArea(threshold: 0.8) }
        for bands in 1...128 {
            for rows in 1...(128 / bands) {
                #expect(cost(chosen) <= cost(LSHParameters(bands: bands, rows: rows)) + 1e-12)
            }
        }
        // The S-curve's steep part sits at the threshold.
        #expect(chosen.candidateProbability(0.9) > 0.9)
        #expect(chosen.candidateProbability(0.5) < 0.05)
    }

    @Test func weightingMissesMoreBuysRecallAboveTheThreshold() {
        let balanced = LSHParameters.optimal(threshold: 0.8, permutations: 128)
        let recallFirst = AnalysisSettings().lshParameters
        #expect(recallFirst.candidateProbability(0.85) > 0.97)
        #expect(recallFirst.candidateProbability(0.85) > balanced.candidateProbability(0.85))
        #expect(recallFirst.falseNegativeArea(threshold: 0.8) < balanced.falseNegativeArea(threshold: 0.8))
        #expect(recallFirst.candidateProbability(0.5) < 0.05)
    }

    @Test func higherThresholdsUseLongerBands() {
        let low = LSHParameters.optimal(threshold: 0.5, permutations: 128)
        let high = LSHParameters.optimal(threshold: 0.9, permutations: 128)
        #expect(high.rows > low.rows)
    }

    @Test func similarSignaturesMeetInABucketAndDissimilarOnesDoNot() {
        let hasher = MinHasher()
        let base = (0..<400).map { XXH3.hash64(utf8: "w\($0)") }
        let near = Array(base.dropLast(10)) + (0..<10).map { XXH3.hash64(utf8: "x\($0)") }
        let far = (0..<400).map { XXH3.hash64(utf8: "z\($0)") }
        var index = LSHIndex(parameters: LSHParameters.optimal(threshold: 0.8, permutations: 128))
        index.insert(0, signature: hasher.signature(of: base)!)
        index.insert(1, signature: hasher.signature(of: near)!)
        index.insert(2, signature: hasher.signature(of: far)!)
        #expect(index.candidatePairs() == [ItemPair(0, 1)])
    }
}

@Suite struct SimHashTests {
    @Test func nearTextsAreCloseAndUnrelatedTextsFar() {
        let base = (0..<300).map { XXH3.hash64(utf8: "a\($0)") }
        var edited = base
        edited[10] = 1
        edited[200] = 2
        let unrelated = (0..<300).map { XXH3.hash64(utf8: "b\($0)") }
        #expect(SimHash.distance(SimHash.fingerprint(of: base), SimHash.fingerprint(of: base)) == 0)
        #expect(SimHash.distance(SimHash.fingerprint(of: base), SimHash.fingerprint(of: edited)) <= 6)
        #expect(SimHash.distance(SimHash.fingerprint(of: base), SimHash.fingerprint(of: unrelated)) >= 16)
        #expect(SimHash.fingerprint(of: []) == 0)
    }
}

@Suite struct WinnowerTests {
    /// Schleimer et al.'s guarantee: a shared run of window shingles yields a shared fingerprint.
    @Test func everySharedRunOfAWindowIsFingerprinted() {
        var generator = SplitMix64(state: 42)
        let winnower = Winnower(window: 4)
        for _ in 0..<200 {
            let shared = (0..<4).map { _ in generator.next() }
            let a = (0..<Int(generator.next() % 20)).map { _ in generator.next() } + shared + (0..<5).map { _ in generator.next() }
            let b = (0..<Int(generator.next() % 20)).map { _ in generator.next() } + shared
            let fa = Set(winnower.fingerprints(of: a).map(\.hash))
            let fb = Set(winnower.fingerprints(of: b).map(\.hash))
            #expect(!fa.isDisjoint(with: fb))
        }
    }

    @Test func keepsAboutTwoInWindowPlusOne() {
        var generator = SplitMix64(state: 1)
        let shingles = (0..<10_000).map { _ in generator.next() }
        let density = Double(Winnower(window: 4).fingerprints(of: shingles).count) / 10_000
        #expect(abs(density - 2.0 / 5.0) < 0.03)
    }

    @Test func positionsPointAtTheKeptShingles() {
        let shingles: [UInt64] = [9, 3, 7, 8, 1, 6, 5, 4]
        for fingerprint in Winnower(window: 3).fingerprints(of: shingles) {
            #expect(shingles[fingerprint.position] == fingerprint.hash)
        }
        #expect(Winnower(window: 4).fingerprints(of: [5, 2]).map(\.hash) == [2])
    }
}

@Suite struct ReproducibilityTests {
    /// Signatures are stored and compared across runs and machines, so their values are pinned:
    /// XXH3 shingles of a fixed sentence, MinHash with the default seed. A change here changes every
    /// stored fingerprint and must come with a new normaliser or hash identifier.
    @Test func defaultSignatureOfAKnownTextIsPinned() throws {
        let tokens = Tokenizer().tokenize(TextNormalizer().normalize("The quick brown fox jumps over the lazy dog, twice."))
        let shingles = Shingler(size: 5).shingles(of: tokens.hashes)
        let signature = try #require(MinHasher().signature(of: shingles))
        #expect(Array(signature.values.prefix(3)) == Self.pinnedSignaturePrefix)
        #expect(SimHash.fingerprint(of: shingles) == Self.pinnedSimHash)
    }

    /// Values recorded when the scheme was fixed (xxh3-64 seed 0, SplitMix64 seed "PALIMPSE").
    static let pinnedSignaturePrefix: [UInt64] = [0x15BC_43F4_C2E8_BAAB, 0xA09E_5A07_5565_5AFE, 0x2DF1_94A6_A1AD_E02E]
    static let pinnedSimHash: UInt64 = 0xC830_C552_01DE_C46C
}
