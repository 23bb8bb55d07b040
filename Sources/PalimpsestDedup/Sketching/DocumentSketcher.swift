import PalimpsestCore

/// What the deduplicator keeps of a run of documents: their ids, compact signatures and, for
/// passage-level grouping, their paragraphs' hashes. Nothing of the text itself.
struct SketchedBatch: Sendable {
    /// The ids, each followed by `\n`.
    var ids: [UInt8] = []
    /// How many documents the batch holds.
    var count = 0
    /// ``DocumentSketcher/signatureBytes`` bytes per document.
    var signatures: [UInt8] = []
    /// Where each document's record can be read again (for exact verification), when it can.
    var locations: [RecordLocation?] = []
    /// Paragraphs long enough to count as passage evidence; `document` is the index in the batch.
    var paragraphs: [ParagraphPosting] = []
    /// Per document, the tokens of its counted paragraphs.
    var paragraphTokens: [UInt32] = []
    /// Documents without a single token (batch-local indices).
    var empty: [UInt32] = []
    /// Short texts (batch-local indices, ascending): at most
    /// ``DocumentSketcher/mostShinglesOfAShortText`` distinct shingles.
    var short: [UInt32] = []
    /// Their exact shingle sets, ``ShortTextSets/recordBytes`` bytes each, in the order of `short`.
    var shortSets: [UInt8] = []
    /// Records that could not be read.
    var problems: [DedupInputError] = []
    /// Text bytes sketched.
    var textBytes = 0
}

/// Where one JSON Lines record is in a plain file, so a pair near the threshold can be checked
/// exactly against the texts.
struct RecordLocation: Sendable, Hashable {
    /// Index of the file in the run's input list.
    var file: Int32
    /// Byte length of the line.
    var length: Int32
    /// Byte offset of the line.
    var offset: UInt64
}

/// One paragraph of one document, by the hash of its tokens.
struct ParagraphPosting: Sendable, Hashable {
    /// XXH3 of the paragraph's token hashes: equal for paragraphs equal after normalisation.
    var hash: UInt64
    /// The document (batch-local while sketching, global once stored).
    var document: UInt32
    /// The paragraph's token count.
    var tokens: UInt32
}

/// Turns texts into compact sketches, reusing its buffers from one document to the next.
///
/// A sketch is a one-permutation MinHash signature of the text's word shingles (the tokens
/// ``ByteTokenizer`` reads, the shingles ``Shingler`` hashes), reduced to one byte per bin
/// (b-bit minwise hashing, Li and König 2010): 128 bytes a document instead of 1 KB, with a
/// chance collision of 1/256 per bin that ``PairVerifier`` corrects for.
///
/// That correction holds only if two different minima agree by chance in each bin independently.
/// Densification breaks this for a text with few shingles: its empty bins borrow copies of the few
/// minima it has (a text shorter than a shingle has one minimum in all 128 bins), so reducing the
/// minimum alone would let two unrelated short texts agree in every bin with probability 1/256 —
/// 4,744 of 5,000 three-word texts were once "duplicates by sketch". The byte of a borrowing bin
/// is therefore drawn from the minimum *and the bin* (``signatureByte(_:borrowedBy:)``): equal
/// minima still give equal bytes, and different ones agree by chance bin by bin, as the correction
/// assumes. (A bin filled by its own shingles holds a minimum no other bin holds, so its byte
/// needs no bin: a long text, whose bins are all its own, keeps the plain reduction.)
///
/// A text with at most ``mostShinglesOfAShortText`` distinct shingles is a *short text*: its
/// sketch still finds candidates, but its estimate rests on too few minima to decide a pair, so
/// its exact shingle set is kept too (``SketchedBatch/shortSets``) and a pair of short texts is
/// decided on their sets alone (``PairVerifier``).
struct DocumentSketcher {
    /// Bins per signature, and so bytes per sketch.
    static let signatureBytes = 128
    /// The most distinct shingles of a short text: 15, so its exact set (and its size) fits in a
    /// record the size of a sketch. With at most 15 distinct shingles the 128 bins hold at most 15
    /// distinct minima, an estimate from 15 samples whose standard error (up to 0.1 at resemblance
    /// 0.8) is three times a long text's: too coarse to decide a pair without the sets.
    static let mostShinglesOfAShortText = ShortTextSets.recordBytes / 8 - 1
    /// Paragraphs shorter than this many tokens are not passage evidence: headings, labels and
    /// one-line chrome are too common to say that two documents share a story.
    static let minimumParagraphTokens = 8

    let hasher = OnePermutationHasher(bins: signatureBytes)
    let shingler: Shingler
    let tokenizer = ByteTokenizer()
    /// Whether paragraphs are hashed for passage-level grouping.
    let keepsParagraphs: Bool

