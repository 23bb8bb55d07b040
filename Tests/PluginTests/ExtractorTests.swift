import Foundation
import JSONLinesExtractor
import MarkdownExtractor
import PalimpsestCore
import Testing
import TextExtractor

/// Runs an extractor over bytes and collects what it emits.
func extract(_ extractor: any Extractor, _ text: String, id: String = "doc") throws -> (documents: [Document], problems: [InputProblem]) {
    var documents: [Document] = []
    var problems: [InputProblem] = []
    try extractor.extract(ExtractionInput(location: "in/\(id)", documentID: id, bytes: Array(text.utf8))) { item in
        switch item {
        case .document(let document): documents.append(document)
        case .problem(let problem): problems.append(problem)
        }
    }
    return (documents, problems)
}

/// Every passage's range must slice the document text to the passage text.
func expectConsistentOffsets(_ document: Document, sourceLocation: SourceLocation = #_sourceLocation) {
    let scalars = Array(document.text.unicodeScalars)
    for passage in document.passages {
        let slice = String(String.UnicodeScalarView(scalars[passage.range]))
        #expect(slice == passage.text, sourceLocation: sourceLocation)
    }
}

@Suite struct TextExtractorTests {
    @Test func paragraphsByBlankLines() throws {
        let (documents, problems) = try extract(TextExtractor(), "First para\nstill first.\n\nSecond — ünïcode.\n\n\nThird.\n")
        #expect(problems.isEmpty)
        let document = try #require(documents.first)
        #expect(document.passages.map(\.text) == ["First para\nstill first.", "Second — ünïcode.", "Third."])
        #expect(document.passages.allSatisfy { $0.role == .paragraph })
        #expect(document.source.extractor.name == "text")
        #expect(document.source.rawContentID == SHA256.digest(Array("First para\nstill first.\n\nSecond — ünïcode.\n\n\nThird.\n".utf8)))
        expectConsistentOffsets(document)
    }

    @Test func linesWhenThereAreNoBlankLines() throws {
        let document = try #require(try extract(TextExtractor(), "one line\nanother line\nthird line").documents.first)
        #expect(document.passages.map(\.text) == ["one line", "another line", "third line"])
        #expect(document.passages.allSatisfy { $0.role == .line })
        expectConsistentOffsets(document)
    }

    @Test func emptyTextIsAProblemNotADocument() throws {
        let (documents, problems) = try extract(TextExtractor(), " \n\n ")
        #expect(documents.isEmpty)
        #expect(problems.first?.severity == .error)
    }
}

@Suite struct MarkdownExtractorTests {
    let page = """
        ---
        site: The Harbour Gazette
        title: "Ferry fares to rise"
        url: https://harbourgazette.example/ferry
        author: Mara Lindqvist
        published: 2026-03-02T08:00:00Z
        retrieved: 2026-03-05
        section: Transport
        ---
        [Home](/) | [News](/news) | Sport

        # Ferry fares to rise

        The **harbour** authority said on _Monday_ that fares will rise, see [the notice](https://x.example).

        - First item
        - Second item

        > A quoted
        > block.

        ```
        code stays
        ```
        """

    @Test func frontMatterBecomesProvenance() throws {
        let document = try #require(try extract(MarkdownExtractor(), page).documents.first)
        let source = document.source
        #expect(source.site == "The Harbour Gazette")
        #expect(source.title == "Ferry fares to rise")
        #expect(source.url == "https://harbourgazette.example/ferry")
        #expect(source.author == "Mara Lindqvist")
        #expect(source.published.map(DateParsing.format) == "2026-03-02T08:00:00Z")
        #expect(source.retrieved.map(DateParsing.format) == "2026-03-05T00:00:00Z")
        #expect(source.metadata == ["section": "Transport"])
        #expect(source.extractor == PluginStamp(name: "markdown", version: "1.0.0"))
    }

