import FeedExtractor
import HTMLExtractor
import PalimpsestCore
import Testing
import WARCExtractor

/// Pages and feeds in every character set, declared truly, falsely or not at all: each is decoded
/// to UTF-8 once, before libxml2 reads it. libxml2 used to stop at the first byte that did not fit a
/// declaration (losing the rest of the page), and its piecewise conversion could read the same page
/// two ways (issue 14's open fuzz finding; issue 17, item 7).
@Suite struct CharacterSetTests {
    /// Runs an extractor over raw bytes.
    func extract(_ extractor: any Extractor, bytes: [UInt8], id: String) throws -> (documents: [Document], problems: [InputProblem]) {
        var documents: [Document] = []
        var problems: [InputProblem] = []
        try extractor.extract(ExtractionInput(location: "in/\(id)", documentID: id, bytes: bytes)) { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        return (documents, problems)
    }

    static func page(head: String, body: [UInt8]) -> [UInt8] {
        Array("<!DOCTYPE html><html><head>\(head)<title>Fares</title></head><body><p>".utf8) + body
            + Array("</p><p>The harbour authority said on Monday that fares will rise.</p></body></html>".utf8)
    }

    @Test(arguments: ["gb2312", "big5", "windows-1251", "ISO-2022-JP", "shift_jis"])
    func aPageDeclaringALegacySetButStoredAsUTF8IsReadWhole(charset: String) throws {
        let page = Self.page(head: "<meta charset=\"\(charset)\">", body: Array("Grüße aus 中文 und Привет.".utf8))
        let (documents, problems) = try extract(HTMLExtractor(), bytes: page, id: "page.html")
        let text = try #require(documents.first).text
        #expect(text.contains("Grüße aus 中文 und Привет."), "\(text)")
        #expect(text.contains("fares will rise"), "the rest of the page is read")
        let problem = try #require(problems.first, "the overruled declaration is reported")
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("declared \(charset), but the bytes are UTF-8"), "\(problem)")
        #expect(problem.position != nil)
    }

