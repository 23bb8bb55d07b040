import Foundation
import PalimpsestEvaluation
import Testing

@Suite struct WordOverlapTests {
    @Test func wordsFoldCaseAndCompatibilityForms() {
        #expect(WordOverlap.words("Ｆｕｌｌ-width ＡＢＣ and ﬁne_print, 42!") == ["full", "width", "abc", "and", "fine_print", "42"])
    }

    @Test func identicalTextsScoreOneAndDisjointTextsZero() {
        #expect(WordOverlap(extracted: "the ferry leaves at dawn", gold: "The ferry leaves at dawn.").f1 == 1)
        #expect(WordOverlap(extracted: "weather", gold: "ferry timetable").f1 == 0)
        #expect(WordOverlap(extracted: "", gold: "").f1 == 1)
        #expect(WordOverlap(extracted: "", gold: "ferry").f1 == 0)
    }

    @Test func multiplicitiesCount() {
        // Extracting the text twice halves precision: the bag keeps counts.
        let overlap = WordOverlap(extracted: "a b c a b c", gold: "a b c")
        #expect(overlap.recall == 1)
        #expect(overlap.precision == 0.5)
        #expect(abs(overlap.f1 - 2.0 / 3.0) < 1e-12)
    }
}

@Suite struct SnippetCountsTests {
    @Test func snippetsMatchAfterSpaceAndCaseFolding() {
        let page = SnippetMatcher(extracted: "The Harbour   master said\nthe berth is ready.\n\nShare this")
        #expect(page.keeps("harbour master SAID the berth"))
        #expect(!page.keeps("harbour master said a berth"))
    }

    @Test func countsGiveTrafilaturaStyleScores() {
        var counts = SnippetCounts()
        counts.add(extracted: SnippetMatcher(extracted: "kept one. kept two. menu"), keep: ["kept one", "kept two", "lost"], drop: ["menu", "footer"])
        #expect(counts.truePositives == 2 && counts.falseNegatives == 1 && counts.falsePositives == 1 && counts.trueNegatives == 1)
        #expect(abs(counts.precision - 2.0 / 3.0) < 1e-12)
        #expect(abs(counts.recall - 2.0 / 3.0) < 1e-12)
        #expect(counts.boilerplateRemoved == 0.5)
        #expect(abs(counts.accuracy - 0.6) < 1e-12)
    }
}

@Suite struct ClusterAgreementTests {
    @Test func identicalPartitionsAgreeFully() {
        let truth = ["a": "1", "b": "1", "c": "2", "d": "3"]
        let agreement = ClusterAgreement(predicted: ["a": "x", "b": "x", "c": "y", "d": "z"], truth: truth)
        #expect(agreement.precision == 1 && agreement.recall == 1)
        #expect(abs(agreement.adjustedRandIndex - 1) < 1e-12)
    }

    @Test func aMergeIsChargedForEveryPairItImplies() {
        let truth = ["a": "1", "b": "1", "c": "2", "d": "2"]
        let agreement = ClusterAgreement(predicted: ["a": "x", "b": "x", "c": "x", "d": "x"], truth: truth)
        #expect(agreement.truePairs == 2 && agreement.predictedPairs == 6 && agreement.actualPairs == 2)
        #expect(abs(agreement.precision - 1.0 / 3.0) < 1e-12)
        #expect(agreement.adjustedRandIndex < 0.01)
    }

    @Test func adjustedRandIndexMatchesAWorkedExample() {
        // Contingency [[2, 1], [0, 2]]: index 1 + 0 + 1 = 2, row and column pair sums 4 and 4,
        // expected 4·4/10 = 1.6, maximum 4 → ARI (2 - 1.6) / (4 - 1.6) = 1/6.
        let truth = ["a": "1", "b": "1", "c": "1", "d": "2", "e": "2"]
        let agreement = ClusterAgreement(predicted: ["a": "x", "b": "x", "c": "y", "d": "y", "e": "y"], truth: truth)
        #expect(abs(agreement.adjustedRandIndex - 1.0 / 6.0) < 1e-12)
    }

    @Test func missingPredictionsAreSingletons() {
        let agreement = ClusterAgreement(predicted: [:], truth: ["a": "1", "b": "1"])
        #expect(agreement.recall == 0 && agreement.predictedPairs == 0)
    }
}

@Suite struct AreaUnderROCTests {
    @Test func perfectRandomAndInvertedRankings() {
        #expect(areaUnderROC(positives: [0.9, 0.8], negatives: [0.1, 0.2]) == 1)
        #expect(areaUnderROC(positives: [0.1], negatives: [0.9]) == 0)
        #expect(areaUnderROC(positives: [0.5, 0.5], negatives: [0.5]) == 0.5)
        #expect(areaUnderROC(positives: [0.9, 0.3], negatives: [0.5, 0.1]) == 0.75)
        #expect(areaUnderROC(positives: [], negatives: [0.1]) == nil)
    }
}
