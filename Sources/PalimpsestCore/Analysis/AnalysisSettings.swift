/// Every knob of an analysis, with the defaults and why; the Markdown report states them, so a run
/// can be repeated.
public struct AnalysisSettings: Sendable, Hashable, Codable {
    /// Tokens per shingle (default 5; see ``Shingler``).
    public var shingleSize: Int
    /// MinHash permutations (default 128; see ``MinHasher``).
    public var permutations: Int
    /// The MinHash coefficient seed.
    public var seed: UInt64
    /// Jaccard similarity of shingle sets at or above which two documents are near-duplicates
    /// (default 0.8, the threshold near-duplicate benchmarks such as the peers' use).
    public var threshold: Double
    /// How verified near-duplicate pairs become clusters (default ``ClusterPolicy/components``, the
    /// policy `dedup` and the near-duplicate benchmarks use).
    public var clusterPolicy: ClusterPolicy
    /// What of two documents is compared to decide their cluster (default ``ClusterBasis/text``,
    /// what `dedup` and the near-duplicate benchmarks compare). Reposts are decided on content
    /// either way (see ``ClusterBasis``).
    public var clusterBasis: ClusterBasis
    /// The weight of missed pairs (false negatives) against needless candidates (false positives)
    /// when banding is derived from the threshold, 0...1 (default 0.9). Every candidate is verified
    /// on its real shingles, so a false positive costs one exact Jaccard computation while a false
    /// negative loses a repost: at 128 permutations and t = 0.8 the default gives 14 bands of 9 rows,
    /// which finds a pair at J = 0.85 with probability 0.975 (equal weights, 9×13, only 0.69).
    public var lshFalseNegativeWeight: Double
    /// Winnowing window in shingles (default 4: every shared run of shingleSize + 3 tokens is found).
    public var winnowWindow: Int
    /// Share of each passage's tokens that must lie in shared shingles for two passages to be
    /// near-duplicates (default 0.8: one changed word in a 50-word paragraph still matches).
    public var passageSimilarity: Double
    /// Fewest tokens a teaser must repeat from the start of its passage (default 8: shorter repeats
    /// are ordinary phrases).
    public var minimumTeaserTokens: Int
    /// Fewest consecutive shared tokens reported as a copied span inside otherwise different passages
    /// (default 12: a full quoted sentence, longer than common set phrases).
    public var minimumQuoteTokens: Int
    /// Fewest pages of one site a passage shape must recur on to be learned as that site's
    /// boilerplate (default 3: two pages can share a paragraph by chance or by quotation).
    public var boilerplateMinimumDocuments: Int

    /// Creates settings; every argument has the default documented on its property.
    public init(
        shingleSize: Int = 5, permutations: Int = 128, seed: UInt64 = MinHasher.defaultSeed,
        threshold: Double = 0.8, lshFalseNegativeWeight: Double = 0.9, winnowWindow: Int = 4, passageSimilarity: Double = 0.8,
        minimumTeaserTokens: Int = 8, minimumQuoteTokens: Int = 12, boilerplateMinimumDocuments: Int = 3,
        clusterPolicy: ClusterPolicy = .components, clusterBasis: ClusterBasis = .text
    ) {
        self.clusterPolicy = clusterPolicy
        self.clusterBasis = clusterBasis
        self.shingleSize = shingleSize
        self.permutations = permutations
        self.seed = seed
        self.threshold = threshold
        self.lshFalseNegativeWeight = lshFalseNegativeWeight
        self.winnowWindow = winnowWindow
        self.passageSimilarity = passageSimilarity
        self.minimumTeaserTokens = minimumTeaserTokens
        self.minimumQuoteTokens = minimumQuoteTokens
        self.boilerplateMinimumDocuments = boilerplateMinimumDocuments
    }

    /// The LSH banding derived from ``threshold`` and ``permutations``: the bands an index stores
    /// for each document (14 of 9 rows at the defaults), which `check` joins on.
    public var lshParameters: LSHParameters {
        LSHParameters.optimal(
            threshold: threshold, permutations: permutations,
            falsePositiveWeight: 1 - lshFalseNegativeWeight, falseNegativeWeight: lshFalseNegativeWeight)
    }

    /// The banding that proposes the pairs an analysis compares in memory (page groups, clusters,
    /// reposts), derived from ``threshold`` and ``permutations`` with a missed pair weighing
    /// ``clusteringFalseNegativeWeight``: 20 bands of 6 rows at the defaults, `dedup`'s banding,
    /// which proposes a pair at J = 0.8 with probability 0.998 (the stored banding: 0.87). In
    /// memory a needless candidate costs one exact comparison of shingle sets and nothing stored,
    /// so recall comes first.
    public var clusteringBanding: LSHParameters {
        LSHParameters.optimal(
            threshold: threshold, permutations: permutations,
            falsePositiveWeight: 1 - Self.clusteringFalseNegativeWeight, falseNegativeWeight: Self.clusteringFalseNegativeWeight)
    }

