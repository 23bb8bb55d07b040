/// Winnowing (Schleimer, Wilkerson and Aiken 2003, "Winnowing: local algorithms for document
/// fingerprinting"): keeps the minimum hash of every window of `window` consecutive shingles.
///
/// Guarantee: any run of at least `window + k − 1` tokens shared by two texts (k the shingle size)
/// yields at least one shared fingerprint, while only about 2/(window + 1) of the shingles are kept.
public struct Winnower: Sendable, Hashable {
    /// Shingles per window. Default 4: with 5-token shingles, every shared run of 8 tokens or more is seen.
    public var window: Int

    /// Creates a winnower.
    /// - Precondition: `window >= 1`.
    public init(window: Int = 4) {
        precondition(window >= 1, "a window holds at least one shingle")
        self.window = window
    }

    /// The fingerprints of positional shingle hashes: (hash, shingle position), in position order.
    /// Ties take the rightmost minimum, as in the paper, so a run of equal hashes yields one fingerprint.
    public func fingerprints(of shingles: [UInt64]) -> [(hash: UInt64, position: Int)] {
        guard !shingles.isEmpty else { return [] }
        guard shingles.count > window else {
            let position = shingles.indices.min { (shingles[$0], -$0) < (shingles[$1], -$1) }!
            return [(shingles[position], position)]
        }
        var result: [(hash: UInt64, position: Int)] = []
        var lastPosition = -1
        for start in 0...(shingles.count - window) {
            var minimum = start
            for position in start..<(start + window) where shingles[position] <= shingles[minimum] {
                minimum = position
            }
            if minimum != lastPosition {
                result.append((shingles[minimum], minimum))
                lastPosition = minimum
            }
        }
        return result
    }
}
