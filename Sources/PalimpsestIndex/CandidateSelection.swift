import Foundation

/// Which indexed documents a check analyses, chosen from the evidence the fingerprints give, the
/// same way in every store. A check costs in proportion to the documents it analyses, so they are
/// bounded: the strongest candidates, the earliest near-duplicates (where a cluster's origin is),
/// and a few pages of each site involved for its boilerplate.
struct CandidateSelection: Sendable {
    /// What one indexed document shares with the checked one.
    struct Evidence: Sendable, Hashable {
        /// LSH bands in common: any is a near-duplicate candidate; more mean more alike.
        var bands = 0
        /// Passages in common (exact copies).
        var passages = 0
        /// Marks in common (runs of words, teaser starts).
        var marks = 0

        /// Bands first, then whole passages, then marks.
        var strength: Int { bands * 1_000_000 + passages * 1_000 + marks }
    }

    /// The candidates kept by strength.
    static let strongest = 16
    /// The earliest-published near-duplicates kept besides, so a large cluster's origin is seen.
    static let earliest = 4

    /// The documents to analyse, by number, from the evidence for each and when each was published
    /// (nil: undated, after every dated one). Ties go to the document added first.
    static func choose(_ evidence: [Int64: Evidence], published: [Int64: Double]) -> Set<Int64> {
        let byStrength = evidence.sorted { ($1.value.strength, $0.key) < ($0.value.strength, $1.key) }
        var chosen = Set(byStrength.prefix(strongest).map(\.key))
        let nearDuplicates = evidence.filter { $0.value.bands > 0 }.keys.sorted {
            (published[$0] ?? .infinity, $0) < (published[$1] ?? .infinity, $1)
        }
        chosen.formUnion(nearDuplicates.prefix(earliest))
        return chosen
    }

    /// The chosen candidates, strongest first: whose sites' pages a check reads.
    static func strongestFirst(_ chosen: Set<Int64>, evidence: [Int64: Evidence]) -> [Int64] {
        chosen.sorted { ((evidence[$1]?.strength ?? 0), $0) < ((evidence[$0]?.strength ?? 0), $1) }
    }

    /// Records that the documents in `holders` hold one fingerprint of the checked document.
    /// - Parameter furniture: whether a fingerprint held by more than
    ///   ``IndexPolicy/commonFingerprintDocuments`` is furniture and counts for nothing — true for
    ///   passages and marks (a site's chrome, stock phrases); false for bands, whose holders are a
    ///   cluster of near duplicates however large.
    static func note(_ holders: [Int64], in evidence: inout [Int64: Evidence], _ kind: WritableKeyPath<Evidence, Int>, furniture: Bool = true) {
        guard !furniture || holders.count <= IndexPolicy.commonFingerprintDocuments else { return }
        for holder in Set(holders) { evidence[holder, default: Evidence()][keyPath: kind] += 1 }
    }
}
