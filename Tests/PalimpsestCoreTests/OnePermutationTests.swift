import Testing
@testable import PalimpsestCore

@Suite struct OnePermutationTests {
    /// Two sets of `size` random shingles sharing `shared` of them, and their exact Jaccard similarity.
    func pair(size: Int, shared: Int, seed: UInt64) -> ([UInt64], [UInt64], Double) {
        var generator = SplitMix64(state: seed)
        let common = (0..<shared).map { _ in generator.next() }
        let a = common + (0..<(size - shared)).map { _ in generator.next() }
        let b = common + (0..<(size - shared)).map { _ in generator.next() }
        return (a, b, Double(shared) / Double(2 * size - shared))
    }

    @Test(arguments: [(1000, 900), (1000, 600), (300, 100), (40, 30), (2000, 2000)])
    func estimatesAreUnbiasedAndWithinSamplingError(size: Int, shared: Int) {
        let hasher = OnePermutationHasher()
        var errors: [Double] = []
        var exact = 0.0
        for trial in 0..<60 {
            let (a, b, similarity) = pair(size: size, shared: shared, seed: UInt64(trial * 7919 + size))
            exact = similarity
            let estimate = hasher.signature(of: a)!.estimatedJaccard(with: hasher.signature(of: b)!)
            errors.append(estimate - similarity)
        }
        // MinHash with 128 independent permutations has standard error √(J(1−J)/128); densified
        // one-permutation hashing should be about as good.
        let sigma = max((exact * (1 - exact) / 128).squareRoot(), 0.005)
        let mean = errors.reduce(0, +) / Double(errors.count)
        let rms = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        #expect(abs(mean) < 3 * sigma / Double(errors.count).squareRoot() + 0.01, "bias \(mean) at J=\(exact)")
        #expect(rms < 1.5 * sigma, "RMS error \(rms), sampling error \(sigma), at J=\(exact)")
    }

    @Test func anEmptySetHasNoSignatureAndOneShingleFillsEveryBin() {
        let hasher = OnePermutationHasher()
        #expect(hasher.signature(of: []) == nil)
        let single = hasher.signature(of: [42])!
        #expect(Set(single.values).count == 1, "densification copies the one filled bin everywhere")
        #expect(single == hasher.signature(of: [42, 42]))
    }

    @Test func signaturesDependOnTheSeedAndNotOnOrder() {
        let shingles: [UInt64] = (0..<500).map { $0 &* 0x9E37_79B9_7F4A_7C15 }
        let hasher = OnePermutationHasher()
        #expect(hasher.signature(of: shingles) == hasher.signature(of: shingles.reversed()))
        #expect(hasher.signature(of: shingles) != OnePermutationHasher(seed: 7).signature(of: shingles))
    }

    @Test func rollingTransientShinglesEqualTheirPolynomial() {
        var generator = SplitMix64(state: 3)
        let tokens = (0..<40).map { _ in generator.next() }
        for size in [1, 3, 5, 8] {
            var rolled: [UInt64] = []
            tokens.withUnsafeBufferPointer { Shingler(size: size).forEachTransientShingle(of: $0) { rolled.append($0) } }
            let base: UInt64 = 0x9E37_79B9_7F4A_7C15
            let direct = (0...(tokens.count - size)).map { start -> UInt64 in
                let hash = tokens[start..<(start + size)].reduce(UInt64(0)) { $0 &* base &+ $1 }
                return hash ^ (hash >> 31)
            }
            #expect(rolled == direct, "size \(size)")
        }
        // The same five tokens give the same identity wherever they stand; fewer tokens than the
        // size give one shingle of them all, as the stored shingles do.
        var shifted: [UInt64] = [], short: [UInt64] = []
        ([7] + tokens).withUnsafeBufferPointer { Shingler(size: 5).forEachTransientShingle(of: $0) { shifted.append($0) } }
        tokens.withUnsafeBufferPointer { Shingler(size: 5).forEachTransientShingle(of: $0) { short.append($0) } }
        #expect(Array(shifted.dropFirst()) == short)
        var few: [UInt64] = []
        Array(tokens.prefix(3)).withUnsafeBufferPointer { Shingler(size: 5).forEachTransientShingle(of: $0) { few.append($0) } }
        #expect(few.count == 1)
    }
}
