/// MinHash signatures for estimating Jaccard similarity (Broder 1997, "On the resemblance and
/// containment of documents").
///
/// Permutation *i* is the bijection `x ↦ aᵢ·x + bᵢ (mod 2⁶⁴)` with odd `aᵢ`, applied to a shingle's
/// XXH3 hash; the signature keeps each permutation's minimum. The coefficients come from SplitMix64
/// seeded with ``defaultSeed``, so a signature is the same on every run and machine. The fraction of
/// equal positions in two signatures estimates their sets' Jaccard similarity with standard error
/// √(J(1−J)/n).
public struct MinHasher: Sendable, Hashable {
    /// The seed of the permutation coefficients: the ASCII bytes of "PALIMPSE".
    public static let defaultSeed: UInt64 = 0x5041_4C49_4D50_5345

    /// Number of permutations (signature length). Default 128: standard error ≤ 0.044.
    public let permutations: Int
    /// The coefficient seed.
    public let seed: UInt64
    private let multipliers: [UInt64]
    private let increments: [UInt64]

    /// Creates a hasher with `permutations` permutations drawn from `seed`.
    /// - Precondition: `permutations >= 1`.
    public init(permutations: Int = 128, seed: UInt64 = MinHasher.defaultSeed) {
        precondition(permutations >= 1, "MinHash needs at least one permutation")
        self.permutations = permutations
        self.seed = seed
        var generator = SplitMix64(state: seed)
        var multipliers: [UInt64] = []
        var increments: [UInt64] = []
        for _ in 0..<permutations {
            multipliers.append(generator.next() | 1)
            increments.append(generator.next())
        }
        self.multipliers = multipliers
        self.increments = increments
    }

    /// The signature of a shingle set, or nil when it is empty (an empty set has no minimum, and
    /// must not collide with other empty sets).
    /// - Complexity: O(n · permutations).
    public func signature(of shingles: [UInt64]) -> MinHashSignature? {
        guard !shingles.isEmpty else { return nil }
        var minima = [UInt64](repeating: .max, count: permutations)
        minima.withUnsafeMutableBufferPointer { minima in
            multipliers.withUnsafeBufferPointer { a in
                increments.withUnsafeBufferPointer { b in
                    for shingle in shingles {
                        for i in 0..<minima.count {
                            let value = a[i] &* shingle &+ b[i]
                            if value < minima[i] { minima[i] = value }
                        }
                    }
                }
            }
        }
        return MinHashSignature(values: minima)
    }
}

/// A MinHash signature: one minimum per permutation.
public struct MinHashSignature: Sendable, Hashable {
    /// The minima.
    public var values: [UInt64]

    /// Creates a signature from its minima.
    public init(values: [UInt64]) { self.values = values }

    /// The share of equal positions: an unbiased estimate of the sets' Jaccard similarity.
    /// - Precondition: both signatures come from the same ``MinHasher``.
    public func estimatedJaccard(with other: MinHashSignature) -> Double {
        precondition(values.count == other.values.count, "signatures of different lengths")
        var equal = 0
        for i in values.indices where values[i] == other.values[i] { equal += 1 }
        return Double(equal) / Double(values.count)
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fully specified generator for reproducible seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state.
    public var state: UInt64

    /// Creates a generator from a seed.
    public init(state: UInt64) { self.state = state }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
