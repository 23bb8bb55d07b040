import Foundation
import Testing
@testable import PalimpsestCore

/// A document built from blocks, for analysis tests.
func makeDocument(
    _ id: String, site: String? = nil, title: String? = nil, author: String? = nil,
    published: String? = nil, retrieved: String? = nil, _ blocks: [String]
) -> Document {
    var builder = DocumentBuilder()
    for block in blocks { builder.append(block) }
    return builder.build(id: id, source: SourceRecord(
        location: id, site: site, title: title, author: author,
        published: published.flatMap(DateParsing.parse), retrieved: retrieved.flatMap(DateParsing.parse),
        extractor: PluginStamp(name: "test", version: "0")))
}

/// Slices a document's text by scalar offsets, as an export reader would.
func slice(_ text: String, _ range: Range<Int>) -> String {
    String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
}

let lead = "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs and the repair of the northern pier."
let second = "Passengers who travel daily will be able to buy a new monthly pass, which the authority says will limit the increase for commuters to about four percent over the year."
let third = "The council's transport committee will discuss the change next week, and several councillors have already said they will ask for the pier repairs to be paid from reserves."
let fourth = "Fishing crews, who use the same pier, said the works had already cost them two weeks of landings this winter and asked for compensation from the harbour fund."
let unrelated = [
    "A new bakery opened on Mill Street on Saturday, selling rye loaves and cardamom buns to a queue that stretched past the post office before the doors had even opened.",
    "The owners, two sisters who trained in a village near the border, said they had waited four years for a shop with an oven large enough for their family recipes.",
    "Neighbours welcomed the smell of bread in a street that had lost its butcher and its greengrocer in the last decade, though some worried about parking on market days.",
]

@Suite struct TeaserTests {
    @Test("a cut-off repeat of the lead is a teaser", arguments: [
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve…",
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve...",
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve […]",
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent. Read more",
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve Continue reading",
        "The harbour authority said on Monday that fares on the island ferry will rise by",
        "The harbour authority said on Monday that fares on the island ferry will rise by twel",
    ])
    func teaser(ending: String) throws {
        let document = makeDocument("a", [lead, second, third, ending])
        let result = Analyzer().analyze([document])
        let passage = try #require(result.documents.first?.passages.last)
        #expect(passage.kind == .teaser)
        #expect(passage.of == PassageReference(document: "a", passage: 0))
        #expect(result.findings.contains { $0.kind == .teaser && $0.passage == 3 })
        // Nothing else in the document is flagged.
        #expect(result.documents[0].passages.dropLast().allSatisfy { $0.kind == .content })
    }

    @Test func aTeaserMaySpanTheStartOfTheDocument() throws {
        let shortLead = "Ferry fares will rise in April."
        let teaser = "Ferry fares will rise in April. Passengers who travel daily will be able to buy…"
        let result = Analyzer().analyze([makeDocument("a", [shortLead, second, third, teaser])])
        let passage = try #require(result.documents.first?.passages.last)
        #expect(passage.kind == .teaser)
        #expect(passage.of?.passage == 0)
    }

    @Test func sharingOnlyAnOpeningPhraseIsNotATeaser() {
        let other = "The harbour authority said on Monday that it had found no asbestos in the old customs house."
        let result = Analyzer().analyze([makeDocument("a", [lead, second, other])])
        #expect(result.documents[0].passages.allSatisfy { $0.kind == .content })
    }

    @Test func aParagraphAfterItsOwnTeaserStaysContent() throws {
        // A standfirst that cuts the lead, standing before it, holding most of its words.
        let standfirst = "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs and the repair of the…"
        let result = Analyzer().analyze([makeDocument("a", [standfirst, lead, second])])
        let passages = result.documents[0].passages
        #expect(passages[0].kind == .teaser)
        #expect(passages[0].of?.passage == 1)
        #expect(passages[1].kind == .content)
    }

    @Test func aTeaserOfAnotherDocumentPointsAtIt() throws {
        let origin = makeDocument("origin", published: "2026-03-01", [lead, second, third])
        let widget = makeDocument("widget", published: "2026-03-02", unrelated + ["The harbour authority said on Monday that fares on the island ferry will rise…"])
        let result = Analyzer().analyze([origin, widget])
        let passage = try #require(result.document(id: "widget")?.passages.last)
        #expect(passage.kind == .teaser)
        #expect(passage.of == PassageReference(document: "origin", passage: 0))
    }
}