    /// How much a missed near-duplicate pair weighs, against a needless candidate, in
    /// ``clusteringBanding``: 0.997, a miss costing as much as about 330 needless comparisons.
    public static let clusteringFalseNegativeWeight = 0.997

    /// Checks the settings make sense, naming the first that does not.
    public func validate() throws(SettingsError) {
        guard shingleSize >= 1 else { throw .invalid("shingle size must be at least 1 (got \(shingleSize))") }
        guard (1...4096).contains(permutations) else { throw .invalid("permutations must be between 1 and 4096 (got \(permutations))") }
        guard threshold > 0, threshold <= 1 else { throw .invalid("threshold must be in (0, 1] (got \(threshold))") }
        guard lshFalseNegativeWeight > 0, lshFalseNegativeWeight < 1 else { throw .invalid("the LSH false-negative weight must be in (0, 1) (got \(lshFalseNegativeWeight))") }
        guard winnowWindow >= 1 else { throw .invalid("winnowing window must be at least 1 (got \(winnowWindow))") }
        guard passageSimilarity > 0, passageSimilarity <= 1 else { throw .invalid("passage similarity must be in (0, 1] (got \(passageSimilarity))") }
        guard minimumTeaserTokens >= 1 else { throw .invalid("the shortest teaser must have at least 1 word (got \(minimumTeaserTokens))") }
        guard minimumQuoteTokens >= 1 else { throw .invalid("the shortest quotation must have at least 1 word (got \(minimumQuoteTokens))") }
        guard boilerplateMinimumDocuments >= 2 else { throw .invalid("boilerplate needs at least 2 pages to learn from (got \(boilerplateMinimumDocuments))") }
    }
}

/// How verified near-duplicate pairs (pairs at or above the threshold, compared exactly) are grouped
/// into clusters. Either way a cluster's origin is its earliest member in origin order.
public enum ClusterPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Connected components: two documents share a cluster when a chain of verified pairs links them.
    /// The usual definition (the peers' and the benchmarks' ground truth), and `dedup`'s: a copy of a
    /// copy joins its grandparent's cluster. Chains are only as long as verified pairs make them, so
    /// LSH false positives cannot chain clusters together.
    case components
    /// Stars around the best-connected document: each member is within the threshold of its
    /// centre, so two members are at least 2t − 1 alike (no chains), at the cost of leaving a copy
    /// of a copy outside when it is too far from the centre.
    case stars
}

/// What of two documents is compared when they are clustered. Each document's shingles are made
/// over its token stream as one text (across passage breaks), as `dedup` makes them.
///
/// The two answer different questions. A corpus engineer removing near-duplicate pages asks
/// whether two texts are alike as they stand, chrome included: the peers and the near-duplicate
/// benchmarks compare that. A newsroom asks whether one article repeats another, wherever it was
/// posted: a reposting site's header and footer must neither hide a repost nor join two articles.
/// Each document's `repost_of` always answers the second question (its content compared with every
/// earlier document's content, boilerplate set aside); the basis decides what `cluster` answers.
public enum ClusterBasis: String, Sendable, Hashable, Codable, CaseIterable {
    /// The whole text, boilerplate included: clusters are near-duplicate pages, as `dedup` finds them.
    case text
    /// The content, boilerplate passages set aside: clusters are reposts of one article, whatever
    /// site chrome surrounds each copy; passages shared with another document also propose the pair.
    case content
}

/// Settings that cannot work together.
public enum SettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting is out of range.
    case invalid(String)

    /// The message.
    public var description: String {
        switch self { case .invalid(let message): message }
    }
}

extension AnalysisSettings {
    /// What fingerprints depend on, by name, as indexes record it in their header: text normaliser,
    /// tokeniser, shingle hash, shingle size, MinHash permutations and seed, LSH banding, threshold.
    public var fingerprintSettings: [String: String] {
        let banding = lshParameters
        return [
            "normalizer": TextNormalizer.identifier,
            "tokenizer": Tokenizer.identifier,
            "shingle_hash": "xxh3-64 seed 0 over token hashes",
            "shingle_size": String(shingleSize),
            "minhash_permutations": String(permutations),
            "minhash_seed": String(seed),
            "lsh_banding": "\(banding.bands)x\(banding.rows)",
            "threshold": String(threshold),
        ]
    }

    /// Every setting by name: ``fingerprintSettings`` and the analysis thresholds, for run manifests.
    public var recordedSettings: [String: String] {
        fingerprintSettings.merging([
            "content_id": "sha256 of the UTF-8 text",
            "lsh_false_negative_weight": String(lshFalseNegativeWeight),
            "winnow_window": String(winnowWindow),
            "passage_similarity": String(passageSimilarity),
            "minimum_teaser_tokens": String(minimumTeaserTokens),
            "minimum_quote_tokens": String(minimumQuoteTokens),
            "boilerplate_minimum_documents": String(boilerplateMinimumDocuments),
            "cluster_policy": clusterPolicy.rawValue,
            "cluster_basis": clusterBasis.rawValue,
            "clustering_banding": "\(clusteringBanding.bands)x\(clusteringBanding.rows)",
        ]) { first, _ in first }
    }
}
