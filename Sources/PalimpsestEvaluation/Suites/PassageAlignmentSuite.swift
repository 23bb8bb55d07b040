import Foundation
import Palimpsest
import PalimpsestCore

/// Passage-level reuse located on both sides: the verbatim cases of the PAN 2013 text-alignment
/// corpus (Potthast et al. 2013), 624 passages copied into 500 suspicious–source document pairs.
///
/// Each pair is analysed on its own, as PAN's task defines it, and every copy relation Palimpsest
/// reports between the two documents — repost, partial repost spans, duplicated or teased
/// passages, quotations — is taken as a pair of character ranges, whichever way it points. A
/// labelled passage is *located* when at least half of it is covered on both sides by detections
/// that pair the right regions. The offsets of this copy of the corpus drift by a few characters,
/// so every labelled range is widened by ``tolerance`` on each side when matching. The other pairs
/// of the corpus carry no label in this copy (they mix unrelated pairs with obfuscated reuse), so
/// the detections on them are reported apart, as an upper bound on false alarms.
public struct PassageAlignmentSuite: EvaluationSuite {
    public let name = "passage-alignment"
    public let summary = "verbatim passage reuse located in both documents (PAN 2013), false alarms on unlabelled pairs"

    /// Characters a labelled range is widened by on each side when matching.
    static let tolerance = 20
    /// Share of a labelled passage that must be covered, on each side, for it to count as located.
    static let locatedCoverage = 0.5

    /// Creates the suite.
    public init() {}

    /// One labelled reuse case, in file character offsets.
    struct Case {
        var suspicious: Range<Int>
        var source: Range<Int>
    }

