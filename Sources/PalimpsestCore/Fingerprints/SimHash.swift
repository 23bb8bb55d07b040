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
        var votes = [Int](repeating: 0, count: 64)
        for shingle in shingles {
            for bit in 0..<64 {
                votes[bit] += (shingle >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// The number of differing bits.
    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
