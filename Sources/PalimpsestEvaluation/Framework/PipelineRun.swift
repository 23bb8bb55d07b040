import Foundation
import Palimpsest
import PalimpsestCore

/// Reads files with the built-in extractors and analyses them together, as `palimpsest scan`
/// would, keeping track of which documents came from which file.
struct PipelineRun: Sendable {
    /// The analysis of every document read.
    var result: AnalysisResult
    /// The analysed documents of each file, by the path given.
    var documentsByPath: [String: [AnalyzedDocument]]
    /// Wall-clock seconds for reading and analysis.
    var seconds: Double

    /// Reads `paths` and analyses them with `settings`, adjusting each document first with `adjust`
    /// (a suite may supply what a user would put in a sidecar, such as the site of a saved page).
    init(paths: [String], settings: AnalysisSettings, adjust: (inout Document) -> Void = { _ in }) throws(EvaluationError) {
        let start = Date()
        let corpus = CorpusReader().read(paths)
        var documents = corpus.documents
        for index in documents.indices { adjust(&documents[index]) }
        let analyzer: Analyzer
        do {
            analyzer = try Analyzer(settings: settings)
        } catch {
            throw .unreadable(path: "settings", reason: error.description)
        }
        result = analyzer.analyze(documents, problems: corpus.problems)
        documentsByPath = Dictionary(grouping: result.documents, by: \.document.source.location)
        seconds = Date().timeIntervalSince(start)
    }
}

extension AnalyzedDocument {
    /// The text a user keeps once boilerplate is dropped: every other passage, blank-line separated.
    var keptText: String {
        passages.filter { $0.kind != .boilerplate }.map(\.passage.text).joined(separator: "\n\n")
    }

    /// Whether this document is reported as deriving from the document `source` in any way: a
    /// repost of it, a partial repost, a passage duplicating or teasing one of its passages, or a
    /// quotation.
    func derives(from source: String) -> Bool {
        repostOf?.id == source
            || partialRepostOf.contains { $0.id == source }
            || passages.contains { passage in
                passage.of?.document == source || passage.copiedSpans.contains { $0.source.document == source }
            }
    }
}

/// Reads a JSON file into Foundation values.
func readJSON(_ url: URL) throws(EvaluationError) -> Any {
    do {
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    } catch {
        throw .unreadable(path: url.path, reason: "not readable JSON: \(error.localizedDescription)")
    }
}

/// Reads a text file as UTF-8, falling back to Windows-1252 (several labelled sets mix encodings).
func readText(_ url: URL) throws(EvaluationError) -> String {
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        throw .unreadable(path: url.path, reason: error.localizedDescription)
    }
    return String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
}

/// The files in `folder` whose names end with `suffix`, sorted by name.
func files(in folder: URL, endingWith suffix: String) throws(EvaluationError) -> [URL] {
    do {
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    } catch {
        throw .unreadable(path: folder.path, reason: "cannot list the folder: \(error.localizedDescription)")
    }
}
