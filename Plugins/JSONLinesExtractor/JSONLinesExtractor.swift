import Foundation
import PalimpsestCore

/// Reads JSON Lines: one document per line, in the `{"id", "text", "metadata"}` convention of
/// datatrove and Hugging Face datasets, with configurable field names.
///
/// A line that is not a JSON object, or has no text, is reported with its line number and skipped;
/// the other lines are read. Fields not mapped are kept in ``SourceRecord/metadata`` (scalars as
/// text; a nested `metadata` object is flattened one level).
///
/// Files are streamed a chunk at a time, so a shard of any size costs one line in memory, and its
/// documents are handed on as they are read.
public struct JSONLinesExtractor: StreamingExtractor {
    /// Which JSON field holds each part of a document; each lists names tried in order.
    public struct FieldMapping: Sendable, Hashable {
        /// The document id (default `id`); a line without one gets `<file>#<line>`.
        public var id: [String]
        /// The text (default `text`, `content`, `body`).
        public var text: [String]
        /// The URL (default `url`, `link`).
        public var url: [String]
        /// The title (default `title`, `headline`).
        public var title: [String]
        /// The publication date (default `published`, `date`, `published_at`).
        public var published: [String]
        /// The retrieval date (default `retrieved`, `fetched`, `crawled`).
        public var retrieved: [String]
        /// The site (default `site`, `source`, `domain`).
        public var site: [String]
        /// The publisher (default `publisher`).
        public var publisher: [String]
        /// The author (default `author`, `authors`, `byline`).
        public var author: [String]

        /// The default mapping.
        public init(
            id: [String] = ["id"], text: [String] = ["text", "content", "body"], url: [String] = ["url", "link"],
            title: [String] = ["title", "headline"], published: [String] = ["published", "date", "published_at"],
            retrieved: [String] = ["retrieved", "fetched", "crawled"], site: [String] = ["site", "source", "domain"],
            publisher: [String] = ["publisher"], author: [String] = ["author", "authors", "byline"]
        ) {
            self.id = id
            self.text = text
            self.url = url
            self.title = title
            self.published = published
            self.retrieved = retrieved
            self.site = site
            self.publisher = publisher
            self.author = author
        }

        /// Puts `field` first for the part named `part` (`id`, `text`, `url`, `title`, `published`,
        /// `retrieved`, `site`, `publisher`, `author`).
        /// - Throws: ``JSONLinesError/unknownPart(_:)`` for another part name.
        public mutating func map(_ part: String, to field: String) throws(JSONLinesError) {
            switch part {
            case "id": id.insert(field, at: 0)
            case "text": text.insert(field, at: 0)
            case "url": url.insert(field, at: 0)
            case "title": title.insert(field, at: 0)
            case "published": published.insert(field, at: 0)
            case "retrieved": retrieved.insert(field, at: 0)
            case "site": site.insert(field, at: 0)
            case "publisher": publisher.insert(field, at: 0)
            case "author": author.insert(field, at: 0)
            default: throw .unknownPart(part)
            }
        }

        var all: Set<String> { Set(id + text + url + title + published + retrieved + site + publisher + author) }
    }

    /// `jsonl`, with this plugin's version.
    public let stamp = PluginStamp(name: "jsonl", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "JSON Lines, one document per line ({\"id\",\"text\",…}); field names configurable"
    /// `.jsonl`, `.ndjson`.
    public let fileExtensions = ["jsonl", "ndjson", "jsonlines"]
    /// The field mapping in use.
    public var mapping: FieldMapping
    /// JSON Lines is text throughout.
    public let streamsText = true

    /// Creates the extractor with a field mapping.
    public init(mapping: FieldMapping = FieldMapping()) { self.mapping = mapping }

    /// A first line that opens a JSON object.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        prefix.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D } == UInt8(ascii: "{")
    }

    /// Emits one document per well-formed line, and one problem per malformed line, reading the
    /// input a chunk at a time: a line split between chunks is carried over, and a line over the
    /// line limit is skipped to its end without being held. Lines are parsed on all cores a batch
    /// (``parallelBatchBytes``) at a time, and what they give is emitted in line order.
    public func extract(streaming input: StreamingInput, nextChunk: () throws -> [UInt8]?, emit: (ExtractedItem) throws -> Void) throws {
        let limit = input.limits.maximumLineBytes
        var lineNumber = 0, read = 0
        // The start of the current line, carried over from earlier chunks, and how many bytes of an
        // over-long line were passed over (nil when the line is within the limit).
        var carried: [UInt8] = []
        var skipped: Int? = nil
        // Lines waiting to be parsed, in order, and their bytes.
        var pending: [PendingLine] = []
        var pendingBytes = 0
        func flush() throws {
            let parsed = pending.concurrentMap { _, line in
                switch line {
                case .text(let number, let bytes): items(of: bytes, lineNumber: number, input: input)
                case .ready(let item): [item]
                }
            }
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            for items in parsed {
                for item in items { try emit(item) }
            }
        }
        func take(_ line: ArraySlice<UInt8>) throws {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            read += 1
            pending.append(.text(lineNumber, line))
            pendingBytes += line.count
            if pendingBytes >= Self.parallelBatchBytes { try flush() }
        }
        func endLine(_ tail: ArraySlice<UInt8>) throws {
            lineNumber += 1
            let size = (skipped ?? carried.count) + tail.count
            if skipped != nil || size > limit {
                read += 1
                pending.append(.ready(.problem(InputProblem(
                    location: input.location, position: .line(lineNumber),
                    message: "line is \(size) bytes, over the \(limit)-byte line limit (--max-line-length); line skipped"))))
            } else if carried.isEmpty {
                try take(tail)
            } else {
                carried += tail
                try take(carried[...])
            }
            carried.removeAll(keepingCapacity: true)
            skipped = nil
        }
        while let chunk = try nextChunk() {
            var start = 0
            while let newline = chunk[start...].firstIndex(of: 0x0A) {
                try endLine(chunk[start..<newline])
                start = newline + 1
            }
            guard start < chunk.count else { continue }
            let rest = chunk[start...]
            if let passed = skipped {
                skipped = passed + rest.count
            } else if carried.count + rest.count > limit {
                skipped = carried.count + rest.count
                carried = []
            } else {
                carried += rest
            }
        }
        if skipped != nil || !carried.isEmpty { try endLine([]) }
        try flush()
        if read == 0 {
            try emit(.problem(InputProblem(location: input.location, message: "no JSON lines in this file, only blank ones; nothing to analyse")))
        }
    }

