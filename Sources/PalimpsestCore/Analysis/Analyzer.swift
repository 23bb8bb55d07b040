import Foundation

/// Runs the whole analysis over a corpus: boilerplate, near-duplicate clusters and origins,
/// duplicate passages, teasers, quotations and partial reposts, each with its evidence.
///
/// Steps, in one direction: prepare (normalise, tokenise, shingle every passage, on all cores) →
/// group near-identical whole pages, so copies of one page cannot teach each other a template →
/// boilerplate (learned per site across page groups, then single-page rules) → by default, the
/// document clusters: near-duplicate whole texts, as `dedup` finds them → passage matching among
/// non-boilerplate passages → reposts on the content shingles, with shared passages as extra
/// candidates (so site chrome neither hides a repost nor joins two articles; the clusters too with
/// ``ClusterBasis/content``) → classification, where every copy points at the first occurrence in
/// origin order.
public struct Analyzer: Sendable {
    /// The settings in use.
    public let settings: AnalysisSettings
    private let normalizer = TextNormalizer()
    private let tokenizer = Tokenizer()

    /// Creates an analyzer with the default settings.
    public init() { settings = AnalysisSettings() }

    /// Creates an analyzer.
    /// - Throws: ``SettingsError`` naming the first setting out of range.
    public init(settings: AnalysisSettings) throws(SettingsError) {
        try settings.validate()
        self.settings = settings
    }

    /// Analyses `documents`, in input order.
    ///
    /// Passages are renumbered by their position, so documents built by hand need not number them;
    /// ids should be unique (``Palimpsest/CorpusReader`` makes them so), as findings refer to them.
    public func analyze(_ documents: [Document], problems: [InputProblem] = []) -> AnalysisResult {
        var clock = StageClock()
        // Renumbering writes a document's passages anew: only where they are numbered otherwise, so
        // the usual input (numbered by ``DocumentBuilder``) is not held twice.
        let numbered = documents.allSatisfy { $0.passages.indices.elementsEqual($0.passages.lazy.map(\.index)) }
        let documents = numbered ? documents : documents.map { document in
            var document = document
            for index in document.passages.indices { document.passages[index].index = index }
            return document
        }
        let shingler = Shingler(size: settings.shingleSize)
        let normalizer = normalizer, tokenizer = tokenizer, byteTokenizer = ByteTokenizer()
        var prepared: [[PreparedPassage]] = documents.concurrentMap { number, document in
            document.passages.map { PreparedPassage(document: number, passage: $0, tokenizer: byteTokenizer, shingler: shingler) }
        }
        let pageShingleSets = prepared.concurrentMap { _, passages in Jaccard.set(passages.lazy.flatMap(\.shingles)).withoutSpareCapacity() }
        clock.finish("prepare")
        let order = OriginOrder.order(documents, shingleSets: pageShingleSets)
        var ranks = [Int](repeating: 0, count: documents.count)
        for (position, document) in order.enumerated() { ranks[document] = position }
        let rank = ranks
        let precedes: @Sendable (PassageKey, PassageKey) -> Bool = {
            (rank[$0.document], $0.passage) < (rank[$1.document], $1.passage)
        }

        // Copies of one page must not teach each other their text as template: pages are grouped by
        // whole-page similarity first, and a shape must recur across groups.
        clock.finish("origin order")
        let clusterer = DocumentClusterer(settings: settings, rank: rank)
        let pageBands = clusterer.bandHashes(of: pageShingleSets)
        let pageGroups = clusterer.cluster(clusterer.verifiedPairs(shingleSets: pageShingleSets, bandHashes: pageBands), policy: .stars).clusterOf
        let boilerplate = BoilerplateDetector(
            documents: documents, prepared: prepared, pageGroups: pageGroups,
            minimumDocuments: settings.boilerplateMinimumDocuments, normalizer: normalizer, tokenizer: tokenizer
        ).verdicts()
        let eligible: (PassageKey) -> Bool = { boilerplate[$0.document, $0.passage] == nil }
        clock.finish("page groups + boilerplate")

        // Clusters of whole texts, as `dedup` makes them (shingles across passage breaks), made
        // before passage matching so their shingle sets are let go before its peak.
        let textClustering = settings.clusterBasis == .text ? { () -> DocumentClusterer.Clustering in
            let wholeTexts = prepared.concurrentMap { _, passages in PreparedPassage.shingleSet(of: passages, shingler: shingler) }
            return clusterer.cluster(
                clusterer.verifiedPairs(shingleSets: wholeTexts, bandHashes: clusterer.bandHashes(of: wholeTexts)), policy: settings.clusterPolicy)
        }() : nil
        clock.finish("text clusters")

        // Content is compared passage by passage (no shingle spans a passage break), so chrome
        // inserted between paragraphs changes nothing. A document without boilerplate has its whole
        // page as content: the same set, shared.
        let shingleSets = prepared.enumerated().map { number, passages in
            guard boilerplate.hasBoilerplate(number) else { return pageShingleSets[number] }
            return Jaccard.set(passages.filter { boilerplate[number, $0.passage.index] == nil }.flatMap(\.shingles)).withoutSpareCapacity()
        }
        let matcher = PassageMatcher(settings: settings)
        let teasers = matcher.teasers(prepared, eligible: eligible, precedes: precedes)
        // Words were for the boilerplate rules and the teaser test, both done: let go before the
        // peak of passage matching.
        for document in prepared.indices {
            for passage in prepared[document].indices { prepared[document][passage].dropWords() }
        }
        let matches = matcher.match(prepared, eligible: eligible, precedes: precedes, teasers: teasers)
        clock.finish("passage matching")
        let sharedPassages = Set(matches.relations.lazy
            .filter { $0.kind != .teaser && $0.copy.document != $0.source.document }
            .map { ItemPair($0.copy.document, $0.source.document) })
        let contentBands = shingleSets.concurrentMap { number, shingles in
            boilerplate.hasBoilerplate(number) ? clusterer.bandHashes(of: shingles) : pageBands[number]
        }
        let contentPairs = clusterer.verifiedPairs(shingleSets: shingleSets, bandHashes: contentBands, evidence: sharedPassages)
        let reposts = clusterer.cluster(contentPairs, policy: settings.clusterPolicy)
        let memberships = Membership.of(reposts, shingleSets: shingleSets)
        let clustering = textClustering ?? reposts
        clock.finish("document clusters")

        let builder = ResultBuilder(
            settings: settings, documents: documents, prepared: prepared, boilerplate: boilerplate,
            memberships: memberships, clustering: clustering, shingleSets: shingleSets, precedes: precedes)
        let (analyzed, findings) = builder.classify(matches)
        let clusters = clustering.sharedClusters(rank: rank).map { cluster in
            Cluster(number: cluster.number, origin: documents[cluster.members[0]].id, members: cluster.members.map { documents[$0].id })
        }
        clock.finish("findings")
        var result = AnalysisResult(settings: settings, documents: analyzed, clusters: clusters, findings: findings, problems: problems)
        result.stages = clock.stages
        return result
    }
}