    @Test func blocksAreRenderedToText() throws {
        let document = try #require(try extract(MarkdownExtractor(), page).documents.first)
        #expect(document.passages.map(\.text) == [
            "Home | News | Sport",
            "Ferry fares to rise",
            "The harbour authority said on Monday that fares will rise, see the notice.",
            "First item", "Second item", "A quoted block.", "code stays",
        ])
        #expect(document.passages.map(\.role) == [.paragraph, .heading, .paragraph, .listItem, .listItem, .quote, .code])
        #expect(document.passages[0].hints.linkDensity > 0.4)
        #expect(document.passages[2].hints.linkDensity > 0 && document.passages[2].hints.linkDensity < 0.3)
        expectConsistentOffsets(document)
    }

    @Test func badDatesAreReportedWithTheirLine() throws {
        let (documents, problems) = try extract(MarkdownExtractor(), "---\ntitle: T\npublished: soon\n---\nBody text.")
        #expect(documents.first?.source.published == nil)
        #expect(problems.first?.position == .line(3))
        #expect(problems.first?.severity == .warning)
    }

    @Test func withoutFrontMatterTheWholeFileIsBody() throws {
        let document = try #require(try extract(MarkdownExtractor(), "---\nnot closed\n\nBody").documents.first)
        #expect(document.passages.count == 2)
        #expect(document.source.title == nil)
    }
}

@Suite struct JSONLinesExtractorTests {
    @Test func oneDocumentPerLineWithMappedFields() throws {
        let lines = """
            {"id": "w1", "text": "First para.\\n\\nSecond para.", "url": "https://w.example/1", "title": "T1", "published": "2026-03-01T06:00:00Z", "site": "Wire", "desk": "north"}
            {"content": "No id here.", "metadata": {"source": "Feed", "lang": "en"}}
            """
        let (documents, problems) = try extract(JSONLinesExtractor(), lines, id: "feed.jsonl")
        #expect(problems.isEmpty)
        #expect(documents.map(\.id) == ["w1", "feed.jsonl#2"])
        #expect(documents[0].passages.map(\.text) == ["First para.", "Second para."])
        #expect(documents[0].source.site == "Wire")
        #expect(documents[0].source.title == "T1")
        #expect(documents[0].source.metadata == ["desk": "north"])
        #expect(documents[0].source.location == "in/feed.jsonl#L1")
        #expect(documents[1].source.site == "Feed")
        #expect(documents[1].source.metadata == ["lang": "en"])
        #expect(documents[0].source.rawContentID != documents[1].source.rawContentID)
    }

    @Test func malformedLinesAreNamedAndTheRestRead() throws {
        let lines = "{\"id\":\"a\",\"text\":\"fine\"}\n{not json\n[1,2]\n{\"id\":\"b\"}\n\n{\"id\":\"c\",\"text\":\"also fine\"}\n"
        let (documents, problems) = try extract(JSONLinesExtractor(), lines)
        #expect(documents.map(\.id) == ["a", "c"])
        #expect(problems.map(\.position) == [.line(2), .line(3), .line(4)])
        #expect(problems.allSatisfy { $0.severity == .error && $0.location == "in/doc" })
        #expect(problems[0].message.contains("malformed JSON"))
        #expect(problems[2].message.contains("no text field"))
    }

    @Test func customFieldMapping() throws {
        var mapping = JSONLinesExtractor.FieldMapping()
        try mapping.map("text", to: "article_body")
        try mapping.map("id", to: "guid")
        #expect(throws: JSONLinesError.unknownPart("colour")) { try mapping.map("colour", to: "x") }
        let (documents, _) = try extract(JSONLinesExtractor(mapping: mapping), "{\"guid\":\"g7\",\"article_body\":\"Body.\",\"text\":\"ignored\"}")
        #expect(documents.first?.id == "g7")
        #expect(documents.first?.text == "Body.")
    }

