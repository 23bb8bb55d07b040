import FeedExtractor
import HTMLExtractor
import PalimpsestCore
import Testing

/// Bytes that do not fit the encoding an input declares: libxml2 stops converting there and used to
/// print its complaint to standard error unprefixed, while the text after it was lost without a word.
@Suite struct EncodingFailureTests {
    /// Text after the first paragraph holds bytes (UTF-8 for "ÿ") that ISO-2022-JP has no place for.
    static let paragraphs = "<p>The harbour authority said on Monday that fares will rise.</p><p>Then ÿ came, and the rest.</p>"

    @Test func aFeedWhoseBytesDoNotFitItsEncodingSaysWhereItStopped() throws {
        let feed = """
            <?xml version="1.0" encoding="ISO-2022-JP"?>
            <rss version="2.0"><channel><title>Gazette</title>
            <item><title>First</title><guid>one</guid><description>Work on the northern pier began on Tuesday.</description></item>
            <item><title>Second</title><guid>two</guid><description>Then ÿ came.</description></item>
            </channel></rss>
            """
        let (documents, problems) = try extract(FeedExtractor(), feed, id: "gazette.rss")
        #expect(documents.first?.id == "gazette.rss#one")
        #expect(!documents.contains { $0.text.contains("came") }, "nothing after the bytes that do not fit is read")
        let problem = try #require(problems.first { $0.message.contains("do not fit the declared character encoding") }, "\(problems)")
        #expect(problem.position != nil, "the problem says where")
    }

    @Test func aPageWhoseBytesDoNotFitItsEncodingIsKeptUpToThemWithAWarning() throws {
        let page = "<!DOCTYPE html><html><head><meta charset=\"iso-2022-jp\"><title>Fares</title></head><body>\(Self.paragraphs)</body></html>"
        let (documents, problems) = try extract(HTMLExtractor(), page, id: "page.html")
        let document = try #require(documents.first)
        #expect(document.text.contains("fares will rise"))
        let problem = try #require(problems.first { $0.message.contains("do not fit the declared character encoding") }, "\(problems)")
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("the page before it is kept"))
    }
}
