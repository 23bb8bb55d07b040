/// Groups near-duplicate documents into clusters around their origin, without transitive chaining.
///
/// Candidates come from MinHash LSH banding and from passage evidence (documents that share a
/// duplicated passage); every candidate pair is verified on the real shingle sets (exact Jaccard),
/// so candidates only decide what is compared, never what is reported. Clusters are
/// stars: documents are visited in origin order (earliest published, then earliest retrieved, then
/// first seen); an unassigned document founds a cluster and takes every unassigned document whose
/// verified similarity *to it* reaches the threshold. Every member is therefore within the threshold
/// of its origin, and by the triangle inequality of Jaccard distance any two members have similarity
/// at least 2t − 1 (0.6 at t = 0.8): two documents that share nothing can never meet through a chain
/// of neighbours, as they can under single-linkage (union-find) clustering. At thresholds of 0.5 and
/// below that bound is void, so there a document joins only if it shares shingles with every member.
struct DocumentClusterer: Sendable {
    let settings: AnalysisSettings

    /// One document's verified link to its cluster's origin.
    struct Membership: Sendable {
        var cluster: Int
        var origin: Int
        var similarity: Double
        var containment: Double
    }

    /// Clusters documents.
    /// - Parameters:
    ///   - shingleSets: each document's sorted, duplicate-free content shingles.
    ///   - order: document positions in origin order (earliest first).
    ///   - evidence: document pairs known to share text, compared whatever LSH says.
    /// - Returns: each document's membership, and the clusters' members in origin order.
    func cluster(shingleSets: [[UInt64]], order: [Int], evidence: Set<ItemPair> = []) -> (memberships: [Membership], clusters: [[Int]]) {
        let hasher = MinHasher(permutations: settings.permutations, seed: settings.seed)
        var index = LSHIndex(parameters: settings.lshParameters)
        for (document, shingles) in shingleSets.enumerated() {
            if let signature = hasher.signature(of: shingles) { index.insert(document, signature: signature) }
        }
        var neighbours = [[(document: Int, similarity: Double)]](repeating: [], count: shingleSets.count)
        for pair in index.candidatePairs().union(evidence).sorted() {
            let similarity = Jaccard.similarity(shingleSets[pair.first], shingleSets[pair.second])
            guard similarity >= settings.threshold else { continue }
            neighbours[pair.first].append((pair.second, similarity))
            neighbours[pair.second].append((pair.first, similarity))
        }

        var memberships = [Membership?](repeating: nil, count: shingleSets.count)
        var clusters: [[Int]] = []
        for origin in order where memberships[origin] == nil {
            let number = clusters.count
            memberships[origin] = Membership(cluster: number, origin: origin, similarity: 1, containment: 1)
            var members = [origin]
            for (document, similarity) in neighbours[origin] where memberships[document] == nil {
                if settings.threshold <= 0.5,
                   members.contains(where: { Jaccard.intersectionCount(shingleSets[$0], shingleSets[document]) == 0 }) { continue }
                memberships[document] = Membership(
                    cluster: number, origin: origin, similarity: similarity,
                    containment: Jaccard.containment(of: shingleSets[document], in: shingleSets[origin]))
                members.append(document)
            }
            clusters.append(members)
        }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return (memberships.map { $0! }, clusters.map { $0.sorted { rank[$0]! < rank[$1]! } })
    }
}
