/// Agreement between a predicted partition of documents into clusters and the true one.
///
/// Pairs are counted combinatorially from the contingency table (Σ C(n, 2)), so merging two
/// clusters is charged for every pair it implies, as in the peer benchmark. The adjusted Rand index
/// is Hubert & Arabie's (1985): 1 for identical partitions, about 0 for chance agreement.
public struct ClusterAgreement: Sendable, Hashable {
    /// Pairs placed together by both partitions.
    public var truePairs: Int
    /// Pairs placed together by the prediction.
    public var predictedPairs: Int
    /// Pairs placed together by the truth.
    public var actualPairs: Int
    /// The adjusted Rand index.
    public var adjustedRandIndex: Double

    /// Compares two labellings of the same items; an item missing from `predicted` is a singleton.
    /// - Parameters:
    ///   - predicted: item → predicted cluster label.
    ///   - truth: item → true cluster label; its keys are the items scored.
    /// - Complexity: O(n) in the number of items.
    public init(predicted: [String: String], truth: [String: String]) {
        var joint: [String: Int] = [:], predictedSizes: [String: Int] = [:], trueSizes: [String: Int] = [:]
        for (item, label) in truth {
            let guess = predicted[item] ?? "singleton:\(item)"
            joint["\(guess)\u{0}\(label)", default: 0] += 1
            predictedSizes[guess, default: 0] += 1
            trueSizes[label, default: 0] += 1
        }
        func pairs(_ sizes: some Sequence<Int>) -> Int { sizes.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }
        truePairs = pairs(joint.values)
        predictedPairs = pairs(predictedSizes.values)
        actualPairs = pairs(trueSizes.values)
        let all = Double(pairs([truth.count]))
        let expected = all == 0 ? 0 : Double(predictedPairs) * Double(actualPairs) / all
        let maximum = (Double(predictedPairs) + Double(actualPairs)) / 2
        adjustedRandIndex = maximum == expected ? 1 : (Double(truePairs) - expected) / (maximum - expected)
    }

    /// Share of predicted pairs that are true pairs (1 when nothing was paired).
    public var precision: Double { predictedPairs == 0 ? 1 : Double(truePairs) / Double(predictedPairs) }
    /// Share of true pairs that were predicted (1 when there are none).
    public var recall: Double { actualPairs == 0 ? 1 : Double(truePairs) / Double(actualPairs) }
    /// Harmonic mean of precision and recall.
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/// The area under the ROC curve of a score that should rank positives above negatives: the
/// probability that a random positive scores higher than a random negative, ties counting half
/// (the Mann–Whitney U statistic divided by the number of positive–negative pairs).
/// - Returns: nil when either group is empty.
/// - Complexity: O(n log n).
public func areaUnderROC(positives: [Double], negatives: [Double]) -> Double? {
    guard !positives.isEmpty, !negatives.isEmpty else { return nil }
    let all = (positives.map { ($0, true) } + negatives.map { ($0, false) }).sorted { $0.0 < $1.0 }
    var rankSum = 0.0, index = 0
    while index < all.count {
        var end = index
        while end + 1 < all.count, all[end + 1].0 == all[index].0 { end += 1 }
        let averageRank = Double(index + end) / 2 + 1
        for position in index...end where all[position].1 { rankSum += averageRank }
        index = end + 1
    }
    let p = Double(positives.count), n = Double(negatives.count)
    return (rankSum - p * (p + 1) / 2) / (p * n)
}
