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
/// When not even one band fits (millions of documents), each band's keys are partitioned by their
/// top bits into temporary files (at most 64) and each partition is sorted alone, so the peak
/// stays within the pass size up to about 16 million documents, and grows by 1/64 of a band's
/// keys past that.
struct BandJoin {
    let banding: LSHParameters
    /// Bytes the key arrays may take.
    let memoryBudget: Int
    /// Where partitions of keys go when one band's keys do not fit.
    let temporaryFolder: String
    /// In a bucket larger than this, each document is compared with this many earlier ones at most:
    /// a bound on the work a degenerate bucket (thousands of one template) can cause.
    let maximumComparisons = 64
    /// The most bytes of keys one pass holds, whatever the budget: reading the sketches again for
    /// the next bands costs little next to a peak of 16 bytes × documents × bands.
    static let keyBytesPerPass = 4 << 20
    /// At most 2⁶ partitions of a band: 64 temporary files open at once and about 6 MB of their
    /// buffers. Past 16 million documents a partition outgrows the pass size (it holds 1/64 of a
    /// band's keys).
    static let maximumPartitionBits = 6

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
    /// - Throws: ``DedupInputError`` when a temporary file cannot be written.
    func run(count: Int, sketches: SpilledRecords, excluded: Set<UInt32>, verifier: inout PairVerifier, clusters: inout UnionFind) throws -> Outcome {
        var outcome = Outcome()
        guard count > 1 else { return outcome }
        let documentBits = max(1, UInt64.bitWidth - UInt64(count - 1).leadingZeroBitCount)
        let passBytes = max(256, min(memoryBudget, Self.keyBytesPerPass))
        let bandsPerPass = max(1, min(banding.bands, passBytes / max(1, count * 16)))
        // More documents than one band's keys fit in: each band's keys go to partitions by their
        // top bits (equal bands, equal partition), spilled, then sorted one partition at a time.
        let partitionBits = count * 16 <= passBytes ? 0 : min(Self.maximumPartitionBits, (count * 16 / passBytes).bitWidth - (count * 16 / passBytes).leadingZeroBitCount)
        var rejected = Set<UInt64>(), undecided = Set<UInt64>()
        var scratch: [UInt64] = []
        var firstBand = 0
        while firstBand < banding.bands {
            let bands = firstBand..<min(banding.bands, firstBand + bandsPerPass)
            var groups = try collectKeys(bands: bands, count: count, documentBits: documentBits, partitionBits: partitionBits, sketches: sketches, excluded: excluded)
            for index in groups.indices {
                var keys = try groups[index].keys()
                groups[index] = .keys([])
                RadixSort.sort(&keys, scratch: &scratch)
                joinBuckets(keys, documentBits: documentBits, rejected: &rejected, undecided: &undecided, verifier: &verifier, clusters: &clusters, outcome: &outcome)
            }
            firstBand = bands.upperBound
        }
        return outcome
    }

    /// One group of band keys to sort and join: in memory, or a spilled partition.
    private enum KeyGroup {
        case keys([UInt64])
        case spilled(SpilledRecords)

        /// The keys, read back when spilled.
        func keys() throws -> [UInt64] {
            switch self {
            case .keys(let keys): return keys
            case .spilled(let records):
                var keys: [UInt64] = []
                keys.reserveCapacity(records.count)
                records.forEachRun { _, bytes in
                    for offset in stride(from: 0, to: bytes.count, by: 8) { keys.append(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
                }
                return keys
            }
        }
    }

    /// The keys of `bands` (band hash, then document), one group per band, or, with
    /// `partitionBits` > 0 (then one band), one spilled group per partition of that band.
    private func collectKeys(
        bands: Range<Int>, count: Int, documentBits: Int, partitionBits: Int, sketches: SpilledRecords, excluded: Set<UInt32>
    ) throws -> [KeyGroup] {
        let partitions = 1 << partitionBits
        let spills = partitionBits == 0 ? [] : (0..<partitions).map { _ in
            SpilledRecords(recordBytes: 8, memoryBudget: 1 << 15, temporaryFolder: temporaryFolder)
        }
        var keys = (0..<(partitionBits == 0 ? bands.count : partitions)).map { _ in [UInt64]() }
        if partitionBits == 0 { for slot in keys.indices { keys[slot].reserveCapacity(count) } }
        var failure: (any Error)?
        sketches.forEachRun { first, bytes in
            guard failure == nil else { return }
            for offset in 0..<(bytes.count / sketches.recordBytes) {
                let document = UInt32(first + offset)
                if excluded.contains(document) { continue }
                let sketch = UnsafeRawBufferPointer(rebasing: bytes[(offset * sketches.recordBytes)...])
                for (slot, band) in bands.enumerated() {
                    let hash = XXH3.hash64(UnsafeRawBufferPointer(rebasing: sketch[(band * banding.rows)..<((band + 1) * banding.rows)]), seed: UInt64(band))
                    let key = (hash >> UInt64(documentBits)) << UInt64(documentBits) | UInt64(document)
                    if partitionBits == 0 {
                        keys[slot].append(key)
                        continue
                    }
                    let partition = Int(truncatingIfNeeded: key >> UInt64(64 - partitionBits))
                    keys[partition].append(key)
                    if keys[partition].count == 4096 {
                        do { try spills[partition].append(keys[partition].withUnsafeBytes { Array($0) }) } catch { failure = error }
                        keys[partition].removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        if let failure { throw failure }
        guard partitionBits > 0 else { return keys.map { .keys($0) } }
        for partition in 0..<partitions { try spills[partition].append(keys[partition].withUnsafeBytes { Array($0) }) }
        return spills.map { .spilled($0) }
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
