import Foundation
import PalimpsestCore

/// Graded text reuse: Clough & Stevenson's corpus of short answers (2011), each written by cutting
/// and pasting from a Wikipedia original (`cut`), revising it lightly or heavily, or independently
/// (`non`).
///
/// Each answer is compared with its task's original on the content shingles the analyzer uses:
/// containment (share of the answer's shingles found in the original) and Jaccard similarity. The
/// AUC says how well each separates reused answers from independent ones; the class means must
/// order cut > light > heavy > non. All 100 texts are also analysed together, in file-name order
/// (which puts the originals last, so first-seen order cannot help), and every link Palimpsest
/// reports between an answer and its original is checked for direction: the original must be the
/// source.
public struct GradedReuseSuite: EvaluationSuite {
    public let name = "reuse-graded"
    public let summary = "graded reuse (Clough & Stevenson): containment and similarity AUC, class ordering, origin direction"

    /// Creates the suite.
    public init() {}

    /// The reuse classes, from most to least copied.
    static let classes = ["cut", "light", "heavy", "non"]

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        let folder = try context.data.folder(of: .cloughStevenson).appendingPathComponent("data")
        let index = folder.appendingPathComponent("file_information.csv")
        var category: [String: (task: String, kind: String)] = [:]
        for line in try readText(index).split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3 else { continue }
            category[fields[0]] = (fields[1], fields[2])
        }
        let answers = context.slice(category.keys.filter { category[$0]?.kind != "orig" }.sorted())
        let originals = Set(answers.compactMap { category[$0].map { "orig_task\($0.task).txt" } })
        let paths = (answers + originals).sorted().map { folder.appendingPathComponent($0).path }
        context.log("\(name): analysing \(paths.count) texts")
        let run = try PipelineRun(paths: paths, settings: context.settings)
        let byName = Dictionary(uniqueKeysWithValues: run.result.documents.map { (URL(fileURLWithPath: $0.document.source.location).lastPathComponent, $0) })

        let shingler = Shingler(size: context.settings.shingleSize)
        let shingles: (AnalyzedDocument) -> [UInt64] = { document in
            let content = document.passages.filter { $0.kind != .boilerplate }.map(\.passage.text).joined(separator: "\n\n")
            return Jaccard.set(shingler.shingles(of: Tokenizer().tokenize(TextNormalizer().normalize(content)).hashes))
        }
        var containment: [String: [Double]] = [:], similarity: [String: [Double]] = [:]
        var linked = 0, rightWay = 0, wrongWay = 0, independentLinked = 0
        for answer in answers {
            guard let (task, kind) = category[answer], let document = byName[answer], let original = byName["orig_task\(task).txt"] else { continue }
            let answerShingles = shingles(document), originalShingles = shingles(original)
            containment[kind, default: []].append(Jaccard.containment(of: answerShingles, in: originalShingles))
            similarity[kind, default: []].append(Jaccard.similarity(answerShingles, originalShingles))
            let copiesOriginal = document.derives(from: original.document.id)
            let originalCopiesIt = original.derives(from: document.document.id)
            if kind == "non" {
                if copiesOriginal || originalCopiesIt { independentLinked += 1 }
                continue
            }
            if copiesOriginal || originalCopiesIt { linked += 1 }
            if copiesOriginal { rightWay += 1 }
            if originalCopiesIt { wrongWay += 1 }
        }
        let reused = Self.classes.dropLast().flatMap { containment[$0] ?? [] }
        let reusedSimilarity = Self.classes.dropLast().flatMap { similarity[$0] ?? [] }
        let means = Self.classes.map { kind in (containment[kind] ?? []).mean }
        let ordered = zip(means, means.dropFirst()).allSatisfy { $0 > $1 }
        let reusedCount = Double(reused.count)
        var metrics = [
            Metric("containment_auc", areaUnderROC(positives: reused, negatives: containment["non"] ?? []), target: .atLeast(0.95)),
            Metric("similarity_auc", areaUnderROC(positives: reusedSimilarity, negatives: similarity["non"] ?? [])),
        ]
        for (kind, mean) in zip(Self.classes, means) { metrics.append(Metric("containment_\(kind)", mean)) }
        metrics += [
            Metric("ordering_holds", ordered ? 1 : 0, target: .atLeast(1)),
            Metric("reused_linked", reusedCount == 0 ? nil : Double(linked) / reusedCount),
            Metric("origin_accuracy", linked == 0 ? nil : Double(rightWay) / Double(linked), target: .atLeast(0.98)),
            Metric("wrong_direction", Double(wrongWay)),
            Metric("non_linked", Double(independentLinked)),
        ]
        var report = SuiteReport(suite: name, settings: context.settingsDescription)
        report.rows.append(ReportRow(tool: palimpsestToolName, dataset: context.datasetName("clough-stevenson", total: category.count - 5), items: answers.count, metrics: metrics, seconds: run.seconds))
        report.notes.append("containment_<class> are class means of the share of an answer's content shingles found in its original")
        report.notes.append("reused_linked: share of cut/light/heavy answers Palimpsest links to their original (repost, partial repost, copied passage or quotation); origin_accuracy: share of those links that point from the answer to the original")
        return report
    }
}

extension Array where Element == Double {
    /// The arithmetic mean (0 for no values).
    var mean: Double { isEmpty ? 0 : reduce(0, +) / Double(count) }
}
