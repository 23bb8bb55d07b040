/// Groups near-duplicate documents into clusters without transitive chaining, and names each
/// cluster's origin.
///
/// Candidates come from MinHash LSH banding and from passage evidence (documents that share a
/// duplicated passage); every candidate pair is verified on the real shingle sets (exact Jaccard),
/// so candidates only decide what is compared, never what is reported.
///
/// Clusters are stars (in the spirit of Aslam, Pelekhov and Rus's star clustering, 2004): documents
/// are visited by how many verified near-duplicates they have, most first (ties in origin order); an
/// unassigned document becomes a centre and takes every unassigned document whose verified
/// similarity *to it* reaches the threshold. The best-connected copy — usually the text the others
/// were made from — anchors its cluster, so copies of one article are not split around a lightly
/// edited early repost. Every member is within the threshold of its centre, so by the triangle
/// inequality of Jaccard distance any two members have similarity at least 2t − 1 (0.6 at t = 0.8):
/// two documents that share nothing never meet through a chain of neighbours, as they do under
/// single-linkage (union-find) clustering. At thresholds of 0.5 and below that bound is void, so
/// there a document joins only if it shares shingles with every member.
///
/// The *origin* of a cluster is its earliest member: earliest published, then earliest retrieved,
/// then first seen.
struct DocumentClusterer: Sendable {
    let settings: AnalysisSettings
    /// Each document's position in origin order (0 for the earliest).
    let rank: [Int]

    /// Clusters documents.
    /// - Parameters:
    ///   - shingleSets: each document's sorted, duplicate-free content shingles.
    ///   - evidence: document pairs known to share text, compared whatever LSH says.
    /// - Returns: the clusters, singletons included, each in origin order (its origin first).
    func cluster(shingleSets: [[UInt64]], evidence: Set<ItemPair> = []) -> [[Int]] {
        let hasher = MinHasher(permutations: settings.permutations, seed: settings.seed)
        var index = LSHIndex(parameters: settings.lshParameters)
        for (document, shingles) in shingleSets.enumerated() {
            if let signature = hasher.signature(of: shingles) { index.insert(document, signature: signature) }
        }
        var neighbours = [[Int]](repeating: [], count: shingleSets.count)
        for pair in index.candidatePairs().union(evidence).sorted()
        where Jaccard.similarity(shingleSets[pair.first], shingleSets[pair.second]) >= settings.threshold {
            neighbours[pair.first].append(pair.second)
            neighbours[pair.second].append(pair.first)
        }

        let centres = shingleSets.indices.sorted { (-neighbours[$0].count, rank[$0]) < (-neighbours[$1].count, rank[$1]) }
        var assigned = [Bool](repeating: false, count: shingleSets.count)
        var clusters: [[Int]] = []
        for centre in centres where !assigned[centre] {
            assigned[centre] = true
            var members = [centre]
            for document in neighbours[centre].sorted(by: { rank[$0] < rank[$1] }) where !assigned[document] {
                if settings.threshold <= 0.5,
                   members.contains(where: { Jaccard.intersectionCount(shingleSets[$0], shingleSets[document]) == 0 }) { continue }
                assigned[document] = true
                members.append(document)
            }
            clusters.append(members.sorted { rank[$0] < rank[$1] })
        }
        return clusters.sorted { rank[$0[0]] < rank[$1[0]] }
    }
}
