import CSVExporter
import CleanedCorpusExporter
import Foundation
import GraphExporter
import HTMLReportExporter
import JSONLinesExporter
import MarkdownReportExporter
import PalimpsestCore
import Testing

/// A small analysed corpus: an origin with a teaser and chrome, and a repost of it.
func sampleResult() -> AnalysisResult {
    let lead = "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs."
    let body = "Passengers who travel daily will be able to buy a new monthly pass, which the authority says will limit the increase for commuters, \"about four percent\"."
    let third = "The council's transport committee will discuss the change next week, and several councillors will ask for the pier repairs to be paid from reserves."
    func document(_ id: String, site: String, published: String, _ blocks: [String]) -> Document {
        var builder = DocumentBuilder()
        for block in blocks { builder.append(block) }
        return builder.build(id: id, source: SourceRecord(
            location: id, site: site, title: "Ferry fares | rise", published: DateParsing.parse(published),
            extractor: PluginStamp(name: "test", version: "0")))
    }
    let origin = document("origin.md", site: "Gazette", published: "2026-03-01T08:00:00Z", [
        "Ferry fares | rise", lead, body, third, "The harbour authority said on Monday that fares on the island ferry will rise…", "Share this article",
    ])
    let repost = document("repost.md", site: "Hive, Inc.", published: "2026-03-02T08:00:00Z", ["Ferry fares | rise", lead, body, third])
    return Analyzer().analyze([origin, repost])
}

/// Any JSON value the exporter writes (it writes no booleans), encoded by Foundation's `JSONEncoder`: the oracle the exporter's own writer is
/// held to, byte for byte.
private enum EncodedByFoundation: Encodable {
    case null, int(Int), double(Double), string(String), array([EncodedByFoundation]), object([String: EncodedByFoundation])