    /// Everything `extractor` emits for `bytes` given `chunkSize` bytes at a time.
    func streamed(_ bytes: [UInt8], chunkSize: Int, limits: InputLimits = .standard) throws -> [ExtractedItem] {
        var items: [ExtractedItem] = []
        var offset = 0
        try JSONLinesExtractor().extract(streaming: StreamingInput(location: "in/doc", documentID: "doc", limits: limits), nextChunk: {
            guard offset < bytes.count else { return nil }
            defer { offset += chunkSize }
            return Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
        }, emit: { items.append($0) })
        return items
    }

    @Test(arguments: [1, 2, 7, 64, 1 << 16]) func linesSplitAcrossChunksReadAsInOnePiece(chunkSize: Int) throws {
        // Lines cut anywhere, a multi-byte character among them, a blank line, a bad line, no final newline.
        let text = "{\"id\":\"a\",\"text\":\"Café terraces reopen\"}\n\n{broken\n{\"id\":\"b\",\"text\":\"The pier is mended\"}"
        let whole = try extract(JSONLinesExtractor(), text)
        let items = try streamed(Array(text.utf8), chunkSize: chunkSize)
        let documents = items.compactMap { if case .document(let document) = $0 { document } else { nil } }
        let problems = items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
        #expect(documents == whole.documents)
        #expect(documents.map(\.id) == ["a", "b"])
        #expect(problems == whole.problems)
        #expect(problems.map(\.position) == [.line(3)])
    }

    @Test func linesParsedTogetherComeOutInLineOrder() throws {
        // Several batches' worth of lines (parsed on all cores a batch at a time), with a malformed
        // line, a line over the limit and a line of invalid UTF-8 (a warning, then its document)
        // every few lines: everything must come out exactly in line order.
        var lines: [[UInt8]] = [], expected: [String] = []
        let filler = String(repeating: "harbour fares rise ", count: 40)
        for number in 1...1_500 {
            switch number % 7 {
            case 3:
                lines.append(Array("{broken \(number)".utf8))
                expected.append("problem \(number)")
            case 5:
                lines.append(Array("{\"id\":\"long\",\"text\":\"\(String(repeating: "x", count: 2_000))\"}".utf8))
                expected.append("problem \(number)")
            case 6:
                lines.append(Array("{\"id\":\"d\(number)\",\"text\":\"caf".utf8) + [0xFF] + Array(" \(filler)\"}".utf8))
                expected += ["problem \(number)", "document d\(number)"]
            default:
                lines.append(Array("{\"id\":\"d\(number)\",\"text\":\"\(filler)\"}".utf8))
                expected.append("document d\(number)")
            }
        }
        let bytes = Array(lines.joined(separator: [0x0A]))
        #expect(bytes.count > 3 * JSONLinesExtractor.parallelBatchBytes, "several batches")
        let items = try streamed(bytes, chunkSize: 1 << 16, limits: InputLimits(maximumLineBytes: 1_500))
        let order = items.map { item -> String in
            switch item {
            case .document(let document): "document \(document.id)"
            case .problem(let problem): if case .line(let line) = problem.position { "problem \(line)" } else { "problem" }
            default: "other"
            }
        }
        #expect(order == expected)
    }

    @Test(arguments: [3, 50]) func aLineOverTheLimitIsSkippedWithoutBeingHeld(chunkSize: Int) throws {
        let long = "{\"id\":\"long\",\"text\":\"" + String(repeating: "word ", count: 60) + "\"}"
        let text = "{\"id\":\"a\",\"text\":\"short one\"}\n" + long + "\n{\"id\":\"b\",\"text\":\"short two\"}\n" + long
        let items = try streamed(Array(text.utf8), chunkSize: chunkSize, limits: InputLimits(maximumLineBytes: 100))
        let documents = items.compactMap { if case .document(let document) = $0 { document.id } else { nil } }
        let problems = items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
        #expect(documents == ["a", "b"])
        #expect(problems.map(\.position) == [.line(2), .line(4)])
        #expect(problems.allSatisfy { $0.message.contains("line is \(long.utf8.count) bytes, over the 100-byte line limit") }, "\(problems)")
    }
}