    /// A detected copy between the two documents of a pair, in file character offsets.
    struct Detection {
        var suspicious: Range<Int>
        var source: Range<Int>
    }

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        let folder = try context.data.folder(of: .pan13)
        let labelled = folder.appendingPathComponent("02-no-obfuscation")
        var cases: [String: [Case]] = [:]  // "susp src" → cases
        for file in try files(in: labelled, endingWith: ".xml") {
            for feature in try readText(file).components(separatedBy: "<feature").dropFirst() {
                let attributes = Self.attributes(feature)
                guard let reference = file.deletingPathExtension().lastPathComponent.components(separatedBy: "-source-").first,
                      let source = attributes["source_reference"],
                      let thisOffset = attributes["this_offset"].flatMap(Int.init), let thisLength = attributes["this_length"].flatMap(Int.init),
                      let sourceOffset = attributes["source_offset"].flatMap(Int.init), let sourceLength = attributes["source_length"].flatMap(Int.init)
                else { continue }
                cases["\(reference).txt \(source)", default: []].append(
                    Case(suspicious: thisOffset..<thisOffset + thisLength, source: sourceOffset..<sourceOffset + sourceLength))
            }
        }
        let allPairs = try readText(folder.appendingPathComponent("pairs")).split(whereSeparator: \.isNewline)
            .map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 2 }
        let labelledPairs = context.slice(allPairs.filter { cases["\($0[0]) \($0[1])"] != nil })
        let unlabelledPairs = context.slice(allPairs.filter { cases["\($0[0]) \($0[1])"] == nil })

        let start = Date()
        let needed = Set((labelledPairs + unlabelledPairs).flatMap { [folder.appendingPathComponent("susp/\($0[0])").path, folder.appendingPathComponent("src/\($0[1])").path] })
        context.log("\(name): reading \(needed.count) documents")
        let corpus = CorpusReader().read(needed.sorted())
        let documents = Dictionary(corpus.documents.map { (URL(fileURLWithPath: $0.source.location).lastPathComponent, $0) }, uniquingKeysWith: { first, _ in first })
        let raw = Dictionary(uniqueKeysWithValues: needed.map { path in
            (URL(fileURLWithPath: path).lastPathComponent, Array(((try? readText(URL(fileURLWithPath: path))) ?? "").unicodeScalars))
        })
        let analyzer = try Analyzer(settings: context.settings)

        context.log("\(name): aligning \(labelledPairs.count) labelled and \(unlabelledPairs.count) unlabelled pairs")
        var truthCharacters = 0, coveredSuspicious = 0, coveredSource = 0, located = 0, totalCases = 0
        var detectedCharacters = 0, detectedInTruth = 0, pairsFound = 0
        let align: @Sendable (Int, [String]) -> [Detection] = { _, pair in
            Self.detections(suspicious: documents[pair[0]], source: documents[pair[1]], raw: raw, analyzer: analyzer)
        }
        for (pair, detections) in zip(labelledPairs, labelledPairs.concurrentMap(align)) {
            if !detections.isEmpty { pairsFound += 1 }
            let pairCases = cases["\(pair[0]) \(pair[1])"] ?? []
            for labelledCase in pairCases {
                totalCases += 1
                let suspiciousWindow = Self.widen(labelledCase.suspicious), sourceWindow = Self.widen(labelledCase.source)
                let matching = detections.filter { $0.suspicious.overlaps(suspiciousWindow) && $0.source.overlaps(sourceWindow) }
                let suspiciousCovered = min(labelledCase.suspicious.count, Self.coverage(matching.map(\.suspicious), within: suspiciousWindow))
                let sourceCovered = min(labelledCase.source.count, Self.coverage(matching.map(\.source), within: sourceWindow))
                truthCharacters += labelledCase.suspicious.count
                coveredSuspicious += suspiciousCovered
                coveredSource += sourceCovered
                if Double(suspiciousCovered) >= Self.locatedCoverage * Double(labelledCase.suspicious.count),
                   Double(sourceCovered) >= Self.locatedCoverage * Double(labelledCase.source.count) {
                    located += 1
                }
            }
            let detected = Self.union(detections.map(\.suspicious))
            detectedCharacters += detected.reduce(0) { $0 + $1.count }
            detectedInTruth += Self.coverage(detected, within: pairCases.map { Self.widen($0.suspicious) })
        }
        var flagged = 0, flaggedCharacters = 0
        for detections in unlabelledPairs.concurrentMap(align) {
            if !detections.isEmpty { flagged += 1 }
            flaggedCharacters += Self.union(detections.map(\.suspicious)).reduce(0) { $0 + $1.count }
        }
        let seconds = Date().timeIntervalSince(start)
        let ratio: (Int, Int) -> Double = { $1 == 0 ? 0 : Double($0) / Double($1) }
        var report = SuiteReport(suite: name, settings: context.settingsDescription.merging(["tolerance_chars": String(Self.tolerance), "located_coverage": String(Self.locatedCoverage)]) { $1 })
        report.rows.append(ReportRow(
            tool: palimpsestToolName, dataset: context.datasetName("pan13-no-obfuscation", total: 500), items: labelledPairs.count,
            metrics: [
                Metric("passages", Double(totalCases)),
                Metric("passage_recall", ratio(located, totalCases)),
                Metric("char_recall_suspicious", ratio(coveredSuspicious, truthCharacters)),
                Metric("char_recall_source", ratio(coveredSource, truthCharacters)),
                Metric("char_precision", ratio(detectedInTruth, detectedCharacters)),
                Metric("pair_recall", ratio(pairsFound, labelledPairs.count)),
            ],
            seconds: seconds))
        report.rows.append(ReportRow(
            tool: palimpsestToolName, dataset: context.datasetName("pan13-unlabelled", total: allPairs.count - 500), items: unlabelledPairs.count,
            metrics: [
                Metric("pairs_flagged", ratio(flagged, unlabelledPairs.count)),
                Metric("flagged_chars_per_pair", unlabelledPairs.isEmpty ? 0 : Double(flaggedCharacters) / Double(unlabelledPairs.count)),
            ]))
        report.notes.append("unlabelled pairs mix unrelated documents with obfuscated reuse (random, translated, summarised) whose labels this copy lacks: flags there are not all false alarms")
        return report
    }

    /// The attributes `name="value"` of one XML element's text.
    static func attributes(_ element: String) -> [String: String] {
        var attributes: [String: String] = [:]
        let pattern = /([a-z_]+)="([^"]*)"/
        for match in element.prefix(while: { $0 != ">" }).matches(of: pattern) { attributes[String(match.1)] = String(match.2) }
        return attributes
    }

    /// Every copy relation between the two documents, whichever way it points, in file offsets.
    static func detections(suspicious: Document?, source: Document?, raw: [String: [Unicode.Scalar]], analyzer: Analyzer) -> [Detection] {
        guard let suspicious, let source else { return [] }
        let result = analyzer.analyze([source, suspicious])
        guard result.documents.count == 2 else { return [] }
        let maps = result.documents.map { FileOffsetMap(document: $0.document, raw: raw[URL(fileURLWithPath: $0.document.source.location).lastPathComponent] ?? []) }
        var detections: [Detection] = []
        for (side, analyzed) in result.documents.enumerated() {
            let other = result.documents[1 - side]
            let add: (Range<Int>, Range<Int>) -> Void = { here, there in
                let mine = maps[side].fileRange(here), theirs = maps[1 - side].fileRange(there)
                detections.append(side == 1 ? Detection(suspicious: mine, source: theirs) : Detection(suspicious: theirs, source: mine))
            }
            if analyzed.repostOf?.id == other.document.id {
                add(0..<analyzed.document.text.unicodeScalars.count, 0..<other.document.text.unicodeScalars.count)
            }
            for span in analyzed.partialRepostOf.filter({ $0.id == other.document.id }).flatMap(\.spans) { add(span.range, span.sourceRange) }
            for passage in analyzed.passages {
                for span in passage.copiedSpans where span.source.document == other.document.id { add(span.range, span.sourceRange) }
                if let of = passage.of, of.document == other.document.id, other.passages.indices.contains(of.passage) {
                    let sourceRange = other.passages[of.passage].passage.range
                    let length = passage.kind == .teaser ? min(passage.passage.range.count, sourceRange.count) : sourceRange.count
                    add(passage.passage.range, sourceRange.lowerBound..<sourceRange.lowerBound + length)
                }
            }
        }
        return detections
    }

    /// `range` widened by the tolerance on both sides.
    static func widen(_ range: Range<Int>) -> Range<Int> {
        max(0, range.lowerBound - tolerance)..<range.upperBound + tolerance
    }

    /// The ranges merged where they overlap or touch, sorted.
    static func union(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Characters of the union of `ranges` that fall inside `window`.
    static func coverage(_ ranges: [Range<Int>], within window: Range<Int>) -> Int {
        coverage(ranges, within: [window])
    }

    /// Characters of the union of `ranges` that fall inside the union of `windows`.
    static func coverage(_ ranges: [Range<Int>], within windows: [Range<Int>]) -> Int {
        let windows = union(windows)
        return union(ranges).reduce(0) { total, range in
            total + windows.reduce(0) { $0 + max(0, min(range.upperBound, $1.upperBound) - max(range.lowerBound, $1.lowerBound)) }
        }
    }
}

