import CZlib

/// gzip decompression through zlib, including multi-member streams (concatenated gzip files, as
/// Common Crawl ships them).
public enum Gzip {
    /// Whether bytes start with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1f, 0x8b])
    }

    /// Decompresses every member of a gzip stream.
    /// - Parameter limit: the largest decompressed size accepted, a guard against gzip bombs.
    /// - Throws: ``GzipError`` naming the compressed byte offset where the stream went wrong.
    public static func decompress(_ compressed: [UInt8], limit: Int = 1 << 32) throws(GzipError) -> [UInt8] {
        // z_stream must keep one address while zlib holds it: allocate it on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // 16 + MAX_WBITS: gzip wrapper only.
        guard palimpsest_inflateInit2(stream, 16 + 15) == Z_OK else { throw .corrupt(offset: 0, reason: "zlib could not start") }

        var output: [UInt8] = []
        output.reserveCapacity(min(limit, compressed.count * 4))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        try compressed.withUnsafeBufferPointer { (input) throws(GzipError) in
            while consumed < input.count {
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.pointee.avail_in = UInt32(min(input.count - consumed, Int(UInt32.max)))
                var status: Int32 = Z_OK
                repeat {
                    let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        status = inflate(stream, Z_NO_FLUSH)
                        return out.count - Int(stream.pointee.avail_out)
                    }
                    let position = input.count - Int(stream.pointee.avail_in)
                    if status == Z_DATA_ERROR || status == Z_NEED_DICT || status == Z_MEM_ERROR {
                        let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                        throw .corrupt(offset: position, reason: reason)
                    }
                    if output.count + produced > limit { throw .tooLarge(limit: limit) }
                    output.append(contentsOf: chunk[0..<produced])
                    if status == Z_BUF_ERROR && stream.pointee.avail_in == 0 { break }
                } while status != Z_STREAM_END && (stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0)
                consumed = input.count - Int(stream.pointee.avail_in)
                if status == Z_STREAM_END {
                    // Another member may follow; anything that is not a gzip header is trailing garbage.
                    let rest = input[consumed...]
                    if rest.allSatisfy({ $0 == 0 }) { break }
                    guard isGzip(rest) else { throw .corrupt(offset: consumed, reason: "data after the end of the gzip stream is not a gzip member") }
                    guard inflateReset(stream) == Z_OK else { throw .corrupt(offset: consumed, reason: "zlib could not restart") }
                } else if consumed >= input.count {
                    throw .truncated(offset: input.count)
                }
            }
        }
        return output
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

    /// The compressed byte offset the error refers to, if any.
    public var offset: Int? {
        switch self {
        case .truncated(let offset), .corrupt(let offset, _): offset
        case .tooLarge: nil
        }
    }

    /// A message saying what failed and where.
    public var description: String {
        switch self {
        case .truncated(let offset): "truncated gzip stream: the data ends at compressed byte \(offset) inside a member"
        case .corrupt(let offset, let reason): "corrupt gzip data at compressed byte \(offset): \(reason)"
        case .tooLarge(let limit): "gzip data decompresses to more than \(limit) bytes (limit); skipped"
        }
    }
}
