import Foundation

/// Everything an analysis found, ready for exporters.
public struct AnalysisResult: Sendable {
    /// The settings used.
    public var settings: AnalysisSettings
    /// The documents in input order, each with its passages classified.
    public var documents: [AnalyzedDocument]
    /// Near-duplicate clusters with more than one member, origin first, compared on the
    /// ``AnalysisSettings/clusterBasis`` (whole texts by default, as `dedup` compares them).
    public var clusters: [Cluster]
    /// Every finding, in document input order then passage order.
    public var findings: [Finding]
    /// Problems met while reading the inputs.
    public var problems: [InputProblem]
    /// Time and memory per stage of the analysis (not exported: it describes the run, not the corpus).
    public var stages: [StageTiming] = []

    /// Creates a result.
    public init(settings: AnalysisSettings, documents: [AnalyzedDocument], clusters: [Cluster], findings: [Finding], problems: [InputProblem] = []) {
        self.settings = settings
        self.documents = documents
        self.clusters = clusters
        self.findings = findings
        self.problems = problems
    }

    /// How many findings of each kind.
    public var findingCounts: [Finding.Kind: Int] {
        findings.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    /// Each origin with the documents that repost its content (``AnalyzedDocument/repostOf``), origin
    /// first and the reposts in document order, numbered from 0 in the order the origins stand:
    /// what a newsroom reads as "who reposted what", whatever chrome surrounds each copy and whatever
    /// the clusters compare.
    public var repostGroups: [Cluster] {
        var members: [String: [String]] = [:]
        var origins: [String] = []
        for document in documents {
            guard let origin = document.repostOf?.id else { continue }
            if members[origin] == nil { origins.append(origin) }
            members[origin, default: []].append(document.document.id)
        }
        let position = Dictionary(documents.enumerated().map { ($1.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        return origins.sorted { (position[$0] ?? .max) < (position[$1] ?? .max) }.enumerated().map { number, origin in
            Cluster(number: number, origin: origin, members: [origin] + members[origin]!)
        }
    }

    /// The analysed document with this id.
    public func document(id: String) -> AnalyzedDocument? {
        documents.first { $0.document.id == id }
    }
}

/// One document with what was found about it.
public struct AnalyzedDocument: Sendable {
    /// The document as extracted.
    public var document: Document
    /// SHA-256 of the document text.
    public var contentID: ContentID
    /// 64-bit SimHash of the document's content shingles (0 when it has none).
    public var simHash: UInt64
    /// The number of the near-duplicate cluster it belongs to (every document has one; singletons too).
    public var cluster: Int
    /// The id of its cluster's origin (itself when it is the origin).
    public var origin: String
    /// For a repost: the origin it derives from, with the evidence.
    public var repostOf: RepostLink?
    /// Earlier documents it copies whole passages from, outside its own cluster.
    public var partialRepostOf: [PartialRepost]
    /// Its passages, classified, in order.
    public var passages: [AnalyzedPassage]
}

/// How a repost relates to its origin.
public struct RepostLink: Sendable, Hashable {
    /// The origin's id.
    public var id: String
    /// Jaccard similarity of the two documents' content shingles (verified, not estimated).
    public var similarity: Double
    /// Share of the repost's content shingles found in the origin.
    public var containment: Double
    /// Hamming distance between the two SimHash fingerprints, of 64 bits.
    public var simHashDistance: Int
}

/// Passages a document copies from one earlier document outside its cluster.
public struct PartialRepost: Sendable, Hashable {
    /// The earlier document's id.
    public var id: String
    /// Share of this document's content tokens that are copied from it.
    public var share: Double
    /// The copied spans, on both sides.
    public var spans: [CopiedSpan]
}

/// What a passage is.
public enum PassageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Text that stands here first.
    case content
    /// The same, or nearly the same, passage stands earlier (in this document or an earlier one).
    case duplicate
    /// A cut-off repeat of the start of another passage (a lead repeated as a teaser).
    case teaser
    /// Site template, chrome, footers, widgets.
    case boilerplate
}

/// A passage, by document id and passage index.
public struct PassageReference: Sendable, Hashable, Codable {
    /// The document's id.
    public var document: String
    /// The passage's index in it.
    public var passage: Int

    /// Creates a reference.
    public init(document: String, passage: Int) {
        self.document = document
        self.passage = passage
    }
}

/// A run of text copied from elsewhere, located on both sides (scalar offsets into each document's text).
public struct CopiedSpan: Sendable, Hashable {
    /// The copy's range in this document.
    public var range: Range<Int>
    /// The passage copied from.
    public var source: PassageReference
    /// The range copied, in the source document.
    public var sourceRange: Range<Int>
    /// Tokens in the run.
    public var tokens: Int
}

/// One passage with its classification and evidence.
public struct AnalyzedPassage: Sendable, Hashable {
    /// The passage.
    public var passage: Passage
    /// What it is.
    public var kind: PassageKind
    /// SHA-256 of the passage text.
    public var contentID: ContentID
    /// For duplicates and teasers, the earlier occurrence.
    public var of: PassageReference?
    /// The rule that decided ``kind`` (nil for plain content).
    public var rule: String?
    /// The rule's score (similarity, coverage or classifier confidence), 0...1.
    public var score: Double?
    /// Human-readable evidence.
    public var evidence: String?
    /// Runs copied from passages of earlier documents (quotations), for content passages.
    public var copiedSpans: [CopiedSpan]
}

/// A near-duplicate cluster.
public struct Cluster: Sendable, Hashable {
    /// The cluster's number.
    public var number: Int
    /// The origin's id: earliest published, then earliest retrieved, then first seen.
    public var origin: String
    /// Member ids, origin first, then by the same order.
    public var members: [String]
}

/// One finding with its evidence, as listed in reports and CSV.
public struct Finding: Sendable, Hashable {
    /// Kinds of finding.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A boilerplate passage.
        case boilerplate
        /// A passage duplicating an earlier one (exact or near).
        case duplicate
        /// A cut-off repeat of the start of a passage.
        case teaser
        /// A run of text quoted from an earlier document inside an otherwise different passage.
        case quotation
        /// A document that is a near-duplicate of its cluster's origin.
        case repost
        /// A document that copies whole passages of an earlier one, outside its cluster.
        case partialRepost = "partial_repost"
    }

    /// What was found.
    public var kind: Kind
    /// The document it is about.
    public var document: String
    /// The passage it is about, for passage findings.
    public var passage: Int?
    /// The range it covers in the document text (scalar offsets).
    public var range: Range<Int>?
    /// The earlier document it refers to.
    public var ofDocument: String?
    /// The earlier passage it refers to.
    public var ofPassage: Int?
    /// The range referred to in the earlier document.
    public var ofRange: Range<Int>?
    /// Similarity, coverage or confidence, 0...1.
    public var score: Double
    /// The rule that fired.
    public var rule: String
    /// Human-readable evidence.
    public var evidence: String
}
