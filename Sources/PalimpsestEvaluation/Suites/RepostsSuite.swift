import Foundation
import PalimpsestCore

/// Reposts in a corpus built from real articles with the edits syndication makes
/// (``RepostCorpusGenerator``), scored against its computed truth: pair precision and recall and
/// the adjusted Rand index of the clusters at the threshold, origin accuracy, and the recall of
/// every generated copy (teasers and partial copies included, which no threshold on whole-document
/// similarity can reach) and of quotations.
public struct RepostsSuite: EvaluationSuite {
    public let name = "reposts"
    public let summary = "generated repost corpus from BBC articles: pair precision/recall, ARI, origin accuracy, copy and quote recall"

    /// Where to also write the generated corpus (`corpus.jsonl`, `truth.tsv`), so peers can run on it.
    public var corpusFolder: URL?
    /// The generator's settings.
    public var generator: RepostCorpusGenerator

    /// Creates the suite.
    public init(corpusFolder: URL? = nil, generator: RepostCorpusGenerator = RepostCorpusGenerator()) {
        self.corpusFolder = corpusFolder
        self.generator = generator
    }

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        let folder = try context.data.folder(of: .bbcNews)
        let allArticles = try Self.articles(in: folder)
        let articles = context.slice(allArticles)
        let items = generator.generate(from: articles)
        let (truthCluster, truthOrigin) = RepostCorpusGenerator.truth(items, threshold: context.settings.threshold, shingleSize: context.settings.shingleSize)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-reposts-\(ProcessInfo.processInfo.processIdentifier)")
        let target = corpusFolder ?? scratch
        defer { if corpusFolder == nil { try? FileManager.default.removeItem(at: scratch) } }
        let corpusFile = try Self.write(items, truthCluster: truthCluster, truthOrigin: truthOrigin, to: target)
        context.log("\(name): \(items.count) documents generated from \(articles.count) articles; analysing")
        // The truth compares article text with the sites' chrome excluded: the clusters scored are
        // those that compare content (`--cluster-on content`), whatever the run's own basis.
        var settings = context.settings
        settings.clusterBasis = .content
        let run = try PipelineRun(paths: [corpusFile.path], settings: settings)
        let byID = Dictionary(uniqueKeysWithValues: run.result.documents.map { ($0.document.id, $0) })

        let predicted = byID.mapValues { String($0.cluster) }
        let agreement = ClusterAgreement(predicted: predicted, truth: truthCluster)
        let clusterSizes = Dictionary(grouping: truthCluster.keys, by: { truthCluster[$0]! }).mapValues(\.count)
        let inClusters = items.filter { clusterSizes[truthCluster[$0.id]!]! > 1 }
        let originRight = inClusters.filter { byID[$0.id]?.origin == truthOrigin[$0.id] }.count

        // A copy may rightly point at any text of its story: its family, or a document at the
        // threshold of one of them (the BBC set holds natural near-duplicates of some articles).
        let byTruthCluster = Dictionary(grouping: items.map(\.id), by: { truthCluster[$0]! })
        let story = Dictionary(grouping: items, by: \.family).mapValues { family in
            Set(family.flatMap { byTruthCluster[truthCluster[$0.id]!] ?? [] })
        }
        let copies = items.filter { $0.parent != nil }
        let copiesLinked = copies.filter { copy in
            guard let document = byID[copy.id] else { return false }
            return (story[copy.family] ?? []).contains { other in
                other != copy.id && (byID[other]?.cluster == document.cluster || document.derives(from: other)
                    || byID[other]?.derives(from: copy.id) == true)
            }
        }.count
        let quotes = items.filter { $0.quoted != nil }
        // A quotation may rightly point at any earlier text holding the sentence: a repost of the
        // quoted article, an older article that said it first, another quote of it.
        let quotesFound = quotes.filter { quote in
            guard let document = byID[quote.id], let sentence = quote.quotation else { return false }
            return items.contains { $0.id != quote.id && $0.articleText.contains(sentence) && document.derives(from: $0.id) }
        }.count
        let ratio: (Int, Int) -> Double? = { $1 == 0 ? nil : Double($0) / Double($1) }

