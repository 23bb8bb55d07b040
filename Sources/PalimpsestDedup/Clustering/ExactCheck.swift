import Foundation
import PalimpsestCore

/// A candidate pair the sketches could not decide, with their estimate.
struct UndecidedPair: Sendable {
    var first: UInt32, second: UInt32
    var estimate: Double
    /// The clusters of the two documents when the exact checks begin, and the group of pairs
    /// (connected through those clusters) the pair belongs to.
    var firstCluster: UInt32 = 0, secondCluster: UInt32 = 0, group: UInt32 = 0
}

/// Decides the pairs near the threshold on their texts, on all cores.
///
/// The pairs are grouped by the clusters they would join (connected components over the clusters
/// already found), and each group goes to one core, which skips a pair once its two clusters are
/// joined by an earlier pair of the group: the work is that of one careful pass, spread over cores,
/// and the clusters are the same whatever the number of cores. Each core reads with a
/// ``RecordRereader`` of its own; a pair whose texts cannot be read is decided by its estimate.
struct ExactCheck {
    let threshold: Double
    let workers: Int

    /// Joins, in `clusters`, the pairs whose exact resemblance reaches the threshold; returns how
    /// many joins that made.
    @discardableResult
    func run(_ pairs: [UndecidedPair], clusters: inout UnionFind, makeRereader: @Sendable () -> RecordRereader?, counts: inout VerificationCounts) -> Int {
        // Group the pairs by component of the graph whose vertices are the current clusters.
        var groups = UnionFind(count: clusters.count)
        var live: [UndecidedPair] = []
        live.reserveCapacity(pairs.count)
        for var pair in pairs {
            pair.firstCluster = clusters.find(pair.first)
            pair.secondCluster = clusters.find(pair.second)
            guard pair.firstCluster != pair.secondCluster else { continue }
            groups.union(pair.firstCluster, pair.secondCluster)
            live.append(pair)
        }
        guard !live.isEmpty else { return 0 }
        // One array, sorted so each group's pairs are contiguous; group k goes to worker k mod workers.
        for index in live.indices { live[index].group = groups.find(live[index].firstCluster) }
        live.sort { ($0.group, $0.first, $0.second) < ($1.group, $1.first, $1.second) }
        var runs: [Range<Int>] = []
        var start = 0
        for index in 1...live.count where index == live.count || live[index].group != live[start].group {
            runs.append(start..<index)
            start = index
        }
        let threshold = threshold, workers = max(1, workers), sorted = live, groupRuns = runs
        let outcomes = Array(0..<workers).concurrentMap { worker, _ -> (joins: [UndecidedPair], exact: Int, estimated: Int) in
            let rereader = makeRereader()
            var joins: [UndecidedPair] = [], exact = 0, estimated = 0
            for run in stride(from: worker, to: groupRuns.count, by: workers).map({ groupRuns[$0] }) {
                let group = sorted[run]
                var joined: [UInt32: UInt32] = [:]
                func root(_ node: UInt32) -> UInt32 {
                    var node = node
                    while let parent = joined[node] { node = parent }
                    return node
                }
                for pair in group {
                    let a = root(pair.firstCluster), b = root(pair.secondCluster)
                    if a == b { continue }
                    let isNearDuplicate: Bool
                    if let resemblance = rereader?.resemblance(pair.first, pair.second) {
                        exact += 1
                        isNearDuplicate = resemblance >= threshold
                    } else {
                        estimated += 1
                        isNearDuplicate = pair.estimate >= threshold
                    }
                    if isNearDuplicate {
                        joined[max(a, b)] = min(a, b)
                        joins.append(pair)
                    }
                }
            }
            return (joins, exact, estimated)
        }
        var joins = 0
        for outcome in outcomes {
            for pair in outcome.joins where clusters.union(pair.first, pair.second) { joins += 1 }
            counts.checkedExactly += outcome.exact
            counts.decidedByEstimateNearThreshold += outcome.estimated
        }
        return joins
    }
}
