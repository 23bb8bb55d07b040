import Foundation
import PalimpsestCore

/// One line of annotated JSONL: a document with everything found about it (schema in the README).
struct DocumentRecord: Encodable {
    let document: AnalyzedDocument

    private enum Keys: String, CodingKey {
        case id, text, contentID = "content_id", simhash, source, cluster, origin
        case repostOf = "repost_of", partialRepostOf = "partial_repost_of", passages
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(document.document.id, forKey: .id)
        try container.encode(document.document.text, forKey: .text)
        try container.encode(document.contentID, forKey: .contentID)
        try container.encode(String(document.simHash, radix: 16).leftPadded(to: 16), forKey: .simhash)
        try container.encode(SourceRecordJSON(source: document.document.source), forKey: .source)
        try container.encode(document.cluster, forKey: .cluster)
        try container.encode(document.origin, forKey: .origin)
        if let repost = document.repostOf {
            try container.encode(RepostJSON(link: repost), forKey: .repostOf)
        } else {
            try container.encodeNil(forKey: .repostOf)
        }
        try container.encode(document.partialRepostOf.map(PartialRepostJSON.init), forKey: .partialRepostOf)
        try container.encode(document.passages.map(PassageJSON.init), forKey: .passages)
    }
}

struct SourceRecordJSON: Encodable {
    let source: SourceRecord

    private enum Keys: String, CodingKey {
        case location, url, site, publisher, title, author, published, retrieved, extractor
        case rawContentID = "raw_content_id", metadata
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(source.location, forKey: .location)
        try container.encode(source.url, forKey: .url)
        try container.encode(source.site, forKey: .site)
        try container.encode(source.publisher, forKey: .publisher)
        try container.encode(source.title, forKey: .title)
        try container.encode(source.author, forKey: .author)
        try container.encode(source.published.map(DateParsing.format), forKey: .published)
        try container.encode(source.retrieved.map(DateParsing.format), forKey: .retrieved)
        try container.encode(source.extractor, forKey: .extractor)
        try container.encode(source.rawContentID, forKey: .rawContentID)
        try container.encode(source.metadata, forKey: .metadata)
    }
}

struct RepostJSON: Encodable {
    let id: String
    let similarity: Double
    let containment: Double
    let simhashDistance: Int

    init(link: RepostLink) {
        id = link.id
        similarity = link.similarity.rounded(toPlaces: 4)
        containment = link.containment.rounded(toPlaces: 4)
        simhashDistance = link.simHashDistance
    }

    private enum CodingKeys: String, CodingKey {
        case id, similarity, containment, simhashDistance = "simhash_distance"
    }
}

struct SpanJSON: Encodable {
    let start: Int
    let end: Int
    let of: SpanSourceJSON

    init(span: CopiedSpan) {
        start = span.range.lowerBound
        end = span.range.upperBound
        of = SpanSourceJSON(document: span.source.document, passage: span.source.passage, start: span.sourceRange.lowerBound, end: span.sourceRange.upperBound)
    }
}

struct SpanSourceJSON: Encodable {
    let document: String
    let passage: Int
    let start: Int
    let end: Int
}

struct PartialRepostJSON: Encodable {
    let id: String
    let share: Double
    let spans: [SpanJSON]

    init(partial: PartialRepost) {
        id = partial.id
        share = partial.share.rounded(toPlaces: 4)
        spans = partial.spans.map(SpanJSON.init)
    }
}

struct PassageJSON: Encodable {
    let passage: AnalyzedPassage

    private enum Keys: String, CodingKey {
        case index, start, end, kind, role, contentID = "content_id", of, rule, score, evidence, copiedSpans = "copied_spans"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(passage.passage.index, forKey: .index)
        try container.encode(passage.passage.range.lowerBound, forKey: .start)
        try container.encode(passage.passage.range.upperBound, forKey: .end)
        try container.encode(passage.kind, forKey: .kind)
        try container.encode(passage.passage.role, forKey: .role)
        try container.encode(passage.contentID, forKey: .contentID)
        try container.encodeIfPresent(passage.of, forKey: .of)
        try container.encodeIfPresent(passage.rule, forKey: .rule)
        try container.encodeIfPresent(passage.score?.rounded(toPlaces: 4), forKey: .score)
        try container.encodeIfPresent(passage.evidence, forKey: .evidence)
        if !passage.copiedSpans.isEmpty {
            try container.encode(passage.copiedSpans.map(SpanJSON.init), forKey: .copiedSpans)
        }
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
