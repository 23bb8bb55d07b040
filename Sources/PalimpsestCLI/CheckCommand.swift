import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestIndex

/// `palimpsest check`: is this a repost, of what, and which passages are copied or boilerplate —
/// answered against the index, without adding the input to it.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check files against the index, without adding them: reposts, copied passages with their spans on both sides, the origin, and the site's boilerplate.",
        discussion: "Each input is analysed together with the indexed documents that may bear on it: the strongest of those sharing an LSH band, a passage or a mark (a run of words, a teaser's start) with it, the earliest of its near duplicates, and the latest pages of its site and theirs. An input whose id names one of those indexed documents is reported as 'ID (checked)' — or 'ID (checked 2)', 'ID (checked 3)', …, the first id no indexed document or other input has. Exit status: 0 when every input was checked; 1 when some inputs were skipped; 2 when the index cannot be read or nothing could be read.")

    @Argument(help: "Files, folders or - for standard input.")
    var paths: [String]

    @OptionGroup var location: IndexLocation
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Input limits") var inputLimits: InputLimitOptions

    @Option(name: .shortAndLong, help: "text (for people) or jsonl (the annotated JSON Lines of scan, one line per input).")
    var format = "text"

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        guard ["text", "jsonl"].contains(format) else { throw ValidationError(DisplayText.sanitized("--format takes text or jsonl (got '\(format)')")) }
    }

    func run() async throws {
        let settings = try analysis.settings()
        let corpus = input.reader(limits: try inputLimits.limits()).read(paths, report: { problem in
            Messages.print("\(problem)")
        })
        guard !corpus.documents.isEmpty else {
            Messages.print("no documents read from \(corpus.inputCount) input(s)")
            throw ExitCode(ExitStatus.failed)
        }
        let check = IndexCheck(analyzer: try analysis.analyzer())
        let report = try await location.withIndex(settings: settings) { store in
            try await check.run(corpus.documents, problems: corpus.problems, in: store)
        }
        Messages.print("checked \(corpus.documents.count) document(s) against \(report.indexedDocuments) indexed document(s) that bear on them")
        let (full, checked) = (report.full, report.checked)
        do {
            // Every file read (those found in folders too, and sidecars) and the index: none may be replaced.
            try AtomicOutput.write(to: output, inputs: corpus.inputPaths + (location.file.map { [$0] } ?? [])) { writer in
                if format == "jsonl" {
                    try JSONLinesExporter().export(checked, to: writer)
                } else {
                    try writer.write(checked.documents.map { Self.describe($0, among: full) }.joined(separator: "\n"))
                }
            }
        } catch {
            Messages.print("cannot write output: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        if corpus.problems.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.someInputsFailed) }
    }

    /// A checked document's findings, for people.
    static func describe(_ checked: AnalyzedDocument, among result: AnalysisResult) -> String {
        var lines = ["\(checked.document.id) (\(checked.document.source.location))"]
        if let repost = checked.repostOf {
            lines.append(String(format: "  repost of %@ (content Jaccard %.3f, containment %.3f, SimHash distance %d)",
                                repost.id, repost.similarity, repost.containment, repost.simHashDistance))
        }
        if checked.origin != checked.document.id {
            lines.append("  near-duplicate of \(checked.origin), the origin of its cluster (\(result.settings.clusterBasis == .text ? "whole texts" : "contents") compared)")
        } else if checked.repostOf == nil {
            lines.append("  not a repost of anything indexed")
        }
        for partial in checked.partialRepostOf {
            lines.append(String(format: "  copies passages of %@ (%.0f%% of its text):", partial.id, partial.share * 100))
            for span in partial.spans {
                lines.append("    [\(span.range.lowerBound)–\(span.range.upperBound)) ← \(span.source.document) passage \(span.source.passage) [\(span.sourceRange.lowerBound)–\(span.sourceRange.upperBound))")
            }
        }
        var boilerplate: [String: Int] = [:]
        for passage in checked.passages {
            switch passage.kind {
            case .duplicate, .teaser:
                if let of = passage.of {
                    lines.append("  passage \(passage.passage.index) is a \(passage.kind.rawValue) of \(of.document) passage \(of.passage)" + (passage.rule.map { " (\($0))" } ?? ""))
                }
            case .boilerplate:
                boilerplate[passage.rule ?? "boilerplate", default: 0] += 1
            case .content:
                for span in passage.copiedSpans {
                    lines.append("  passage \(passage.passage.index) quotes \(span.source.document) passage \(span.source.passage): [\(span.range.lowerBound)–\(span.range.upperBound)) ← [\(span.sourceRange.lowerBound)–\(span.sourceRange.upperBound)), \(span.tokens) words")
                }
            }
        }
        if !boilerplate.isEmpty {
            let rules = boilerplate.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) ×\($0.value)" }
            lines.append("  boilerplate: \(boilerplate.values.reduce(0, +)) passage(s) — \(rules.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
