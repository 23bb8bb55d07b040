import HTMLExtractor
import PalimpsestCore
import Testing

/// The HTML extractor's main-content placement (`MainContentLocator` in PalimpsestMarkup), seen
/// through the passages' hints and the boilerplate verdicts they lead to.
@Suite struct MainContentTests {
    /// A news page: masthead navigation, a story whose standfirst sits in the story's header beside
    /// its body, a share bar and a comment thread after the body, a sidebar and a site footer.
    static let story = """
        <!DOCTYPE html>
        <html lang="en"><head><title>Tide tables move online | Coastline Courier</title>
        <meta property="og:title" content="Tide tables move online">
        <meta property="og:site_name" content="Coastline Courier">
        </head>
        <body class="has-sidebar header-sticky">
        <header class="masthead"><nav><ul><li><a href="/">Home</a></li><li><a href="/harbour">Harbour</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
        <div class="layout">
        <main class="story">
        <header class="story-header">
        <h1>Tide tables move online</h1>
        <p class="standfirst">The printed tide tables that fishing crews have bought at the harbour office for sixty years will give way to a free page on the council website this spring.</p>
        </header>
        <div class="story-body">
        <p>The harbour office said on Tuesday that it would stop printing the yellow booklet after the March edition, because sales have fallen by half in five years and most skippers now check the tides on their phones before they leave the quay.</p>
        <p>The new page also lists sunrise times.</p>
        <p>Older crews are less pleased. Several told the office that a booklet works in a wet wheelhouse where a phone does not, and the fishermen's association has asked for a small print run to continue for members who want one.</p>
        <p>The council expects the change to save about four thousand pounds a year, which it says will go towards new lighting on the north pier, where two people slipped and were hurt during the winter storms.</p>
        <div class="share-tools"><a href="/share">Share</a> <a href="/print">Print this story</a></div>
        <section class="comments"><h2>3 comments</h2>
        <p>My grandfather sold those booklets from the chandlery for years, and I still keep one in the car. It is a shame to see them go, but I understand why the office has made the change.</p>
        </section>
        </div>
        </main>
        <aside class="sidebar"><h2>Most read</h2><p>Lifeboat crew honoured for a night rescue off the point, with a medal from the national institution.</p></aside>
        </div>
        <footer><p>The Coastline Courier is written and edited in the old customs house by the quay, and has been published every Thursday since 1887 by the Coastline Courier cooperative of its readers and staff.</p></footer>
        </body></html>
        """

    /// Beginnings of the story's passages in its main content: the standfirst, then the body.
    static let inside = ["The printed tide tables", "The harbour office said", "The new page also lists", "Older crews", "The council expects"]
    /// Beginnings of the passages around it.
    static let outside = [
        "Home", "Harbour", "Weather", "Tide tables move online", "Share Print this story", "3 comments", "My grandfather",
        "Most read", "Lifeboat crew", "The Coastline Courier is written",
    ]

    /// The story, extracted.
    func storyDocument() throws -> Document {
        try #require(try extract(HTMLExtractor(), Self.story).documents.first)
    }

    /// The first passage of `document` that begins with `prefix`.
    func passage(_ document: Document, _ prefix: String) throws -> Passage {
        try #require(document.passages.first(where: { $0.text.hasPrefix(prefix) }), "no passage begins with \(prefix)")
    }

    @Test func theElementThatGathersTheParagraphsIsTheMainContent() throws {
        let document = try storyDocument()
        for prefix in Self.inside {
            #expect(try passage(document, prefix).hints.mainContent == .inside, "\(prefix)")
        }
        for prefix in Self.outside {
            #expect(try passage(document, prefix).hints.mainContent == .outside, "\(prefix)")
        }
        #expect(document.passages.count == Self.inside.count + Self.outside.count)
        expectConsistentOffsets(document)
    }

