import PalimpsestCore

/// The fingerprints an index keeps of a document to find it again: the LSH band hashes of its
/// MinHash signature (near-duplicate candidates), the content ids of its passages (copied
/// passages), and its *marks* — shingle hashes that find partial copies and teasers whose passages
/// were edited (quotations, cut-down reposts, a lead repeated as a teaser elsewhere).
struct DocumentFingerprints: Sendable {
    /// One hash per band, band number first.
    var bands: [(band: Int, hash: UInt64)]
    /// Each passage's SHA-256 content id, by passage index.
    var passageIDs: [ContentID]
    /// Distinct marks, sorted: each passage's winnowing fingerprints over a window of
    /// ``markWindow`` shingles (Schleimer et al. 2003: every run of `markWindow + shingleSize − 1`
    /// words shared with another text yields a shared mark), and each passage's first shingle (a
    /// teaser starts where its passage starts).
    var marks: [UInt64]

    /// Shingles per winnowing window for marks. The analyzer winnows passages with a window of 4
    /// to see runs of 8 words; an index keeps a sparser sample — about 2 in 25 shingles — and sees
    /// every shared run of 28 words (with 5-word shingles), which keeps it near a tenth of the size.
    static let markWindow = 24

    /// Fingerprints `document` with `settings`, the way the analyzer shingles it.
    /// - Parameter banding: `settings.lshParameters`, derived once by the caller (deriving it
    ///   searches every banding, far more work than fingerprinting one document).
    init(_ document: Document, settings: AnalysisSettings, banding: LSHParameters) {
        let tokenizer = ByteTokenizer(), shingler = Shingler(size: settings.shingleSize)
        let winnower = Winnower(window: Self.markWindow)
        var hashes: [UInt64] = []
        let passageShingles = document.passages.map { passage in
            var text = passage.text
            hashes.removeAll(keepingCapacity: true)
            text.withUTF8 { tokenizer.appendTokenHashes(of: UnsafeRawBufferPointer($0), to: &hashes) }
            return shingler.shingles(of: hashes)
        }
        var all: [UInt64] = []
        all.reserveCapacity(passageShingles.reduce(0) { $0 + $1.count })
        for shingles in passageShingles { all.append(contentsOf: shingles) }
        let shingles = Jaccard.set(all)
        let index = LSHIndex(parameters: banding)
        if let signature = MinHasher(permutations: settings.permutations, seed: settings.seed).signature(of: shingles) {
            bands = (0..<banding.bands).map { ($0, index.bandHash(signature, band: $0)) }
        } else {
            bands = []
        }
        passageIDs = document.passages.map { SHA256.digest(utf8: $0.text) }
        all.removeAll(keepingCapacity: true)
        for shingles in passageShingles {
            for fingerprint in winnower.fingerprints(of: shingles) { all.append(fingerprint.hash) }
            all.append(contentsOf: shingles.prefix(1))
        }
        marks = Jaccard.set(all)
    }
}
