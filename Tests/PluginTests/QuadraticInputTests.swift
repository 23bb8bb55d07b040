import FeedExtractor
import HTMLExtractor
import MarkdownExtractor
import PalimpsestCore
import Testing

/// Inputs shaped to make a parser do quadratic work: each is read (or refused) in time linear in its
/// size. The sizes are bounded, and so is the time, by a one-minute limit that quadratic work on
/// these sizes would exceed many times over (the behaviour, not the speed, is what is asserted).
@Suite struct QuadraticInputTests {
    // MARK: - Markdown inline links

    @Test(.timeLimit(.minutes(1)))
    func aLineOfOpeningBracketsIsReadInLinearTime() throws {
        // 400,000 `[`: each used to search the rest of the line for its `]` (100 KB took 17 s).
        let line = String(repeating: "[", count: 400_000)
        let (documents, problems) = try extract(MarkdownExtractor(), line + "\n")
        #expect(problems.isEmpty)
        #expect(documents.first?.passages.map(\.text) == [line], "no `]` follows, so every `[` is text")
    }

    @Test(.timeLimit(.minutes(1)))
    func unclosedLinkTargetsAreReadInLinearTime() throws {
        // `[a](` over and over: each used to search the rest of the line for a `)`.
        let line = String(repeating: "[a](", count: 100_000)
        let (documents, problems) = try extract(MarkdownExtractor(), line + "\n")
        #expect(problems.isEmpty)
        #expect(documents.first?.passages.map(\.text) == [line], "no `)` follows, so no `[` opens a link")
    }

    @Test func linksAndImagesStillRenderToTheirText() throws {
        let (documents, _) = try extract(MarkdownExtractor(), "See [the *notice*](https://x.example/n) and ![a chart](c.png), [not a link] (x) and \\[escaped\\].\n")
        let passage = try #require(documents.first?.passages.first)
        #expect(passage.text == "See the notice and a chart, [not a link] (x) and [escaped].")
        #expect(passage.hints.linkDensity == Double("the notice".count) / Double(passage.text.count))
    }

    // MARK: - HTML and feed elements with many attributes

    /// A page whose `<div>` has `count` attributes, after `prefix`.
    static func page(attributes count: Int, prefix: String = "<!DOCTYPE html>\n<html><body>\n<p>Intro text.</p>\n") -> String {
        prefix + "<div " + (0..<count).map { "a\($0)=\"\($0)\"" }.joined(separator: " ") + ">Body text of the page.</div></body></html>\n"
    }

    @Test func anElementWithTooManyAttributesIsRefusedWithItsByteOffset() throws {
        let prefix = "<!DOCTYPE html>\n<html><body>\n<p>Intro text.</p>\n"
        let (documents, problems) = try extract(HTMLExtractor(), Self.page(attributes: 2_000, prefix: prefix), id: "wide.html")
        #expect(documents.isEmpty)
        let problem = try #require(problems.first)
        #expect(problem.location == "in/wide.html")
        #expect(problem.position == .byte(prefix.utf8.count))
        #expect(problem.message.contains("more than 1024 attributes"), "\(problem)")
    }

    @Test func anElementAtTheLimitIsRead() throws {
        let (documents, problems) = try extract(HTMLExtractor(), Self.page(attributes: 1_024))
        #expect(problems.isEmpty)
        #expect(documents.first?.passages.map(\.text) == ["Intro text.", "Body text of the page."])
    }

    @Test func attributeLikeTextInScriptsAndCommentsIsNotCounted() throws {
        let words = (0..<2_000).map { "w\($0)" }.joined(separator: " ")
        let html = "<html><body><script>if (a <b \(words)) {}</script><!-- <i \(words)> --><p>Body text.</p></body></html>"
        let (documents, problems) = try extract(HTMLExtractor(), html)
        #expect(problems.isEmpty)
        #expect(documents.first?.passages.map(\.text) == ["Body text."])
    }

    @Test(.timeLimit(.minutes(1)))
    func eightyThousandAttributesAreRefusedBeforeLibxml2() throws {
        // libxml2 compares every attribute with every other: this element took it 14 s.
        let (documents, problems) = try extract(HTMLExtractor(), Self.page(attributes: 80_000))
        #expect(documents.isEmpty)
        #expect(problems.count == 1)
    }

    @Test func aFeedWithAnElementOfTooManyAttributesIsRefused() throws {
        let attributes = (0..<2_000).map { "a\($0)=\"\($0)\"" }.joined(separator: " ")
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Gazette</title>\n"
        let rss = head + "<item \(attributes)><title>T</title><description>Body.</description></item></channel></rss>\n"
        let (documents, problems) = try extract(FeedExtractor(), rss, id: "wide.rss")
        #expect(documents.isEmpty)
        let problem = try #require(problems.first)
        #expect(problem.message.contains("byte \(head.utf8.count)"), "\(problem)")
        #expect(problem.message.contains("more than 1024 attributes"), "\(problem)")
    }
}
