import HTMLExtractor
import PalimpsestCore
import Testing

@Suite struct HTMLExtractorTests {
    let page = """
        <!DOCTYPE html>
        <html lang="en-GB"><head>
        <title>Ferry fares to rise | The Harbour Gazette</title>
        <meta property="og:site_name" content="The Harbour Gazette">
        <meta property="article:published_time" content="2026-03-02T08:00:00Z">
        <link rel="canonical" href="https://harbourgazette.example/ferry">
        <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Ferry fares to rise in April",
          "author":[{"@type":"Person","name":"Mara Lindqvist"}],"publisher":{"name":"Harbour Gazette Media"}}]}</script>
        <style>p { color: red }</style>
        </head><body>
        <nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
        <article>
        <h1>Ferry fares to rise in April</h1>
        <p>The harbour authority said on   Monday that <b>fares</b> will rise, see <a href="/notice">the notice</a>.</p>
        <p>Passengers<br>who travel daily</p>
        <script>var tracking = "never text";</script>
        <template><p>hidden</p></template>
        <table><tr><td>Cell one</td><td>Cell two</td></tr></table>
        <blockquote>A quoted line.</blockquote>
        </article>
        <footer id="site-footer"><p>&copy; 2026 The Harbour Gazette</p></footer>
        </body></html>
        """

    @Test func blocksFollowTheStructure() throws {
        let document = try #require(try extract(HTMLExtractor(), page).documents.first)
        #expect(document.passages.map(\.text) == [
            "Home", "News", "Ferry fares to rise in April",
            "The harbour authority said on Monday that fares will rise, see the notice.",
            "Passengers\nwho travel daily", "Cell one", "Cell two", "A quoted line.", "© 2026 The Harbour Gazette",
        ])
        #expect(document.passages.map(\.role) == [.listItem, .listItem, .heading, .paragraph, .paragraph, .paragraph, .paragraph, .quote, .paragraph])
        #expect(!document.text.contains("tracking"))
        #expect(!document.text.contains("hidden"))
        #expect(!document.text.contains("color"))
        expectConsistentOffsets(document)
    }

    @Test func hintsCarryPathsLabelsAndLinks() throws {
        let passages = try #require(try extract(HTMLExtractor(), page).documents.first).passages
        #expect(passages[0].hints.path.contains("nav"))
        #expect(passages[0].hints.labelWords.contains("site"))
        #expect(passages[0].hints.linkDensity == 1)
        #expect(passages[3].hints.linkDensity > 0 && passages[3].hints.linkDensity < 0.3)
        #expect(passages[8].hints.labelWords == ["footer", "site"])
    }

    @Test func metadataBecomesProvenance() throws {
        let source = try #require(try extract(HTMLExtractor(), page).documents.first).source
        #expect(source.title == "Ferry fares to rise in April")
        #expect(source.site == "The Harbour Gazette")
        #expect(source.publisher == "Harbour Gazette Media")
        #expect(source.author == "Mara Lindqvist")
        #expect(source.url == "https://harbourgazette.example/ferry")
        #expect(source.published.map(DateParsing.format) == "2026-03-02T08:00:00Z")
        #expect(source.metadata["lang"] == "en-GB")
        #expect(source.extractor.name == "html")
    }

    @Test func declaredLegacyCharsetsAreDecoded() throws {
        let bytes: [UInt8] = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>Caf".utf8) + [0xE9, 0x20, 0x93, 0x6F, 0x6B, 0x94]
            + Array("</p></body></html>".utf8)
        var documents: [Document] = []
        try HTMLExtractor().extract(ExtractionInput(location: "cp1252.html", documentID: "cp1252.html", bytes: bytes)) { item in
            if case .document(let document) = item { documents.append(document) }
        }
        #expect(documents.first?.text == "Café “ok”")
    }

    @Test func brokenMarkupIsRecovered() throws {
        let document = try #require(try extract(HTMLExtractor(), "<div><p>First <b>bold<p>Second</div></span>Third").documents.first)
        #expect(document.passages.map(\.text) == ["First bold", "Second", "Third"])
    }

    @Test func pagesWithoutTextAreAProblem() throws {
        let (documents, problems) = try extract(HTMLExtractor(), "<html><head><title>T</title></head><body><script>x()</script></body></html>")
        #expect(documents.isEmpty)
        #expect(problems.first?.message.contains("no text") == true)
    }
}
