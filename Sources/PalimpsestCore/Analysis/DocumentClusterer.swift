/// Groups near-duplicate documents into clusters and names each cluster's origin.
///
/// Candidates come from MinHash LSH banding and from passage evidence (documents that share a
/// duplicated passage); every candidate pair is verified on the real shingle sets (exact Jaccard),
/// so candidates only decide what is compared, never what is reported.
///
/// Verified pairs become clusters by the ``ClusterPolicy`` asked for:
/// - *components* (the default): documents linked by a chain of verified pairs share a cluster, as
///   in `dedup` and in the benchmarks' ground truth;
/// - *stars* (in the spirit of Aslam, Pelekhov and Rus's star clustering, 2004): documents are
///   visited by how many verified near-duplicates they have, most first (ties in origin order); an
///   unassigned document becomes a centre and takes every unassigned document whose verified
///   similarity *to it* reaches the threshold. Every member is within the threshold of its centre,
///   so by the triangle inequality of Jaccard distance any two members have similarity at least
///   2t − 1 (0.6 at t = 0.8). At thresholds of 0.5 and below that bound is void, so there a
///   document joins only if it shares shingles with every member. Page groups (the boilerplate
///   learner's guard against copies of one page teaching each other) are stars, whatever the policy.
///
/// The work grows with the number of documents, not with the square of a cluster's size:
/// - Documents with the same shingle set (exact copies, one page captured many times) form one
///   *copy group* before any pairwise step. Banding, verification and clustering run once per group:
///   a group's members have the same similarity to every other document, so they are neighbours of
///   the same documents, have the same number of neighbours, and always join one cluster together;
///   a group of k copies counts k − 1 neighbours for each of them, as k documents would.
/// - An LSH bucket holding more than ``largestBucket`` groups is the furniture of a near-duplicate
///   swarm (that many distinct texts agreeing on a whole band): it is not expanded pairwise, and
///   each of its groups is compared with the bucket's earliest group only, the centre the swarm is
///   verified against. Smaller buckets are expanded pair by pair as usual.
///
/// The *origin* of a cluster is its earliest member: earliest published, then earliest retrieved,
/// then first seen.
struct DocumentClusterer: Sendable {
    let settings: AnalysisSettings
    /// Each document's position in origin order (0 for the earliest).
    let rank: [Int]
    /// The signatures LSH bands are cut from, and the in-memory banding of ``settings``
    /// (``AnalysisSettings/clusteringBanding``), made once. The signatures only propose pairs, which
    /// are verified exactly, and are never stored: one-permutation MinHash (as `dedup` sketches),
    /// with as many bins as ``AnalysisSettings/permutations`` rounded up to a power of two, costs one
    /// hash a shingle where 128 permutations cost 128.
    private let hasher: OnePermutationHasher
    private let banding: LSHIndex

    /// A clusterer with `settings`, for documents whose places in origin order are `rank`.
    init(settings: AnalysisSettings, rank: [Int]) {
        self.settings = settings
        self.rank = rank
        hasher = OnePermutationHasher(bins: max(2, 1 << (Int.bitWidth - (settings.permutations - 1).leadingZeroBitCount)), seed: settings.seed)
        banding = LSHIndex(parameters: settings.clusteringBanding)
    }

    /// The most copy groups an LSH bucket may hold and still be expanded into every pair: 64, the
    /// bound the passage matcher and the origin order put on their postings for the same reason.
    static let largestBucket = 64

    /// Clusters of a corpus, one number per document, with no list per cluster: a corpus of
    /// distinct documents is as many singletons, and a list for each would cost more than its
    /// document's text.
    struct Clustering: Sendable {
        /// Each document's cluster number; clusters are numbered in the origin order of their origins,
        /// singletons included.
        var clusterOf: [Int]
        /// Each cluster's origin (its earliest member), by cluster number.
        var origins: [Int]
        /// How many pairs of shingle sets were compared exactly: at most ``largestBucket`` − 1 per
        /// copy group and band, plus the passage evidence, whatever the size of a cluster.
        var comparisons: Int

        /// The clusters of more than one document, by number, each in origin order (origin first).
        /// - Parameter rank: each document's position in origin order.
        func sharedClusters(rank: [Int]) -> [(number: Int, members: [Int])] {
            var sizes = [Int](repeating: 0, count: origins.count)
            for cluster in clusterOf { sizes[cluster] += 1 }
            var inOriginOrder = [Int](repeating: 0, count: rank.count)
            for (document, position) in rank.enumerated() { inOriginOrder[position] = document }
            var members: [Int: [Int]] = [:]
            for document in inOriginOrder where sizes[clusterOf[document]] > 1 {
                members[clusterOf[document], default: []].append(document)
            }
            return members.keys.sorted().map { ($0, members[$0]!) }
        }
    }

