import ClusterTableExporter
import Foundation
import Palimpsest
import PalimpsestTestKit
import SubRipExtractor
import Testing

let talks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("talks")

@Suite struct SubRipExtractorTests {
    @Test func keepsTheExtractorContract() throws {
        let sample = try Data(contentsOf: talks.appendingPathComponent("harbour-talk.srt"))
        #expect(PluginConformance.check(extractor: SubRipExtractor(), samples: [Array(sample)]).isEmpty)
    }

    @Test func aReuploadIsARepostOfTheFirstTalk() throws {
        var registry = PluginRegistry.builtin
        try registry.register(SubRipExtractor())
        let (result, _) = Scan(reader: CorpusReader(registry: registry)).run([talks.path])
        #expect(result.problems.isEmpty)
        let reupload = try #require(result.document(id: "harbour-talk-reupload.srt"))
        #expect(reupload.repostOf?.id == "harbour-talk.srt")
        #expect(reupload.document.source.extractor.name == "srt")
        #expect(result.document(id: "harbour-talk.srt")?.passages.first?.passage.hints.labelWords == ["start=00:00:01,000"])
    }

    @Test func theTableNamesEveryDocument() throws {
        var registry = PluginRegistry.builtin
        try registry.register(SubRipExtractor())
        let (result, _) = Scan(reader: CorpusReader(registry: registry)).run([talks.path])
        #expect(PluginConformance.check(exporter: ClusterTableExporter(), result: result).isEmpty)
        let writer = ExportWriter.inMemory()
        try ClusterTableExporter().export(result, to: writer)
        let rows = writer.contents.split(separator: "\n")
        #expect(rows.first == "id\tcluster\torigin\tsimilarity")
        #expect(rows.count == result.documents.count + 1)
    }
}