    /// Bytes of lines parsed together on all cores: large enough to outweigh handing them out, small
    /// enough that what waits to be emitted stays a few hundred kilobytes.
    public static let parallelBatchBytes = 256 << 10

    /// A line waiting its turn: its bytes to parse, or what it gave already (a line over the limit).
    private enum PendingLine: Sendable {
        case text(Int, ArraySlice<UInt8>)
        case ready(ExtractedItem)
    }

    /// What one line gives, in order: a warning about its bytes if any, then its document or the
    /// problem that kept it out.
    private func items(of line: ArraySlice<UInt8>, lineNumber: Int, input: StreamingInput) -> [ExtractedItem] {
        var items: [ExtractedItem] = []
        do {
            let document = try parse(line, lineNumber: lineNumber, input: input) { items.append($0) }
            items.append(.document(document))
        } catch let problem as InputProblem {
            items.append(.problem(problem))
        } catch {
            items.append(.problem(InputProblem(location: input.location, position: .line(lineNumber), message: "\(error); line skipped")))
        }
        return items
    }

    private func parse(_ line: ArraySlice<UInt8>, lineNumber: Int, input: StreamingInput, emit: (ExtractedItem) throws -> Void) throws -> Document {
        if let offset = TextDecoding.firstInvalidUTF8Offset(Array(line)) {
            try emit(.problem(InputProblem(
                location: input.location, position: .line(lineNumber),
                message: "invalid UTF-8 at byte \(offset) of the line; replaced with U+FFFD", severity: .warning)))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(String(decoding: line, as: UTF8.self).utf8), options: [])
        } catch {
            throw InputProblem(location: input.location, position: .line(lineNumber), message: "malformed JSON (\(Self.reason(error))); line skipped")
        }
        guard let fields = object as? [String: Any] else {
            throw InputProblem(location: input.location, position: .line(lineNumber), message: "not a JSON object; line skipped")
        }
        var flat: [String: Any] = fields
        if let nested = fields["metadata"] as? [String: Any] {
            flat.removeValue(forKey: "metadata")
            for (key, value) in nested where flat[key] == nil { flat[key] = value }
        }
        func string(_ names: [String]) -> String? {
            for name in names {
                switch flat[name] {
                case let value as String where !value.isEmpty: return value
                case let value as NSNumber: return value.stringValue
                default: continue
                }
            }
            return nil
        }
        guard let text = string(mapping.text) else {
            throw InputProblem(
                location: input.location, position: .line(lineNumber),
                message: "no text field (looked for \(mapping.text.joined(separator: ", "))); line skipped")
        }
        var builder = DocumentBuilder()
        for block in PlainTextBlocks.blocks(text) { builder.append(block.text, role: block.role) }
        guard !builder.isEmpty else {
            throw InputProblem(location: input.location, position: .line(lineNumber), message: "empty text; line skipped")
        }
        var metadata: [String: String] = [:]
        for (key, value) in flat where !mapping.all.contains(key) {
            switch value {
            case let value as String: metadata[key] = value
            case let value as NSNumber: metadata[key] = value.stringValue
            default: continue
            }
        }
        let source = SourceRecord(
            location: "\(input.location)#L\(lineNumber)", url: string(mapping.url), site: string(mapping.site),
            publisher: string(mapping.publisher), title: string(mapping.title), author: string(mapping.author),
            published: string(mapping.published).flatMap(DateParsing.parse),
            retrieved: string(mapping.retrieved).flatMap(DateParsing.parse),
            extractor: stamp, rawContentID: SHA256.digest(line), metadata: metadata)
        return builder.build(id: string(mapping.id) ?? "\(input.documentID)#\(lineNumber)", source: source)
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}

/// Why a JSON Lines setting was refused.
public enum JSONLinesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field mapping named a part that documents do not have.
    case unknownPart(String)

    /// The message.
    public var description: String {
        switch self {
        case .unknownPart(let part):
            "unknown document part '\(part)'; use id, text, url, title, published, retrieved, site, publisher or author"
        }
    }
}