    /// Documents with equal shingle sets, gathered once.
    fileprivate struct CopyGroups: Sendable {
        /// Each document's group.
        var groupOf: [Int]
        /// Each group's earliest member in origin order, whose shingle set stands for the group.
        var representative: [Int] = []
        /// Each group's number of documents.
        var size: [Int] = []

        /// Groups `shingleSets`. An empty set matches nothing (not even another empty set), so each
        /// document without shingles is a group of its own.
        init(_ shingleSets: [[UInt64]], rank: [Int]) {
            groupOf = [Int](repeating: 0, count: shingleSets.count)
            var groupBySet: [[UInt64]: Int] = [:]
            for (document, shingles) in shingleSets.enumerated() {
                var group = shingles.isEmpty ? nil : groupBySet[shingles]
                if group == nil {
                    group = representative.count
                    representative.append(document)
                    size.append(0)
                    if !shingles.isEmpty { groupBySet[shingles] = group }
                }
                let found = group!
                size[found] += 1
                if rank[document] < rank[representative[found]] { representative[found] = document }
                groupOf[document] = found
            }
        }
    }

    /// The LSH band hashes of one document's shingle set (none for an empty set, which matches nothing).
    func bandHashes(of shingles: [UInt64]) -> [UInt64] {
        guard let signature = hasher.signature(of: shingles) else { return [] }
        return (0..<banding.parameters.bands).map { banding.bandHash(signature, band: $0) }
    }

    /// Every document's LSH band hashes, on all cores: made once and shared by the clusterings of a
    /// run whose shingle sets are the same (a page without boilerplate is its own content).
    func bandHashes(of shingleSets: [[UInt64]]) -> [[UInt64]] {
        shingleSets.concurrentMap { _, shingles in bandHashes(of: shingles) }
    }

    /// Candidate pairs of a corpus's documents, each verified on the real shingle sets: what
    /// ``cluster(_:policy:)`` makes clusters of, under any policy, without comparing anything again.
    struct VerifiedPairs: Sendable {
        fileprivate let groups: CopyGroups
        fileprivate let groupRank: [Int]
        /// Candidate pairs of copy groups, sorted.
        fileprivate let pairs: [ItemPair]
        /// Whether each pair reaches the threshold.
        fileprivate let verified: [Bool]
        /// The documents' shingle sets, for the star policy's guard at low thresholds.
        fileprivate let shingleSets: [[UInt64]]
    }

    /// Finds candidate pairs (LSH bands and `evidence`) and verifies each exactly.
    /// - Parameters:
    ///   - shingleSets: each document's sorted, duplicate-free shingles.
    ///   - bandHashes: each document's ``bandHashes(of:)-([UInt64])``.
    ///   - evidence: document pairs known to share text, compared whatever LSH says.
    /// - Complexity: O(n log n) for n documents, plus one exact comparison per candidate pair of
    ///   copy groups, of which there are at most bands · (``largestBucket`` − 1) per group.
    func verifiedPairs(shingleSets: [[UInt64]], bandHashes: [[UInt64]], evidence: Set<ItemPair> = []) -> VerifiedPairs {
        let groups = CopyGroups(shingleSets, rank: rank)
        let groupRank = groups.representative.map { rank[$0] }
        var candidates = bandCandidates(bandHashes: groups.representative.map { bandHashes[$0] }, groupRank: groupRank)
        for pair in evidence where groups.groupOf[pair.first] != groups.groupOf[pair.second] {
            candidates.insert(ItemPair(groups.groupOf[pair.first], groups.groupOf[pair.second]))
        }
        let pairs = candidates.sorted()
        candidates = []
        let representative = groups.representative, threshold = settings.threshold
        let verified = pairs.concurrentMap { _, pair in
            Jaccard.similarity(shingleSets[representative[pair.first]], shingleSets[representative[pair.second]]) >= threshold
        }
        return VerifiedPairs(groups: groups, groupRank: groupRank, pairs: pairs, verified: verified, shingleSets: shingleSets)
    }

    /// Clusters documents by their verified pairs.
    /// - Parameter policy: how verified pairs make clusters.
    /// - Returns: each document's cluster and each cluster's origin, singletons included.
    func cluster(_ verifiedPairs: VerifiedPairs, policy: ClusterPolicy) -> Clustering {
        let groups = verifiedPairs.groups, groupRank = verifiedPairs.groupRank
        let pairs = verifiedPairs.pairs, verified = verifiedPairs.verified
        let clusterOrigins: [Int], clusterOfGroup: [Int]
        switch policy {
        case .components:
            (clusterOfGroup, clusterOrigins) = components(pairs: pairs, verified: verified, groups: groups, groupRank: groupRank)
        case .stars:
            (clusterOfGroup, clusterOrigins) = stars(
                pairs: pairs, verified: verified, groups: groups, groupRank: groupRank, shingleSets: verifiedPairs.shingleSets)
        }

        // Numbered by their origins' order, as the clusters are listed.
        let numbering = clusterOrigins.indices.sorted { rank[clusterOrigins[$0]] < rank[clusterOrigins[$1]] }
        var number = [Int](repeating: 0, count: clusterOrigins.count)
        for (position, cluster) in numbering.enumerated() { number[cluster] = position }
        return Clustering(
            clusterOf: groups.groupOf.map { number[clusterOfGroup[$0]] },
            origins: numbering.map { clusterOrigins[$0] },
            comparisons: pairs.count)
    }

