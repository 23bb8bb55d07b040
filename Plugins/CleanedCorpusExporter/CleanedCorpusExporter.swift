import Foundation
import PalimpsestCore

/// Writes a cleaned corpus as JSON Lines in the `{"id", "text", "metadata"}` convention of datatrove
/// and Hugging Face datasets: each document's text without its boilerplate, teasers and repeated
/// passages (the first occurrence, in the origin, is kept), with the provenance of what was removed.
///
/// `metadata` holds the source (`url`, `site`, `title`, `author`, `published`, `retrieved`,
/// `extractor`), the original text's `content_id`, the `cluster` and `origin`, `repost_of`, and
/// `removed`: one entry per dropped passage with its `kind`, `rule`, offsets into the *original*
/// text and, for copies, `of`. A document with nothing left (a full repost) is left out, as
/// deduplication does; its removal is visible in the annotated JSONL.
public struct CleanedCorpusExporter: Exporter {
    /// `cleaned`, with this plugin's version.
    public let stamp = PluginStamp(name: "cleaned", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "cleaned corpus JSONL ({id, text, metadata}) without boilerplate and repeats"
    /// `jsonl`.
    public let fileExtension = "jsonl"

    /// Creates the exporter.
    public init() {}

    /// Writes one line per document with text left.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for document in result.documents {
            let kept = document.passages.filter { $0.kind == .content }.map(\.passage.text)
            guard !kept.isEmpty else { continue }
            try writer.write(bytes: try encoder.encode(CleanedRecord(document: document, text: kept.joined(separator: "\n\n"))))
            try writer.write("\n")
        }
        try writer.flush()
    }
}

/// One line of the cleaned corpus.
struct CleanedRecord: Encodable {
    let document: AnalyzedDocument
    let text: String

    private enum Keys: String, CodingKey { case id, text, metadata }
    private enum MetadataKeys: String, CodingKey {
        case url, site, title, author, published, retrieved, extractor, contentID = "content_id", cluster, origin
        case repostOf = "repost_of", removed, source
    }

    struct Removed: Encodable {
        let kind: String
        let rule: String?
        let start: Int
        let end: Int
        let of: PassageReference?
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(document.document.id, forKey: .id)
        try container.encode(text, forKey: .text)
        var metadata = container.nestedContainer(keyedBy: MetadataKeys.self, forKey: .metadata)
        let source = document.document.source
        try metadata.encode(source.url, forKey: .url)
        try metadata.encode(source.site, forKey: .site)
        try metadata.encode(source.title, forKey: .title)
        try metadata.encode(source.author, forKey: .author)
        try metadata.encode(source.published.map(DateParsing.format), forKey: .published)
        try metadata.encode(source.retrieved.map(DateParsing.format), forKey: .retrieved)
        try metadata.encode(source.extractor.description, forKey: .extractor)
        try metadata.encode(source.location, forKey: .source)
        try metadata.encode(document.contentID, forKey: .contentID)
        try metadata.encode(document.cluster, forKey: .cluster)
        try metadata.encode(document.origin, forKey: .origin)
        try metadata.encode(document.repostOf?.id, forKey: .repostOf)
        try metadata.encode(document.passages.filter { $0.kind != .content }.map {
            Removed(kind: $0.kind.rawValue, rule: $0.rule, start: $0.passage.range.lowerBound, end: $0.passage.range.upperBound, of: $0.of)
        }, forKey: .removed)
    }
}
