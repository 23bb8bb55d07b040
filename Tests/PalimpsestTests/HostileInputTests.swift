import Foundation
import Palimpsest
import PalimpsestTestKit
import Testing

/// The bad-input corpus: each hostile file sits beside a good one, and each must end with a clear
/// message naming the file (and position where there is one) while the good file is still read.
@Suite struct HostileInputTests {
    static let good = "The harbour authority said on Monday that fares on the island ferry will rise from April.\n"

    /// Reads `folder` (which holds `good.txt` and the hostile file) and returns the problems about `name`.
    func problems(about name: String, in folder: URL, limits: InputLimits = .standard) throws -> [InputProblem] {
        try write(Self.good, to: "good.txt", in: folder)
        let corpus = CorpusReader(limits: limits).read([folder.path])
        #expect(corpus.documents.contains { $0.id == "good.txt" }, "the good file beside \(name) is still read")
        return corpus.problems.filter { $0.location.contains(name) }
    }

    @Test func invalidUTF8AndNULBytesAreReplacedAndNamed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // NULs past the binary sniffer's first 8 KiB.
        let text = Array(String(repeating: "Plain words in a long opening paragraph. ", count: 250).utf8) + [0x00, 0x00] + Array(" more text ".utf8) + [0xFF, 0xFE] + Array(" end.".utf8)
        try write(text, to: "nul.txt", in: folder)
        let found = try problems(about: "nul.txt", in: folder)
        let problem = try #require(found.first)
        #expect(problem.position == .byte(10_250))
        #expect(problem.message.contains("NUL bytes (first at byte 10250); 2 replaced by U+FFFD"))
        #expect(problem.message.contains("invalid UTF-8 (first bad sequence at byte 10263)"))
        #expect(problem.severity == .warning)
        let document = try #require(CorpusReader().read([folder.appendingPathComponent("nul.txt").path]).documents.first)
        #expect(!document.text.unicodeScalars.contains("\u{0}"))
    }

    @Test func concatenatedGzipMembersAreOneInputAndTruncatedOnesNamed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Fixtures.gzip(Array("First member of the file, a sentence of plain words.\n\n".utf8))
        let second = try Fixtures.gzip(Array("Second member, another sentence about the ferry timetable.\n".utf8))
        try write(first + second, to: "joined.txt.gz", in: folder)
        try write(first + Array(second.prefix(second.count - 6)), to: "cut.txt.gz", in: folder)
        #expect(try problems(about: "joined.txt.gz", in: folder).isEmpty)
        let document = try #require(CorpusReader().read([folder.appendingPathComponent("joined.txt.gz").path]).documents.first)
        #expect(document.passages.count == 2)
        let cut = try #require(try problems(about: "cut.txt.gz", in: folder).first)
        #expect(cut.position == .byte(first.count + second.count - 6))
        #expect(cut.message.contains("truncated gzip stream"))
    }

    @Test func gzipBombsStopAtTheRatioOrTheTotal() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 80 MiB of one byte compresses about 1000 to 1.
        try write(try Fixtures.gzip([UInt8](repeating: 0x41, count: 80 << 20)), to: "bomb.txt.gz", in: folder)
        let byRatio = try #require(try problems(about: "bomb.txt.gz", in: folder).first)
        #expect(byRatio.message.contains("expands more than 200 times"))
        #expect(byRatio.message.contains("--max-compression-ratio"))
        let byTotal = try #require(try problems(about: "bomb.txt.gz", in: folder, limits: InputLimits(maximumDecompressedBytes: 1 << 20)).first)
        #expect(byTotal.message.contains("more than 1048576 bytes"))
    }

    @Test func aWARCRecordWithALyingContentLengthCostsOnlyItself() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func record(_ uri: String, _ text: String, claiming extra: Int = 0) -> [UInt8] {
            let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>\(text)</p></body></html>".utf8)
            return Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: \(uri)\r\nContent-Length: \(http.count + extra)\r\n\r\n".utf8) + http + Array("\r\n\r\n".utf8)
        }
        let crawl = record("https://a.example/1", "The first page of the crawl, whole.")
            + record("https://a.example/2", "A page whose length swallows the next record.", claiming: 150)
            + record("https://a.example/3", "The third page, read after all.")
            + record("https://a.example/4", "A page that claims fewer bytes than it has.", claiming: -20)
            + record("https://a.example/5", "The last page, read too.")
            + record("https://a.example/6", "A page that claims more than the file holds.", claiming: 5000)
        try write(crawl, to: "crawl.warc", in: folder)
        let found = try problems(about: "crawl.warc", in: folder)
        let documents = CorpusReader().read([folder.appendingPathComponent("crawl.warc").path]).documents
        #expect(documents.map(\.source.url) == ["https://a.example/1", "https://a.example/3", "https://a.example/5"])
        #expect(found.count == 3)
        #expect(found.filter { $0.message.contains("does not end at a record boundary") }.count == 2)
        #expect(found.contains { $0.message.contains("claims \(5000 + 100)") || $0.message.contains("input ends") })
        #expect(found.allSatisfy { if case .byte = $0.position { true } else { false } })
    }

    @Test func deeplyNestedHTMLIsSkippedWithTheLimitNamed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nested = "<html><body>" + String(repeating: "<div>", count: 100_000) + "Deep text of a few words." + String(repeating: "</div>", count: 100_000) + "</body></html>"
        try write(nested, to: "deep.html", in: folder)
        let problem = try #require(try problems(about: "deep.html", in: folder).first)
        #expect(problem.message.contains("elements nest more than 256 deep (limit: --max-html-depth); page skipped"))
        #expect(problem.position == .line(1))
        // A lower limit of the user's is kept to, with the line of the first element past it.
        try write("<html><body>\n<div>\n<div>\n<div><p>Three levels down, a paragraph of words.</p></div></div></div></body></html>", to: "three.html", in: folder)
        let lowered = try #require(try problems(about: "three.html", in: folder, limits: InputLimits(maximumHTMLDepth: 4)).first)
        #expect(lowered.message.contains("more than 4 deep"))
        #expect(lowered.position == .line(4), "the third div, fifth element down")
        #expect(try problems(about: "three.html", in: folder).isEmpty)
    }

    @Test func aJSONLinesLineOf100MBIsSkippedAndTheOthersRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = Array("{\"id\":\"before\",\"text\":\"A record before the enormous one.\"}\n{\"id\":\"huge\",\"text\":\"".utf8)
        bytes += [UInt8](repeating: 0x61, count: 100 << 20)
        bytes += Array("\"}\n{\"id\":\"after\",\"text\":\"A record after it, read all the same.\"}\n".utf8)
        try write(bytes, to: "big.jsonl", in: folder)
        let problem = try #require(try problems(about: "big.jsonl", in: folder).first)
        #expect(problem.position == .line(2))
        #expect(problem.message.contains("over the 33554432-byte line limit (--max-line-length); line skipped"))
        let ids = CorpusReader().read([folder.appendingPathComponent("big.jsonl").path]).documents.map(\.id)
        #expect(ids == ["before", "after"])
    }

    @Test func aFeedWithAnEntityExpansionBombStopsThereWithAMessage() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let entities = (1...10).map { level in
            "<!ENTITY e\(level) \"" + String(repeating: "&e\(level - 1);", count: 10) + "\">"
        }
        let feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [
            <!ENTITY e0 "laugh laugh laugh laugh laugh laugh laugh laugh laugh laugh">
            \(entities.joined(separator: "\n"))
            ]>
            <rss version="2.0"><channel><title>Bomb</title>
            <item><title>Fine</title><link>https://x.example/1</link><description>An ordinary item read before the bomb goes off.</description></item>
            <item><title>Bomb</title><link>https://x.example/2</link><description>&e10;</description></item>
            <item><title>Lost</title><link>https://x.example/3</link><description>After the bomb.</description></item>
            </channel></rss>
            """
        try write(feed, to: "bomb.rss", in: folder)
        let found = try problems(about: "bomb.rss", in: folder)
        let stop = try #require(found.first { $0.message.contains("entity-expansion bomb") })
        #expect(stop.position == .line(17), "the bomb item's line")
        #expect(stop.message.contains("the rest of the feed is skipped"))
        let documents = CorpusReader().read([folder.appendingPathComponent("bomb.rss").path]).documents
        #expect(documents.map(\.source.url) == ["https://x.example/1"])
        #expect(documents.allSatisfy { $0.text.utf8.count < 1000 })
    }

    @Test func overlongLinesAndDocumentsOfOtherFormatsAreSkipped() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("A short first line.\n" + String(repeating: "word ", count: 240) + "\n", to: "long.md", in: folder)
        let limits = InputLimits(maximumDocumentBytes: 1500, maximumLineBytes: 1000)
        let line = try #require(try problems(about: "long.md", in: folder, limits: limits).first)
        #expect(line.position == .line(2))
        #expect(line.message.contains("line is 1200 bytes, over the 1000-byte line limit (--max-line-length); file skipped"))
        // Checked on the bytes, before decoding could triple them (NULs and bad bytes become U+FFFD).
        try write(String(repeating: "A sentence of a paragraph.\n", count: 80), to: "large.txt", in: folder)
        let file = try #require(try problems(about: "large.txt", in: folder, limits: limits).first)
        #expect(file.message.contains("file is 2160 bytes, over the 1500-byte document limit (--max-document-size); skipped"))
        // A document of a many-document format is checked as it comes out.
        try write("{\"id\":\"big\",\"text\":\"" + String(repeating: "word ", count: 400) + "\"}\n{\"id\":\"small\",\"text\":\"A few words.\"}\n", to: "records.jsonl", in: folder)
        let record = try #require(try problems(about: "records.jsonl", in: folder, limits: InputLimits(maximumDocumentBytes: 1500)).first)
        #expect(record.message.contains("document 'big' is 1999 bytes of text, over the 1500-byte limit (--max-document-size); skipped"), "the text, its last space trimmed")
    }
}
