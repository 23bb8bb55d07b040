import PalimpsestCore

/// Groups partial copies with their origin from passage-level evidence: two documents join when
/// the paragraphs they share (equal after normalisation) cover most of the smaller one.
///
/// A partial repost — the lead and half the paragraphs of an article, under another site's header
/// and footer — has a Jaccard resemblance near 0.5 with its origin, below any near-duplicate
/// threshold, yet almost all of its own text is the origin's. Coverage of the smaller document is
/// the measure that sees it; a footer or a "read more" line shared by unrelated pages covers a few
/// per cent of either and joins nothing. Paragraphs found in more than
/// ``maximumDocumentFrequency`` documents are site furniture, not a story, and are ignored.
struct PassageLinker {
    /// The share of the smaller document's counted paragraph tokens that shared paragraphs must cover.
    let coverage: Double
    /// Shared paragraph tokens needed whatever the coverage: a page that is little more than a
    /// site's header and footer shares most of its text with every other page of the site, and
    /// says nothing about their stories.
    let minimumSharedTokens: UInt32 = 40
    /// Paragraphs in more documents than this are ignored.
    let maximumDocumentFrequency = 1000

    /// What the linker did.
    struct Outcome: Sendable, Hashable {
        /// Pairs of documents sharing at least one paragraph, outside one cluster.
        var pairsSharingParagraphs = 0
        /// Pairs whose shared paragraphs covered enough, and joined two clusters.
        var joins = 0
    }

    /// Joins, in `clusters`, the pairs whose shared paragraphs cover at least ``coverage`` of the
    /// smaller document. `tokens[d]` is document d's counted paragraph tokens.
    func run(postings: inout [ParagraphPosting], tokens: [UInt32], clusters: inout UnionFind) -> Outcome {
        var outcome = Outcome()
        postings.sort { ($0.hash, $0.document) < ($1.hash, $1.document) }
        var shared: [UInt64: UInt32] = [:]
        var members: [(document: UInt32, tokens: UInt32)] = []
        var start = 0
        while start < postings.count {
            var end = start + 1
            while end < postings.count && postings[end].hash == postings[start].hash { end += 1 }
            members.removeAll(keepingCapacity: true)
            for index in start..<end where members.last?.document != postings[index].document {
                members.append((postings[index].document, postings[index].tokens))
            }
            if members.count > 1 && members.count <= maximumDocumentFrequency {
                for later in 1..<members.count {
                    for earlier in 0..<later {
                        let a = members[earlier].document, b = members[later].document
                        if clusters.find(a) == clusters.find(b) { continue }
                        shared[UInt64(a) << 32 | UInt64(b), default: 0] += members[later].tokens
                    }
                }
            }
            start = end
        }
        outcome.pairsSharingParagraphs = shared.count
        for (pair, sharedTokens) in shared {
            let a = UInt32(truncatingIfNeeded: pair >> 32), b = UInt32(truncatingIfNeeded: pair)
            let smaller = min(tokens[Int(a)], tokens[Int(b)])
            if sharedTokens >= minimumSharedTokens, Double(sharedTokens) >= coverage * Double(smaller), clusters.union(a, b) {
                outcome.joins += 1
            }
        }
        return outcome
    }
}
