import Foundation
import PalimpsestEvaluation
import Testing

/// Articles written for these tests: long enough to shingle, with sentences long enough to quote.
let sampleArticles: [RepostCorpusGenerator.Article] = (0..<60).map { number in
    RepostCorpusGenerator.Article(
        headline: "Harbour council number \(number) approves the new ferry timetable",
        paragraphs: (0..<6).map { paragraph in
            "Councillors in district \(number) met on evening \(paragraph) to weigh the timetable, which adds crossings at dawn and dusk for the \(number * 7 + paragraph) workers who travel to the island every weekday. "
                + "The harbour master for district \(number) said paragraph \(paragraph) of the plan would need two more crews and a second berth before the summer of year \(2000 + number)."
        })
}

@Suite struct RepostCorpusGeneratorTests {
    @Test func theSameSeedGivesTheSameCorpus() {
        let first = RepostCorpusGenerator(seed: 7).generate(from: sampleArticles)
        let second = RepostCorpusGenerator(seed: 7).generate(from: sampleArticles)
        let other = RepostCorpusGenerator(seed: 8).generate(from: sampleArticles)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func everyKindOfCopyIsMadeAndCopiesComeAfterTheirParents() throws {
        let items = RepostCorpusGenerator(seed: 3, repostedShare: 0.9, quoteShare: 0.1).generate(from: sampleArticles)
        let kinds = Set(items.map(\.kind))
        #expect(kinds == ["original", "exact", "near", "teaser", "partial", "quote"])
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        for item in items {
            guard let parentID = item.parent else { continue }
            let parent = try #require(byID[parentID])
            #expect(item.retrieved > (parent.published ?? parent.retrieved))
            if let published = item.published { #expect(published > (parent.published ?? parent.retrieved)) }
            #expect(item.site != parent.site)
            switch item.kind {
            case "exact": #expect(item.articleText == parent.articleText)
            case "near", "teaser", "partial": #expect(item.articleText != parent.articleText)
            default: Issue.record("unexpected copy kind \(item.kind)")
            }
        }
        for quote in items where quote.kind == "quote" {
            let quoted = try #require(byID[quote.quoted ?? ""])
            #expect(quote.articleText.contains("As \(quoted.site) reported"))
        }
    }

    @Test func theTruthJoinsCopiesAboveTheThresholdAndNamesTheEarliestAsOrigin() throws {
        let items = RepostCorpusGenerator(seed: 5, repostedShare: 0.9).generate(from: sampleArticles)
        let (cluster, origin) = RepostCorpusGenerator.truth(items, threshold: 0.8)
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        for item in items where item.kind == "exact" {
            let parent = try #require(item.parent)
            #expect(cluster[item.id] == cluster[parent], "an exact copy is in its parent's cluster")
        }
        for item in items where item.kind == "teaser" {
            #expect(cluster[item.id] != cluster[item.family], "a teaser is far below 0.8 of its original")
        }
        for item in items where item.kind == "original" {
            #expect(origin[item.id] == item.id || byID[origin[item.id]!]!.published! < item.published!)
        }
    }
}
