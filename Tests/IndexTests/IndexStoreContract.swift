import Foundation
import PalimpsestCore
@testable import PalimpsestIndex
import Testing

/// What every ``IndexStore`` must do, written once and run against each store by the suites in
/// `StoreSuites.swift`.
enum IndexStoreContract {
    static let documents = [
        makeDocument("gazette/fares", published: 1_000, story),
        makeDocument("wire/fares", published: 2_000, story + ["Reporting by the wire desk."]),
        makeDocument("gazette/bakery", published: 3_000, bakery),
    ]

    static func addingIsIdempotentAndDocumentsComeBackAsGiven(_ index: TestIndex) async throws {
        let store = try await index.open()
        #expect(try await store.add(documents) == AddSummary(added: 3))
        #expect(try await store.add(documents) == AddSummary(alreadyIndexed: 3))
        #expect(try await store.documents() == documents)
        let statistics = try await store.statistics()
        #expect(statistics.documents == 3)
        #expect(statistics.passages == story.count * 2 + 1 + bakery.count)
        #expect(statistics.sites == 1)
        #expect(statistics.bandEntries == 3 * AnalysisSettings().lshParameters.bands)
        #expect(statistics.bytes > 0)
        #expect(statistics.settings == IndexSettings(AnalysisSettings()))
        await store.close()
        // Opened again, only to read, it holds the same.
        let reader = try await index.open(nil, creating: false)
        #expect(try await reader.documents().map(\.id) == documents.map(\.id))
        await reader.close()
    }

    static func theSameTextFromAnotherPlaceIsAnotherDocument(_ index: TestIndex) async throws {
        let store = try await index.open()
        var repost = documents[0]
        repost.id = "mirror/fares"
        repost.source.location = "mirror/fares.txt"
        #expect(try await store.add([documents[0], repost, documents[0]]) == AddSummary(added: 2, alreadyIndexed: 1))
        #expect(try await store.documents().map(\.id) == ["gazette/fares", "mirror/fares"])
        await store.close()
    }

    static func anIdTakenByAnotherTextIsSuffixed(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([documents[0]])
        var changed = documents[2], again = documents[1]
        changed.id = documents[0].id
        again.id = documents[0].id
        #expect(try await store.add([changed]).renamed == [Renaming(location: changed.source.location, id: documents[0].id, storedAs: documents[0].id + "#2")])
        #expect(try await store.add([again]).renamed == [Renaming(location: again.source.location, id: documents[0].id, storedAs: documents[0].id + "#3")])
        #expect(try await store.documents().map(\.id) == [documents[0].id, documents[0].id + "#2", documents[0].id + "#3"])
        await store.close()
    }

    static func aSuffixedIdTakenWhileTheBareOneIsFreeIsSkipped(_ index: TestIndex) async throws {
        let store = try await index.open()
        // "x#2" came in under that very id; "x" itself is free.
        var literal = documents[0]
        literal.id = "x#2"
        _ = try await store.add([literal])
        var first = documents[1], second = documents[2]
        first.id = "x"
        second.id = "x"
        let summary = try await store.add([first, second])
        #expect(summary.added == 2)
        #expect(summary.renamed.map(\.storedAs) == ["x#3"])
        #expect(Set(try await store.documents().map(\.id)) == ["x", "x#2", "x#3"])
        await store.close()
    }

