/// Sorts 64-bit keys by least-significant-digit radix sort, 16 bits a pass: linear time, which is
/// what grouping millions of band keys needs (a comparison sort spends most of its time in the
/// comparisons' closures).
enum RadixSort {
    /// Sorts `keys` ascending, using `scratch` (resized as needed) as the second buffer.
    static func sort(_ keys: inout [UInt64], scratch: inout [UInt64]) {
        guard keys.count > 1 else { return }
        if scratch.count != keys.count { scratch = [UInt64](repeating: 0, count: keys.count) }
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            keys.withUnsafeMutableBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in counts.indices { counts[index] = 0 }
                        for key in source { counts[Int(truncatingIfNeeded: (key >> shift) & 0xFFFF)] += 1 }
                        var total = 0
                        for index in counts.indices {
                            let count = counts[index]
                            counts[index] = total
                            total += count
                        }
                        for key in source {
                            let digit = Int(truncatingIfNeeded: (key >> shift) & 0xFFFF)
                            target[counts[digit]] = key
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&keys, &scratch)
        }
    }
}