/// A document's place among the documents whose content it reposts (a cluster of content shingle
/// sets), verified against their origin.
struct Membership: Sendable {
    var cluster: Int
    var origin: Int
    /// Exact Jaccard similarity with the origin.
    var similarity: Double
    /// Share of the document's shingles found in the origin.
    var containment: Double

    /// The memberships of every document.
    /// - Complexity: one comparison of shingle sets per document (with its origin), whatever the
    ///   size of its cluster.
    static func of(_ clustering: DocumentClusterer.Clustering, shingleSets: [[UInt64]]) -> [Membership] {
        shingleSets.indices.map { member in
            let cluster = clustering.clusterOf[member]
            let origin = clustering.origins[cluster]
            return Membership(
                cluster: cluster, origin: origin,
                similarity: member == origin ? 1 : Jaccard.similarity(shingleSets[member], shingleSets[origin]),
                containment: member == origin ? 1 : Jaccard.containment(of: shingleSets[member], in: shingleSets[origin]))
        }
    }
}

/// Turns matches into classified passages, document links and findings.
private struct ResultBuilder: Sendable {
    let settings: AnalysisSettings
    let documents: [Document]
    let prepared: [[PreparedPassage]]
    let boilerplate: BoilerplateVerdicts
    let memberships: [Membership]
    /// The clusters reported (see ``ClusterBasis``).
    let clustering: DocumentClusterer.Clustering
    /// Each document's SimHash, made once: a cluster's origin is compared with every member.
    let simHashes: [UInt64]
    let precedes: @Sendable (PassageKey, PassageKey) -> Bool

    init(
        settings: AnalysisSettings, documents: [Document], prepared: [[PreparedPassage]], boilerplate: BoilerplateVerdicts,
        memberships: [Membership], clustering: DocumentClusterer.Clustering, shingleSets: [[UInt64]],
        precedes: @escaping @Sendable (PassageKey, PassageKey) -> Bool
    ) {
        self.settings = settings
        self.documents = documents
        self.prepared = prepared
        self.boilerplate = boilerplate
        self.memberships = memberships
        self.clustering = clustering
        simHashes = shingleSets.concurrentMap { _, shingles in SimHash.fingerprint(of: shingles) }
        self.precedes = precedes
    }

    private func reference(_ key: PassageKey) -> PassageReference {
        PassageReference(document: documents[key.document].id, passage: key.passage)
    }

    private func sameCluster(_ a: Int, _ b: Int) -> Bool { memberships[a].cluster == memberships[b].cluster }

