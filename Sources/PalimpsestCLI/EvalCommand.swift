import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestEvaluation

/// `palimpsest eval`: measure the detectors on labelled data and print the metrics with the
/// settings used and the targets they must reach.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure precision and recall on labelled data sets (boilerplate, site templates, graded reuse, passage alignment, exact duplicates, reposts).",
        discussion: """
            Suites: \(EvaluationSuites.all().map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")). \
            Data sets are found by folder name in the --data folders; one that ships as a .tar.gz is \
            unpacked once into --unpack-to. Exit status: 0 when every suite ran (and, with \
            --require-targets, met its targets); 1 when a target was missed with --require-targets; \
            2 when a suite could not run; 64 for a usage error.
            """)

    @Argument(help: "A suite name, or all.")
    var suite: String

    @Option(name: .customLong("data"), help: ArgumentHelp("A folder holding the data sets (repeatable).", valueName: "folder"))
    var dataFolders: [String] = []

    @Option(help: "Where data sets shipped as archives are unpacked.")
    var unpackTo = ".data"

    @Option(name: .shortAndLong, help: "table or json.")
    var format = "table"

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Use only the first N items of each data set (a quick, fixed slice).")
    var limit: Int?

    @Option(help: "Also write the reposts suite's generated corpus (corpus.jsonl, truth.tsv) into this folder.")
    var writeCorpus: String?

    @OptionGroup var analysis: AnalysisOptions

    @Flag(help: "Also run the peers (jusText, boilerpy3, trafilatura, datasketch, text-dedup) on the same data and print their rows; install them first with Samples/Evaluation/install-peers.sh.")
    var peers = false

    @Option(help: "The peers' Python interpreter.")
    var peerPython = ".venv-peers/bin/python"

    @Option(help: "The peer runner script.")
    var peerRunner = "Samples/Evaluation/run_peers.py"

    @Flag(help: "Exit with status 1 when a metric misses its target.")
    var requireTargets = false

    @Flag(name: .shortAndLong, help: "No progress messages on standard error.")
    var quiet = false

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError(DisplayText.sanitized("--format takes table or json (got '\(format)')")) }
        guard !dataFolders.isEmpty else { throw ValidationError("name the folder holding the data sets with --data (for example --data ../shared/data)") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    }

    func run() throws {
        let suites: [any EvaluationSuite]
        let repostCorpus = writeCorpus.map { URL(fileURLWithPath: $0) }
            ?? (peers ? FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-eval-corpus-\(ProcessInfo.processInfo.processIdentifier)") : nil)
        defer { if writeCorpus == nil, let repostCorpus { try? FileManager.default.removeItem(at: repostCorpus) } }
        do {
            suites = try EvaluationSuites.named(suite, repostCorpus: repostCorpus)
        } catch {
            throw ValidationError(DisplayText.sanitized(error.description))
        }
        let settings = try analysis.settings()
        let quiet = quiet
        let context = EvaluationContext(
            data: DataSetLocator(folders: dataFolders.map { URL(fileURLWithPath: $0) }, unpackFolder: URL(fileURLWithPath: unpackTo)),
            limit: limit, settings: settings,
            log: { message in if !quiet { Messages.print(message) } })
        var reports: [SuiteReport] = []
        var failed = false
        for suite in suites {
            var report: SuiteReport
            do {
                report = try suite.run(in: context)
            } catch {
                Messages.print("\(suite.name): \(error)")
                failed = true
                continue
            }
            if peers {
                context.log("\(suite.name): running the peers")
                var arguments = (dataFolders + [unpackTo]).flatMap { ["--data", $0] }
                if suite.name == "reposts", let repostCorpus { arguments += ["--corpus", repostCorpus.path] } else if let limit { arguments += ["--limit", String(limit)] }
                let runner = PeerRunner(python: URL(fileURLWithPath: peerPython), script: URL(fileURLWithPath: peerRunner))
                do {
                    report = report.merging(peers: try runner.run(suite: suite.name, arguments: arguments), targets: suite.peerTargets)
                } catch {
                    // Our own rows stand; the peers' absence is reported and fails the run.
                    Messages.print("\(suite.name): peers: \(error)")
                    failed = true
                }
            }
            reports.append(report)
        }
        do {
            let text = try format == "json" ? reports.map { try $0.json() }.joined(separator: "\n") + "\n" : reports.map { $0.table() }.joined(separator: "\n")
            // The suites read their data sets inside their own folders; what the command itself
            // names as read is the peers' interpreter and runner, which the report must not replace.
            try AtomicOutput.write(to: output, inputs: peers ? [peerPython, peerRunner] : []) { try $0.write(text) }
        } catch {
            Messages.print("cannot write the report: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        let missed = reports.flatMap(\.missedTargets)
        for miss in missed { Messages.print("target missed: \(miss)") }
        if failed { throw ExitCode(ExitStatus.failed) }
        if requireTargets, !missed.isEmpty { throw ExitCode(ExitStatus.someInputsFailed) }
    }
}
