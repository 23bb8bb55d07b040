/// 64-bit SimHash (Charikar 2002, "Similarity estimation techniques from rounding algorithms"), as
/// used for near-duplicate web pages by Manku, Jain and Das Sarma (2007).
///
/// Each shingle hash votes +1 or −1 on every bit; the fingerprint keeps the sign of each bit's sum.
/// Near-identical texts differ in few bits; Manku et al. treat a Hamming distance ≤ 3 of 64 as
/// near-duplicate web pages.
public enum SimHash {
    /// The fingerprint of a shingle multiset; 0 for an empty one.
    public static func fingerprint(of shingles: [UInt64]) -> UInt64 {
        guard !shingles.isEmpty else { return 0 }
        // A bit's vote is (ones − zeros), positive exactly when twice its ones exceed the count;
        // counting ones alone, without a branch, lets the loop run on vector registers.
        var ones = [UInt32](repeating: 0, count: 64)
        ones.withUnsafeMutableBufferPointer { ones in
            for shingle in shingles {
                for bit in 0..<64 { ones[bit] &+= UInt32(truncatingIfNeeded: (shingle >> UInt64(bit)) & 1) }
            }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where 2 * Int(ones[bit]) > shingles.count { result |= 1 << UInt64(bit) }
        return result
    }

    /// The number of differing bits.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
