import PalimpsestCore

/// Finds near-duplicate pairs by locality-sensitive hashing of the stored sketches, band by band,
/// and joins every verified pair's clusters.
///
/// For each band, every document's band (``LSHParameters/rows`` sketch bytes) is hashed and packed
/// with the document's index into one 64-bit key; a radix sort then brings the documents that share
/// the band next to each other. Within such a bucket, a document is compared only with the
/// documents before it that are not yet in its cluster, so a cluster of a hundred exact copies
/// costs 99 verifications, not 4,950. A pair that failed once is not verified again in a later band.
///
/// Memory: the keys of as many bands as fit in the budget (and in ``keyBytesPerPass``) at 16
/// bytes a document (keys and radix scratch); the sketches are read again for each group of bands.
struct BandJoin {
    let banding: LSHParameters
    /// Bytes the key arrays may take.
    let memoryBudget: Int
    /// In a bucket larger than this, each document is compared with this many earlier ones at most:
    /// a bound on the work a degenerate bucket (thousands of one template) can cause.
    let maximumComparisons = 64
    /// The most bytes of keys one pass holds, whatever the budget: reading the sketches again for
    /// the next bands costs little next to a peak of 16 bytes × documents × bands.
    static let keyBytesPerPass = 4 << 20

    /// What the join did.
    struct Outcome: Sendable {
        /// Documents that shared a band with an earlier document outside their cluster.
        var candidatePairs = 0
        /// Pairs the sketches accepted, which joined two clusters.
        var joins = 0
        /// Pairs too near the threshold for the sketches to decide, each once.
        var undecided: [UndecidedPair] = []
    }

    /// Joins, in `clusters`, every pair of documents (other than `excluded` ones) that share a band
    /// and that `verifier` accepts; returns the pairs it could not decide.
    func run(count: Int, sketches: SpilledRecords, excluded: Set<UInt32>, verifier: inout PairVerifier, clusters: inout UnionFind) -> Outcome {
        var outcome = Outcome()
        guard count > 1 else { return outcome }
        let documentBits = max(1, UInt64.bitWidth - UInt64(count - 1).leadingZeroBitCount)
        let bandsPerPass = max(1, min(banding.bands, min(memoryBudget, Self.keyBytesPerPass) / max(1, count * 16)))
        var rejected = Set<UInt64>(), undecided = Set<UInt64>()
        var scratch: [UInt64] = []
        var firstBand = 0
        while firstBand < banding.bands {
            let bands = firstBand..<min(banding.bands, firstBand + bandsPerPass)
            var keys = bands.map { _ in [UInt64]() }
            for index in keys.indices { keys[index].reserveCapacity(count) }
            sketches.forEachRun { first, bytes in
                for offset in 0..<(bytes.count / sketches.recordBytes) {
                    let document = UInt32(first + offset)
                    if excluded.contains(document) { continue }
                    let sketch = UnsafeRawBufferPointer(rebasing: bytes[(offset * sketches.recordBytes)...])
                    for (slot, band) in bands.enumerated() {
                        let hash = XXH3.hash64(UnsafeRawBufferPointer(rebasing: sketch[(band * banding.rows)..<((band + 1) * banding.rows)]), seed: UInt64(band))
                        keys[slot].append((hash >> UInt64(documentBits)) << UInt64(documentBits) | UInt64(document))
                    }
                }
            }
            for slot in keys.indices {
                RadixSort.sort(&keys[slot], scratch: &scratch)
                joinBuckets(keys[slot], documentBits: documentBits, rejected: &rejected, undecided: &undecided, verifier: &verifier, clusters: &clusters, outcome: &outcome)
                keys[slot] = []
            }
            firstBand = bands.upperBound
        }
        return outcome
    }

    /// Verifies the pairs of every bucket (run of equal band hashes) in sorted keys.
    private func joinBuckets(
        _ keys: [UInt64], documentBits: Int, rejected: inout Set<UInt64>, undecided: inout Set<UInt64>, verifier: inout PairVerifier,
        clusters: inout UnionFind, outcome: inout Outcome
    ) {
        let documentMask: UInt64 = (1 << UInt64(documentBits)) - 1
        var start = 0
        while start < keys.count {
            let band = keys[start] >> UInt64(documentBits)
            var end = start + 1
            while end < keys.count && keys[end] >> UInt64(documentBits) == band { end += 1 }
            if end - start > 1 {
                for later in (start + 1)..<end {
                    let b = UInt32(keys[later] & documentMask)
                    for earlier in stride(from: later - 1, through: max(start, later - maximumComparisons), by: -1) {
                        let a = UInt32(keys[earlier] & documentMask)
                        if clusters.find(a) == clusters.find(b) { continue }
                        let pair = UInt64(a) << 32 | UInt64(b)
                        if rejected.contains(pair) || undecided.contains(pair) { continue }
                        outcome.candidatePairs += 1
                        switch verifier.verdict(a, b) {
                        case .nearDuplicates:
                            clusters.union(a, b)
                            outcome.joins += 1
                        case .different:
                            rejected.insert(pair)
                        case .nearThreshold(let estimate):
                            undecided.insert(pair)
                            outcome.undecided.append(UndecidedPair(first: a, second: b, estimate: estimate))
                        }
                    }
                }
            }
            start = end
        }
    }
}
