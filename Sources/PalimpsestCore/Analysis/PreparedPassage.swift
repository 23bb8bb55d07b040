/// A passage normalised, tokenised and shingled once, for every analysis step to share.
struct PreparedPassage: Sendable {
    /// The document's input position.
    let document: Int
    /// The passage.
    let passage: Passage
    /// Whether the normalised text ends with an ellipsis (`...` or `[...]`), the usual mark of a cut.
    let endsWithEllipsis: Bool
    /// Tokens, with source ranges as offsets into the document text.
    let tokens: TokenizedText
    /// Positional shingle hashes.
    let shingles: [UInt64]
    /// Shingles per token window: min(shingle size, token count).
    let shingleWidth: Int
    /// XXH3 of all token hashes: equal for passages whose normalised words are equal.
    let exactKey: UInt64
    /// The shingles with their positions, sorted by hash (then position), for merging two passages' shingles.
    let shingleIndex: [ShinglePosition]

    init(document: Int, passage: Passage, normalizer: TextNormalizer, tokenizer: Tokenizer, shingler: Shingler) {
        self.document = document
        self.passage = passage
        let normalizedText = normalizer.normalize(passage.text)
        let tail = normalizedText.scalars.suffix(5).map(Character.init)
        endsWithEllipsis = tail.suffix(3) == ["." , ".", "."] || tail == ["[", ".", ".", ".", "]"]
        var tokens = tokenizer.tokenize(normalizedText)
        let base = passage.range.lowerBound
        tokens.sourceRanges = tokens.sourceRanges.map { ($0.lowerBound + base)..<($0.upperBound + base) }
        self.tokens = tokens
        shingles = shingler.shingles(of: tokens.hashes)
        shingleWidth = min(shingler.size, tokens.count)
        exactKey = tokens.hashes.withUnsafeBufferPointer { XXH3.hash64(words: $0) }
        shingleIndex = shingles.enumerated().map { ShinglePosition(hash: $1, position: Int32($0)) }.sorted { ($0.hash, $0.position) < ($1.hash, $1.position) }
    }

    /// The document-text range of tokens `range`.
    func sourceRange(ofTokens range: Range<Int>) -> Range<Int> {
        tokens.sourceRanges.span(of: range)
    }
}

/// A shingle hash and where it stands in its passage.
struct ShinglePosition: Sendable {
    let hash: UInt64
    let position: Int32
}

/// A passage's place in the analysis: document input position and passage index.
struct PassageKey: Sendable, Hashable {
    let document: Int
    let passage: Int
}
