import Foundation
import Testing

/// `palimpsest eval` run as a user would, on a tiny labelled set written for this test in the
/// layout of Clough & Stevenson's corpus.
@Suite struct EvalCommandTests {
    /// A task's original and three answers: one pasted from it, one rewritten, one independent.
    func writeGradedReuseSet() throws -> URL {
        let root = try makeTemporaryFolder()
        let folder = root.appendingPathComponent("clough-stevenson/data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = """
            Dynamic programming solves a problem by breaking it into overlapping subproblems, solving each subproblem once and storing its answer in a table so that later steps can look it up instead of computing it again. The method was named by Richard Bellman in the nineteen fifties, when he worked on multistage decision processes for the RAND Corporation.
            """
        _ = try write(original, to: "orig_taska.txt", in: folder)
        let firstSentence = String(original.prefix { $0 != "." }) + "."
        _ = try write("In my words: " + firstSentence + " It is used for shortest paths and for aligning sequences.", to: "g0pA_taska.txt", in: folder)
        _ = try write("""
            Dynamic programming breaks a problem into overlapping subproblems, solving each subproblem once and storing its answer in a table so that later steps look it up. Bellman named it while working for the RAND Corporation.
            """, to: "g0pB_taska.txt", in: folder)
        _ = try write("""
            A greedy algorithm picks the locally best choice at every step and never reconsiders it, which is fast but only gives the best overall answer for problems with the right structure, such as making change with ordinary coins.
            """, to: "g0pC_taska.txt", in: folder)
        _ = try write("File,Task,Category\ng0pA_taska.txt,a,cut\ng0pB_taska.txt,a,light\ng0pC_taska.txt,a,non\norig_taska.txt,a,orig\n", to: "file_information.csv", in: folder)
        return root
    }

    @Test func gradedReuseReportsAsJSONWithItsTargets() throws {
        let data = try writeGradedReuseSet()
        let (status, output, error) = try run(CommandLineTests.executable, ["eval", "reuse-graded", "--data", data.path, "--format", "json", "-q"])
        #expect(status == 0, "\(error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(report["suite"] as? String == "reuse-graded")
        let row = try #require((report["rows"] as? [[String: Any]])?.first)
        #expect(row["items"] as? Int == 3)
        let metrics = Dictionary(uniqueKeysWithValues: (row["metrics"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) })
        #expect(metrics["containment_auc"]?["value"] as? Double == 1)
        #expect((metrics["containment_cut"]?["value"] as? Double ?? 0) > (metrics["containment_light"]?["value"] as? Double ?? 1))
        #expect(metrics["origin_accuracy"]?["value"] as? Double == 1, "the pasted answer points at the original, which was listed last")
        #expect(metrics["containment_auc"]?["target"] != nil)
    }

    @Test func aMissedTargetFailsOnlyWhenRequired() throws {
        let data = try writeGradedReuseSet()
        let table = try run(CommandLineTests.executable, ["eval", "reuse-graded", "--data", data.path, "--threshold", "0.8", "-q"])
        #expect(table.status == 0)
        #expect(String(decoding: table.output, as: UTF8.self).contains("containment_auc"))
        // Three answers cannot order four classes: the ordering target is missed.
        #expect(table.error.contains("target missed"))
        let required = try run(CommandLineTests.executable, ["eval", "reuse-graded", "--data", data.path, "--require-targets", "-q"])
        #expect(required.status == 1)
    }

    @Test func peersThatCannotRunLeaveOurRowsStanding() throws {
        let data = try writeGradedReuseSet()
        let result = try run(CommandLineTests.executable, [
            "eval", "reuse-graded", "--data", data.path, "--peers", "--peer-python", data.appendingPathComponent("no-python").path, "-q",
        ])
        #expect(result.status == 2)
        #expect(String(decoding: result.output, as: UTF8.self).contains("containment_auc"))
        #expect(result.error.contains("peers: ") && result.error.contains("install-peers.sh"))
    }

    @Test func aMissingDataSetIsNamedAndUnknownSuitesAreRefused() throws {
        let empty = try makeTemporaryFolder()
        let missing = try run(CommandLineTests.executable, ["eval", "exact-duplicates", "--data", empty.path, "-q"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("data set 'bbc-news' not found"))
        let unknown = try run(CommandLineTests.executable, ["eval", "nonsense", "--data", empty.path])
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("no suite named 'nonsense'"))
        let noData = try run(CommandLineTests.executable, ["eval", "reposts"])
        #expect(noData.status == 64)
    }
}