    @Test func passagesInsideAnswerOnlyForTheirOwnRegion() throws {
        let document = try storyDocument()
        // `<body class="has-sidebar header-sticky">` names the page, not the paragraph's region.
        let line = try passage(document, "The new page also lists")
        #expect(line.hints.path == ["p"])
        #expect(line.hints.labelWords.isEmpty)
        // The standfirst joins the main content as a region of its own, whatever its header is called.
        let standfirst = try passage(document, "The printed tide tables")
        #expect(standfirst.hints.path.isEmpty)
        #expect(standfirst.hints.labelWords.isEmpty)
        // Passages outside keep every element and word around them.
        let sidebar = try passage(document, "Lifeboat crew")
        #expect(sidebar.hints.path == ["html", "body", "div", "aside", "p"])
        #expect(sidebar.hints.labelWords == ["has", "header", "layout", "sidebar", "sticky"])
    }

    @Test func whatLiesOutsideIsBoilerplateWhateverItsLength() throws {
        let document = try storyDocument()
        let analyzed = try #require(Analyzer().analyze([document]).documents.first).passages
        func verdict(_ prefix: String) throws -> AnalyzedPassage {
            try #require(analyzed.first(where: { $0.passage.text.hasPrefix(prefix) }), "no passage begins with \(prefix)")
        }
        // The footer and the reader's comment are longer than any short-passage rule reads.
        for prefix in ["The Coastline Courier is written", "My grandfather"] {
            #expect(try verdict(prefix).kind == .boilerplate, "\(prefix)")
            #expect(try verdict(prefix).rule == "single-page:outside-main-content", "\(prefix)")
        }
        for prefix in Self.outside where prefix != "Tide tables move online" {
            #expect(try verdict(prefix).kind == .boilerplate, "\(prefix)")
        }
        // The headline stands beside the story's body, but a headline is never boilerplate.
        #expect(try verdict("Tide tables move online").kind == .content)
        // The short line would be a furniture-region passage if the body's class words still counted.
        for prefix in Self.inside {
            #expect(try verdict(prefix).kind == .content, "\(prefix)")
        }
    }

    @Test func aPageWithLittleRunningTextIsLeftUnplaced() throws {
        let page = """
            <html><body class="has-sidebar"><nav><a href="/">Home</a></nav>
            <main><h1>Opening hours</h1><p>Monday to Friday, nine to five.</p><ul><li>Saturday: ten to one</li></ul></main>
            <footer>Harbour office</footer></body></html>
            """
        let document = try #require(try extract(HTMLExtractor(), page).documents.first)
        #expect(document.passages.allSatisfy { $0.hints.mainContent == nil })
        #expect(try passage(document, "Monday to Friday").hints.labelWords == ["has", "sidebar"])
    }

    @Test func aNoScriptRenderingOfThePageIsRead() throws {
        let page = """
            <!DOCTYPE html><html><head><title>Winter moorings</title></head><body><div id="app"></div>
            <noscript><img src="/pixel.gif" alt=""></noscript>
            <noscript><div class="warning">Please turn on scripts to use this forum.</div></noscript>
            <noscript data-path="/t/winter-moorings"><h1>Winter moorings</h1><p>Has anyone found a mooring for the winter that is sheltered from the east?</p></noscript>
            <button class="subscribe">Subscribe</button>
            </body></html>
            """
        let document = try #require(try extract(HTMLExtractor(), page).documents.first)
        #expect(document.passages.map(\.text) == ["Winter moorings", "Has anyone found a mooring for the winter that is sheltered from the east?"])
    }

    @Test func aButtonThatSwallowedThePageIsRead() throws {
        // libxml2 keeps the rest of the page inside the button when a `<div>` in it is never closed.
        let page = """
            <!DOCTYPE html><html><head><title>Pier lights</title></head><body>
            <header><button class="menu-toggle"><div class="icon">Menu</button></header>
            <main><h1>Pier lights</h1><p>New lamps went up along the north pier on Friday.</p></main>
            </body></html>
            """
        let document = try #require(try extract(HTMLExtractor(), page).documents.first)
        #expect(document.passages.map(\.text) == ["Menu", "Pier lights", "New lamps went up along the north pier on Friday."])
    }
}
