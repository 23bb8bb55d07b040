import Foundation
import Testing
@testable import PalimpsestCore

/// Large clusters of copies cost work in proportion to their size: exact copies are one group
/// before any pairwise step, and a swarm of near-duplicates is verified against one centre. The
/// sizes are small; what is checked is the number of exact comparisons, never time.
@Suite struct ClusterScaleTests {
    /// `count` random shingles, the same for the same seed.
    static func randomShingles(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SplitMix64(state: seed)
        return Jaccard.set((0..<count).map { _ in generator.next() })
    }

    /// Twenty words; copies of it share every shingle.
    static let twentyWords = "Storm warnings were raised along the northern coast on Friday as forecasters expected gusts strong enough to close the harbour"

    @Test func identicalDocumentsAreOneClusterAroundTheDatedOrigin() throws {
        // 500 copies; only one is dated, so it is the origin wherever it stands.
        let documents = (1...500).map { number in
            makeDocument("copy-\(number)", published: number == 250 ? "2026-03-01" : nil, [Self.twentyWords])
        }
        let result = Analyzer().analyze(documents)
        #expect(result.clusters.count == 1)
        let cluster = try #require(result.clusters.first)
        #expect(cluster.origin == "copy-250")
        #expect(cluster.members.count == 500)
        #expect(cluster.members.first == "copy-250")
        for document in result.documents where document.document.id != "copy-250" {
            #expect(document.repostOf?.id == "copy-250")
            #expect(document.repostOf?.similarity == 1)
            #expect(document.passages.first?.of == PassageReference(document: "copy-250", passage: 0))
        }
        #expect(result.findings.filter { $0.kind == .repost }.count == 499)
    }

    @Test(arguments: ClusterPolicy.allCases) func copiesAreComparedOnceAsAGroup(policy: ClusterPolicy) {
        // 500 copies of one text and one unrelated text: no pair needs comparing at all.
        let copy = Self.randomShingles(60, seed: 1)
        let shingleSets = Array(repeating: copy, count: 500) + [Self.randomShingles(60, seed: 2)]
        let rank = Array((0..<shingleSets.count).reversed())  // the last copy is the earliest
        let clustering = DocumentClusterer(settings: AnalysisSettings(), rank: rank).cluster(shingleSets: shingleSets, policy: policy)
        #expect(clustering.comparisons == 0, "copies must be grouped before any pairwise step")
        #expect(Set(clustering.clusterOf.prefix(500)).count == 1)
        #expect(clustering.clusterOf[500] != clustering.clusterOf[0])
        #expect(clustering.origins[clustering.clusterOf[0]] == 499)
        let shared = clustering.sharedClusters(rank: rank)
        #expect(shared.count == 1)
        #expect(shared.first?.members.first == 499)
        #expect(shared.first?.members.count == 500)
    }

    @Test(arguments: ClusterPolicy.allCases) func aSwarmOfNearDuplicatesCostsComparisonsLinearInItsSize(policy: ClusterPolicy) {
        // 400 texts sharing 56 shingles, each with one of its own (Jaccard 56/58 between any two):
        // every pair is a near-duplicate, and all of them share most bands.
        let base = Self.randomShingles(56, seed: 7)
        var generator = SplitMix64(state: 8)
        let shingleSets = (0..<400).map { _ in Jaccard.set(base + [generator.next()]) }
        let settings = AnalysisSettings()
        let clustering = DocumentClusterer(settings: settings, rank: Array(shingleSets.indices)).cluster(shingleSets: shingleSets, policy: policy)
        #expect(Set(clustering.clusterOf).count == 1)
        #expect(clustering.origins == [0])
        // All pairs would be 79,800; one centre per band at most is 400 a band.
        #expect(
            clustering.comparisons <= settings.lshParameters.bands * shingleSets.count,
            "\(clustering.comparisons) comparisons for \(shingleSets.count) near-duplicates: pairwise expansion of a large LSH bucket")
    }
}

/// What each cluster policy makes of the same verified pairs.
@Suite struct ClusterPolicyTests {
    /// Three texts in a chain: each shares 90 of its 100 shingles with the next (Jaccard 0.82), the
    /// ends 80 of 100 (Jaccard 0.67), and a fourth text apart.
    static func chain() -> [[UInt64]] {
        let shared = ClusterScaleTests.randomShingles(80, seed: 21)
        let (a, b, c) = (ClusterScaleTests.randomShingles(10, seed: 22), ClusterScaleTests.randomShingles(10, seed: 23), ClusterScaleTests.randomShingles(10, seed: 24))
        let (ab, bc) = (ClusterScaleTests.randomShingles(10, seed: 25), ClusterScaleTests.randomShingles(10, seed: 26))
        return [
            Jaccard.set(shared + a + ab), Jaccard.set(shared + ab + bc), Jaccard.set(shared + bc + c),
            ClusterScaleTests.randomShingles(100, seed: 27),
        ]
    }