    static func otherSettingsAreRefusedAndNamed(_ index: TestIndex) async throws {
        await (try await index.open()).close()
        await #expect {
            _ = try await index.open(AnalysisSettings(shingleSize: 4))
        } throws: { error in
            guard case .settingsMismatch(let differences) = error as? IndexError else { return false }
            return differences == ["shingle_size: 5 in the index, 4 requested"]
        }
    }

    static func readingAMissingIndexIsAnError(_ index: TestIndex) async throws {
        for settings in [nil, AnalysisSettings()] {
            await #expect {
                _ = try await index.open(settings, creating: false)
            } throws: { error in
                guard case .database(_, let reason) = error as? IndexError else { return false }
                return reason.contains("no index")
            }
        }
    }

    static func findingsEqualOneScanWhateverTheOrderAndBatches(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([documents[2], documents[1]])
        _ = try await store.add([documents[0]])
        let fromIndex = Analyzer().analyze(try await store.documents())
        let scanned = Analyzer().analyze(documents)
        #expect(Set(fromIndex.clusters.map(\.members)) == Set(scanned.clusters.map(\.members)))
        for document in scanned.documents {
            let indexed = try #require(fromIndex.document(id: document.document.id))
            #expect(indexed.origin == document.origin)
            #expect(indexed.repostOf == document.repostOf)
            #expect(indexed.passages.map(\.kind) == document.passages.map(\.kind))
        }
        #expect(fromIndex.document(id: "wire/fares")?.repostOf?.id == "gazette/fares")
        await store.close()
    }

    static func aRepostFindsItsOriginAndNotUnrelatedTexts(_ index: TestIndex) async throws {
        let store = try await index.open()
        let original = makeDocument("gazette/fares", published: 1_000, story)
        var unrelated = makeDocument("other/bakery", published: 2_000, bakery)
        unrelated.source.site = "other-site"
        _ = try await store.add([original, unrelated])
        var repost = makeDocument("wire/fares", published: 3_000, [story[1], story[0]])
        repost.source.site = "wire"
        #expect(try await store.candidates(for: repost).map(\.id) == ["gazette/fares"])
        await store.close()
    }

    static func editedQuotationsAndTeasersAreFoundByTheirMarks(_ index: TestIndex) async throws {
        let store = try await index.open()
        let original = makeDocument("gazette/fares", published: 1_000, story)
        var unrelated = makeDocument("other/bakery", published: 2_000, bakery)
        unrelated.source.site = "other-site"
        _ = try await store.add([original, unrelated])
        // A column quoting one paragraph inside its own words: no passage is the same, and the page
        // as a whole is nothing like the story.
        var column = makeDocument("column/ferries", published: 3_000, [
            "Our columnist has taken the island ferry every morning for eleven years and has opinions about all of it, from the coffee to the timetable.",
            "The authority's own announcement put it plainly. " + story[1] + " Nobody I spoke to on the quay believed the last part.",
            "Next week: why the harbour clock has been four minutes slow since the storm.",
        ])
        column.source.site = "column"
        #expect(try await store.candidates(for: column).map(\.id) == ["gazette/fares"])
        // Found by marks alone: no band and no passage in common.
        let settings = AnalysisSettings()
        let storyPrints = DocumentFingerprints(original, settings: settings, banding: settings.lshParameters)
        let columnPrints = DocumentFingerprints(column, settings: settings, banding: settings.lshParameters)
        #expect(Set(storyPrints.bands.map(\.hash)).isDisjoint(with: columnPrints.bands.map(\.hash)))
        #expect(Set(storyPrints.passageIDs).isDisjoint(with: columnPrints.passageIDs))
        #expect(!Set(storyPrints.marks).isDisjoint(with: columnPrints.marks))
        // A page that ends with a teaser of the story, cut off after its first words.
        var teaser = makeDocument("digest/monday", published: 3_000, [
            "Monday's digest of island news, with the weather, the tides and the week's council agenda in one short read for commuters.",
            "The harbour authority said on Monday that fares on the island… Read more",
        ])
        teaser.source.site = "digest"
        #expect(try await store.candidates(for: teaser).map(\.id) == ["gazette/fares"])
        await store.close()
    }

    static func thePagesOfTheSameSiteComeAlongForBoilerplate(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([makeDocument("gazette/bakery", published: 1_000, bakery)])
        let fresh = makeDocument("gazette/fares", published: 2_000, story)
        #expect(try await store.candidates(for: fresh).map(\.id) == ["gazette/bakery"])
        await store.close()
    }

    static func removingADocumentTakesItsFingerprintsWithIt(_ index: TestIndex) async throws {
        let store = try await index.open()
        let fares = makeDocument("gazette/fares", published: 1_000, story)
        let bakeryPage = makeDocument("gazette/bakery", published: 5_000, bakery)
        _ = try await store.add([bakeryPage])
        let marksOfTheBakeryPage = try await store.statistics().marks
        _ = try await store.add([fares])
        #expect(try await store.statistics().marks > marksOfTheBakeryPage)
        #expect(try await store.remove(ids: ["gazette/fares", "no/such"], before: nil) == 1)
        let statistics = try await store.statistics()
        #expect(statistics.documents == 1)
        #expect(statistics.passages == bakeryPage.passages.count, "no passage fingerprint is left dangling")
        #expect(statistics.bandEntries == AnalysisSettings().lshParameters.bands)
        #expect(statistics.marks == marksOfTheBakeryPage, "no mark is left dangling")
        #expect(try await store.candidates(for: fares).map(\.id) == ["gazette/bakery"])
        #expect(try await store.verify() == [])
        await store.close()
    }

    static func documentsPublishedBeforeADateExpire(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([makeDocument("old", published: 1_000, story), makeDocument("new", published: 9_000, bakery)])
        #expect(try await store.remove(ids: [], before: Date(timeIntervalSince1970: 5_000)) == 1)
        #expect(try await store.documents().map(\.id) == ["new"])
        await store.close()
    }

    static func aSoundIndexVerifiesAndADamagedOneIsNamed(_ index: TestIndex) async throws {
        let store = try await index.open()
        _ = try await store.add([makeDocument("gazette/fares", published: 1_000, story), makeDocument("gazette/bakery", published: 2_000, bakery)])
        #expect(try await store.verify() == [])
        // Damage it behind the store's back: one passage fingerprint gone.
        try index.execute("DELETE FROM passages WHERE passage = 0 AND document = (SELECT number FROM documents WHERE id = 'gazette/fares');")
        #expect(try await store.verify() == ["gazette/fares: 0 passage fingerprint(s) wrong or left over, 1 missing"])
        try index.execute("""
            UPDATE marks SET hash = hash + 1 WHERE document = (SELECT number FROM documents WHERE id = 'gazette/bakery')
                AND hash = (SELECT MIN(hash) FROM marks WHERE document = (SELECT number FROM documents WHERE id = 'gazette/bakery'));
            """)
        #expect(try await store.verify() == [
            "gazette/fares: 0 passage fingerprint(s) wrong or left over, 1 missing",
            "gazette/bakery: 1 mark(s) wrong or left over, 1 missing",
        ])
        await store.close()
    }
}
