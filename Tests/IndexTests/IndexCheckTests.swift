import Foundation
import PalimpsestCore
import PalimpsestIndex
import Testing

/// Checking documents against an index, as the library does it (`palimpsest check` renders this).
@Suite struct IndexCheckTests {
    @Test func aRepostIsTracedToItsIndexedOriginAndOnlyTheInputIsReported() async throws {
        let store = try await TestIndex.sqlite().open()
        _ = try await store.add([makeDocument("gazette/fares", published: 1_000, story), makeDocument("gazette/bakery", published: 2_000, bakery)])
        let repost = makeDocument("copy/fares", published: 5_000, story)
        let report = try await IndexCheck().run([repost], in: store)
        #expect(report.indexedDocuments >= 1)
        #expect(report.checked.documents.map(\.document.id) == ["copy/fares"])
        #expect(report.checked.documents.first?.repostOf?.id == "gazette/fares")
        #expect(report.checked.findings.allSatisfy { $0.document == "copy/fares" })
        #expect(report.checked.clusters.count == 1)
        #expect(report.full.documents.count == report.indexedDocuments + 1)
        await store.close()
    }

    @Test func anInputNamedLikeAnIndexedDocumentIsToldApart() async throws {
        let store = try await TestIndex.sqlite().open()
        _ = try await store.add([makeDocument("gazette/fares", published: 1_000, story)])
        let sameName = makeDocument("gazette/fares", published: 5_000, story + ["A line the copy added at the end about the new timetable for the winter months ahead."])
        let report = try await IndexCheck().run([sameName], in: store)
        #expect(report.checked.documents.map(\.document.id) == ["gazette/fares (checked)"])
        #expect(report.checked.documents.first?.origin == "gazette/fares")
        #expect(IndexCheck.tellApart(
            [sameName, makeDocument("gazette/fares (checked)", published: nil, bakery)],
            from: [makeDocument("gazette/fares", published: nil, story)]
        ).map(\.id) == ["gazette/fares (checked 2)", "gazette/fares (checked)"])
        await store.close()
    }
}
