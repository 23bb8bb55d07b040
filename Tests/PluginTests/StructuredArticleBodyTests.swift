import Foundation
import HTMLExtractor
import PalimpsestCore
import Testing

/// Articles a page ships only in its JSON-LD `articleBody` are recovered; articles the page shows
/// are never added twice.
@Suite struct StructuredArticleBodyTests {
    static let body = [
        "The lighthouse on Gull Point will be lit again in June for the first time since its lamp was removed in the storm of the winter before last, the coastal trust said on Monday.",
        "Volunteers have spent two summers restoring the lantern room, replacing forty panes of glass and repainting the iron gallery that rings the top of the tower above the cliff path.",
        "The trust says the light will not guide shipping, which relies on satellite navigation now, but will shine for an hour after dusk on weekends as a memorial to the keepers.",
    ]

    /// A page that shows `shown` in its markup and states `body` in its structured data.
    static func page(showing shown: [String]) -> String {
        let jsonBody = body.joined(separator: "\\n\\n")
        return """
            <!DOCTYPE html><html lang="en"><head><title>Gull Point light returns</title>
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Gull Point light returns", "articleBody": "\(jsonBody)"}</script>
            </head><body><nav><a href="/">Home</a> <a href="/coast">Coast</a></nav>
            <main><h1>Gull Point light returns</h1>\(shown.map { "<p>\($0)</p>" }.joined())</main>
            <footer>Coastal Trust news, all rights reserved</footer></body></html>
            """
    }

    @Test func aBodyOnlyInStructuredDataBecomesContent() throws {
        let document = try #require(try extract(HTMLExtractor(), Self.page(showing: [])).documents.first)
        for paragraph in Self.body {
            let passage = try #require(document.passages.first { $0.text == paragraph }, "the structured paragraph is a passage")
            #expect(passage.hints.mainContent == .inside)
        }
        let result = Analyzer().analyze([document])
        #expect(result.documents[0].passages.filter { Self.body.contains($0.passage.text) }.allSatisfy { $0.kind == .content })
    }

    @Test func aShownBodyIsNotAddedAgain() throws {
        let document = try #require(try extract(HTMLExtractor(), Self.page(showing: Self.body)).documents.first)
        for paragraph in Self.body {
            #expect(document.passages.filter { $0.text == paragraph }.count == 1)
        }
    }

    @Test func aBodyWithoutParagraphBreaksIsComparedSentenceBySentence() throws {
        // Structured bodies often run paragraphs together: "…keepers.The trust…".
        let runTogether = Self.page(showing: [Self.body[0]]).replacingOccurrences(of: "\\n\\n", with: "")
        let document = try #require(try extract(HTMLExtractor(), runTogether).documents.first)
        #expect(document.passages.filter { $0.text.contains("lit again in June") }.count == 1, "the shown sentence is not added again")
        #expect(document.passages.contains { $0.text.hasPrefix("Volunteers have spent two summers") })
    }

    @Test func onlyTheMissingPartIsAddedWhenMostIsMissing() throws {
        let document = try #require(try extract(HTMLExtractor(), Self.page(showing: [Self.body[0]])).documents.first)
        #expect(document.passages.filter { $0.text == Self.body[0] }.count == 1)
        #expect(document.passages.contains { $0.text == Self.body[2] })
    }
}