    /// Connected components of the verified pairs of copy groups: each group's cluster, and each
    /// cluster's origin (the earliest member of its earliest group).
    private func components(
        pairs: [ItemPair], verified: [Bool], groups: CopyGroups, groupRank: [Int]
    ) -> (clusterOfGroup: [Int], origins: [Int]) {
        // Groups are joined by their place in origin order, so each set's root is its earliest group.
        let byRank = groupRank.indices.sorted { groupRank[$0] < groupRank[$1] }
        var place = [Int](repeating: 0, count: groupRank.count)
        for (position, group) in byRank.enumerated() { place[group] = position }
        var sets = UnionFind(count: groupRank.count)
        for (pair, isNear) in zip(pairs, verified) where isNear {
            sets.union(UInt32(place[pair.first]), UInt32(place[pair.second]))
        }
        var clusterOfRoot = [Int](repeating: -1, count: groupRank.count)
        var clusterOfGroup = [Int](repeating: 0, count: groupRank.count)
        var origins: [Int] = []
        for (position, group) in byRank.enumerated() {
            let root = Int(sets.find(UInt32(position)))
            if clusterOfRoot[root] < 0 {
                clusterOfRoot[root] = origins.count
                origins.append(groups.representative[group])
            }
            clusterOfGroup[group] = clusterOfRoot[root]
        }
        return (clusterOfGroup, origins)
    }

    /// Stars over the verified pairs of copy groups: each group's cluster, and each cluster's origin.
    private func stars(
        pairs: [ItemPair], verified: [Bool], groups: CopyGroups, groupRank: [Int], shingleSets: [[UInt64]]
    ) -> (clusterOfGroup: [Int], origins: [Int]) {
        let representative = groups.representative, threshold = settings.threshold
        var neighbours = [[Int]](repeating: [], count: representative.count)
        // A group of k copies gives each of them k − 1 neighbours.
        var degree = groups.size.map { $0 - 1 }
        for (pair, isNear) in zip(pairs, verified) where isNear {
            neighbours[pair.first].append(pair.second)
            neighbours[pair.second].append(pair.first)
            degree[pair.first] += groups.size[pair.second]
            degree[pair.second] += groups.size[pair.first]
        }

        // A group is assigned whole, with its earliest member standing for it.
        let visiting = representative.indices.sorted { (-degree[$0], groupRank[$0]) < (-degree[$1], groupRank[$1]) }
        var clusterOfGroup = [Int](repeating: -1, count: representative.count)
        var clusterOrigins: [Int] = []
        for centre in visiting where clusterOfGroup[centre] < 0 {
            let cluster = clusterOrigins.count
            clusterOfGroup[centre] = cluster
            var members = [centre]
            for group in neighbours[centre].sorted(by: { groupRank[$0] < groupRank[$1] }) where clusterOfGroup[group] < 0 {
                if threshold <= 0.5, members.contains(where: {
                    Jaccard.intersectionCount(shingleSets[representative[$0]], shingleSets[representative[group]]) == 0
                }) { continue }
                clusterOfGroup[group] = cluster
                members.append(group)
            }
            clusterOrigins.append(representative[members.min { groupRank[$0] < groupRank[$1] }!])
        }
        return (clusterOfGroup, clusterOrigins)
    }

    /// Candidate pairs of copy groups from LSH banding: groups that share a band, each pair once.
    ///
    /// Band hashes are kept flat (bands · 8 bytes a group) and grouped band by band by sorting, so a
    /// corpus of distinct documents costs no bucket per document and band; buckets of more than
    /// ``largestBucket`` groups pair each group with the bucket's earliest only.
    private func bandCandidates(bandHashes: [[UInt64]], groupRank: [Int]) -> Set<ItemPair> {
        let bands = banding.parameters.bands
        var candidates = Set<ItemPair>()
        // Groups in origin order, so a stable sort by hash puts each bucket's earliest group first.
        let inOrder = bandHashes.indices.filter { !bandHashes[$0].isEmpty }.sorted { groupRank[$0] < groupRank[$1] }
        var hashes: [UInt64] = [], groups: [UInt32] = []
        var scratch: [UInt64] = [], groupScratch: [UInt32] = []
        for band in 0..<bands {
            hashes = inOrder.map { bandHashes[$0][band] }
            groups = inOrder.map { UInt32($0) }
            RadixSort.sort(&hashes, carrying: &groups, scratch: &scratch, valueScratch: &groupScratch)
            var start = 0
            while start < hashes.count {
                var end = start + 1
                while end < hashes.count, hashes[end] == hashes[start] { end += 1 }
                if end - start <= Self.largestBucket {
                    for i in start..<end {
                        for j in (i + 1)..<end { candidates.insert(ItemPair(Int(groups[i]), Int(groups[j]))) }
                    }
                } else {
                    for j in (start + 1)..<end { candidates.insert(ItemPair(Int(groups[start]), Int(groups[j]))) }
                }
                start = end
            }
        }
        return candidates
    }
}
