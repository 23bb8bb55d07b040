/// One-permutation MinHash with optimal densification: a 128-value MinHash signature from one hash
/// per shingle instead of 128 (Li, Owen and Zhang 2012, "One permutation hashing"; Shrivastava 2017,
/// "Optimal densification for fast and accurate minwise hashing").
///
/// Each shingle hash is mixed once; its top bits pick one of ``bins`` bins and the bin keeps the
/// smallest mixed value it sees. A bin no shingle fell into borrows the value of a non-empty bin
/// chosen by a seeded hash of (empty bin, attempt) — the same sequence of choices in every
/// document, so two documents that borrow from the same bin agree exactly when they agree there. The fraction of equal
/// bins then estimates Jaccard similarity with about the variance of ``MinHasher``'s 128 independent
/// permutations, at the cost of one multiply and one comparison per shingle instead of 128: the
/// signature that near-duplicate clustering at corpus scale uses.
public struct OnePermutationHasher: Sendable, Hashable {
    /// Names this scheme in stored settings and benchmark reports.
    public static let identifier = "one-permutation minhash, optimal densification v1"

    /// Number of bins (signature length); a power of two.
    public let bins: Int
    /// The mixing and densification seed.
    public let seed: UInt64
    /// `64 − log2(bins)`: the shift that leaves a mixed hash's bin.
    @usableFromInline let binShift: UInt64

    /// Creates a hasher with `bins` bins.
    /// - Precondition: `bins` is a power of two between 2 and 65,536.
    public init(bins: Int = 128, seed: UInt64 = MinHasher.defaultSeed) {
        precondition(bins >= 2 && bins <= 1 << 16 && bins & (bins - 1) == 0, "bins must be a power of two")
        self.bins = bins
        self.seed = seed
        self.binShift = UInt64(64 - bins.trailingZeroBitCount)
    }

    /// The value that marks a bin no shingle has reached.
    public static let emptyBin = UInt64.max

    /// Folds one shingle hash into `minima` (``bins`` values, each starting at ``emptyBin``).
    /// Inlinable: it runs once per shingle, and a call across modules would cost more than its body.
    @inlinable @inline(__always)
    public func add(_ shingle: UInt64, to minima: UnsafeMutableBufferPointer<UInt64>) {
        // Multiplying by an odd constant is a bijection that carries every input bit to the top bits.
        var mixed = (shingle ^ seed) &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        let bin = Int(truncatingIfNeeded: mixed >> binShift)
        if mixed < minima[bin] { minima[bin] = mixed }
    }

    /// Fills every empty bin from a non-empty one; false when all bins are empty (no shingles).
    ///
    /// A filled-in bin holds a *copy* of its lender's minimum, so a set of few shingles has few
    /// distinct values (a single shingle: the same value in every bin). Compared at full width that
    /// is harmless, since different minima never agree; but a reduction of each bin to a few bits
    /// (b-bit minwise hashing) must mix the bin's index in, or the copies of one minimum agree by
    /// chance all together and two unrelated short texts look identical one time in 2ᵇ.
    public func densify(_ minima: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        var empty = 0
        for value in minima where value == Self.emptyBin { empty += 1 }
        if empty == 0 { return true }
        if empty == minima.count { return false }
        // Borrow only from bins filled by shingles, never from a bin filled by borrowing.
        let filled = minima.map { $0 != Self.emptyBin }
        for bin in 0..<minima.count where !filled[bin] {
            var attempt: UInt64 = 1
            while true {
                var generator = SplitMix64(state: seed ^ (UInt64(bin) << 32) ^ attempt)
                let lender = Int(truncatingIfNeeded: generator.next() >> binShift)
                if filled[lender] {
                    minima[bin] = minima[lender]
                    break
                }
                attempt += 1
            }
        }
        return true
    }

    /// The signature of a shingle set, or nil when it is empty.
    /// - Complexity: O(n + bins).
    public func signature(of shingles: some Sequence<UInt64>) -> MinHashSignature? {
        var minima = [UInt64](repeating: Self.emptyBin, count: bins)
        let filled = minima.withUnsafeMutableBufferPointer { minima in
            for shingle in shingles { add(shingle, to: minima) }
            return densify(minima)
        }
        return filled ? MinHashSignature(values: minima) : nil
    }
}
