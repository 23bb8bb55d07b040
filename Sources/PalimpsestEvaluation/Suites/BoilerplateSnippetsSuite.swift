import Foundation
import PalimpsestCore

/// Boilerplate on single web pages, scored by labelled snippets: trafilatura's evaluation set
/// (990 multilingual pages, must-keep and must-drop snippets) and the WCXB development subset
/// (450 pages of seven page types, snippets and the full main content).
///
/// Every page is read by the HTML extractor and the pages of a set are analysed together, as a
/// user scanning the folder would; the kept text is every passage not judged boilerplate.
/// Snippet counts are summed over pages; word scores (WCXB) are averaged over pages.
public struct BoilerplateSnippetsSuite: EvaluationSuite {
    public let name = "boilerplate-snippets"
    public let summary = "boilerplate on single pages: trafilatura's snippets and WCXB's snippets and main content"

    /// Word F1 on WCXB at or above trafilatura's; boilerplate precision at or above jusText's.
    public let peerTargets = [
        PeerRunner.PeerTarget(metric: "word_f1", peer: "trafilatura", dataset: "wcxb-dev"),
        PeerRunner.PeerTarget(metric: "precision", peer: "justext", dataset: "wcxb-dev"),
        PeerRunner.PeerTarget(metric: "precision", peer: "justext", dataset: "trafilatura-eval"),
    ]

    /// Creates the suite.
    public init() {}

    /// One labelled page.
    struct Page {
        var file: URL
        var keep: [String]
        var drop: [String]
        var mainContent: String?
    }

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        var report = SuiteReport(suite: name, settings: context.settingsDescription)
        let trafilatura = try trafilaturaPages(context.data.folder(of: .trafilaturaEval))
        report.rows.append(try score(context.slice(trafilatura), dataset: context.datasetName("trafilatura-eval", total: trafilatura.count), context: context))
        let wcxb = try wcxbPages(context.data.folder(of: .wcxb))
        report.rows.append(try score(context.slice(wcxb), dataset: context.datasetName("wcxb-dev", total: wcxb.count), context: context))
        report.notes.append("kept text = every passage not judged boilerplate; snippets matched after NFKC, lower case and white space folding")
        report.notes.append("targets: word F1 on WCXB at or above trafilatura's on the same pages (0.791 published on the full dev set); boilerplate precision at or above jusText's (see the peer rows)")
        return report
    }

    /// Scores one set of pages.
    func score(_ pages: [Page], dataset: String, context: EvaluationContext) throws(EvaluationError) -> ReportRow {
        context.log("\(name): \(dataset): reading and analysing \(pages.count) pages")
        let run = try PipelineRun(paths: pages.map(\.file.path), settings: context.settings)
        var counts = SnippetCounts()
        var overlaps: [WordOverlap] = []
        for page in pages {
            let kept = (run.documentsByPath[page.file.path] ?? []).map(\.keptText).joined(separator: "\n\n")
            counts.add(extracted: SnippetMatcher(extracted: kept), keep: page.keep, drop: page.drop)
            if let gold = page.mainContent { overlaps.append(WordOverlap(extracted: kept, gold: gold)) }
        }
        var metrics = [
            Metric("precision", counts.precision), Metric("recall", counts.recall), Metric("f1", counts.f1),
            Metric("accuracy", counts.accuracy), Metric("boilerplate_removed", counts.boilerplateRemoved),
        ]
        if !overlaps.isEmpty {
            let count = Double(overlaps.count)
            metrics += [
                Metric("word_precision", overlaps.map(\.precision).reduce(0, +) / count),
                Metric("word_recall", overlaps.map(\.recall).reduce(0, +) / count),
                Metric("word_f1", overlaps.map(\.f1).reduce(0, +) / count),
            ]
        }
        return ReportRow(tool: palimpsestToolName, dataset: dataset, items: pages.count, metrics: metrics, seconds: run.seconds)
    }

    /// trafilatura's `tests/evaldata.json`, sorted by file name; each file is in `tests/eval/`, else `tests/cache/`.
    func trafilaturaPages(_ folder: URL) throws(EvaluationError) -> [Page] {
        let tests = folder.appendingPathComponent("tests")
        let index = tests.appendingPathComponent("evaldata.json")
        guard let entries = try readJSON(index) as? [String: [String: Any]] else {
            throw .unreadable(path: index.path, reason: "expected an object of pages")
        }
        return entries.values.compactMap { entry -> Page? in
            guard let file = entry["file"] as? String else { return nil }
            let evalFile = tests.appendingPathComponent("eval").appendingPathComponent(file)
            let path = FileManager.default.fileExists(atPath: evalFile.path) ? evalFile : tests.appendingPathComponent("cache").appendingPathComponent(file)
            return Page(file: path, keep: entry["with"] as? [String] ?? [], drop: entry["without"] as? [String] ?? [])
        }
        .sorted { $0.file.lastPathComponent < $1.file.lastPathComponent }
    }

    /// WCXB's `dev/ground-truth/*.json` with `dev/html/<id>.html.gz`, sorted by id.
    func wcxbPages(_ folder: URL) throws(EvaluationError) -> [Page] {
        let dev = folder.appendingPathComponent("dev")
        return try files(in: dev.appendingPathComponent("ground-truth"), endingWith: ".json").map { (url: URL) throws(EvaluationError) -> Page in
            guard let object = try readJSON(url) as? [String: Any], let truth = object["ground_truth"] as? [String: Any] else {
                throw .unreadable(path: url.path, reason: "no ground_truth object")
            }
            let id = url.deletingPathExtension().lastPathComponent
            return Page(
                file: dev.appendingPathComponent("html").appendingPathComponent("\(id).html.gz"),
                keep: truth["with"] as? [String] ?? [], drop: truth["without"] as? [String] ?? [],
                mainContent: truth["main_content"] as? String ?? "")
        }
    }
}
