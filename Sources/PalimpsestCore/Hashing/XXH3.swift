import CXXHash

/// XXH3-64 from the system's libxxhash: the 64-bit hash of tokens and shingles.
///
/// XXH3 is stable across machines, processes and releases of xxHash (its output is frozen since
/// 0.8.0), which is what stored fingerprints need; Swift's `Hasher` is seeded per process and must
/// never be used for them. Stored fingerprints name it as `"xxh3-64 seed 0"`.
public enum XXH3 {
    /// The name recorded with every fingerprint made by this hash.
    public static let identifier = "xxh3-64 seed 0"

    /// XXH3-64 of `bytes` with `seed`. Inlinable, with the hash itself inlined from xxHash's header,
    /// because it runs once per token and per band of every document.
    @inlinable @inline(__always)
    public static func hash64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        palimpsest_xxh3_64(bytes.baseAddress, bytes.count, seed)
    }

    /// XXH3-64 of a string's UTF-8 encoding.
    public static func hash64(utf8 text: String, seed: UInt64 = 0) -> UInt64 {
        var text = text
        return text.withUTF8 { hash64(UnsafeRawBufferPointer($0), seed: seed) }
    }

    /// XXH3-64 of a run of 64-bit values, read as their little-endian bytes.
    ///
    /// This is how a shingle is hashed: the XXH3 of its tokens' hashes, so each token is hashed once.
    @inline(__always)
    public static func hash64(words: UnsafeBufferPointer<UInt64>, seed: UInt64 = 0) -> UInt64 {
        #if _endian(big)
        let swapped = words.map { $0.littleEndian }
        return swapped.withUnsafeBytes { hash64($0, seed: seed) }
        #else
        return hash64(UnsafeRawBufferPointer(words), seed: seed)
        #endif
    }
}