    init(_ value: Any) {
        switch value {
        case is NSNull: self = .null
        case let number as NSNumber: self = number.doubleValue == number.doubleValue.rounded() && abs(number.doubleValue) < 1e15 ? .int(number.intValue) : .double(number.doubleValue)
        case let string as String: self = .string(string)
        case let array as [Any]: self = .array(array.map(EncodedByFoundation.init))
        case let object as [String: Any]: self = .object(object.mapValues(EncodedByFoundation.init))
        default: self = .null
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

@Suite struct JSONLinesExporterTests {
    @Test func writesTheBytesFoundationsEncoderWritesForTheSameValues() throws {
        // Hostile strings everywhere a string goes: control characters, quotes, backslashes,
        // slashes, separators, non-ASCII and astral scalars, and metadata keys whose sorted
        // order differs between bytes and case-insensitive or numeric comparisons.
        let hostile = "Q\"u\\o/te\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}\u{2028}\u{2029} tab\tline\r\nend é ﬁ 😀"
        var builder = DocumentBuilder()
        for block in ["A first paragraph that runs long enough to be shingled, \(hostile).", "Share this \(hostile)", hostile] { builder.append(block) }
        let document = builder.build(id: "id \(hostile)", source: SourceRecord(
            location: "dir/\(hostile).md", url: "https://example.org/a/b?c=\"d\"", site: hostile, title: hostile, author: nil,
            published: DateParsing.parse("2026-03-01"), extractor: PluginStamp(name: "test\u{1}", version: "0\""),
            metadata: ["B": "1", "a": hostile, "_x": "", "10": "4", "9": "5", "é": "6", "Z": "7", "a b": "8", "ä": "9", "😀": "10"]))
        let writer = ExportWriter.inMemory()
        let result = Analyzer().analyze([document] + sampleResult().documents.map(\.document))
        try JSONLinesExporter().export(result, to: writer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = writer.contents.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            let expected = String(decoding: try encoder.encode(EncodedByFoundation(parsed)), as: UTF8.self)
            #expect(String(line) == expected)
        }
    }

    @Test func oneObjectPerDocumentWithTheDocumentedFields() throws {
        let writer = ExportWriter.inMemory()
        try JSONLinesExporter().export(sampleResult(), to: writer)
        let lines = writer.contents.split(separator: "\n")
        #expect(lines.count == 2)
        let origin = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let repost = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(origin["id"] as? String == "origin.md")
        #expect((origin["content_id"] as? String)?.hasPrefix("sha256:") == true)
        #expect(origin["repost_of"] is NSNull)
        #expect(origin["origin"] as? String == "origin.md")
        #expect(repost["origin"] as? String == "origin.md")
        #expect(repost["cluster"] as? Int == origin["cluster"] as? Int)
        let link = try #require(repost["repost_of"] as? [String: Any])
        #expect(link["id"] as? String == "origin.md")
        #expect((link["similarity"] as? Double ?? 0) >= 0.8)
        let source = try #require(origin["source"] as? [String: Any])
        #expect(source["site"] as? String == "Gazette")
        #expect(source["published"] as? String == "2026-03-01T08:00:00Z")
        #expect((source["extractor"] as? [String: Any])?["name"] as? String == "test")

        let text = try #require(origin["text"] as? String)
        let scalars = Array(text.unicodeScalars)
        let passages = try #require(origin["passages"] as? [[String: Any]])
        #expect(passages.map { $0["kind"] as? String } == ["content", "content", "content", "content", "teaser", "boilerplate"])
        for passage in passages {
            let start = try #require(passage["start"] as? Int), end = try #require(passage["end"] as? Int)
            let slice = String(String.UnicodeScalarView(scalars[start..<end]))
            #expect(passage["content_id"] as? String == SHA256.digest(utf8: slice).description)
        }
        let teaserOf = try #require(passages[4]["of"] as? [String: Any])
        #expect(teaserOf["document"] as? String == "origin.md")
        #expect(teaserOf["passage"] as? Int == 1)
        let repostPassages = try #require(repost["passages"] as? [[String: Any]])
        #expect(repostPassages.dropFirst().allSatisfy { $0["kind"] as? String == "duplicate" })
    }

    @Test func outputIsDeterministic() throws {
        let first = ExportWriter.inMemory(), second = ExportWriter.inMemory()
        try JSONLinesExporter().export(sampleResult(), to: first)
        try JSONLinesExporter().export(sampleResult(), to: second)
        #expect(first.contents == second.contents)
    }
}

@Suite struct CSVExporterTests {
    @Test func oneQuotedRowPerFinding() throws {
        let result = sampleResult()
        let writer = ExportWriter.inMemory()
        try CSVExporter().export(result, to: writer)
        let rows = writer.contents.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.first == CSVExporter.columns.joined(separator: ","))
        #expect(rows.count == result.findings.count + 1)
        #expect(rows.contains { $0.hasPrefix("repost,repost.md,,,,origin.md,") })
        #expect(rows.contains { $0.hasPrefix("teaser,origin.md,4,") })
        #expect(CSVExporter.quote("a, \"b\"\nc") == "\"a, \"\"b\"\"\nc\"")
        #expect(CSVExporter.quote("plain") == "plain")
    }
}

@Suite struct MarkdownReportExporterTests {
    @Test func summarisesClustersAndEscapesDocumentText() throws {
        let writer = ExportWriter.inMemory()
        try MarkdownReportExporter().export(sampleResult(), to: writer)
        let report = writer.contents
        #expect(report.hasPrefix("# Palimpsest report"))
        #expect(report.contains("| repost | 1 |"))
        #expect(report.contains("| teaser | 1 |"))
        #expect(report.contains("- origin.md — Gazette, 2026-03-01T08:00:00Z: **origin**"))
        #expect(report.contains("repost of origin.md"))
        #expect(report.contains("normaliser \(TextNormalizer.identifier)"))
        // The title's pipe would break the table if it were not escaped.
        #expect(report.contains("Ferry fares \\| rise"))
        #expect(MarkdownReportExporter.escape("<script>*x*</script>") == "\\<script\\>\\*x\\*\\</script\\>")
    }
}

@Suite struct GraphExporterTests {
    @Test func edgesRunFromCopiesToSources() throws {
        let writer = ExportWriter.inMemory()
        try GraphExporter().export(sampleResult(), to: writer)
        let graph = writer.contents
        #expect(graph.hasPrefix("digraph palimpsest {"))
        #expect(graph.hasSuffix("}\n"))
        #expect(graph.contains("\"repost.md\" -> \"origin.md\" [label=\"repost "))
        #expect(graph.contains("\"origin.md\" [label=\"origin.md\\nGazette\\n2026-03-01\", style=bold];"))
        #expect(GraphExporter.quoted("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
    }
}

@Suite struct CleanedCorpusExporterTests {
    @Test func keepsContentOnceAndRecordsWhatWasRemoved() throws {
        let writer = ExportWriter.inMemory()
        try CleanedCorpusExporter().export(sampleResult(), to: writer)
        let lines = writer.contents.split(separator: "\n")
        // The repost's passages are all copies of the origin's, so only the origin remains.
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record["id"] as? String == "origin.md")
        let text = try #require(record["text"] as? String)
        #expect(!text.contains("Share this article"))
        #expect(!text.contains("rise…"))
        #expect(text.hasPrefix("Ferry fares | rise\n\nThe harbour authority"))
        let metadata = try #require(record["metadata"] as? [String: Any])
        let removed = try #require(metadata["removed"] as? [[String: Any]])
        #expect(removed.map { $0["kind"] as? String } == ["teaser", "boilerplate"])
        #expect((removed[0]["of"] as? [String: Any])?["passage"] as? Int == 1)
        #expect((metadata["content_id"] as? String)?.hasPrefix("sha256:") == true)
        #expect(metadata["site"] as? String == "Gazette")
    }
}

@Suite struct EscapingTests {
    @Test func aQuoteWithACombiningMarkStillCannotCloseAnAttribute() {
        let hostile = "x\"\u{0301} onmouseover=\"alert(1)"
        #expect(!HTMLReportExporter.escape(hostile).contains("\""))
        let quoted = GraphExporter.quoted(hostile)
        let inner = quoted.unicodeScalars.dropFirst().dropLast()
        var previous: Unicode.Scalar = " "
        for scalar in inner {
            if scalar == "\"" { #expect(previous == "\\", "every inner quote is escaped") }
            previous = scalar
        }
    }
}
