import PalimpsestCore

/// Decides whether two candidate documents are near duplicates: resemblance (Jaccard similarity
/// of their word-shingle sets) at or above the threshold.
///
/// The sketches answer when they are clear: the estimate's standard error at 128 bins is at most
/// 0.044, so an estimate far above or below the threshold decides alone. A pair near the threshold
/// is checked exactly — both records read again, tokenised and compared shingle for shingle — when
/// the inputs can be read again (plain files); otherwise the estimate decides. This is what keeps
/// precision and recall both above what estimate-only tools reach at the same threshold.
struct PairVerifier {
    /// The resemblance threshold.
    let threshold: Double
    /// Estimates at least this far above the threshold are accepted without reading the texts.
    let acceptMargin = 0.12
    /// Estimates at least this far below the threshold are rejected without reading the texts.
    let rejectMargin = 0.15
    let sketches: SpilledRecords
    var rereader: RecordRereader?

    /// How each decision was made.
    private(set) var counts = VerificationCounts()

    private var first = [UInt8](repeating: 0, count: DocumentSketcher.signatureBytes)
    private var second = [UInt8](repeating: 0, count: DocumentSketcher.signatureBytes)

    init(threshold: Double, sketches: SpilledRecords, rereader: RecordRereader?) {
        self.threshold = threshold
        self.sketches = sketches
        self.rereader = rereader
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

    /// Whether `a` and `b` are near duplicates.
    mutating func isNearDuplicate(_ a: UInt32, _ b: UInt32) -> Bool {
        let estimate = estimatedResemblance(a, b)
        if estimate >= threshold + acceptMargin {
            counts.acceptedByEstimate += 1
            return true
        }
        if estimate < threshold - rejectMargin {
            counts.rejectedByEstimate += 1
            return false
        }
        if let exact = rereader?.resemblance(a, b) {
            counts.checkedExactly += 1
            return exact >= threshold
        }
        counts.decidedByEstimateNearThreshold += 1
        return estimate >= threshold
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
    /// Pairs near the threshold decided on their sketches, because the texts could not be read again.
    public var decidedByEstimateNearThreshold = 0
}