    private var tokens: [UInt64] = []
    private var minima = [UInt64](repeating: OnePermutationHasher.emptyBin, count: signatureBytes)
    /// The distinct shingles seen, while there are no more than ``mostShinglesOfAShortText``.
    private var distinct: [UInt64] = []
    /// Which bins no shingle reached, so densification filled them by borrowing.
    private var borrowing = [Bool](repeating: false, count: signatureBytes)

    /// Creates a sketcher.
    init(shingleSize: Int, keepsParagraphs: Bool) {
        self.shingler = Shingler(size: shingleSize)
        self.keepsParagraphs = keepsParagraphs
    }

    /// Sketches one document into `batch`.
    mutating func sketch(id: UnsafeRawBufferPointer, text: UnsafeRawBufferPointer, location: RecordLocation?, into batch: inout SketchedBatch) {
        tokens.removeAll(keepingCapacity: true)
        let document = UInt32(batch.count)
        if keepsParagraphs {
            var counted: UInt32 = 0
            var lineStart = 0
            for index in 0...text.count where index == text.count || text[index] == 0x0A {
                let first = tokens.count
                tokenizer.appendTokenHashes(of: UnsafeRawBufferPointer(rebasing: text[lineStart..<index]), to: &tokens)
                let length = tokens.count - first
                if length >= Self.minimumParagraphTokens {
                    let hash = tokens.withUnsafeBufferPointer { XXH3.hash64(words: UnsafeBufferPointer(rebasing: $0[first...])) }
                    batch.paragraphs.append(ParagraphPosting(hash: hash, document: document, tokens: UInt32(length)))
                    counted += UInt32(length)
                }
                lineStart = index + 1
            }
            batch.paragraphTokens.append(counted)
        } else {
            tokenizer.appendTokenHashes(of: text, to: &tokens)
        }
        for bin in minima.indices { minima[bin] = OnePermutationHasher.emptyBin }
        // The buffers are taken out of `self` for the loop below, and put back after it.
        var distinct: [UInt64] = [], borrowing: [Bool] = []
        swap(&distinct, &self.distinct)
        swap(&borrowing, &self.borrowing)
        defer {
            swap(&distinct, &self.distinct)
            swap(&borrowing, &self.borrowing)
        }
        distinct.removeAll(keepingCapacity: true)
        var isShort = true
        let shortLimit = Self.mostShinglesOfAShortText
        let filled = minima.withUnsafeMutableBufferPointer { minima in
            tokens.withUnsafeBufferPointer { tokens in
                shingler.forEachTransientShingle(of: tokens) { shingle in
                    hasher.add(shingle, to: minima)
                    // Only the first few distinct shingles are looked at: a long text stops here
                    // after its sixteenth.
                    if isShort, !distinct.contains(shingle) {
                        if distinct.count == shortLimit { isShort = false } else { distinct.append(shingle) }
                    }
                }
            }
            for bin in minima.indices { borrowing[bin] = minima[bin] == OnePermutationHasher.emptyBin }
            return hasher.densify(minima)
        }
        if filled {
            for bin in minima.indices {
                batch.signatures.append(borrowing[bin] ? Self.signatureByte(minima[bin], borrowedBy: bin) : Self.signatureByte(minima[bin]))
            }
            if isShort {
                batch.short.append(document)
                ShortTextSets.encode(&distinct, into: &batch.shortSets)
            }
        } else {
            // No token at all: such a document is a near duplicate of nothing, and stays out of the bands.
            batch.signatures.append(contentsOf: repeatElement(0, count: Self.signatureBytes))
            batch.empty.append(document)
        }
        // Ids are written one per line beside a tab: a tab or line break inside one becomes a space.
        for byte in id { batch.ids.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte) }
        batch.ids.append(0x0A)
        batch.locations.append(location)
        batch.textBytes += text.count
        batch.count += 1
    }

    /// One bin's byte: a remix of its minimum, so the byte is uniform whatever the minimum's size.
    @inline(__always)
    static func signatureByte(_ minimum: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: (minimum &* 0xD6E8_FEB8_6659_FD93) >> 56)
    }

    /// The byte of a bin that borrowed `minimum` from another: the byte of a mix of the minimum
    /// and the bin (SplitMix64's finaliser over minimum + (bin + 1)·φ), so the copies
    /// densification makes of one minimum agree with another text's bins only by chance,
    /// independently in each bin, while two texts that borrowed the same minimum agree.
    @inline(__always)
    static func signatureByte(_ minimum: UInt64, borrowedBy bin: Int) -> UInt8 {
        var mixed = minimum &+ UInt64(truncatingIfNeeded: bin + 1) &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return signatureByte(mixed ^ (mixed >> 31))
    }
}
