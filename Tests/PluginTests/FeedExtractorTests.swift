import FeedExtractor
import PalimpsestCore
import Testing

@Suite struct FeedExtractorTests {
    let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>The Harbour Gazette</title><link>https://harbourgazette.example/</link>
        <item><title>Ferry fares to rise in April</title><link>https://harbourgazette.example/ferry</link>
        <guid isPermaLink="false">hg-101</guid><pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate><dc:creator>Mara Lindqvist</dc:creator>
        <description>Short summary only.</description>
        <content:encoded><![CDATA[<p>The harbour authority said on Monday that fares will rise.</p><p>The post <a href="/ferry">Ferry fares to rise in April</a> appeared first on <a href="/">The Harbour Gazette</a>.</p>]]></content:encoded>
        </item>
        <item><title>Pier works start</title><link>https://harbourgazette.example/pier</link>
        <pubDate>Tue, 03 Mar 2026 08:00:00 +0000</pubDate>
        <description>&lt;p&gt;Work on the northern pier began on Tuesday.&lt;/p&gt;</description></item>
        <item><title>Empty</title><guid>hg-103</guid></item>
        </channel></rss>
        """

    @Test func oneDocumentPerItemFromTheFullestBody() throws {
        let (documents, problems) = try extract(FeedExtractor(), rss, id: "gazette.rss")
        #expect(documents.map(\.id) == ["gazette.rss#hg-101", "gazette.rss#https://harbourgazette.example/pier"])
        #expect(documents[0].passages.map(\.text) == [
            "The harbour authority said on Monday that fares will rise.",
            "The post Ferry fares to rise in April appeared first on The Harbour Gazette.",
        ])
        #expect(documents[1].passages.map(\.text) == ["Work on the northern pier began on Tuesday."])
        #expect(problems.map(\.location) == ["in/gazette.rss#item3"])
        documents.forEach { expectConsistentOffsets($0) }
    }

    @Test func itemsCarryTheirProvenance() throws {
        let source = try #require(try extract(FeedExtractor(), rss, id: "gazette.rss").documents.first).source
        #expect(source.site == "The Harbour Gazette")
        #expect(source.title == "Ferry fares to rise in April")
        #expect(source.url == "https://harbourgazette.example/ferry")
        #expect(source.author == "Mara Lindqvist")
        #expect(source.published.map(DateParsing.format) == "2026-03-02T08:00:00Z")
        #expect(source.metadata["guid"] == "hg-101")
        #expect(source.location == "in/gazette.rss#item1")
    }

    @Test func feedFootersAreBoilerplate() throws {
        let documents = try extract(FeedExtractor(), rss).documents
        let footer = try #require(Analyzer().analyze(documents).documents.first?.passages.last)
        #expect(footer.kind == .boilerplate)
    }

    @Test func bodiesAreAllContentWithNoMainContentToLocate() throws {
        // Enough running text that a whole page like this would be placed, its last line set apart.
        let paragraphs = [
            "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from April, blaming fuel.",
            "Passengers who travel daily will be able to buy a new monthly pass, which limits the increase for commuters to four percent.",
            "The council's transport committee will discuss the change next week, and several councillors have already said that they will vote against it.",
        ]
        let body = paragraphs.map { "<p>\($0)</p>" }.joined() + "<p><a href=\"/share\">Share this story</a></p>"
        let feed = "<rss version=\"2.0\"><channel><title>The Harbour Gazette</title><item><title>Fares</title><guid>hg-1</guid>"
            + "<description><![CDATA[\(body)]]></description></item></channel></rss>"
        let document = try #require(try extract(FeedExtractor(), feed).documents.first)
        #expect(document.passages.count == 4)
        #expect(document.passages.allSatisfy { $0.hints.mainContent == nil })
    }

    @Test func atomEntriesPreferContentOverSummary() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Northwind Wire</title>
            <entry><title>Storm warning</title><id>urn:wire:1</id><link rel="alternate" href="https://wire.example/storm"/>
            <link rel="self" href="https://wire.example/storm.atom"/><published>2026-03-01T06:00:00Z</published>
            <author><name>Desk</name></author><summary>Short.</summary>
            <content type="html">&lt;p&gt;An amber warning covers the coast.&lt;/p&gt;&lt;p&gt;Ferries may be cancelled.&lt;/p&gt;</content></entry>
            <entry><title>Plain</title><id>urn:wire:2</id><summary>A plain text summary.</summary></entry></feed>
            """
        let documents = try extract(FeedExtractor(), atom, id: "wire.atom").documents
        #expect(documents.map(\.id) == ["wire.atom#urn:wire:1", "wire.atom#urn:wire:2"])
        #expect(documents[0].passages.map(\.text) == ["An amber warning covers the coast.", "Ferries may be cancelled."])
        #expect(documents[0].source.url == "https://wire.example/storm")
        #expect(documents[0].source.author == "Desk")
        #expect(documents[0].source.site == "Northwind Wire")
        #expect(documents[1].text == "A plain text summary.")
    }

    @Test func entityExpansionBombsDoNotExpand() throws {
        var bomb = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a0 \"lol lol lol lol lol lol lol lol lol lol\">"
        for level in 1...9 { bomb += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        bomb += "]><rss><channel><title>Bomb</title><item><title>x</title><description>&a9;</description></item></channel></rss>"
        let (documents, _) = try extract(FeedExtractor(), bomb)
        // Whatever libxml2 recovers, nothing is expanded to the billions of words the entities name.
        #expect(documents.allSatisfy { $0.text.utf8.count < 100_000 })
    }

    @Test func whatIsNotAFeedIsAProblem() throws {
        let (documents, problems) = try extract(FeedExtractor(), "<html><body><p>A page</p></body></html>")
        #expect(documents.isEmpty)
        #expect(problems.first?.message.contains("not an RSS or Atom feed") == true)
    }
}
