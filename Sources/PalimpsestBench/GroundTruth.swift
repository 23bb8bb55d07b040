import Foundation
import PalimpsestEvaluation

/// The ground truth of a corpus from `../shared/bench/make_corpus.py`: for each id, its generation
/// cluster (`gen`: every repost of a story) and its component of the exact Jaccard ≥ 0.8 graph (`gt80`).
struct GroundTruth {
    var generation: [String: String] = [:]
    var threshold: [String: String] = [:]

    /// Reads `clusters.tsv` (header, then id, cluster, kind, parent, ops, jaccard to parent, component).
    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 7 else { continue }
            generation[String(columns[0])] = String(columns[1])
            threshold[String(columns[0])] = String(columns[6])
        }
    }

    /// Pair precision, recall and F1 of an `id<TAB>cluster` file against both truths.
    func score(clustersPath: String) throws -> [String: Any] {
        var predicted: [String: String] = [:]
        for line in try String(contentsOfFile: clustersPath, encoding: .utf8).split(separator: "\n") {
            let columns = line.split(separator: "\t", maxSplits: 1)
            if columns.count == 2 { predicted[String(columns[0])] = String(columns[1]) }
        }
        func scores(_ truth: [String: String]) -> [String: Double] {
            let agreement = ClusterAgreement(predicted: predicted, truth: truth)
            return ["precision": rounded(agreement.precision, 4), "recall": rounded(agreement.recall, 4), "f1": rounded(agreement.f1, 4)]
        }
        return ["gt80": scores(threshold), "gen": scores(generation)]
    }

    /// One line for the table.
    static func describe(_ score: [String: Any]) -> String {
        ["gt80", "gen"].map { key in
            let values = score[key] as? [String: Double] ?? [:]
            return "\(key) P \(values["precision"] ?? 0) R \(values["recall"] ?? 0) F1 \(values["f1"] ?? 0)"
        }.joined(separator: "; ")
    }
}
