import PalimpsestCore

/// The fingerprints an index keeps of a document to find it again: the LSH band hashes of its
/// MinHash signature (near-duplicate candidates) and the content ids of its passages (copied
/// passages).
struct DocumentFingerprints: Sendable {
    /// One hash per band, band number first.
    var bands: [(band: Int, hash: UInt64)]
    /// Each passage's SHA-256 content id, by passage index.
    var passageIDs: [ContentID]

    /// Fingerprints `document` with `settings`, the way the analyzer shingles it.
    /// - Parameter banding: `settings.lshParameters`, derived once by the caller (deriving it
    ///   searches every banding, far more work than fingerprinting one document).
    init(_ document: Document, settings: AnalysisSettings, banding: LSHParameters) {
        let normalizer = TextNormalizer(), tokenizer = Tokenizer(), shingler = Shingler(size: settings.shingleSize)
        let shingles = Jaccard.set(document.passages.flatMap { passage in
            shingler.shingles(of: tokenizer.tokenize(normalizer.normalize(passage.text)).hashes)
        })
        let index = LSHIndex(parameters: banding)
        if let signature = MinHasher(permutations: settings.permutations, seed: settings.seed).signature(of: shingles) {
            bands = (0..<banding.bands).map { ($0, index.bandHash(signature, band: $0)) }
        } else {
            bands = []
        }
        passageIDs = document.passages.map { SHA256.digest(utf8: $0.text) }
    }
}
