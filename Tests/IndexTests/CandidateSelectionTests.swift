@testable import PalimpsestIndex
import Testing

/// Which candidates a check analyses.
@Suite struct CandidateSelectionTests {
    @Test func theStrongestAndTheEarliestNearDuplicatesAreKept() {
        var evidence: [Int64: CandidateSelection.Evidence] = [:]
        // Forty near duplicates, the later-numbered sharing more bands; the earliest published is 39.
        for number in Int64(0)..<40 { evidence[number] = CandidateSelection.Evidence(bands: 1 + Int(number) / 4) }
        var published = Dictionary(uniqueKeysWithValues: (Int64(0)..<40).map { ($0, 1_000 + Double($0)) })
        published[39] = 10
        // One document sharing only a passage, and furniture that counts for nothing.
        CandidateSelection.note([100], in: &evidence, \.passages)
        CandidateSelection.note(Array(200...300), in: &evidence, \.marks)
        let chosen = CandidateSelection.choose(evidence, published: published)
        #expect(chosen.count == CandidateSelection.strongest + CandidateSelection.earliest - 1, "39 is both among the strongest and the earliest")
        #expect(chosen.isSuperset(of: Set(Int64(24)..<40)), "the sixteen sharing most bands")
        #expect(chosen.isSuperset(of: [0, 1, 2]), "the earliest published near duplicates besides")
        #expect(!chosen.contains(100), "a passage alone is weaker than sixteen near duplicates")
        #expect(chosen.isDisjoint(with: Set(Int64(200)...300)))
        // A band held by a cluster larger than the furniture limit still counts.
        var cluster: [Int64: CandidateSelection.Evidence] = [:]
        CandidateSelection.note(Array(0...100), in: &cluster, \.bands, furniture: false)
        #expect(cluster.count == 101)
    }
}