@Suite struct DuplicatePassageTests {
    @Test func exactAndNearRepeatsInsideADocument() throws {
        let nearThird = third.replacingOccurrences(of: "next week", with: "on Thursday")
        let result = Analyzer().analyze([makeDocument("a", [lead, second, third, lead, nearThird])])
        let passages = result.documents[0].passages
        #expect(passages.map(\.kind) == [.content, .content, .content, .duplicate, .duplicate])
        #expect(passages[3].rule == "exact-duplicate")
        #expect(passages[3].of == PassageReference(document: "a", passage: 0))
        #expect(passages[4].rule == "near-duplicate")
        #expect(passages[4].of == PassageReference(document: "a", passage: 2))
        #expect((passages[4].score ?? 0) >= 0.8)
    }

    @Test func copiesPointAtTheEarliestOccurrenceByPublicationDate() throws {
        // Input order puts the copies first; publication dates decide.
        let late = makeDocument("late", site: "C", published: "2026-03-05", [fourth, lead] + unrelated)
        let middle = makeDocument("middle", site: "B", published: "2026-03-03", [lead, third])
        let early = makeDocument("early", site: "A", published: "2026-03-01", [second, lead, fourth])
        let result = Analyzer().analyze([late, middle, early])
        #expect(result.document(id: "early")!.passages.allSatisfy { $0.kind == .content })
        #expect(result.document(id: "middle")!.passages[0].of == PassageReference(document: "early", passage: 1))
        #expect(result.document(id: "late")!.passages[1].of == PassageReference(document: "early", passage: 1))
        #expect(result.document(id: "late")!.passages[0].of == PassageReference(document: "early", passage: 2))
    }

    @Test func quotationsAreLocatedOnBothSides() throws {
        let quote = "several councillors have already said they will ask for the pier repairs to be paid from reserves"
        let origin = makeDocument("origin", published: "2026-03-01", [lead, second, third])
        let quoting = makeDocument("quoting", published: "2026-03-04", [
            unrelated[0],
            "In a letter to residents, the mayor wrote that \(quote), and that she would support them if the harbour fund could not cover the bill.",
            unrelated[1],
        ])
        let result = Analyzer().analyze([origin, quoting])
        let document = try #require(result.document(id: "quoting"))
        #expect(document.passages.allSatisfy { $0.kind == .content })
        let span = try #require(document.passages[1].copiedSpans.first)
        #expect(slice(document.document.text, span.range) == quote)
        #expect(slice(origin.text, span.sourceRange) == quote)
        #expect(span.source == PassageReference(document: "origin", passage: 2))
        #expect(result.findings.contains { $0.kind == .quotation && $0.document == "quoting" && $0.ofDocument == "origin" })
        #expect(document.partialRepostOf.isEmpty)
    }

    /// The shortest shared run reported is `minimumQuoteTokens` words (12: eight shingles); a pair
    /// whose equal shingles are fewer is not compared in full, and that shortcut must not lose it.
    @Test(arguments: [(12, true), (11, false)])
    func aSharedRunIsAQuotationFromTwelveWords(words: Int, reported: Bool) throws {
        let run = "several councillors have already said they will ask for the pier repairs".split(separator: " ").prefix(words).joined(separator: " ")
        let origin = makeDocument("origin", published: "2026-03-01", [lead, second, third])
        let quoting = makeDocument("quoting", published: "2026-03-04", [
            // Long enough (over 50 words) that eight equal shingles cannot cover most of it: only a run decides.
            unrelated[0],
            "In a letter to residents, the mayor wrote that \(run), and she agreed with them on most points. She added that the lighthouse roof had been mended last spring, that the ferry company had promised new timetables before the summer, and that the market square would be closed to cars on Saturdays from May.",
            unrelated[1],
        ])
        let result = Analyzer().analyze([origin, quoting])
        let spans = try #require(result.document(id: "quoting")).passages[1].copiedSpans
        #expect(spans.count == (reported ? 1 : 0))
        #expect(spans.first.map { slice(quoting.text, $0.range) } == (reported ? run : nil))
    }

    /// A short paragraph with two words changed keeps no run of eight words and shares a single
    /// winnowing window with its source: it is still a near duplicate.
    @Test func aShortParagraphWithTwoWordsChangedIsANearDuplicate() throws {
        let source = "International oil and mining companies have reacted cautiously to the decision to bar foreign firms from natural resource tenders next year."
        let edited = "International oil and mining companies have reacted cautiously against the decision to bar foreign firms except natural resource tenders next year."
        let result = Analyzer().analyze([
            makeDocument("first", published: "2026-03-01", [source, unrelated[0]]),
            makeDocument("second", published: "2026-03-02", [unrelated[1], edited]),
        ])
        let passage = try #require(result.document(id: "second")).passages[1]
        #expect(passage.rule == "near-duplicate")
        #expect(passage.of == PassageReference(document: "first", passage: 0))
    }
}

