import Foundation
import Testing
@testable import PalimpsestCore

@Suite struct BoilerplateTests {
    let title = "Ferry fares to rise in April"

    func analyse(_ extra: String, author: String? = "Mara Lindqvist") -> AnalyzedPassage {
        let document = makeDocument("page", site: "The Harbour Gazette", title: title, author: author, published: "2026-03-02", [title, lead, extra, second])
        return Analyzer().analyze([document]).documents[0].passages[2]
    }

    @Test("furniture on a single page", arguments: [
        "By Mara Lindqvist",
        "Words: Mara Lindqvist",
        "By Tomas Reyes",
        "2 March 2026 · 4 min read",
        "Reading time: 3 minutes",
        "Published Monday 2 March 2026, 08:00",
        "12 comments",
        "Share this article",
        "Follow us on Mastodon and Bluesky",
        "Home | News | Business | Sport | Weather",
        "Share: Facebook · X · Email",
        "© 2026 The Harbour Gazette. All rights reserved.",
        "Image: Ferry fares to rise in April",
        "The post Ferry fares to rise in April appeared first on The Harbour Gazette.",
        "— Ana Pereira (@anapereira) March 3, 2026",
        "Updated 2026-03-02t08:00z, 3rd edition",
        "Related stories",
        "Comments",
    ])
    func furniture(line: String) {
        let passage = analyse(line)
        #expect(passage.kind == .boilerplate, "\(line) → \(passage.kind)")
        #expect(passage.rule?.hasPrefix("single-page:") == true)
    }

    @Test("prose and headings stay content", arguments: [
        "“We will not close the library,” she said.",
        "A long winter for the fishing fleet",
        "The authority expects the new timetable to be published in the spring.",
        "Prices rose by 4 percent in March.",
        "Ticket machines",
        // Codes and names that hold digits are no date parts.
        "The A380 and the 747-8 replaced the DC-10 in 2019.",
        "COVID-19 and H5N1 cases fell in 2025.",
        "w07797 w19419 w17833 w04273 w12122 w19789",
    ])
    func content(line: String) {
        let passage = analyse(line)
        #expect(passage.kind == .content, "\(line) → \(passage.rule ?? "")")
    }

    @Test func theHeadlineIsContentButItsRepeatIsNot() {
        let document = makeDocument("page", site: "S", title: title, [title, lead, second, title])
        let passages = Analyzer().analyze([document]).documents[0].passages
        #expect(passages[0].kind == .content)
        #expect(passages[3].kind == .boilerplate)
    }

    @Test func siteFramesAndTemplatesAreLearnedAcrossPages() {
        let bodies = [[lead, second], [third, fourth], [unrelated[0], unrelated[1]], [unrelated[2], second.replacingOccurrences(of: "monthly", with: "weekly")]]
        let titles = ["Ferry fares to rise", "Pier works start", "Bakery opens on Mill Street", "Weekly passes planned"]
        let documents = bodies.indices.map { index in
            makeDocument("page\(index)", site: "The Harbour Gazette", title: titles[index], published: "2026-03-0\(index + 1)", [
                titles[index],
                "Sign up for the Gazette morning briefing, delivered free to your inbox at seven",
            ] + bodies[index] + [
                "The post \(titles[index]) was first published on The Harbour Gazette, the island's paper since 1921 and proud of it.",
            ])
        }
        let result = Analyzer().analyze(documents)
        for document in result.documents {
            #expect(document.passages[1].kind == .boilerplate)
            #expect(document.passages[1].rule == "site-template")
            #expect(document.passages.last?.kind == .boilerplate)
            #expect(document.passages.last?.rule == "site-frame")
            #expect(document.passages[0].kind == .content)
            #expect(document.passages[2].kind == .content)
        }
        // One page alone cannot teach a template.
        let alone = Analyzer().analyze([documents[0]]).documents[0]
        #expect(alone.passages[1].kind == .content)
    }

    @Test func relatedLinksNameOtherPagesOfTheSite() {
        let a = makeDocument("a", site: "S", title: "Pier works start", published: "2026-03-01", ["Pier works start", third])
        let b = makeDocument("b", site: "S", title: "Ferry fares to rise", published: "2026-03-02", ["Ferry fares to rise", lead, "Pier works start"])
        let elsewhere = makeDocument("c", site: "T", title: "Another", published: "2026-03-03", ["Another", fourth, "Pier works start"])
        let result = Analyzer().analyze([a, b, elsewhere])
        #expect(result.document(id: "b")?.passages[2].kind == .boilerplate)
        #expect(result.document(id: "b")?.passages[2].rule == "site-related-link")
        #expect(result.document(id: "a")?.passages[0].kind == .content)
        #expect(result.document(id: "c")?.passages[2].kind == .content)
    }

    @Test func aBlockOfChromeLinesIsBoilerplateLineByLine() {
        // No rule fires on the block as a whole; each line is a byline, a reading time, a counter.
        let block = "By Mara Lindqvist\nReading time: 3 minutes\n12 comments"
        let mixed = "Share this article\nThe authority expects the new timetable to be published in the spring, after the consultation."
        let document = makeDocument("page", site: "S", title: title, author: "Mara Lindqvist", [title, lead, block, mixed, second])
        let passages = Analyzer().analyze([document]).documents[0].passages
        #expect(passages[2].kind == .boilerplate)
        #expect(passages[2].rule?.hasPrefix("lines:") == true)
        #expect(passages[3].kind == .content)
    }

