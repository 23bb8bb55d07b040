import PalimpsestCore

/// Judges a candidate pair from its sketches: near duplicates (resemblance — Jaccard similarity of
/// the word-shingle sets — at or above the threshold), not, or too close to the threshold to tell.
/// A pair of short texts is judged on their exact shingle sets instead (``ShortTextSets``): their
/// sketches rest on too few minima to decide anything.
///
/// The estimate's standard error at 128 bins is √(J(1−J)/128), 0.035 at J = 0.8, so an estimate
/// more than about 2.5 standard errors above or below the threshold decides alone (margins chosen
/// on the peer benchmark's corpora, where wider ones changed no cluster and cost a third more time). A pair near it is left to ``ExactCheck``, which reads both texts
/// again when the inputs allow; this is what keeps precision and recall both above what
/// estimate-only tools reach at the same threshold.
struct PairVerifier {
    /// What the sketches say about a pair.
    enum Verdict {
        case nearDuplicates, different
        /// Within the margins of the threshold: the estimate is carried for when the texts cannot be read.
        case nearThreshold(estimate: Double)
    }

    /// The resemblance threshold.
    let threshold: Double
    /// Estimates at least this far above the threshold are accepted without reading the texts.
    let acceptMargin = 0.08
    /// Estimates at least this far below the threshold are rejected without reading the texts.
    let rejectMargin = 0.10
    let sketches: SpilledRecords
    /// The exact shingle sets of the short texts.
    let shortTexts: ShortTextSets

    /// How each verdict came out.
    private(set) var counts = VerificationCounts()

    private var first = [UInt8](repeating: 0, count: DocumentSketcher.signatureBytes)
    private var second = [UInt8](repeating: 0, count: DocumentSketcher.signatureBytes)
    private var firstSet: [UInt64] = [], secondSet: [UInt64] = []

    init(threshold: Double, sketches: SpilledRecords, shortTexts: ShortTextSets) {
        self.threshold = threshold
        self.sketches = sketches
        self.shortTexts = shortTexts
    }

    /// The Jaccard similarity the two sketches estimate, corrected for the 1/256 chance that two
    /// different minima share their byte.
    mutating func estimatedResemblance(_ a: UInt32, _ b: UInt32) -> Double {
        first.withUnsafeMutableBytes { sketches.read(Int(a), into: $0) }
        second.withUnsafeMutableBytes { sketches.read(Int(b), into: $0) }
        var equal = 0
        for index in first.indices where first[index] == second[index] { equal += 1 }
        let chance = 1.0 / 256
        let share = Double(equal) / Double(first.count)
        return max(0, (share - chance) / (1 - chance))
    }

    /// The verdict on `a` and `b`: on their shingle sets when both are short texts, else on their
    /// sketches.
    mutating func verdict(_ a: UInt32, _ b: UInt32) -> Verdict {
        if shortTexts.count > 0, shortTexts.set(of: a, into: &firstSet), shortTexts.set(of: b, into: &secondSet) {
            counts.comparedAsShortTexts += 1
            return Jaccard.similarity(firstSet, secondSet) >= threshold ? .nearDuplicates : .different
        }
        let estimate = estimatedResemblance(a, b)
        if estimate >= threshold + acceptMargin {
            counts.acceptedByEstimate += 1
            return .nearDuplicates
        }
        if estimate < threshold - rejectMargin {
            counts.rejectedByEstimate += 1
            return .different
        }
        return .nearThreshold(estimate: estimate)
    }
}

/// How a run's candidate pairs were decided.
public struct VerificationCounts: Sendable, Hashable, Codable {
    /// Pairs accepted from their sketches alone.
    public var acceptedByEstimate = 0
    /// Pairs rejected from their sketches alone.
    public var rejectedByEstimate = 0
    /// Pairs near the threshold decided on their texts.
    public var checkedExactly = 0
    /// Pairs near the threshold decided on their sketches (the texts could not be read again, or
    /// the run was asked not to).
    public var decidedByEstimateNearThreshold = 0
    /// Pairs of short texts decided on their exact shingle sets (never on their sketches).
    public var comparedAsShortTexts = 0
}
