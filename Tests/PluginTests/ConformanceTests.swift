import CleanedCorpusExporter
import CSVExporter
import GraphExporter
import HTMLReportExporter
import FeedExtractor
import HTMLExtractor
import JSONLinesExporter
import JSONLinesExtractor
import MarkdownExtractor
import MarkdownReportExporter
import PROVExporter
import PalimpsestCore
import PalimpsestTestKit
import Testing
import TextExtractor
import WARCExtractor

/// Every built-in plugin keeps its protocol's contract, as third-party plugins are asked to.
@Suite struct ConformanceTests {
    static let extractorSamples: [(any Extractor, [String])] = [
        (TextExtractor(), ["One paragraph.\n\nAnother — with ünïcode.", "line one\nline two"]),
        (MarkdownExtractor(), ["---\ntitle: T\n---\n# T\n\nBody with [a link](https://x.example).\n\n- item", "No front matter at all."]),
        (JSONLinesExtractor(), ["{\"id\":\"a\",\"text\":\"One.\\n\\nTwo.\"}\n{\"id\":\"b\",\"text\":\"Three.\"}"]),
        (HTMLExtractor(), ["<html><body><p>One <b>bold</b> word.</p><ul><li>Two</li></ul></body></html>", "<p>Unclosed <div>tags"]),
        (WARCExtractor(), [String(decoding: warcRecord(type: "response", uri: "https://a.example/", block: httpResponse(Array("<p>Page text.</p>".utf8), contentType: "text/html")), as: UTF8.self)]),
        (FeedExtractor(), ["<rss><channel><title>S</title><item><guid>1</guid><description>&lt;p&gt;One.&lt;/p&gt;</description></item><item><guid>2</guid><description>Two.</description></item></channel></rss>"]),
    ]

    @Test("extractors keep the contract", arguments: 0..<6)
    func extractor(index: Int) {
        let (extractor, samples) = Self.extractorSamples[index]
        let failures = PluginConformance.check(extractor: extractor, samples: samples.map { Array($0.utf8) })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("exporters keep the contract", arguments: [JSONLinesExporter(), CSVExporter(), MarkdownReportExporter(), GraphExporter(), CleanedCorpusExporter(), PROVExporter(), HTMLReportExporter()] as [any Exporter])
    func exporter(exporter: any Exporter) {
        let failures = PluginConformance.check(exporter: exporter, result: sampleResult())
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func theCheckCatchesABrokenExtractor() {
        /// Claims a range one scalar too long and forgets its stamp.
        struct Broken: Extractor {
            let stamp = PluginStamp(name: "broken", version: "0")
            let summary = "broken on purpose"
            let fileExtensions: [String] = []
            func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
                let passage = Passage(index: 0, range: 0..<3, text: "ab")
                try emit(.document(Document(id: "x", text: "ab", passages: [passage], source: SourceRecord(location: "elsewhere", extractor: PluginStamp(name: "other", version: "1")))))
            }
        }
        let failures = PluginConformance.check(extractor: Broken(), samples: [Array("ab".utf8)])
        #expect(failures.contains { $0.message.contains("overlaps or leaves the text") })
        #expect(failures.contains { $0.message.contains("not broken 0") })
        #expect(failures.contains { $0.message.contains("does not name the input") })
    }
}