@Suite struct ClusterTests {
    @Test func repostsJoinTheirOriginWhateverTheInputOrder() throws {
        let origin = makeDocument("origin", site: "A", published: "2026-03-01T08:00:00Z", ["Ferry fares to rise", lead, second, third, fourth])
        let repost = makeDocument("repost", site: "B", published: "2026-03-02T08:00:00Z", [
            "Island ferry fares going up", lead, second.replacingOccurrences(of: "about", with: "roughly"), third, fourth,
        ])
        let other = makeDocument("other", site: "C", published: "2026-02-01", unrelated)
        for documents in [[origin, repost, other], [repost, other, origin]] {
            let result = Analyzer().analyze(documents)
            let copy = try #require(result.document(id: "repost"))
            #expect(copy.origin == "origin")
            #expect(copy.repostOf?.id == "origin")
            #expect((copy.repostOf?.similarity ?? 0) >= 0.8)
            #expect(result.document(id: "origin")?.repostOf == nil)
            #expect(result.document(id: "other")?.cluster != copy.cluster)
            #expect(result.clusters.count == 1)
            #expect(result.clusters[0].members == ["origin", "repost"])
            #expect(copy.passages.dropFirst().allSatisfy { $0.kind == .duplicate })
        }
    }

    /// A site's chrome around a repost: the whole texts are below the threshold, the contents are
    /// not. Clusters compare the whole text by default (as `dedup` does) and content when asked;
    /// `repost_of` compares content either way.
    @Test(arguments: [ClusterBasis.text, .content])
    func repostsUnderAnotherSitesChromeAreReportedWhateverTheClusterBasis(basis: ClusterBasis) throws {
        let header = "Coastal Courier: local news, weather, sport and the tide tables for the whole of the northern coast, every morning since nineteen twelve."
        let footer = "Sign up for our morning newsletter to get the day's headlines, the ferry timetable and the weekend's events in your inbox before breakfast."
        let origin = makeDocument("origin", site: "A", published: "2026-03-01T08:00:00Z", ["Ferry fares to rise", lead, second, third, fourth])
        let repost = makeDocument("courier/fares", site: "courier", published: "2026-03-02T08:00:00Z", [header, lead, second, third, fourth, footer])
        // Three more pages of the courier, each its own story: the chrome is learned as its template.
        let pages = unrelated.enumerated().map { number, paragraph in
            makeDocument("courier/page\(number)", site: "courier", published: "2026-02-0\(number + 1)T08:00:00Z", [header, paragraph, footer])
        }
        let result = try Analyzer(settings: AnalysisSettings(clusterBasis: basis)).analyze([origin, repost] + pages)
        let copy = try #require(result.document(id: "courier/fares"))
        #expect(copy.passages.first?.kind == .boilerplate && copy.passages.last?.kind == .boilerplate)
        #expect(copy.repostOf?.id == "origin", "its content is the origin's")
        #expect((copy.repostOf?.similarity ?? 0) >= 0.8)
        let together = copy.cluster == result.document(id: "origin")?.cluster
        #expect(together == (basis == .content), "whole texts differ by the chrome; contents do not")
        #expect(copy.origin == (basis == .content ? "origin" : "courier/fares"))
        #expect(result.clusters.map(\.members) == (basis == .content ? [["origin", "courier/fares"]] : []))
    }

    @Test func originTiesBreakOnRetrievalThenLocationWhateverTheInputOrder() {
        let body = [lead, second, third]
        let a = makeDocument("a", retrieved: "2026-03-03", body)
        let b = makeDocument("b", retrieved: "2026-03-02", body)
        let c = makeDocument("c", body)
        #expect(Analyzer().analyze([a, b, c]).document(id: "a")?.origin == "b")
        #expect(Analyzer().analyze([c, a]).document(id: "c")?.origin == "a")
        // Undated exact copies: the location decides, numbers inside it compared as numbers.
        let d = makeDocument("d", body)
        #expect(Analyzer().analyze([d, c]).document(id: "d")?.origin == "c")
        #expect(Analyzer().analyze([c, d]).document(id: "d")?.origin == "c")
        let line10 = makeDocument("feed.jsonl:10", body), line9 = makeDocument("feed.jsonl:9", body)
        #expect(Analyzer().analyze([line10, line9]).document(id: "feed.jsonl:10")?.origin == "feed.jsonl:9")
    }

    @Test func underStarsDocumentsThatShareNothingNeverShareACluster() throws {
        // The bridge holds both halves; at threshold 0.4 it is similar to each, and they to nothing.
        let half = [lead, second, third]
        let otherHalf = unrelated
        let bridge = makeDocument("bridge", published: "2026-03-01", half + otherHalf)
        let left = makeDocument("left", published: "2026-03-02", half)
        let right = makeDocument("right", published: "2026-03-03", otherHalf)
        // Components follow the chain through the bridge, as `dedup` does.
        let chained = try Analyzer(settings: AnalysisSettings(threshold: 0.4)).analyze([left, right, bridge])
        #expect(chained.clusters.map(\.members) == [["bridge", "left", "right"]])
        let result = try Analyzer(settings: AnalysisSettings(threshold: 0.4, clusterPolicy: .stars)).analyze([left, right, bridge])
        #expect(result.document(id: "left")?.cluster != result.document(id: "right")?.cluster)
        #expect(result.clusters.count == 1, "the bridge still takes one half")
        for cluster in result.clusters {
            #expect(!(cluster.members.contains("left") && cluster.members.contains("right")))
        }
    }

