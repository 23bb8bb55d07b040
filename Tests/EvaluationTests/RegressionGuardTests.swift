import Foundation
import PalimpsestEvaluation
import Testing

/// The shared labelled data, when this checkout sits beside it (`../shared/data`) or
/// `PALIMPSEST_DATA` names it; nil on a user's machine, where the guards skip.
let sharedData: URL? = {
    let candidates = [ProcessInfo.processInfo.environment["PALIMPSEST_DATA"]].compactMap { $0 }.map { URL(fileURLWithPath: $0) }
        + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data").standardizedFileURL]
    return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("bbc-news").path) }
}()

/// Runs `suite` on a fixed slice of the shared data, or records why it is skipped.
func guardedRun(_ suite: any EvaluationSuite, limit: Int?) throws -> SuiteReport? {
    guard let sharedData else {
        print("note: ../shared/data is absent (set PALIMPSEST_DATA to run them): the \(suite.name) regression guard is skipped")
        return nil
    }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let context = EvaluationContext(
        data: DataSetLocator(folders: [sharedData], unpackFolder: packageRoot.appendingPathComponent(".data")), limit: limit)
    return try suite.run(in: context)
}

/// Expects every named metric of the report's first row (or the row for `dataset`) at or above its floor.
func expectFloors(_ report: SuiteReport, dataset: String? = nil, _ floors: [String: Double], sourceLocation: SourceLocation = #_sourceLocation) {
    guard let row = report.rows.first(where: { dataset == nil || $0.dataset == dataset }) else {
        Issue.record("no row for \(dataset ?? "the first data set") in \(report.suite)", sourceLocation: sourceLocation)
        return
    }
    for (name, floor) in floors.sorted(by: { $0.key < $1.key }) {
        let value = row.value(of: name) ?? -1
        #expect(value >= floor - 1e-9, "\(report.suite) / \(row.dataset): \(name) \(value) fell below \(floor)", sourceLocation: sourceLocation)
    }
}

/// Regression guards: a small fixed slice of each suite, failing when a metric drops below the
/// level reached when the guard was set. They run when the shared data is present and skip, with a
/// message, when it is not.
@Suite(.serialized) struct RegressionGuardTests {
    @Test func boilerplateSnippets() throws {
        guard let report = try guardedRun(BoilerplateSnippetsSuite(), limit: 40) else { return }
        expectFloors(report, dataset: "trafilatura-eval[:40]", ["precision": 0.883, "recall": 0.942])
        expectFloors(report, dataset: "wcxb-dev[:40]", ["word_f1": 0.945, "precision": 0.971, "recall": 0.871])
    }

    @Test func siteTemplates() throws {
        guard let report = try guardedRun(SiteTemplatesSuite(), limit: nil) else { return }
        expectFloors(report, dataset: "cleanportaleval", ["word_f1": 0.923])
    }

    @Test func gradedReuse() throws {
        guard let report = try guardedRun(GradedReuseSuite(), limit: nil) else { return }
        expectFloors(report, ["containment_auc": 0.964, "ordering_holds": 1, "origin_accuracy": 0.928])
    }

    @Test func passageAlignment() throws {
        guard let report = try guardedRun(PassageAlignmentSuite(), limit: 40) else { return }
        expectFloors(report, dataset: "pan13-no-obfuscation[:40]", ["passage_recall": 0.872, "char_precision": 0.883])
        let flagged = report.rows.first { $0.dataset.hasPrefix("pan13-unlabelled") }?.value(of: "pairs_flagged") ?? 1
        #expect(flagged <= 0.05 + 1e-9, "false alarms on unlabelled pairs rose to \(flagged)")
    }

    @Test func exactDuplicates() throws {
        guard let report = try guardedRun(ExactDuplicatesSuite(), limit: 600) else { return }
        let row = try #require(report.rows.first)
        #expect(row.value(of: "found_by_content_id") == row.value(of: "true_pairs"))
        #expect(row.value(of: "found_in_cluster") == row.value(of: "true_pairs"))
        #expect(row.value(of: "false_merges") == 0)
    }

    @Test func reposts() throws {
        guard let report = try guardedRun(RepostsSuite(), limit: 300) else { return }
        expectFloors(report, ["pair_precision": 0.999, "pair_recall": 0.993, "ari": 0.996, "origin_accuracy": 0.993, "copy_recall": 0.999, "quote_recall": 0.999])
    }
}