/// Maps scalar offsets in a plain-text document's extracted text back to offsets in its file:
/// each passage is found verbatim in the file, in order (the text extractor only trims blocks and
/// joins them with blank lines).
struct FileOffsetMap {
    /// Each passage's range in the extracted text and where it starts in the file.
    private var anchors: [(text: Range<Int>, fileStart: Int)] = []

    /// Finds every passage of `document` in `raw`, the file's scalars.
    init(document: Document, raw: [Unicode.Scalar]) {
        var cursor = 0
        for passage in document.passages {
            let needle = Array(passage.text.unicodeScalars.prefix(64))
            let found = Self.find(needle, in: raw, from: cursor) ?? cursor
            anchors.append((passage.range, found))
            cursor = found + passage.range.count
        }
    }

    /// The file range of a range of the extracted text.
    func fileRange(_ range: Range<Int>) -> Range<Int> {
        func map(_ offset: Int) -> Int {
            guard let anchor = anchors.last(where: { $0.text.lowerBound <= offset }) else { return offset }
            return anchor.fileStart + min(offset, anchor.text.upperBound) - anchor.text.lowerBound
        }
        return map(range.lowerBound)..<max(map(range.lowerBound), map(range.upperBound))
    }

    /// The first position at or after `start` where `needle` occurs in `haystack`.
    private static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from start: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            if haystack[position] == needle[0], haystack[position..<position + needle.count].elementsEqual(needle) { return position }
            position += 1
        }
        return nil
    }
}
