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
        guard let shingleSize = values["shingle_size"].flatMap(Int.init), let permutations = values["minhash_permutations"].flatMap(Int.init),
              let seed = values["minhash_seed"].flatMap(UInt64.init), let threshold = values["threshold"].flatMap(Double.init)
        else { return nil }
        let settings = AnalysisSettings(shingleSize: shingleSize, permutations: permutations, seed: seed, threshold: threshold)
        // Settings that reproduce the header exactly, or none: a banding made another way is not guessed at.
        return IndexSettings(settings) == self ? settings : nil
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
