import PalimpsestCore

/// What an index's fingerprints depend on, recorded in its header: an index opened with other
/// settings is refused, so fingerprints made two ways are never mixed.
public struct IndexSettings: Sendable, Hashable {
    /// The values by name, as stored.
    public var values: [String: String]

    /// The settings an analysis with `settings` fingerprints documents with.
    public init(_ settings: AnalysisSettings) {
        values = settings.fingerprintSettings.merging([
            "passage_id": "sha256 of the passage text",
            "marks": "winnowing window \(DocumentFingerprints.markWindow) and first shingle, per passage",
        ]) { first, _ in first }
    }

    /// The analysis settings these fingerprints were made with, read back from the header (the
    /// values it does not record at their defaults); nil when a value is missing or unreadable.
    /// ``IndexStore/verify()`` re-fingerprints stored documents with them.
    public var analysisSettings: AnalysisSettings? {
        guard unreadableValue == nil, let shingleSize = values["shingle_size"].flatMap(Int.init),
              let permutations = values["minhash_permutations"].flatMap(Int.init),
              let seed = values["minhash_seed"].flatMap(UInt64.init), let threshold = values["threshold"].flatMap(Double.init)
        else { return nil }
        let settings = AnalysisSettings(shingleSize: shingleSize, permutations: permutations, seed: seed, threshold: threshold)
        // Settings that reproduce the header exactly, or none: a banding made another way is not guessed at.
        return IndexSettings(settings) == self ? settings : nil
    }

    /// The largest shingle size read back from a header, as `--shingle` takes at most: larger ones
    /// come from a damaged header, and counts derived from them could overflow.
    static let largestShingleSize = 1024

    /// The first fingerprint setting of the header that is missing, not a number or out of range
    /// (such as `minhash_permutations: 0`), described; nil when all can be read back. Settings out
    /// of range would trap where banding is derived from them, so they are never used.
    public var unreadableValue: String? {
        let numbers: [(name: String, valid: (String) -> Bool, range: String)] = [
            ("shingle_size", { Int($0).map { (1...Self.largestShingleSize).contains($0) } ?? false }, "a whole number from 1 to \(Self.largestShingleSize)"),
            ("minhash_permutations", { Int($0).map { (1...4096).contains($0) } ?? false }, "a whole number from 1 to 4096"),
            ("minhash_seed", { UInt64($0) != nil }, "a whole number from 0 to \(UInt64.max)"),
            ("threshold", { Double($0).map { $0 > 0 && $0 <= 1 } ?? false }, "a number above 0 and at most 1"),
        ]
        for (name, valid, range) in numbers {
            guard let value = values[name] else { return "\(name) is missing" }
            if !valid(value) { return "\(name) is \(value.debugDescription), not \(range)" }
        }
        return nil
    }

    /// Refuses a header whose fingerprint settings cannot be read back (``unreadableValue``): the
    /// index cannot be checked with them, and nothing it says about its fingerprints can be trusted.
    /// - Throws: ``IndexError/database(path:reason:)`` naming the value, for the index named `name`.
    func requireReadable(in name: String) throws(IndexError) {
        guard let unreadableValue else { return }
        throw .database(path: name, reason: "table header, column value: \(unreadableValue); the header is damaged or was edited: restore the index from a copy")
    }

    /// Settings read back from a header.
    public init(values: [String: String]) {
        self.values = values
    }

    /// The settings that differ, as `name: stored → requested`.
    public func differences(from requested: IndexSettings) -> [String] {
        Set(values.keys).union(requested.values.keys).sorted().compactMap { name in
            let stored = values[name], wanted = requested.values[name]
            return stored == wanted ? nil : "\(name): \(stored ?? "none") in the index, \(wanted ?? "none") requested"
        }
    }
}
