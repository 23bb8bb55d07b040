import PalimpsestCore

/// Checks that a plugin keeps the contract its protocol documents, so plugin authors can test their
/// own extractors and exporters the way the built-in ones are tested.
///
/// The checks return what failed instead of asserting, so they work under Swift Testing, XCTest or
/// a plain executable: `#expect(PluginConformance.check(extractor: mine, samples: [bytes]).isEmpty)`.
public enum PluginConformance {
    /// One broken promise, with what was seen.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The plugin's name.
        public var plugin: String
        /// What was wrong.
        public var message: String

        /// `plugin: message`.
        public var description: String { "\(plugin): \(message)" }
    }

    /// Runs an extractor over each sample and over hostile inputs, and checks that:
    /// - every document names the extractor's stamp, the input's location and a unique id;
    /// - passages are in order, do not overlap, and their ranges slice the text to their text;
    /// - extracting the same bytes twice gives the same documents;
    /// - empty, binary-looking and truncated inputs end in problems or documents, never a crash.
    /// - Parameter samples: inputs the extractor should read into at least one document each.
    public static func check(extractor: any Extractor, samples: [[UInt8]]) -> [Failure] {
        var failures: [Failure] = []
        let name = extractor.stamp.name
        func fail(_ message: String) { failures.append(Failure(plugin: name, message: message)) }

        for (number, sample) in samples.enumerated() {
            let input = ExtractionInput(location: "sample-\(number)", documentID: "sample-\(number)", bytes: sample)
            let first = collect(extractor, input)
            let second = collect(extractor, input)
            if let error = first.error { fail("sample \(number): threw \(error)") }
            if first.documents.isEmpty { fail("sample \(number): no document emitted") }
            if first.documents != second.documents { fail("sample \(number): two runs gave different documents") }
            var ids = Set<String>()
            for document in first.documents {
                if !ids.insert(document.id).inserted { fail("sample \(number): id \(document.id) emitted twice") }
                if document.source.extractor != extractor.stamp { fail("\(document.id): source names \(document.source.extractor), not \(extractor.stamp)") }
                if !document.source.location.hasPrefix(input.location) { fail("\(document.id): location \(document.source.location) does not name the input") }
                failures += passageFailures(document, plugin: name)
            }
        }
        let hostile: [(String, [UInt8])] = [
            ("empty", []),
            ("whitespace", Array(" \n\t\n".utf8)),
            ("invalid UTF-8", [0xFF, 0xFE, 0xC3, 0x28, 0x41]),
            ("NUL bytes", [0x00, 0x41, 0x00, 0x42]),
            ("truncated", samples.first.map { Array($0.prefix($0.count / 2)) } ?? []),
        ]
        for (label, bytes) in hostile {
            let result = collect(extractor, ExtractionInput(location: label, documentID: label, bytes: bytes))
            for document in result.documents { failures += passageFailures(document, plugin: name) }
        }
        return failures
    }

    /// Runs an exporter over `result` and an empty result, and checks that both succeed and that the
    /// same result always gives the same bytes.
    public static func check(exporter: any Exporter, result: AnalysisResult) -> [Failure] {
        var failures: [Failure] = []
        let name = exporter.stamp.name
        do {
            let first = ExportWriter.inMemory(), second = ExportWriter.inMemory()
            try exporter.export(result, to: first)
            try exporter.export(result, to: second)
            if first.contents != second.contents { failures.append(Failure(plugin: name, message: "two exports of one result differ")) }
            if first.contents.isEmpty && !result.documents.isEmpty { failures.append(Failure(plugin: name, message: "wrote nothing for a non-empty result")) }
            let empty = AnalysisResult(settings: result.settings, documents: [], clusters: [], findings: [])
            try exporter.export(empty, to: ExportWriter.inMemory())
        } catch {
            failures.append(Failure(plugin: name, message: "threw \(error)"))
        }
        return failures
    }

    private static func collect(_ extractor: any Extractor, _ input: ExtractionInput) -> (documents: [Document], error: (any Error)?) {
        var documents: [Document] = []
        do {
            try extractor.extract(input) { item in
                if case .document(let document) = item { documents.append(document) }
            }
            return (documents, nil)
        } catch {
            return (documents, error)
        }
    }

    private static func passageFailures(_ document: Document, plugin: String) -> [Failure] {
        var failures: [Failure] = []
        let scalars = Array(document.text.unicodeScalars)
        var previousEnd = 0
        for (position, passage) in document.passages.enumerated() {
            if passage.index != position { failures.append(Failure(plugin: plugin, message: "\(document.id): passage \(position) has index \(passage.index)")) }
            guard passage.range.lowerBound >= previousEnd, passage.range.upperBound <= scalars.count else {
                failures.append(Failure(plugin: plugin, message: "\(document.id): passage \(position) range \(passage.range) overlaps or leaves the text"))
                continue
            }
            previousEnd = passage.range.upperBound
            let slice = String(String.UnicodeScalarView(scalars[passage.range]))
            if slice != passage.text { failures.append(Failure(plugin: plugin, message: "\(document.id): passage \(position) range does not slice its text")) }
        }
        return failures
    }
}
