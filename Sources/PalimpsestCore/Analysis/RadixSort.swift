/// Sorts 64-bit keys by least-significant-digit radix sort: linear time, which is what grouping
/// millions of band keys needs (a comparison sort spends most of its time in its comparisons).
/// Short arrays take 8-bit digits (eight passes over 256 counters), long ones 16-bit digits (four
/// passes over 65,536), so the counters never cost more than the keys. It needs a second buffer as
/// large as the keys, so lists that may reach hundreds of megabytes (passage matching's candidate
/// pairs) are sorted in place instead. Shared by `dedup`'s band join and the analysis's origin order
/// and LSH buckets; inlinable, as they call it from other modules.
package enum RadixSort {
    /// Sorts `keys` ascending, using `scratch` (resized as needed) as the second buffer.
    @inlinable package static func sort(_ keys: inout [UInt64], scratch: inout [UInt64]) {
        // Values of no size ride along for nothing.
        var none: [Void] = Array(repeating: (), count: keys.count), noneScratch: [Void] = []
        sort(&keys, carrying: &none, scratch: &scratch, valueScratch: &noneScratch)
    }

    /// Sorts `keys` ascending and moves `values` (one per key) with them, stably: keys that are equal
    /// keep their values in the order given. `scratch` and `valueScratch` are the second buffers.
    /// - Precondition: `values.count == keys.count`.
    @inlinable package static func sort<Value>(
        _ keys: inout [UInt64], carrying values: inout [Value], scratch: inout [UInt64], valueScratch: inout [Value]
    ) {
        precondition(values.count == keys.count, "one value per key")
        guard keys.count > 1 else { return }
        if scratch.count != keys.count { scratch = [UInt64](repeating: 0, count: keys.count) }
        if valueScratch.count != values.count { valueScratch = values }
        let digitBits = keys.count < 1 << 16 ? 8 : 16
        let mask = UInt64(1 << digitBits - 1)
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        for pass in 0..<(64 / digitBits) {
            let shift = UInt64(pass * digitBits)
            keys.withUnsafeMutableBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    values.withUnsafeMutableBufferPointer { sourceValues in
                        valueScratch.withUnsafeMutableBufferPointer { targetValues in
                            counts.withUnsafeMutableBufferPointer { counts in
                                for index in counts.indices { counts[index] = 0 }
                                for key in source { counts[Int(truncatingIfNeeded: (key >> shift) & mask)] += 1 }
                                var total = 0
                                for index in counts.indices {
                                    let count = counts[index]
                                    counts[index] = total
                                    total += count
                                }
                                for (index, key) in source.enumerated() {
                                    let digit = Int(truncatingIfNeeded: (key >> shift) & mask)
                                    target[counts[digit]] = key
                                    targetValues[counts[digit]] = sourceValues[index]
                                    counts[digit] += 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratch)
            swap(&values, &valueScratch)
        }
    }

    /// Sorts `keys` ascending with a scratch buffer of its own, let go of when done.
    @inlinable package static func sort(_ keys: inout [UInt64]) {
        var scratch: [UInt64] = []
        sort(&keys, scratch: &scratch)
    }
}
