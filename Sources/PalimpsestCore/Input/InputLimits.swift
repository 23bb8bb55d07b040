import Foundation

/// How much of any one input Palimpsest will take on: the guard against hostile bytes (gzip bombs,
/// endless lines, pathologically nested markup). An input, line or record over a limit is skipped
/// with a problem naming the limit and the option that raises it; the run goes on, and memory stays
/// bounded by the limits, whatever the input.
///
/// The defaults admit every real corpus we know of (a whole book in one JSON line, a 1 GiB shard) while
/// keeping one input's cost to a few GiB at most.
public struct InputLimits: Sendable, Hashable, Codable {
    /// The largest file read whole into memory (streamed formats, WARC, have no total size). Default 1 GiB.
    public var maximumInputBytes: Int
    /// The largest decompressed size of a gzip input read whole. Default 1 GiB.
    public var maximumDecompressedBytes: Int
    /// The largest ratio of decompressed to compressed bytes, checked once the output passes
    /// ``compressionRatioFloor``: deflate reaches 1032:1 on a run of one byte, real text 3–15:1.
    /// Applies to streamed inputs too, which have no total limit. Default 200.
    public var maximumCompressionRatio: Int
    /// The largest document or record: a WARC record, one document's text. Default 64 MiB.
    public var maximumDocumentBytes: Int
    /// The longest line of a line-oriented input (JSON Lines, plain text, Markdown). Default 32 MiB.
    public var maximumLineBytes: Int
    /// The deepest element nesting of an HTML page. libxml2 itself stops at 256 unless its
    /// huge mode is on, which would also lift its other protections, so this can lower the limit but
    /// not raise it. Default 256.
    public var maximumHTMLDepth: Int

    /// Output size below which the compression ratio is not checked: small, very repetitive files are fine.
    public static let compressionRatioFloor = 64 << 20
    /// libxml2's own nesting limit without its huge mode.
    public static let libxml2Depth = 256
    /// The largest sidecar metadata file (`NAME.meta.json`) or `.palimpsestignore` file read: 1 MiB,
    /// thousands of times what either needs, so a huge or endless one (a link to a disk image, a
    /// pipe) is refused with a message instead of exhausting memory. Not an option: nothing real
    /// comes near it.
    public static let metadataFileBytes = 1 << 20

    /// The defaults.
    public static let standard = InputLimits()

    /// Creates limits; each omitted one takes its default.
    public init(
        maximumInputBytes: Int = 1 << 30, maximumDecompressedBytes: Int = 1 << 30, maximumCompressionRatio: Int = 200,
        maximumDocumentBytes: Int = 64 << 20, maximumLineBytes: Int = 32 << 20, maximumHTMLDepth: Int = 256
    ) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
        self.maximumCompressionRatio = maximumCompressionRatio
        self.maximumDocumentBytes = maximumDocumentBytes
        self.maximumLineBytes = maximumLineBytes
        self.maximumHTMLDepth = min(maximumHTMLDepth, Self.libxml2Depth)
    }

    /// A gzip decoder held to these limits: `total` bytes at most (nil: no total, for streams).
    public func gzipStream(total: Int?) -> GzipStream {
        GzipStream(limit: total ?? .max, maximumRatio: maximumCompressionRatio, ratioFloor: Self.compressionRatioFloor)
    }
}

extension InputLimits {
    /// The first line of `bytes` longer than ``maximumLineBytes`` (its number from 1 and its
    /// length), or nil when every line is within the limit.
    public func firstOverlongLine(in bytes: [UInt8]) -> (line: Int, length: Int)? {
        guard bytes.count > maximumLineBytes else { return nil }
        let limit = maximumLineBytes
        return bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> (line: Int, length: Int)? in
            guard let base = buffer.baseAddress else { return nil }
            var start = 0
            var line = 1
            while start < buffer.count {
                var end = buffer.count
                if let found = memchr(base + start, 0x0A, buffer.count - start) { end = UnsafeRawPointer(found) - base }
                if end - start > limit { return (line, end - start) }
                start = end + 1
                line += 1
            }
            return nil
        }
    }

    /// The problem a single-document input (text, Markdown) over the document size or with an
    /// overlong line raises, checked on its bytes before any decoding can multiply them (a NUL or
    /// invalid byte becomes three bytes of U+FFFD): the input is skipped.
    public func singleDocumentProblem(in bytes: [UInt8], location: String) -> InputProblem? {
        guard bytes.count <= maximumDocumentBytes else {
            return InputProblem(location: location, message: "file is \(bytes.count) bytes, over the \(maximumDocumentBytes)-byte document limit (--max-document-size); skipped")
        }
        return firstOverlongLine(in: bytes).map { line, length in
            InputProblem(
                location: location, position: .line(line),
                message: "line is \(length) bytes, over the \(maximumLineBytes)-byte line limit (--max-line-length); file skipped")
        }
    }
}

extension InputLimits {
    /// The limits by name, for run manifests.
    public var recordedSettings: [String: String] {
        [
            "limit_input_bytes": String(maximumInputBytes),
            "limit_decompressed_bytes": String(maximumDecompressedBytes),
            "limit_compression_ratio": String(maximumCompressionRatio),
            "limit_document_bytes": String(maximumDocumentBytes),
            "limit_line_bytes": String(maximumLineBytes),
            "limit_html_depth": String(maximumHTMLDepth),
        ]
    }
}