    @Test func settingsOutOfRangeAreRefusedNotTrapped() {
        #expect(throws: SettingsError.self) { try Analyzer(settings: AnalysisSettings(permutations: 0)) }
        #expect(throws: SettingsError.self) { try Analyzer(settings: AnalysisSettings(shingleSize: 0)) }
        #expect(throws: SettingsError.self) { try Analyzer(settings: AnalysisSettings(threshold: 1.5)) }
        #expect(throws: SettingsError.self) { try Analyzer(settings: AnalysisSettings(minimumTeaserTokens: 0)) }
    }

    @Test func handBuiltPassagesAreRenumbered() throws {
        var document = makeDocument("a", [lead, second, lead])
        for index in document.passages.indices { document.passages[index].index = 7 }
        let passages = Analyzer().analyze([document]).documents[0].passages
        #expect(passages.map(\.passage.index) == [0, 1, 2])
        #expect(passages[2].of == PassageReference(document: "a", passage: 0))
    }

    @Test func shortDocumentsHaveFingerprintsThatMatchOnlyTheirEqual() {
        let a = makeDocument("a", ["Bridge closed"])
        let b = makeDocument("b", ["Bridge closed"])
        let c = makeDocument("c", ["Library open"])
        let d = makeDocument("d", ["…"])
        let e = makeDocument("e", ["—"])
        let result = Analyzer().analyze([a, b, c, d, e])
        #expect(result.document(id: "b")?.origin == "a")
        #expect(result.document(id: "c")?.origin == "c")
        #expect(result.document(id: "e")?.origin == "e")
    }

    @Test func chineseAndJapaneseRepostsAreFoundByCharacterShingles() throws {
        let japanese = [
            "港湾局は月曜日、四月一日から島のフェリー運賃を十二パーセント値上げすると発表した。燃料費と北側桟橋の修理費が理由だという。",
            "毎日利用する乗客は新しい定期券を購入でき、通勤者の負担増は年間で約四パーセントに抑えられると当局は説明している。",
            "市議会の交通委員会は来週この変更を審議する予定で、複数の議員が桟橋の修理費を積立金から支出するよう求める考えを示した。",
        ]
        let origin = makeDocument("ja-origin", published: "2026-03-01", japanese)
        var edited = japanese
        edited[1] = edited[1].replacingOccurrences(of: "約四", with: "およそ四")
        let repost = makeDocument("ja-repost", published: "2026-03-02", edited)
        let chinese = makeDocument("zh", published: "2026-03-01", ["新面包店周六在磨坊街开业，出售黑麦面包和豆蔻面包，排队的人一直排到邮局门口。"])
        let result = Analyzer().analyze([origin, repost, chinese])
        let copy = try #require(result.document(id: "ja-repost"))
        #expect(copy.repostOf?.id == "ja-origin")
        #expect(copy.passages.map(\.kind) == [.duplicate, .duplicate, .duplicate])
        #expect(result.document(id: "zh")?.origin == "zh")
    }

    @Test func partialRepostsNameTheCopiedSpans() throws {
        let origin = makeDocument("origin", published: "2026-03-01", [lead, second, third, fourth])
        let partial = makeDocument("partial", published: "2026-03-02", unrelated + [third])
        let result = Analyzer().analyze([origin, partial])
        let document = try #require(result.document(id: "partial"))
        #expect(document.repostOf == nil)
        let link = try #require(document.partialRepostOf.first)
        #expect(link.id == "origin")
        #expect(link.spans.count == 1)
        #expect(slice(document.document.text, link.spans[0].range) == third)
        #expect(slice(origin.text, link.spans[0].sourceRange) == third)
        #expect(link.share > 0.2 && link.share < 0.3)
        #expect(result.findings.contains { $0.kind == .partialRepost && $0.document == "partial" })
    }

    @Test func sameTopicInOtherWordsIsNotFlagged() {
        let a = makeDocument("a", published: "2026-03-01", [lead, second])
        let b = makeDocument("b", published: "2026-03-01", [
            "Island ferry tickets will cost twelve percent more from April, the harbour authority announced, citing fuel and the northern pier repairs.",
            "A monthly pass for daily travellers should hold the rise for commuters to roughly four percent, according to the authority.",
        ])
        let result = Analyzer().analyze([a, b])
        #expect(result.findings.isEmpty)
        #expect(result.clusters.isEmpty)
    }
}
