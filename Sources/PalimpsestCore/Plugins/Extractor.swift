/// Reads one input's bytes into documents: the seam where new input formats plug in.
///
/// ## Contract
/// - ``extract(_:emit:)`` is called once per input, possibly from several threads at once for
///   different inputs, so an extractor holds no mutable state.
/// - It calls `emit` with each document as soon as it is complete (an input may hold many: a JSONL
///   shard, a feed, a WARC file), in input order, and with each recoverable problem (a malformed
///   line, a repaired encoding) as ``ExtractedItem/problem(_:)``; then it goes on with the rest.
/// - It throws only when nothing more can be read from the input; what was emitted before stands.
/// - Every document's ``Document/source`` names this extractor's ``stamp``, the input's
///   ``ExtractionInput/location`` and, for single-document inputs, ``ExtractionInput/rawContentID``.
/// - Passage offsets are Unicode scalar offsets into the document text; ``DocumentBuilder`` keeps
///   them right.
/// - It keeps to the input's ``ExtractionInput/limits`` that concern its format (line length,
///   document size, markup depth): what is over one is skipped with a problem naming the limit.
public protocol Extractor: Sendable {
    /// The registry name and version, recorded in every document's provenance.
    var stamp: PluginStamp { get }
    /// One line saying what the extractor reads.
    var summary: String { get }
    /// File extensions (without the dot, lower case) this extractor claims, such as `["md", "markdown"]`.
    var fileExtensions: [String] { get }
    /// Whether the first bytes of an input look like this format, for inputs whose extension is
    /// missing or lies. Default: false.
    func sniff(_ prefix: [UInt8]) -> Bool
    /// Reads documents from one input.
    func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws
}

extension Extractor {
    /// By default an extractor claims nothing by content.
    public func sniff(_ prefix: [UInt8]) -> Bool { false }
}

/// One input handed to an extractor: its bytes, already decompressed, and how to name what comes out.
public struct ExtractionInput: Sendable {
    /// Where the bytes came from, as shown to users (`-` for standard input).
    public var location: String
    /// The id a single-document input's document takes; multi-document inputs derive ids from it.
    public var documentID: String
    /// The (decompressed) bytes.
    public var bytes: [UInt8]
    /// SHA-256 of the raw bytes as stored (before decompression).
    public var rawContentID: ContentID
    /// What the extractor may take on from this input.
    public var limits: InputLimits

    /// Creates an input.
    public init(location: String, documentID: String, bytes: [UInt8], rawContentID: ContentID? = nil, limits: InputLimits = .standard) {
        self.location = location
        self.documentID = documentID
        self.bytes = bytes
        self.rawContentID = rawContentID ?? SHA256.digest(bytes)
        self.limits = limits
    }
}

/// What an extractor emits: a document, or a problem it recovered from.
public enum ExtractedItem: Sendable {
    /// A complete document.
    case document(Document)
    /// A recoverable problem; extraction went on.
    case problem(InputProblem)
}

/// An extractor that can read an input chunk by chunk, for formats whose files outgrow memory
/// (WARC crawls): the reader hands it the (decompressed) bytes in chunks instead of the whole input.
///
/// ## Contract
/// As for ``Extractor``, and: ``extract(streaming:nextChunk:emit:)`` calls `nextChunk` until it
/// returns nil (the end of the input) or it stops early; it keeps no more than it needs to finish
/// the record at hand, so memory stays bounded by the largest record, not the file. `nextChunk`
/// throws when the input cannot be read further (a truncated gzip member); what was emitted stands.
public protocol StreamingExtractor: Extractor {
    /// Reads documents from an input given in chunks.
    func extract(streaming input: StreamingInput, nextChunk: () throws -> [UInt8]?, emit: (ExtractedItem) throws -> Void) throws

    /// Whether the format is text from its first byte (JSON Lines, not WARC, whose records may
    /// carry binary payloads): such an input is first checked as a whole file would be, so binary
    /// data is named as such and UTF-16 or UTF-32 text is decoded rather than streamed as garbage.
    var streamsText: Bool { get }
}

extension StreamingExtractor {
    /// Not text throughout, unless the extractor says so.
    public var streamsText: Bool { false }

    /// A whole input is one chunk.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        var delivered = false
        try extract(streaming: StreamingInput(location: input.location, documentID: input.documentID, limits: input.limits), nextChunk: {
            defer { delivered = true }
            return delivered ? nil : input.bytes
        }, emit: emit)
    }
}

/// An input read in chunks: how to name what comes out of it.
public struct StreamingInput: Sendable {
    /// Where the bytes come from, as shown to users.
    public var location: String
    /// The id single-document inputs take; multi-document inputs derive ids from it.
    public var documentID: String
    /// What the extractor may take on from this input.
    public var limits: InputLimits

    /// Creates a streaming input.
    public init(location: String, documentID: String, limits: InputLimits = .standard) {
        self.location = location
        self.documentID = documentID
        self.limits = limits
    }
}
