import Foundation
import PalimpsestCore

/// Writes annotated JSON Lines: one object per document, in input order, with its text, content id,
/// provenance, cluster, origin, repost link, partial reposts and classified passages.
///
/// Keys are sorted and numbers rounded to four decimals, so the same result always gives the same
/// bytes. Offsets are Unicode scalar offsets into `text`.
public struct JSONLinesExporter: Exporter {
    /// `jsonl`, with this plugin's version.
    public let stamp = PluginStamp(name: "jsonl", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "annotated JSON Lines, one document per line with passages, clusters and provenance"
    /// `jsonl`.
    public let fileExtension = "jsonl"

    /// Creates the exporter.
    public init() {}

    /// Writes one line per document.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        var line = JSONBytes()
        for document in result.documents {
            line.bytes.removeAll(keepingCapacity: true)
            DocumentRecord(document: document).write(into: &line)
            line.bytes.append(UInt8(ascii: "\n"))
            try writer.write(bytes: line.bytes)
        }
        try writer.flush()
    }
}