    @Test func componentsFollowAChainOfVerifiedPairsAndStarsStopAtTheCentre() {
        let sets = Self.chain()
        #expect(Jaccard.similarity(sets[0], sets[1]) >= 0.8 && Jaccard.similarity(sets[1], sets[2]) >= 0.8)
        #expect(Jaccard.similarity(sets[0], sets[2]) < 0.8)
        // The middle text is published first: it is the origin under both policies.
        let rank = [1, 0, 2, 3]
        let clusterer = DocumentClusterer(settings: AnalysisSettings(), rank: rank)
        // Every pair is a candidate, whatever LSH finds: the verification alone decides.
        let everyPair: Set<ItemPair> = [ItemPair(0, 1), ItemPair(1, 2), ItemPair(0, 2), ItemPair(2, 3)]
        let components = clusterer.cluster(shingleSets: sets, evidence: everyPair, policy: .components)
        #expect(components.clusterOf[0] == components.clusterOf[1] && components.clusterOf[1] == components.clusterOf[2])
        #expect(components.clusterOf[3] != components.clusterOf[0])
        #expect(components.origins[components.clusterOf[0]] == 1)
        // With the first text earliest, components name the first text, at one end of the chain.
        let firstEarliest = DocumentClusterer(settings: AnalysisSettings(), rank: [0, 1, 2, 3])
        let chained = firstEarliest.cluster(shingleSets: sets, evidence: everyPair, policy: .components)
        #expect(chained.origins[chained.clusterOf[2]] == 0, "the end of the chain is in the cluster of its earliest member")
        // Stars centre on the middle text, which has the most neighbours; without it, the ends are apart.
        let ends = [sets[0], sets[1], sets[2]]
        let stars = DocumentClusterer(settings: AnalysisSettings(), rank: [0, 1, 2]).cluster(shingleSets: ends, evidence: everyPair.filter { $0.second < 3 }, policy: .stars)
        #expect(stars.clusterOf[0] == stars.clusterOf[1] && stars.clusterOf[1] == stars.clusterOf[2])
        let withoutMiddle = [sets[0], sets[2]]
        let apart = DocumentClusterer(settings: AnalysisSettings(), rank: [0, 1]).cluster(shingleSets: withoutMiddle, evidence: [ItemPair(0, 1)], policy: .stars)
        #expect(apart.clusterOf[0] != apart.clusterOf[1])
    }
}

/// What the analysis keeps per document: nothing a short record does not need.
@Suite struct AnalysisFootprintTests {
    @Test func aContentIDIsHeldInline() throws {
        #expect(MemoryLayout<ContentID>.size == 32, "a content id holds its digest inline, with no heap block")
        let id = SHA256.digest(utf8: "The harbour authority said on Monday")
        #expect(ContentID(id.description) == id)
        #expect(id.digest.count == 32)
        #expect(ContentID(sha256: id.digest) == id)
        // Ordered by the digest's bytes, first byte first.
        let low = ContentID(sha256: [0x00] + Array(repeating: 0xFF, count: 31))
        let high = ContentID(sha256: [0x01] + Array(repeating: 0x00, count: 31))
        #expect(low < high)
        #expect(low.hex == "00" + String(repeating: "ff", count: 31))
        #expect(Set([id, ContentID(sha256: id.digest)]).count == 1)
    }

    @Test func documentsWithoutBoilerplateHoldNoVerdicts() {
        let documents = (1...3).map { makeDocument("note-\($0)", ["A plain note number \($0) about the ferry timetable, the harbour works and the new pier that the council will open this spring."]) }
        let normalizer = TextNormalizer(), tokenizer = Tokenizer(), shingler = Shingler(size: 5)
        let prepared = documents.enumerated().map { number, document in
            document.passages.map { PreparedPassage(document: number, passage: $0, tokenizer: ByteTokenizer(), shingler: shingler) }
        }
        let verdicts = BoilerplateDetector(
            documents: documents, prepared: prepared, pageGroups: [0, 1, 2], minimumDocuments: 3,
            normalizer: normalizer, tokenizer: tokenizer
        ).verdicts()
        #expect(verdicts.byDocument.allSatisfy { $0.isEmpty })
        #expect(verdicts[0, 0] == nil)
    }

    @Test(arguments: ClusterPolicy.allCases) func distinctDocumentsKeepNoListPerCluster(policy: ClusterPolicy) {
        let shingleSets = (0..<50).map { ClusterScaleTests.randomShingles(30, seed: UInt64($0) + 100) }
        let rank = Array(shingleSets.indices)
        let clustering = DocumentClusterer(settings: AnalysisSettings(), rank: rank).cluster(shingleSets: shingleSets, policy: policy)
        #expect(clustering.clusterOf == rank, "singletons, numbered in origin order")
        #expect(clustering.origins == rank)
        #expect(clustering.sharedClusters(rank: rank).isEmpty)
    }

    @Test func aParagraphOnMorePagesThanAPostingHoldsStillFindsItsEditedCopy() throws {
        // Eighty pages carry one paragraph word for word: more than a fingerprint's posting may hold
        // (64 passages), which once hid the later, edited copy. Copies of a paragraph are one class,
        // so the posting holds two classes and the edit is found, pointing at the earliest page.
        let shared = ClusterScaleTests.twentyWords + " and the ferry company said sailings would resume once the wind dropped below gale force."
        let edited = shared.replacingOccurrences(of: "Friday", with: "Saturday")
        func own(_ page: Int) -> String { "Notes for page \(page): " + (0..<30).map { "item\(page)x\($0)" }.joined(separator: " ") }
        let documents = (1...80).map { makeDocument("page-\($0)", [own($0), shared]) } + [makeDocument("page-81", [own(81), edited])]
        let result = Analyzer().analyze(documents)
        let copy = try #require(result.documents.last?.passages[1])
        #expect(copy.kind == .duplicate)
        #expect(copy.rule == "near-duplicate")
        #expect(copy.of == PassageReference(document: "page-1", passage: 1))
        for document in result.documents.dropFirst().dropLast() {
            #expect(document.passages[1].of == PassageReference(document: "page-1", passage: 1))
        }
    }
}

extension DocumentClusterer {
    /// Clusters with band hashes made from the sets themselves, as a single clustering does.
    func cluster(shingleSets: [[UInt64]], evidence: Set<ItemPair> = [], policy: ClusterPolicy) -> Clustering {
        cluster(verifiedPairs(shingleSets: shingleSets, bandHashes: bandHashes(of: shingleSets), evidence: evidence), policy: policy)
    }
}