    @Test func aPageTrulyInALegacySetIsConverted() throws {
        // "Привет" in windows-1251, declared the old way; "中文" in GB2312 declared in a meta charset.
        let cyrillic = Self.page(
            head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">", body: [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2])
        let chinese = Self.page(head: "<!-- <meta charset=\"big5\"> --><META CHARSET=GB2312>", body: [0xD6, 0xD0, 0xCE, 0xC4])
        for (bytes, expected) in [(cyrillic, "Привет"), (chinese, "中文")] {
            let (documents, problems) = try extract(HTMLExtractor(), bytes: bytes, id: "page.html")
            #expect(try #require(documents.first).text.contains(expected))
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test func anUndeclaredPageThatIsNotUTF8IsReadAsWindows1252() throws {
        let page = Self.page(head: "", body: Array("Gr".utf8) + [0xFC, 0xDF, 0x65, 0x20, 0x93, 0x71, 0x94])
        let (documents, problems) = try extract(HTMLExtractor(), bytes: page, id: "page.html")
        #expect(try #require(documents.first).text.contains("Grüße “q”"))
        #expect(try #require(problems.first).message.contains("read as windows-1252"))
    }

    @Test func invalidBytesInAUTF8PageAreReplacedAndTheRestIsRead() throws {
        let page = Self.page(head: "<meta charset=utf-8>", body: Array("caf".utf8) + [0xE9] + Array(" au lait".utf8))
        let (documents, problems) = try extract(HTMLExtractor(), bytes: page, id: "page.html")
        let text = try #require(documents.first).text
        #expect(text.contains("caf\u{FFFD} au lait") && text.contains("fares will rise"), "\(text)")
        let problem = try #require(problems.first)
        let offset = try #require(page.firstIndex(of: 0xE9))
        #expect(problem.position == .byte(offset), "the warning names the bad byte: \(problem)")
        #expect(problem.severity == .warning)
    }

    @Test func bytesALegacySetDoesNotHaveAreReplacedAndTheRestIsRead() throws {
        // windows-1251 has no character at 0x98; everything after it is still read.
        let page = Self.page(head: "<meta charset=windows-1251>", body: [0xCF, 0xF0, 0x98, 0xE8])
        let (documents, problems) = try extract(HTMLExtractor(), bytes: page, id: "page.html")
        let text = try #require(documents.first).text
        #expect(text.contains("Пр\u{FFFD}и") && text.contains("fares will rise"), "\(text)")
        #expect(try #require(problems.first).message.contains("not in WINDOWS-1251"))
    }

    @Test func anUnknownCharacterSetIsReadAsUTF8WithAWarning() throws {
        let page = Self.page(head: "<meta charset=x-made-up>", body: Array("caf".utf8) + [0xE9] + Array(" words".utf8))
        let (documents, problems) = try extract(HTMLExtractor(), bytes: page, id: "page.html")
        #expect(try #require(documents.first).text.contains("caf\u{FFFD} words"))
        #expect(try #require(problems.first).message.contains("unknown character set \"X-MADE-UP\""))
    }

    @Test func theHTTPHeaderOverrulesThePageButNotTheBytes() throws {
        // The header says windows-1251, the page says gb2312: the header wins for legacy bytes.
        let body = Self.page(head: "<meta charset=gb2312>", body: [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2])
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        let record = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: \(http.count)\r\n\r\n".utf8) + http + Array("\r\n\r\n".utf8)
        let (documents, _) = try extract(WARCExtractor(), bytes: record, id: "crawl.warc")
        #expect(try #require(documents.first).text.contains("Привет"))
    }

    @Test func aFeedDeclaringALegacySetButStoredAsUTF8IsReadWhole() throws {
        let feed = """
            <?xml version="1.0" encoding="ISO-2022-JP"?>
            <rss version="2.0"><channel><title>Gazette</title>
            <item><title>First</title><guid>one</guid><description>Work on the northern pier began on Tuesday.</description></item>
            <item><title>Second</title><guid>two</guid><description>Then ÿ came.</description></item>
            </channel></rss>
            """
        let (documents, problems) = try extract(FeedExtractor(), bytes: Array(feed.utf8), id: "gazette.rss")
        #expect(documents.map(\.id) == ["gazette.rss#one", "gazette.rss#two"])
        #expect(documents.last?.text.contains("Then ÿ came.") == true)
        #expect(try #require(problems.first).message.contains("declared ISO-2022-JP, but the bytes are UTF-8"))
    }

    @Test func aFeedTrulyInLatin1IsConverted() throws {
        let feed = Array("<?xml version='1.0' encoding='iso-8859-1'?><rss><channel><title>T</title><item><guid>a</guid><description>Gr".utf8)
            + [0xFC, 0xDF, 0x65] + Array(" aus Bern.</description></item></channel></rss>".utf8)
        let (documents, problems) = try extract(FeedExtractor(), bytes: feed, id: "feed.rss")
        #expect(try #require(documents.first).text.contains("Grüße aus Bern."))
        #expect(problems.isEmpty, "\(problems)")
    }

    /// libxml2 2.9 converted its input in pieces, and a piece that moved its buffer in the middle of
    /// a name past 100 letters restarted the name there: one page, read twice, gave two texts.
    @Test func aLongNameReadsTheSameEveryTime() throws {
        let page = Array("<p>Line &amp; entity &".utf8) + Array(repeating: UInt8(ascii: "K"), count: 103) + [0xBF]
            + Array("footer &#8212; words</p><footer>© Harbour Gazette · <a href=\"#\">Share</a></footer>".utf8)
        var texts: Set<String> = []
        for encoding in ["utf-8", "iso-8859-1"] {
            let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\(encoding)\r\n\r\n".utf8) + page
            let record = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: \(http.count)\r\n\r\n".utf8) + http
            for _ in 0..<40 {
                let (documents, _) = try extract(WARCExtractor(), bytes: record, id: "crawl.warc")
                texts.insert(try #require(documents.first).text)
            }
        }
        #expect(texts.count == 2, "one text per charset, the same on every reading: \(texts.count)")
        #expect(texts.allSatisfy { $0.contains(String(repeating: "K", count: 103)) }, "the whole name is kept")
    }
}
