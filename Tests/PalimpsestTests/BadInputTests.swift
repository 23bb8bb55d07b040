import Foundation
import Palimpsest
import PalimpsestTestKit
import Testing

/// Bad inputs get a clear message naming the file and position; the run goes on with the rest.
@Suite struct BadInputTests {
    let good = "---\ntitle: Good\nsite: S\n---\nThe council met on Tuesday and agreed the budget for the coming year without a vote.\n"

    func read(_ folder: URL) -> CorpusReader.Corpus {
        CorpusReader().read([folder.path])
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Array("Fine start, then ".utf8) + [0xC3, 0x28] + Array(" and more text here.".utf8), to: "bad.txt", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.count == 1)
        #expect(corpus.documents[0].text.contains("\u{FFFD}"))
        let problem = try #require(corpus.problems.first)
        #expect(problem.location.hasSuffix("bad.txt"))
        #expect(problem.position == .byte(17))
        #expect(problem.severity == .warning)
    }

    @Test func binaryFilesAreSkipped() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], to: "image.txt", in: folder)
        try write(good, to: "good.md", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id) == ["good.md"])
        #expect(corpus.problems.count == 1)
        #expect(corpus.problems[0].location.hasSuffix("image.txt"))
        #expect(corpus.problems[0].message.contains("binary"))
    }

    @Test func gzipInputsAreReadAndTruncatedOnesNamed() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let compressed = try Fixtures.gzip(Array(good.utf8))
        try write(compressed, to: "whole.md.gz", in: folder)
        let long = try Fixtures.gzip(Array(String(repeating: "Many words make a long text that compresses well. ", count: 400).utf8))
        try write(Array(long.prefix(long.count / 2)), to: "cut.txt.gz", in: folder)
        let lines = "{\"id\":\"j1\",\"text\":\"First item of a compressed feed with enough words in it.\"}\n"
        try write(try Fixtures.gzip(Array(lines.utf8)), to: "feed.jsonl.gz", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id).sorted() == ["j1", "whole.md"])
        #expect(corpus.documents.first { $0.id == "whole.md" }?.source.extractor.name == "markdown")
        #expect(corpus.documents.first { $0.id == "whole.md" }?.source.rawContentID == SHA256.digest(compressed))
        let problem = try #require(corpus.problems.first)
        #expect(problem.location.hasSuffix("cut.txt.gz"))
        #expect(problem.position == .byte(long.count / 2))
        #expect(problem.message.contains("truncated gzip"))
    }

    @Test func malformedJSONLinesAreNamedAndTheRestRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"Three.\"}\n", to: "feed.jsonl", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id) == ["a", "c"])
        #expect(corpus.problems.map(\.position) == [.line(2)])
        #expect(corpus.problems[0].description.contains("feed.jsonl: line 2: error: malformed JSON"))
    }

    @Test func emptyFilesAndFoldersAreReported() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("", to: "empty.txt", in: folder)
        try write("   \n\n", to: "blank.md", in: folder)
        try write(good, to: "good.md", in: folder)
        let emptyFolder = folder.appendingPathComponent("nothing")
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        let corpus = CorpusReader().read([folder.path, emptyFolder.path, folder.appendingPathComponent("missing.txt").path])
        #expect(corpus.documents.map(\.id) == ["good.md"])
        let messages = corpus.problems.map(\.description)
        #expect(messages.contains { $0.contains("nothing: error: folder holds no files") })
        #expect(messages.contains { $0.contains("missing.txt: error: no such file") })
        #expect(messages.contains { $0.contains("empty.txt: error: empty file") })
        #expect(messages.contains { $0.contains("blank.md: error: no text") })
    }

    @Test func aJSONLinesFileOfBlankLinesIsReported() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("\n   \n\n", to: "blank.jsonl", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.isEmpty)
        #expect(corpus.problems.first?.message.contains("only blank") == true)
    }

    @Test func linkLoopsAreWalkedOnce() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(good, to: "a/page.md", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a/loop").path, withDestinationPath: folder.appendingPathComponent("a").path)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id) == ["a/page.md"])
    }

    @Test func duplicateIdsAreRenamedNotLost() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("{\"id\":\"x\",\"text\":\"One.\"}\n{\"id\":\"x\",\"text\":\"Two.\"}\n", to: "feed.jsonl", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id) == ["x", "x#2"])
        #expect(corpus.problems.first?.severity == .warning)
    }

    @Test func sidecarsAndIgnoreFilesShapeTheCorpus() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("A press release of a few words.\n\nAnd a second paragraph.", to: "release.txt", in: folder)
        try write("{\"site\": \"Water Board\", \"published\": \"2026-03-01\", \"owner\": \"press office\"}", to: "release.txt.meta.json", in: folder)
        try write("notes.md\n# comment\ndrafts/\n", to: ".palimpsestignore", in: folder)
        try write(good, to: "notes.md", in: folder)
        try write(good, to: "drafts/one.md", in: folder)
        let corpus = read(folder)
        #expect(corpus.documents.map(\.id) == ["release.txt"])
        let source = corpus.documents[0].source
        #expect(source.site == "Water Board")
        #expect(source.published.map(DateParsing.format) == "2026-03-01T00:00:00Z")
        #expect(source.metadata == ["owner": "press office"])
    }
}

@Suite struct CompressedCrawlTests {
    @Test func aWARCWithOneGzipMemberPerRecordIsRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func record(_ uri: String, _ text: String) -> [UInt8] {
            let body = Array("<html><body><p>\(text)</p></body></html>".utf8)
            let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".utf8) + body
            return Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: 2026-03-14T10:00:00Z\r\nContent-Length: \(http.count)\r\n\r\n".utf8)
                + http + Array("\r\n\r\n".utf8)
        }
        let members = try Fixtures.gzip(record("https://a.example/1", "First page of the crawl."))
            + Fixtures.gzip(record("https://a.example/2", "Second page of the crawl."))
        try write(members, to: "crawl.warc.gz", in: folder)
        let corpus = CorpusReader().read([folder.path])
        #expect(corpus.problems.isEmpty)
        #expect(corpus.documents.map(\.id) == ["crawl.warc#https://a.example/1", "crawl.warc#https://a.example/2"])
        #expect(corpus.documents.allSatisfy { $0.source.extractor.name == "warc" })
    }
}
