import Foundation
import Palimpsest
import Testing

/// The PROV-JSON export of the samples, read and re-serialised by the Python `prov` package.
@Suite struct PROVExportTests {
    /// The virtualenv `.ci/install-deps` makes with the `prov` package.
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python").path

    @Test(
        "the prov package reads, round-trips and counts the export",
        .enabled(if: FileManager.default.isExecutableFile(atPath: python), "run `bash .ci/install-deps --tests` to install the Python prov package"))
    func provPackageAcceptsTheExport() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, _) = Scan().run([samplesFolder.path])
        let file = folder.appendingPathComponent("prov.json")
        try AtomicOutput.write(to: file.path) { try PROVExporter().export(result, to: $0) }

        let check = repositoryRoot.appendingPathComponent("Tests/PalimpsestTests/prov_check.py").path
        let (status, output, error) = try run(Self.python, [check, file.path])
        #expect(status == 0, "\(error)")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Int])

        let passages = result.documents.map(\.passages.count).reduce(0, +)
        #expect(counts["ProvEntity"] == result.documents.count + passages)
        let reposts: Int = result.documents.filter { $0.repostOf != nil }.count
        let partialReposts: Int = result.documents.map(\.partialRepostOf.count).reduce(0, +)
        let repeatedPassages: Int = result.documents.flatMap(\.passages).filter { $0.of != nil }.count
        let copiedSpans: Int = result.documents.flatMap(\.passages).map(\.copiedSpans.count).reduce(0, +)
        let derivations = reposts + partialReposts + repeatedPassages + copiedSpans
        #expect(counts["ProvDerivation"] == derivations)
        #expect(counts["ProvAlternate"] == result.documents.flatMap(\.passages).filter { $0.rule == "exact-duplicate" }.count)
        #expect(counts["ProvAttribution"] == result.documents.filter { $0.document.source.siteKey != nil }.count)
    }

    @Test func identifiersArePercentEncoded() {
        #expect(PROVExporter.documentID("news/a b#1:x.md") == "doc:news/a%20b%231%3Ax.md")
        #expect(PROVExporter.passageID("wire-0001", 3) == "passage:wire-0001/3")
    }
}
