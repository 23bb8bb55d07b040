import Foundation
import Palimpsest
import PalimpsestTestKit
import Testing

/// One corpus in every input format: the same article as Markdown, an HTML page, a WARC response,
/// a feed item, plain text and gzipped JSON Lines must come out as one cluster, and every exporter
/// must write the result.
@Suite struct MixedFormatsTests {
    static let paragraphs = [
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs and the repair of the northern pier.",
        "Passengers who travel daily will be able to buy a new monthly pass, which the authority says will limit the increase for commuters to about four percent over the year.",
        "The council's transport committee will discuss the change next week, and several councillors have already said they will ask for the pier repairs to be paid from reserves.",
    ]

    static func html(_ title: String) -> String {
        "<!DOCTYPE html><html><head><title>\(title)</title><meta property=\"article:published_time\" content=\"2026-03-03T08:00:00Z\"></head><body>"
            + "<nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav><article><h1>\(title)</h1>"
            + paragraphs.map { "<p>\($0)</p>" }.joined() + "</article></body></html>"
    }

    func writeCorpus(in folder: URL) throws {
        try write("---\ntitle: Ferry fares to rise\nsite: The Harbour Gazette\npublished: 2026-03-02T08:00:00Z\n---\n# Ferry fares to rise\n\n"
            + Self.paragraphs.joined(separator: "\n\n"), to: "origin.md", in: folder)
        try write(Self.html("Island ferry fares going up"), to: "page.html", in: folder)
        let body = Array(Self.html("Ferry fares rise again").utf8)
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".utf8) + body
        let record = Array("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://copy.example/ferry\r\nWARC-Date: 2026-03-05T10:00:00Z\r\nContent-Length: \(http.count)\r\n\r\n".utf8)
            + http + Array("\r\n\r\n".utf8)
        try write(try Fixtures.gzip(record), to: "crawl.warc.gz", in: folder)
        let feedBody = Self.paragraphs.map { "&lt;p&gt;\($0)&lt;/p&gt;" }.joined()
        try write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coast Aggregator</title><item><title>Fares</title>"
            + "<guid>agg-1</guid><pubDate>Wed, 04 Mar 2026 09:00:00 +0000</pubDate><description>\(feedBody)</description></item></channel></rss>",
            to: "aggregator.xml", in: folder)
        try write(Self.paragraphs.joined(separator: "\n\n"), to: "copy.txt", in: folder)
        let line = try JSONSerialization.data(withJSONObject: ["id": "j1", "text": Self.paragraphs.joined(separator: "\n\n"), "published": "2026-03-06"])
        try write(try Fixtures.gzip(Array(line) + [0x0A]), to: "dump.jsonl.gz", in: folder)
    }

    @Test func everyFormatJoinsOneCluster() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeCorpus(in: folder)
        let (result, inputs) = Scan().run([folder.path])
        #expect(inputs == 6)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let extractors = Set(result.documents.map(\.document.source.extractor.name))
        #expect(extractors == ["markdown", "html", "warc", "feed", "text", "jsonl"])
        #expect(result.clusters.count == 1)
        #expect(result.clusters.first?.origin == "origin.md")
        #expect(result.clusters.first?.members.count == 6)

        for exporter in PluginRegistry.builtin.exporters {
            let writer = ExportWriter.inMemory()
            try exporter.export(result, to: writer)
            #expect(!writer.contents.isEmpty, "\(exporter.stamp.name) wrote nothing")
        }
    }

    @Test func badInputOfEachFormatIsNamedAndTheRunGoesOn() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.paragraphs[0], to: "good.txt", in: folder)
        let warc = try Fixtures.gzip(Array("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>cut".utf8))
        try write(Array(warc.prefix(warc.count - 12)), to: "truncated.warc.gz", in: folder)
        try write("<html><body><p>Broken <b>markup <div>that still <p>reads", to: "broken.html", in: folder)
        try write("<rss><channel><title>Empty</title></channel></rss>", to: "empty.rss", in: folder)
        try write(Array("<html><head><meta charset=\"utf-8\"></head><body><p>Caf".utf8) + [0xE9] + Array(" in Latin-1 bytes.</p></body></html>".utf8),
                  to: "wrong-charset.html", in: folder)
        let corpus = CorpusReader().read([folder.path])
        let ids = corpus.documents.map(\.id)
        #expect(ids.contains("good.txt"))
        #expect(ids.contains("broken.html"))
        #expect(ids.contains("wrong-charset.html"))
        #expect(corpus.documents.first { $0.id == "broken.html" }?.text.contains("that still") == true)
        let messages = corpus.problems.map(\.description)
        #expect(messages.contains { $0.contains("truncated.warc.gz") && $0.contains("gzip") })
        #expect(messages.contains { $0.contains("empty.rss") && $0.contains("no items") })
    }
}
