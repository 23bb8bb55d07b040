import Foundation

/// Runs the peer runner script (`Samples/Evaluation/run_peers.py`, which scores jusText,
/// boilerpy3, trafilatura, datasketch and text-dedup on the same data with the same metrics) and
/// merges its rows into a report, so a user sees the field beside Palimpsest in one table.
///
/// The peers are Python packages installed into a virtual environment by
/// `Samples/Evaluation/install-peers.sh`; they stay outside the Swift package and never run in
/// the unit tests.
public struct PeerRunner: Sendable {
    /// The Python interpreter of the peers' virtual environment.
    public var python: URL
    /// The runner script.
    public var script: URL

    /// Creates a runner.
    public init(python: URL, script: URL) {
        self.python = python
        self.script = script
    }

    /// A level one of Palimpsest's metrics must reach: a peer's value on the same data set.
    public struct PeerTarget: Sendable, Hashable {
        /// The metric, such as `word_f1`.
        public var metric: String
        /// The start of the peer's tool name, such as `trafilatura`.
        public var peer: String
        /// The data set the comparison is made on.
        public var dataset: String

        /// Creates a target.
        public init(metric: String, peer: String, dataset: String) {
            self.metric = metric
            self.peer = peer
            self.dataset = dataset
        }
    }

    /// Runs the peers of `suite` and returns their report.
    /// - Parameters:
    ///   - arguments: the runner's arguments after the suite name (`--data`, `--limit`, `--corpus`).
    /// - Throws: ``EvaluationError/unreadable(path:reason:)`` when the runner cannot start, fails
    ///   or prints something other than a report.
    public func run(suite: String, arguments: [String]) throws(EvaluationError) -> SuiteReport {
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, suite, "--format", "json"] + arguments
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw .unreadable(path: python.path, reason: "cannot start the peer runner (run Samples/Evaluation/install-peers.sh first): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .unreadable(path: script.path, reason: "the peer runner failed with status \(process.terminationStatus)")
        }
        do {
            return try JSONDecoder().decode(SuiteReport.self, from: data)
        } catch {
            throw .unreadable(path: script.path, reason: "the peer runner printed no report: \(error)")
        }
    }
}

extension SuiteReport {
    /// The report with `peers`' rows appended and each of `targets` set on Palimpsest's row of
    /// that data set: the metric must reach the peer's value.
    public func merging(peers: SuiteReport, targets: [PeerRunner.PeerTarget]) -> SuiteReport {
        var merged = self
        merged.rows += peers.rows
        merged.notes += peers.notes
        for target in targets {
            guard let peerValue = peers.rows.first(where: { $0.tool.lowercased().hasPrefix(target.peer) && $0.dataset == target.dataset })?.value(of: target.metric),
                  let row = merged.rows.firstIndex(where: { !peers.rows.contains($0) && $0.dataset == target.dataset }),
                  let metric = merged.rows[row].metrics.firstIndex(where: { $0.name == target.metric })
            else { continue }
            merged.rows[row].metrics[metric].target = .atLeast(peerValue)
            merged.notes.append("target: \(target.metric) on \(target.dataset) at or above \(target.peer)'s \(ReportRow.format(peerValue))")
        }
        return merged
    }
}