    /// What the relations found say of each passage: its chosen source (the earliest, per strength
    /// of relation: a duplicate, exact or near, first, then a teaser, then a copy trimmed by a
    /// sentence), and the shared runs of each content passage with earlier sources.
    private struct Sources: Sendable {
        var duplicateOf: [PassageKey: PassageMatcher.Relation] = [:]
        var teaserOf: [PassageKey: PassageMatcher.Relation] = [:]
        var trimmedOf: [PassageKey: PassageMatcher.Relation] = [:]
        var runsByCopy: [PassageKey: [PassageMatcher.SharedRun]] = [:]

        func chosen(_ key: PassageKey) -> PassageMatcher.Relation? { duplicateOf[key] ?? teaserOf[key] ?? trimmedOf[key] }
    }

    /// Every document analysed, in input order, and the findings, document by document; the
    /// documents are classified on all cores.
    func classify(_ matches: PassageMatcher.Matches) -> (analyzed: [AnalyzedDocument], findings: [Finding]) {
        var sources = Sources()
        func keep(_ relation: PassageMatcher.Relation, in table: inout [PassageKey: PassageMatcher.Relation]) {
            if let current = table[relation.copy] {
                let earlier = precedes(relation.source, current.source)
                let upgrade = relation.source == current.source && relation.kind == .exact && current.kind != .exact
                guard earlier || upgrade else { return }
            }
            table[relation.copy] = relation
        }
        var teaserSources: [PassageKey: PassageKey] = [:]  // teaser → the passage it cuts
        for relation in matches.relations where relation.kind == .teaser { teaserSources[relation.copy] = relation.source }
        for relation in matches.relations {
            if relation.kind == .teaser {
                keep(relation, in: &sources.teaserOf)
                continue
            }
            guard precedes(relation.source, relation.copy) else { continue }
            // A full paragraph is not a copy of its own teaser standing before it.
            if teaserSources[relation.source] == relation.copy { continue }
            let copy = prepared[relation.copy.document][relation.copy.passage]
            // Short passages (a subheading, a one-line quote) count as duplicates only inside a cluster.
            guard copy.tokens.count >= settings.shingleSize || sameCluster(relation.copy.document, relation.source.document) else { continue }
            if relation.kind == .trimmed {
                keep(relation, in: &sources.trimmedOf)
            } else {
                keep(relation, in: &sources.duplicateOf)
            }
        }
        for run in matches.runs where run.copy.document != run.source.document && precedes(run.source, run.copy) {
            sources.runsByCopy[run.copy, default: []].append(run)
        }
        let chosen = sources
        let perDocument = documents.concurrentMap { number, document in classify(number, document, sources: chosen) }
        return (perDocument.map(\.analyzed), Array(perDocument.lazy.flatMap(\.findings)))
    }

    /// A copy of a copy names the first occurrence; the copy it was taken from goes in the evidence.
    private func firstOccurrence(of relation: PassageMatcher.Relation, sources: Sources) -> PassageMatcher.Relation {
        guard relation.kind != .teaser else { return relation }
        var result = relation
        var via: [PassageKey] = []
        while let next = sources.chosen(result.source), next.kind != .teaser {
            via.append(result.source)
            result.source = next.source
        }
        if let last = via.last {
            result.evidence += "; copied via \(documents[last.document].id) passage \(last.passage)"
        }
        return result
    }