        var report = SuiteReport(suite: name, settings: context.settingsDescription.merging(["generator_seed": String(generator.seed)]) { $1 })
        report.rows.append(ReportRow(
            tool: palimpsestToolName, dataset: context.datasetName("bbc-reposts", total: allArticles.count), items: items.count,
            metrics: [
                Metric("pair_precision", agreement.precision, target: .atLeast(0.99)),
                Metric("pair_recall", agreement.recall, target: .atLeast(0.98)),
                Metric("pair_f1", agreement.f1),
                Metric("ari", agreement.adjustedRandIndex, target: .atLeast(0.95)),
                Metric("origin_accuracy", ratio(originRight, inClusters.count), target: .atLeast(0.98)),
                Metric("copy_recall", ratio(copiesLinked, copies.count)),
                Metric("quote_recall", ratio(quotesFound, quotes.count)),
            ],
            seconds: run.seconds))
        report.notes.append("truth: components of article-text (chrome excluded) word 5-gram Jaccard >= threshold over all pairs; origin = earliest published member; scored: clusters on content (--cluster-on content)")
        report.notes.append("quote_recall: quoting articles linked by a quotation to the quoted article or to any other text holding the sentence")
        report.notes.append("copy_recall: generated copies (exact, near, teaser, partial) linked to their story (the family, or a near-duplicate of one of its members) by a cluster, partial repost, copied passage or quotation")
        report.notes.append("\(agreement.actualPairs) true pairs, \(agreement.predictedPairs) predicted, \(agreement.truePairs) shared; \(copies.count) copies, \(quotes.count) quotes")
        return report
    }

    /// The BBC articles, one of each byte-identical group, in path order: headline, then paragraphs.
    static func articles(in folder: URL) throws(EvaluationError) -> [RepostCorpusGenerator.Article] {
        var duplicates = Set<String>()
        for line in try readText(folder.appendingPathComponent("EXACT_DUPLICATE_GROUPS.tsv")).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            for path in line.split(separator: "\t").dropFirst(2) { duplicates.insert(String(path)) }
        }
        var articles: [RepostCorpusGenerator.Article] = []
        for topic in ["business", "entertainment", "politics", "sport", "tech"] {
            for file in try files(in: folder.appendingPathComponent("bbc/\(topic)"), endingWith: ".txt") where !duplicates.contains("bbc/\(topic)/\(file.lastPathComponent)") {
                let blocks = PlainTextBlocks.split(try readText(file)).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard let headline = blocks.first else { continue }
                articles.append(.init(headline: headline, paragraphs: Array(blocks.dropFirst())))
            }
        }
        return articles
    }

    /// Writes `corpus.jsonl` and `truth.tsv` into `folder`; returns the corpus file.
    static func write(_ items: [RepostCorpusGenerator.Item], truthCluster: [String: String], truthOrigin: [String: String], to folder: URL) throws(EvaluationError) -> URL {
        let formatter = ISO8601DateFormatter()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var corpus = Data(), truth = "id\tcluster\torigin\tkind\tparent\tfamily\tquoted\n"
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for item in items {
                var record = ["id": item.id, "text": item.text, "title": item.headline, "site": item.site, "retrieved": formatter.string(from: item.retrieved)]
                if let published = item.published { record["published"] = formatter.string(from: published) }
                corpus.append(try encoder.encode(record))
                corpus.append(0x0A)
                truth += [item.id, truthCluster[item.id] ?? item.id, truthOrigin[item.id] ?? item.id, item.kind, item.parent ?? "", item.family, item.quoted ?? ""]
                    .joined(separator: "\t") + "\n"
            }
            let corpusFile = folder.appendingPathComponent("corpus.jsonl")
            try corpus.write(to: corpusFile, options: .atomic)
            try Data(truth.utf8).write(to: folder.appendingPathComponent("truth.tsv"), options: .atomic)
            return corpusFile
        } catch {
            throw .unreadable(path: folder.path, reason: "cannot write the generated corpus: \(error.localizedDescription)")
        }
    }
}
