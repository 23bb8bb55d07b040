import Synchronization

/// Locality-sensitive hashing of MinHash signatures by banding (Indyk and Motwani 1998; Leskovec,
/// Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3).
///
/// A signature is cut into `bands` bands of `rows` values; two documents become candidates when any
/// band is equal. The probability of that for sets of Jaccard similarity s is 1 − (1 − sʳ)ᵇ.
public struct LSHParameters: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Number of bands.
    public var bands: Int
    /// Signature values per band.
    public var rows: Int

    /// Creates parameters directly.
    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// `bands×rows`.
    public var description: String { "\(bands)×\(rows)" }

    /// The probability that two sets of Jaccard similarity `similarity` share a band.
    public func candidateProbability(_ similarity: Double) -> Double {
        1 - pow1(1 - pow1(similarity, rows), bands)
    }

    /// The bands × rows (with bands·rows ≤ `permutations`) that minimise the weighted sum of the
    /// false-positive area ∫₀ᵗ P(s) ds and the false-negative area ∫ₜ¹ 1 − P(s) ds.
    ///
    /// The weights default to equal, as in the usual derivation; raise `falseNegativeWeight` to trade
    /// more candidate verification for recall. Ties keep the fewer bands.
    /// - Complexity: O(permutations · log(permutations) · steps) — about 700 candidate bandings and
    ///   half a million probability evaluations for 128, some milliseconds; each answer is remembered
    ///   for the life of the process, so a short command (a `check`) pays for it once.
    public static func optimal(
        threshold: Double, permutations: Int,
        falsePositiveWeight: Double = 0.5, falseNegativeWeight: Double = 0.5
    ) -> LSHParameters {
        let question = OptimalBandingQuestion(
            threshold: threshold, permutations: permutations, falsePositiveWeight: falsePositiveWeight, falseNegativeWeight: falseNegativeWeight)
        if let known = optimalBandings.withLock({ $0[question] }) { return known }
        let answer = searchOptimal(question)
        optimalBandings.withLock { $0[question] = answer }
        return answer
    }

    /// What ``optimal(threshold:permutations:falsePositiveWeight:falseNegativeWeight:)`` is asked.
    struct OptimalBandingQuestion: Hashable {
        var threshold: Double, permutations: Int, falsePositiveWeight: Double, falseNegativeWeight: Double
    }

    /// The questions the default ``AnalysisSettings`` ask (the stored banding, then the in-memory
    /// one), and their answers (a test checks the search gives them): a command with default
    /// settings need not search at all.
    static let defaultBandings = [
        (question: OptimalBandingQuestion(threshold: 0.8, permutations: 128, falsePositiveWeight: 1 - 0.9, falseNegativeWeight: 0.9),
         answer: LSHParameters(bands: 14, rows: 9)),
        (question: OptimalBandingQuestion(threshold: 0.8, permutations: 128, falsePositiveWeight: 1 - 0.997, falseNegativeWeight: 0.997),
         answer: LSHParameters(bands: 20, rows: 6)),
    ]

    /// The bandings derived so far in this process.
    private static let optimalBandings = Mutex<[OptimalBandingQuestion: LSHParameters]>(
        Dictionary(uniqueKeysWithValues: defaultBandings.map { ($0.question, $0.answer) }))

    /// Tries every banding.
    static func searchOptimal(_ question: OptimalBandingQuestion) -> LSHParameters {
        let (threshold, permutations) = (question.threshold, question.permutations)
        let (falsePositiveWeight, falseNegativeWeight) = (question.falsePositiveWeight, question.falseNegativeWeight)
        var best = LSHParameters(bands: 1, rows: permutations)
        var bestCost = Double.infinity
        for bands in 1...permutations {
            for rows in 1...(permutations / bands) {
                let candidate = LSHParameters(bands: bands, rows: rows)
                let cost = falsePositiveWeight * candidate.falsePositiveArea(threshold: threshold)
                    + falseNegativeWeight * candidate.falseNegativeArea(threshold: threshold)
                if cost < bestCost - 1e-12 {
                    bestCost = cost
                    best = candidate
                }
            }
        }
        return best
    }

    /// ∫₀ᵗ P(s) ds: how much dissimilar pairs still become candidates.
    public func falsePositiveArea(threshold: Double) -> Double {
        Self.integrate(from: 0, to: threshold) { candidateProbability($0) }
    }

    /// ∫ₜ¹ 1 − P(s) ds: how much similar pairs are missed.
    public func falseNegativeArea(threshold: Double) -> Double {
        Self.integrate(from: threshold, to: 1) { 1 - candidateProbability($0) }
    }

    /// Composite Simpson's rule with 256 intervals; the integrands are smooth polynomials.
    private static func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
        let intervals = 256
        let step = (b - a) / Double(intervals)
        var sum = f(a) + f(b)
        for i in 1..<intervals {
            sum += f(a + Double(i) * step) * (i % 2 == 1 ? 4 : 2)
        }
        return sum * step / 3
    }
}

/// `base` to a non-negative integer power, by squaring (Foundation-free and exact in steps).
@inline(__always)
func pow1(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0, factor = base, remaining = exponent
    while remaining > 0 {
        if remaining & 1 == 1 { result *= factor }
        factor *= factor
        remaining >>= 1
    }
    return result
}

/// An in-memory LSH index: band hashes to the items that have them.
public struct LSHIndex: Sendable {
    /// The banding in use.
    public let parameters: LSHParameters
    private var buckets: [UInt64: [Int]] = [:]

    /// Creates an empty index.
    public init(parameters: LSHParameters) { self.parameters = parameters }

    /// The hash of band `band` of a signature: XXH3-64 of its rows, seeded by the band number so
    /// equal rows in different bands never meet.
    public func bandHash(_ signature: MinHashSignature, band: Int) -> UInt64 {
        signature.values.withUnsafeBufferPointer { values in
            let start = band * parameters.rows
            return XXH3.hash64(words: UnsafeBufferPointer(rebasing: values[start..<(start + parameters.rows)]), seed: UInt64(band))
        }
    }

    /// Adds item `item` with its signature.
    public mutating func insert(_ item: Int, signature: MinHashSignature) {
        for band in 0..<parameters.bands {
            buckets[bandHash(signature, band: band), default: []].append(item)
        }
    }

    /// Every unordered pair of items that share at least one band, each once, as (smaller, larger).
    public func candidatePairs() -> Set<ItemPair> {
        var pairs = Set<ItemPair>()
        for members in buckets.values where members.count > 1 {
            for i in 0..<members.count {
                for j in (i + 1)..<members.count where members[i] != members[j] {
                    pairs.insert(ItemPair(members[i], members[j]))
                }
            }
        }
        return pairs
    }
}

/// An unordered pair of item numbers, stored smaller first.
public struct ItemPair: Sendable, Hashable, Comparable {
    /// The smaller item.
    public let first: Int
    /// The larger item.
    public let second: Int

    /// Creates the pair of `a` and `b` in either order.
    public init(_ a: Int, _ b: Int) {
        first = Swift.min(a, b)
        second = Swift.max(a, b)
    }

    /// Orders pairs by their first item, then their second, so candidates are verified in a fixed order.
    public static func < (lhs: ItemPair, rhs: ItemPair) -> Bool {
        (lhs.first, lhs.second) < (rhs.first, rhs.second)
    }
}
