import Foundation
import PalimpsestEvaluation
import Testing

@Suite struct SuiteReportTests {
    let report = SuiteReport(
        suite: "reposts", settings: ["threshold": "0.8"],
        rows: [
            ReportRow(tool: "palimpsest", dataset: "bbc", items: 10, metrics: [
                Metric("pair_precision", 0.995, target: .atLeast(0.99)), Metric("pair_recall", 0.9, target: .atLeast(0.98)),
            ], seconds: 1.25),
            ReportRow(tool: "peer", dataset: "bbc", items: 10, metrics: [Metric("pair_precision", 0.5), Metric("origin_accuracy", nil)]),
        ],
        notes: ["a note"])

    @Test func missedTargetsNameTheRowAndTheLevel() {
        #expect(report.missedTargets == ["palimpsest / bbc: pair_recall 0.900 (target >= 0.980)"])
    }

    @Test func theTableMarksMissesAndShowsTargetsAndNotes() {
        let table = report.table()
        #expect(table.contains("settings: threshold=0.8"))
        #expect(table.contains("0.900!"))
        #expect(table.contains("0.995") && !table.contains("0.995!"))
        #expect(table.contains("—"), "a metric that does not apply shows a dash")
        #expect(table.contains(">= 0.980"))
        #expect(table.contains("note: a note"))
    }

    @Test func jsonRoundTrips() throws {
        let decoded = try JSONDecoder().decode(SuiteReport.self, from: Data(try report.json().utf8))
        #expect(decoded == report)
    }
}

@Suite struct DataSetLocatorTests {
    @Test func findsFoldersAndUnpacksArchivesOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("locator-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data"), unpack = root.appendingPathComponent("unpacked")
        defer { try? FileManager.default.removeItem(at: root) }
        let packed = root.appendingPathComponent("packing/sample-set")
        try FileManager.default.createDirectory(at: packed, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data.appendingPathComponent("plain-set"), withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: packed.appendingPathComponent("file.txt"))
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-czf", data.appendingPathComponent("sample.tar.gz").path, "-C", packed.deletingLastPathComponent().path, "sample-set"]
        try tar.run()
        tar.waitUntilExit()

        let locator = DataSetLocator(folders: [data], unpackFolder: unpack)
        #expect(try locator.folder(of: .init(folder: "plain-set")).path == data.appendingPathComponent("plain-set").path)
        let sample = DataSetLocator.DataSet(folder: "sample-set", archive: "sample.tar.gz")
        #expect(locator.contains(sample))
        let unpacked = try locator.folder(of: sample)
        #expect(unpacked.path == unpack.appendingPathComponent("sample-set").path)
        #expect(try String(contentsOf: unpacked.appendingPathComponent("file.txt"), encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: unpack.path) == ["sample-set"], "no staging folder is left behind")

        let missing = DataSetLocator.DataSet(folder: "absent", archive: "absent.tar.gz")
        #expect(!locator.contains(missing))
        #expect(throws: EvaluationError.self) { try locator.folder(of: missing) }
    }
}
