import Foundation

/// The order in which documents count as earlier: the origin of a cluster and the source of every
/// copied passage is the earliest document that holds it.
///
/// Dates decide first: earliest published, then earliest retrieved (a document without a date comes
/// after every dated one). When dates cannot tell two documents apart — both undated, as with a
/// folder of plain text files — the text decides: the document that holds more of what the others
/// share comes first, because a copy takes part of its source while the source holds all of it. Its
/// *source score* is Σₑ |d ∩ e| / |e| over the other documents e, the containment of each other
/// document in it (Broder 1997's containment, summed); for two documents this prefers the one that
/// contains more of the other, and for a source copied by many (an article quoted and reposted by
/// several sites) it grows with every copy. Documents alike in dates and text as well (exact copies,
/// undated) are ordered by location, then id, with numbers inside them compared as numbers
/// (`feed.jsonl:9` before `feed.jsonl:10`), and only documents alike in all of these by input
/// order: so the result is the same whatever order the documents come in — from one scan, or from
/// an index filled in any order by any number of workers.
struct OriginOrder: Sendable {
    /// Shingles found in more documents than this are common phrases and do not count as shared
    /// (this also bounds the work: each shingle costs at most this many steps).
    static let commonShingleDocuments = 64

    /// Document positions from earliest to latest.
    /// - Parameters:
    ///   - documents: the documents, in input order.
    ///   - shingleSets: each document's sorted, distinct shingles.
    /// - Complexity: O(n log n) for n documents; O(S log S) more for S shingles in all when dates tie.
    static func order(_ documents: [Document], shingleSets: [[UInt64]]) -> [Int] {
        let dates = documents.map { ($0.source.published ?? .distantFuture, $0.source.retrieved ?? .distantFuture) }
        // Scores are only needed where dates tie; a fully dated corpus skips their cost.
        let sortedDates = dates.sorted(by: <)
        let datesTie = zip(sortedDates, sortedDates.dropFirst()).contains { $0 == $1 }
        let scores = datesTie ? sourceScores(shingleSets) : [Double](repeating: 0, count: documents.count)
        return documents.indices.sorted { a, b in
            if dates[a] != dates[b] { return dates[a] < dates[b] }
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            for (left, right) in [(documents[a].source.location, documents[b].source.location), (documents[a].id, documents[b].id)] where left != right {
                let order = left.compare(right, options: .numeric)
                if order != .orderedSame { return order == .orderedAscending }
            }
            return a < b
        }
    }

    /// Each document's source score: the summed containment of every other document in it.
    ///
    /// Postings (shingle, document) are gathered and sorted a sixteenth of the shingle space at a
    /// time, by a shingle's top four bits: shingles are hashes, spread evenly, so what is held at
    /// once is a sixteenth of all postings (at 100k documents about 48 MB instead of 760 MB). Each
    /// set is sorted, so its part in a sixteenth is the run that follows its part in the one before.
    static func sourceScores(_ shingleSets: [[UInt64]]) -> [Double] {
        var scores = [Double](repeating: 0, count: shingleSets.count)
        var cursors = [Int](repeating: 0, count: shingleSets.count)
        // Postings as two arrays, shingle and holder, gathered document by document: a stable sort
        // by shingle leaves each shingle's holders in document order.
        var shingles: [UInt64] = [], holders: [UInt32] = []
        var scratch: [UInt64] = [], holderScratch: [UInt32] = []
        for part in 0..<UInt64(16) {
            // The largest shingle of this part.
            let last = part == 15 ? UInt64.max : ((part + 1) << 60) - 1
            shingles.removeAll(keepingCapacity: true)
            holders.removeAll(keepingCapacity: true)
            for (document, set) in shingleSets.enumerated() {
                var next = cursors[document]
                while next < set.count, set[next] <= last {
                    shingles.append(set[next])
                    holders.append(UInt32(document))
                    next += 1
                }
                cursors[document] = next
            }
            RadixSort.sort(&shingles, carrying: &holders, scratch: &scratch, valueScratch: &holderScratch)
            var start = 0
            while start < shingles.count {
                var end = start + 1
                while end < shingles.count, shingles[end] == shingles[start] { end += 1 }
                if end - start >= 2, end - start <= commonShingleDocuments {
                    // Each holder d gains 1/|e| for every other holder e.
                    let weights = holders[start..<end].map { 1 / Double(shingleSets[Int($0)].count) }
                    let total = weights.reduce(0, +)
                    for (offset, holder) in holders[start..<end].enumerated() {
                        scores[Int(holder)] += total - weights[offset]
                    }
                }
                start = end
            }
        }
        return scores
    }
}
