/// Hashes runs of k consecutive tokens (w-shingling, Broder 1997) to 64 bits.
///
/// Shingle *i* covers tokens `i ..< i + k`; its hash is XXH3-64 (seed 0) of the k token hashes as
/// little-endian bytes. A text with fewer than k tokens (but at least one) gets a single shingle of
/// all its tokens, so short texts still have a usable fingerprint; a text with no token gets none,
/// and an empty shingle set is never similar to anything (see ``Jaccard``).
public struct Shingler: Sendable, Hashable {
    /// Tokens per shingle. The default, 5, is the usual choice for English news text: long enough
    /// that unrelated articles on one topic share few shingles, short enough that a changed word
    /// breaks only five of them.
    public var size: Int

    /// Creates a shingler of `size` tokens.
    /// - Precondition: `size >= 1`.
    public init(size: Int = 5) {
        precondition(size >= 1, "a shingle has at least one token")
        self.size = size
    }

    /// The positional shingle hashes of a token sequence (duplicates kept, in order).
    /// - Complexity: O(n·k) bytes hashed.
    public func shingles(of tokenHashes: [UInt64]) -> [UInt64] {
        var shingles: [UInt64] = []
        shingles.reserveCapacity(Swift.max(tokenHashes.count - size + 1, 1))
        tokenHashes.withUnsafeBufferPointer { tokens in forEachShingle(of: tokens) { shingles.append($0) } }
        return shingles
    }

    /// Calls `body` with a transient 64-bit identity of each shingle, in order: the polynomial
    /// Σ tᵢ·Bᵏ⁻¹⁻ⁱ (mod 2⁶⁴, B odd) of its k token hashes, updated as the window rolls (Karp and
    /// Rabin 1987), so a shingle costs two multiplications instead of an XXH3 call. Two distinct
    /// shingles collide with probability about 2⁻⁶⁴ given the token hashes' randomness. For
    /// in-memory sketches that are never stored (near-duplicate clustering); the stored shingle hash
    /// stays ``forEachShingle(of:_:)``'s, whose name (``XXH3/identifier``) fingerprints record.
    @inlinable @inline(__always)
    public func forEachTransientShingle(of tokenHashes: UnsafeBufferPointer<UInt64>, _ body: (UInt64) -> Void) {
        guard !tokenHashes.isEmpty else { return }
        let width = Swift.min(size, tokenHashes.count)
        let base: UInt64 = 0x9E37_79B9_7F4A_7C15
        var leading: UInt64 = 1  // B^(width − 1): the weight of the token leaving the window
        var hash: UInt64 = 0
        for offset in 0..<width {
            hash = hash &* base &+ tokenHashes[offset]
            if offset > 0 { leading &*= base }
        }
        body(hash ^ (hash >> 31))
        var next = width
        while next < tokenHashes.count {
            hash = (hash &- tokenHashes[next - width] &* leading) &* base &+ tokenHashes[next]
            body(hash ^ (hash >> 31))
            next += 1
        }
    }

    /// Calls `body` with each positional shingle hash of a token sequence, in order, without
    /// collecting them: the form the signature hot loops use.
    @inline(__always)
    public func forEachShingle(of tokenHashes: UnsafeBufferPointer<UInt64>, _ body: (UInt64) -> Void) {
        guard !tokenHashes.isEmpty else { return }
        let width = Swift.min(size, tokenHashes.count)
        for start in 0...(tokenHashes.count - width) {
            body(XXH3.hash64(words: UnsafeBufferPointer(rebasing: tokenHashes[start..<(start + width)])))
        }
    }
}

/// Jaccard similarity and containment on sorted, duplicate-free shingle sets.
public enum Jaccard {
    /// Sorts and removes duplicates: the set form the measures below expect. Inlinable, so a caller in
    /// another module gets it specialised for its sequence instead of iterating it generically.
    @inlinable
    public static func set(_ shingles: some Sequence<UInt64>) -> [UInt64] {
        var sorted = Array(shingles)
        sorted.sort()
        var write = 0
        for read in sorted.indices where read == 0 || sorted[read] != sorted[read - 1] {
            sorted[write] = sorted[read]
            write += 1
        }
        sorted.removeLast(sorted.count - write)
        return sorted
    }

    /// The size of the intersection of two sorted sets.
    /// - Complexity: O(|a| + |b|).
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// |a ∩ b| / |a ∪ b|; 0 when either set is empty (an empty fingerprint matches nothing).
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = intersectionCount(a, b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// |a ∩ b| / |a|: how much of `a` is found in `b`; 0 when `a` is empty.
    public static func containment(of a: [UInt64], in b: [UInt64]) -> Double {
        guard !a.isEmpty else { return 0 }
        return Double(intersectionCount(a, b)) / Double(a.count)
    }
}