    @Test func regionLabelsFromTheExtractorCount() {
        var builder = DocumentBuilder()
        builder.append(title)
        builder.append(lead)
        builder.append("Harbour Gazette on the water since 1921, proudly independent", hints: StructuralHints(labelWords: ["site", "footer"]))
        builder.append("Harbour Gazette on the water since 1921, proudly independent", hints: StructuralHints(labelWords: ["intro"]))
        let document = builder.build(id: "page", source: SourceRecord(location: "page", title: title, extractor: PluginStamp(name: "test", version: "0")))
        let passages = Analyzer().analyze([document]).documents[0].passages
        #expect(passages[2].rule == "single-page:furniture-region")
        #expect(passages[3].kind == .content)
    }

    @Test func passagesPlacedOutsideTheMainContentAreBoilerplateWhateverTheirLength() {
        // Longer than every rule that reads a passage's shape (60 tokens).
        let footer = """
            The Harbour Gazette is written and edited in the old customs house by the quay, and it has been \
            published every Thursday since 1887 by a cooperative of its readers, printers and reporters, who meet \
            once a year in the chapel hall to choose an editor, agree the price of the paper and thank the volunteers \
            who carry it to the outer islands on the morning ferry.
            """
        func analyse(_ position: MainContentPosition?) -> AnalyzedPassage {
            var builder = DocumentBuilder()
            builder.append(title)
            builder.append(lead, hints: StructuralHints(mainContent: position.map { _ in MainContentPosition.inside }))
            builder.append(footer, hints: StructuralHints(mainContent: position))
            let document = builder.build(id: "page", source: SourceRecord(location: "page", title: title, extractor: PluginStamp(name: "test", version: "0")))
            return Analyzer().analyze([document]).documents[0].passages[2]
        }
        #expect(analyse(.outside).kind == .boilerplate)
        #expect(analyse(.outside).rule == "single-page:outside-main-content")
        #expect(analyse(.inside).kind == .content)
        // Formats with no page layout (Markdown, plain text, feed bodies) leave the hint unset.
        #expect(analyse(nil).kind == .content)
    }

    @Test func aHeadlineOutsideTheMainContentStaysContent() {
        var builder = DocumentBuilder()
        builder.append(title, role: .heading, hints: StructuralHints(mainContent: .outside))
        builder.append(lead, hints: StructuralHints(mainContent: .inside))
        let document = builder.build(id: "page", source: SourceRecord(location: "page", title: title, extractor: PluginStamp(name: "test", version: "0")))
        #expect(Analyzer().analyze([document]).documents[0].passages[0].kind == .content)
    }

    @Test func aWidgetHeadingTakesItsEmptyStateMessage() {
        let document = makeDocument("page", site: "S", title: title, [
            title, lead, second, "Comments", "No comments yet. Be the first to share your thoughts.",
        ])
        let passages = Analyzer().analyze([document]).documents[0].passages
        #expect(passages[3].kind == .boilerplate)
        #expect(passages[4].kind == .boilerplate)
        #expect(passages[4].rule == "single-page:widget-content")
        // The same sentence with no widget heading above it is left alone.
        let alone = makeDocument("other", site: "T", title: title, [title, lead, "No comments yet. Be the first to share your thoughts.", second])
        #expect(Analyzer().analyze([alone]).documents[0].passages[2].kind == .content)
    }
}

/// Facts written into the code instead of asked for at run time, checked against their source.
@Suite struct WrittenOutFactsTests {
    @Test func monthAndDayNamesAreThoseOfThePOSIXCalendar() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        #expect(TemplateMasker.monthNames == Set((formatter.monthSymbols + formatter.shortMonthSymbols).map { $0.lowercased() } + ["sept"]))
        #expect(TemplateMasker.dayNames == Set((formatter.weekdaySymbols + formatter.shortWeekdaySymbols).map { $0.lowercased() }))
    }

    @Test func theDefaultBandingsAreWhatTheSearchFinds() {
        for known in LSHParameters.defaultBandings {
            #expect(LSHParameters.searchOptimal(known.question) == known.answer)
        }
        let settings = AnalysisSettings()
        #expect(LSHParameters.defaultBandings.map(\.question) == [
            .init(threshold: settings.threshold, permutations: settings.permutations,
                  falsePositiveWeight: 1 - settings.lshFalseNegativeWeight, falseNegativeWeight: settings.lshFalseNegativeWeight),
            .init(threshold: settings.threshold, permutations: settings.permutations,
                  falsePositiveWeight: 1 - AnalysisSettings.clusteringFalseNegativeWeight, falseNegativeWeight: AnalysisSettings.clusteringFalseNegativeWeight),
        ])
        #expect(settings.clusteringBanding == LSHParameters(bands: 20, rows: 6), "dedup's banding")
    }
}
