import COpenSSL
import Foundation

/// SHA-256 through OpenSSL's EVP interface: the content ids of documents, passages and raw inputs.
///
/// SHA-256 is for content addressing and provenance only; shingles use ``XXH3`` (a SHA-256 per
/// shingle would be some thirty times slower and buy nothing).
public enum SHA256 {
    /// The digest of `bytes`.
    /// - Complexity: O(n), about 1.4 GB/s with SHA-NI.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> ContentID {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { out in
            EVP_Digest(bytes.baseAddress, bytes.count, out.baseAddress, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when the library cannot allocate a context; there is no input to blame.
        precondition(succeeded == 1 && length == 32, "OpenSSL EVP_Digest(SHA-256) failed")
        return ContentID(sha256: Array(output.prefix(32)))
    }

    /// The digest of a byte collection.
    public static func digest(_ bytes: some Collection<UInt8>) -> ContentID {
        if let id = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return id
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    /// The digest of a string's UTF-8 encoding.
    public static func digest(utf8 text: String) -> ContentID {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }
}

/// A SHA-256 digest as four 64-bit words: a key for sets of millions of content ids without an
/// array per id. ``contentID`` gives the usual form.
public struct SHA256Digest: Sendable, Hashable {
    /// The digest's bytes 0–7, 8–15, 16–23 and 24–31, each read big-endian.
    public var words: (UInt64, UInt64, UInt64, UInt64)

    /// The digest as a content id.
    public var contentID: ContentID {
        var bytes: [UInt8] = []
        for word in [words.0, words.1, words.2, words.3] {
            withUnsafeBytes(of: word.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return ContentID(sha256: bytes)
    }

    /// Equal when all 32 bytes are.
    public static func == (a: SHA256Digest, b: SHA256Digest) -> Bool { a.words == b.words }

    /// Feeds the first 8 bytes to `hasher`: a digest's bytes are already uniform, a quarter is
    /// plenty for a set's buckets (equality still compares all 32).
    public func hash(into hasher: inout Hasher) { hasher.combine(words.0) }
}

/// SHA-256 of many small inputs (paragraphs, records) through one reused OpenSSL context: the
/// per-call setup of ``SHA256/digest(_:)-(UnsafeRawBufferPointer)`` (allocating a context) costs as
/// much as hashing a few hundred bytes. Not thread-safe: one per task.
public final class SHA256Digester {
    private let context: OpaquePointer
    /// The algorithm, fetched from OpenSSL's provider once: `EVP_sha256()` makes every
    /// initialisation look it up again, which costs more than hashing a paragraph.
    private let algorithm: OpaquePointer

    /// Creates a digester.
    public init() {
        // These fail only when memory is exhausted or libcrypto is broken; there is no input to blame.
        guard let context = EVP_MD_CTX_new(), let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            preconditionFailure("OpenSSL could not set up SHA-256")
        }
        self.context = context
        self.algorithm = algorithm
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(algorithm)
    }

    /// The SHA-256 digest of `bytes`.
    public func digest(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var output = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let succeeded = withUnsafeMutableBytes(of: &output) { out -> Bool in
            var length: UInt32 = 0
            return EVP_DigestInit_ex2(context, algorithm, nil) == 1
                && EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
                && EVP_DigestFinal_ex(context, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &length) == 1
                && length == 32
        }
        precondition(succeeded, "OpenSSL SHA-256 failed")
        return SHA256Digest(words: (UInt64(bigEndian: output.0), UInt64(bigEndian: output.1), UInt64(bigEndian: output.2), UInt64(bigEndian: output.3)))
    }
}

/// SHA-256 of bytes that arrive in pieces (a file read in chunks, a stream as it is decoded).
/// Not thread-safe: one per stream.
public final class SHA256Stream {
    private let context: OpaquePointer

    /// Starts a digest.
    public init() {
        // These fail only when memory is exhausted or libcrypto is broken; there is no input to blame.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex2(context, EVP_sha256(), nil) == 1 else {
            preconditionFailure("OpenSSL could not set up SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds the next bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "OpenSSL SHA-256 failed")
    }

    /// Adds the next bytes.
    public func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added; the stream is done after it.
    public func finish() -> ContentID {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &output, &length) == 1 && length == 32, "OpenSSL SHA-256 failed")
        return ContentID(sha256: Array(output.prefix(32)))
    }
}

extension SHA256 {
    /// The digest of a file's bytes, read a megabyte at a time, and its size.
    /// - Throws: `CocoaError` when the file cannot be opened or read.
    public static func digest(fileAt path: String) throws -> (id: ContentID, bytes: Int) {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return try digest(reading: handle)
    }

    /// The digest of the bytes read from `handle` to its end, a megabyte at a time, and their
    /// count: for a file already opened and checked (its kind, its identity), so the bytes hashed
    /// are those of the file checked, not of whatever took its name meanwhile.
    /// - Throws: `CocoaError` when reading fails.
    public static func digest(reading handle: FileHandle) throws -> (id: ContentID, bytes: Int) {
        let stream = SHA256Stream()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            size += chunk.count
            stream.update(chunk)
        }
        return (stream.finish(), size)
    }
}