    /// One document analysed, and its findings in order.
    private func classify(_ number: Int, _ document: Document, sources: Sources) -> (analyzed: AnalyzedDocument, findings: [Finding]) {
        var findings: [Finding] = []
        let membership = memberships[number]
        var passages: [AnalyzedPassage] = []
        var copiedFrom: [Int: [CopiedSpan]] = [:]
        for prepared in prepared[number] {
            let key = PassageKey(document: number, passage: prepared.passage.index)
            var result = AnalyzedPassage(
                passage: prepared.passage, kind: .content, contentID: SHA256.digest(utf8: prepared.passage.text),
                of: nil, rule: nil, score: nil, evidence: nil, copiedSpans: [])
            if let verdict = boilerplate[number, key.passage] {
                result.kind = .boilerplate
                result.rule = verdict.rule
                result.score = verdict.score
                result.evidence = verdict.evidence
                findings.append(Finding(
                    kind: .boilerplate, document: document.id, passage: key.passage, range: prepared.passage.range,
                    score: verdict.score, rule: verdict.rule, evidence: verdict.evidence))
            } else if let relation = sources.chosen(key).map({ firstOccurrence(of: $0, sources: sources) }) {
                let source = self.prepared[relation.source.document][relation.source.passage]
                result.kind = relation.kind == .teaser ? .teaser : .duplicate
                result.of = reference(relation.source)
                result.rule = switch relation.kind {
                case .exact: "exact-duplicate"
                case .near: "near-duplicate"
                case .trimmed: "trimmed-copy"
                case .teaser: "teaser"
                }
                result.score = relation.score
                result.evidence = relation.evidence
                findings.append(Finding(
                    kind: relation.kind == .teaser ? .teaser : .duplicate, document: document.id, passage: key.passage,
                    range: prepared.passage.range, ofDocument: documents[relation.source.document].id,
                    ofPassage: relation.source.passage, ofRange: source.passage.range,
                    score: relation.score, rule: result.rule!, evidence: relation.evidence))
                if result.kind == .duplicate, relation.source.document != number, !sameCluster(number, relation.source.document) {
                    copiedFrom[relation.source.document, default: []].append(CopiedSpan(
                        range: prepared.passage.range, source: reference(relation.source),
                        sourceRange: source.passage.range, tokens: prepared.tokens.count))
                }
            } else if let runs = sources.runsByCopy[key] {
                result.copiedSpans = quotations(runs, in: prepared, findings: &findings)
            }
            passages.append(result)
        }

        let contentTokens = passages.filter { $0.kind != .boilerplate }.map { self.prepared[number][$0.passage.index].tokens.count }.reduce(0, +)
        let partials = copiedFrom.keys.sorted { precedes(PassageKey(document: $0, passage: 0), PassageKey(document: $1, passage: 0)) }.map { source in
            let spans = copiedFrom[source]!
            return PartialRepost(
                id: documents[source].id,
                share: contentTokens == 0 ? 0 : Double(spans.map(\.tokens).reduce(0, +)) / Double(contentTokens),
                spans: spans)
        }
        for partial in partials {
            findings.append(Finding(
                kind: .partialRepost, document: document.id, ofDocument: partial.id, score: partial.share,
                rule: "copied-passages",
                evidence: "\(partial.spans.count) passage(s), \(Int((partial.share * 100).rounded()))% of its content, copied from \(partial.id)"))
        }

        var repostOf: RepostLink? = nil
        if membership.origin != number {
            repostOf = RepostLink(
                id: documents[membership.origin].id, similarity: membership.similarity,
                containment: membership.containment, simHashDistance: SimHash.distance(simHashes[number], simHashes[membership.origin]))
            findings.append(Finding(
                kind: .repost, document: document.id, ofDocument: repostOf!.id, score: membership.similarity,
                rule: "near-duplicate-document",
                evidence: String(
                    format: "its content is among near-duplicates (\(settings.clusterPolicy == .components ? "a chain" : "a star") of pairs at Jaccard ≥ %.2f on content shingles, boilerplate set aside) whose earliest is the origin: Jaccard %.3f with the origin's content, %.0f%% of its shingles in it, SimHash distance %d/64",
                    settings.threshold, membership.similarity, membership.containment * 100, repostOf!.simHashDistance)))
        }
        let analyzed = AnalyzedDocument(
            document: document, contentID: document.contentID, simHash: simHashes[number],
            cluster: clustering.clusterOf[number], origin: documents[clustering.origins[clustering.clusterOf[number]]].id, repostOf: repostOf,
            partialRepostOf: partials, passages: passages)
        return (analyzed, findings)
    }

    /// Copied runs inside a content passage, recorded as quotation findings: per span the longest
    /// run, and of equally long ones the earliest source in origin order.
    private func quotations(_ runs: [PassageMatcher.SharedRun], in passage: PreparedPassage, findings: inout [Finding]) -> [CopiedSpan] {
        var spans: [CopiedSpan] = []
        var taken: [Range<Int>] = []
        for run in runs.sorted(by: {
            let (left, right) = (($0.copyTokens.lowerBound, -$0.copyTokens.count), ($1.copyTokens.lowerBound, -$1.copyTokens.count))
            return left != right ? left < right : precedes($0.source, $1.source)
        }) {
            guard !taken.contains(where: { $0.overlaps(run.copyTokens) }) else { continue }
            taken.append(run.copyTokens)
            let source = prepared[run.source.document][run.source.passage]
            let span = CopiedSpan(
                range: passage.sourceRange(ofTokens: run.copyTokens), source: reference(run.source),
                sourceRange: source.sourceRange(ofTokens: run.sourceTokens), tokens: run.copyTokens.count)
            spans.append(span)
            findings.append(Finding(
                kind: .quotation, document: documents[run.copy.document].id, passage: run.copy.passage, range: span.range,
                ofDocument: span.source.document, ofPassage: span.source.passage, ofRange: span.sourceRange,
                score: Double(run.copyTokens.count) / Double(passage.tokens.count), rule: "shared-run",
                evidence: "\(run.copyTokens.count) consecutive words also stand in \(span.source.document), passage \(span.source.passage)"))
        }
        return spans
    }
}
