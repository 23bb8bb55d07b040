import Foundation
import PalimpsestCore

/// Exact duplicates in real news: the BBC News corpus holds 98 pairs of byte-identical articles
/// (listed in `EXACT_DUPLICATE_GROUPS.tsv`). All must be found — by content id of the extracted
/// text (SHA-256) and inside one near-duplicate cluster — and no other pair may share a content id.
/// Other pairs the clustering joins are near-duplicates at the threshold (whitespace or case
/// variants, updated stories); they are counted and shown with their similarity, not as errors.
/// `precision` and `recall` are those of the cluster pairs against the byte-identical pairs, as
/// the peers' rows report them.
public struct ExactDuplicatesSuite: EvaluationSuite {
    public let name = "exact-duplicates"
    public let summary = "the 98 byte-identical BBC article pairs: all found by content id and cluster, nothing else merged by content id"

    /// Creates the suite.
    public init() {}

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        let folder = try context.data.folder(of: .bbcNews)
        var paths: [String] = []
        for topic in ["business", "entertainment", "politics", "sport", "tech"] {
            paths += try files(in: folder.appendingPathComponent("bbc/\(topic)"), endingWith: ".txt").map(\.path)
        }
        let allCount = paths.count
        paths = context.slice(paths)
        let relative: (String) -> String = { String($0.dropFirst(folder.path.count + 1)) }
        let included = Set(paths.map(relative))
        var truth = Set<[String]>()
        for line in try readText(folder.appendingPathComponent("EXACT_DUPLICATE_GROUPS.tsv")).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let members = line.split(separator: "\t").dropFirst().map(String.init).filter(included.contains).sorted()
            for (position, first) in members.enumerated() {
                for second in members.dropFirst(position + 1) { truth.insert([first, second]) }
            }
        }
        context.log("\(name): analysing \(paths.count) articles")
        let run = try PipelineRun(paths: paths, settings: context.settings)
        let documents = run.result.documents
        func pairs(groupedBy key: (AnalyzedDocument) -> String) -> Set<[String]> {
            var result = Set<[String]>()
            for group in Dictionary(grouping: documents, by: key).values where group.count > 1 {
                let ids = group.map { relative($0.document.source.location) }.sorted()
                for (position, first) in ids.enumerated() {
                    for second in ids.dropFirst(position + 1) { result.insert([first, second]) }
                }
            }
            return result
        }
        let byContent = pairs { $0.contentID.description }
        let byCluster = pairs { String($0.cluster) }
        var report = SuiteReport(suite: name, settings: context.settingsDescription)
        report.rows.append(ReportRow(
            tool: palimpsestToolName, dataset: context.datasetName("bbc-news", total: allCount), items: paths.count,
            metrics: [
                Metric("true_pairs", Double(truth.count)),
                Metric("found_by_content_id", Double(byContent.intersection(truth).count), target: .atLeast(Double(truth.count))),
                Metric("false_merges", Double(byContent.subtracting(truth).count), target: .atMost(0)),
                Metric("found_in_cluster", Double(byCluster.intersection(truth).count), target: .atLeast(Double(truth.count))),
                Metric("near_duplicate_pairs", Double(byCluster.subtracting(truth).count)),
                Metric("precision", byCluster.isEmpty ? 1 : Double(byCluster.intersection(truth).count) / Double(byCluster.count)),
                Metric("recall", truth.isEmpty ? 1 : Double(byCluster.intersection(truth).count) / Double(truth.count)),
            ],
            seconds: run.seconds))
        let byID = Dictionary(uniqueKeysWithValues: documents.map { (relative($0.document.source.location), $0) })
        for pair in byCluster.subtracting(truth).sorted(by: { $0.lexicographicallyPrecedes($1) }).prefix(10) {
            let similarity = [byID[pair[0]]?.repostOf, byID[pair[1]]?.repostOf].compactMap { $0?.similarity }.first
            report.notes.append("near-duplicate, not byte-identical: \(pair[0]) ~ \(pair[1])" + (similarity.map { String(format: " (Jaccard %.3f to the origin)", $0) } ?? ""))
        }
        return report
    }
}
