import CZlib

/// gzip decompression through zlib, including multi-member streams (concatenated gzip files, as
/// Common Crawl ships them).
public enum Gzip {
    /// Whether bytes start with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1f, 0x8b])
    }

    /// Decompresses every member of a gzip stream held in memory.
    /// - Parameters:
    ///   - limit: the largest decompressed size accepted, a guard against gzip bombs.
    ///   - maximumRatio: the largest ratio of output to input once the output passes `ratioFloor`.
    /// - Throws: ``GzipError`` naming the compressed byte offset where the stream went wrong.
    public static func decompress(_ compressed: [UInt8], limit: Int = 1 << 32, maximumRatio: Int = .max, ratioFloor: Int = 0) throws(GzipError) -> [UInt8] {
        let stream = GzipStream(limit: limit, maximumRatio: maximumRatio, ratioFloor: ratioFloor)
        var output = try stream.decompress(compressed)
        output += try stream.finish()
        return output
    }
}

/// A gzip decoder fed chunk by chunk, for inputs too large to hold: memory stays at one chunk of
/// input and its output, whatever the file's size.
public final class GzipStream {
    // z_stream must keep one address while zlib holds it: allocate it on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private var consumedBefore = 0  // compressed bytes fed in earlier chunks
    private var produced = 0
    private var inMember = false
    private var finished = false
    private let limit: Int
    private let maximumRatio: Int
    private let ratioFloor: Int

    /// Creates a decoder that refuses to produce more than `limit` bytes in all, or more than
    /// `maximumRatio` times the compressed bytes read once its output passes `ratioFloor` bytes
    /// (a decompression bomb expands about 1000 times; real text 3 to 15 times).
    public init(limit: Int = 1 << 32, maximumRatio: Int = .max, ratioFloor: Int = 0) {
        self.limit = limit
        self.maximumRatio = maximumRatio
        self.ratioFloor = ratioFloor
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 16 + MAX_WBITS: gzip wrapper only.
        _ = palimpsest_inflateInit2(stream, 16 + 15)
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Decompresses the next chunk of compressed bytes.
    /// - Throws: ``GzipError`` with the compressed offset of corrupt data, or when over the limit.
    public func decompress(_ chunk: [UInt8]) throws(GzipError) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var start = 0
        while start < chunk.count {
            if !inMember {
                if finished {
                    // Between members: zero padding is passed over, wherever chunks happen to end
                    // (so a stream decodes the same whole or in pieces); anything else must be a
                    // gzip header.
                    while start < chunk.count, chunk[start] == 0 { start += 1 }
                    if start == chunk.count { break }
                    guard chunk[start] == 0x1f else {
                        throw .corrupt(offset: consumedBefore + start, reason: "data after the end of the gzip stream is not a gzip member")
                    }
                    guard inflateReset(stream) == Z_OK else { throw .corrupt(offset: consumedBefore + start, reason: "zlib could not restart") }
                }
                inMember = true
            }
            var status: Int32 = Z_OK
            let used: Int = try chunk.withUnsafeBufferPointer { (input) throws(GzipError) -> Int in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.pointee.avail_in = UInt32(clamping: input.count - start)
                repeat {
                    let count = buffer.withUnsafeMutableBufferPointer { out -> Int in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        status = inflate(stream, Z_NO_FLUSH)
                        return out.count - Int(stream.pointee.avail_out)
                    }
                    if status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_MEM_ERROR {
                        let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                        throw GzipError.corrupt(offset: consumedBefore + input.count - Int(stream.pointee.avail_in), reason: reason)
                    }
                    produced += count
                    if produced > limit { throw GzipError.tooLarge(limit: limit) }
                    if produced > ratioFloor {
                        let consumed = consumedBefore + input.count - Int(stream.pointee.avail_in)
                        if produced / max(1, consumed) > maximumRatio {
                            throw GzipError.tooCompressed(ratio: maximumRatio, offset: consumed)
                        }
                    }
                    output.append(contentsOf: buffer[0..<count])
                } while status != Z_STREAM_END && (stream.pointee.avail_out == 0 || (stream.pointee.avail_in > 0 && status == Z_OK))
                return input.count - Int(stream.pointee.avail_in) - start
            }
            start += used
            if status == Z_STREAM_END {
                inMember = false
                finished = true
            } else if used == 0 && status != Z_OK {
                break
            }
        }
        consumedBefore += chunk.count
        return output
    }

    /// Ends the stream.
    /// - Throws: ``GzipError/truncated(offset:)`` when the input ended inside a member.
    public func finish() throws(GzipError) -> [UInt8] {
        if inMember || !finished { throw .truncated(offset: consumedBefore) }
        return []
    }
}

/// Why a gzip stream could not be read.
public enum GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream ends before its last member is complete.
    case truncated(offset: Int)
    /// The bytes at `offset` are not valid deflate data or gzip framing.
    case corrupt(offset: Int, reason: String)
    /// Decompressing would exceed the size limit.
    case tooLarge(limit: Int)
    /// The data expands more than `ratio` times by compressed byte `offset`: a decompression bomb.
    case tooCompressed(ratio: Int, offset: Int)

    /// The compressed byte offset the error refers to, if any.
    public var offset: Int? {
        switch self {
        case .truncated(let offset), .corrupt(let offset, _), .tooCompressed(_, let offset): offset
        case .tooLarge: nil
        }
    }

    /// A message saying what failed and where.
    public var description: String {
        switch self {
        case .truncated(let offset): "truncated gzip stream: the data ends at compressed byte \(offset) inside a member"
        case .corrupt(let offset, let reason): "corrupt gzip data at compressed byte \(offset): \(reason)"
        case .tooLarge(let limit): "gzip data decompresses to more than \(limit) bytes (limit: --max-decompressed-size)"
        case .tooCompressed(let ratio, let offset):
            "gzip data expands more than \(ratio) times by compressed byte \(offset), as decompression bombs do (limit: --max-compression-ratio)"
        }
    }
}
