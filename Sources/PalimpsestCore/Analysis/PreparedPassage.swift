/// A passage normalised, tokenised and shingled once, for every analysis step to share.
struct PreparedPassage: Sendable {
    /// The document's input position.
    let document: Int
    /// The passage.
    let passage: Passage
    /// Whether the normalised text ends with an ellipsis (`...` or `[...]`), the usual mark of a cut.
    let endsWithEllipsis: Bool
    /// Tokens, with source ranges as offsets into the document text. Their words (``TokenizedText/texts``)
    /// are empty once ``dropWords()`` has run.
    private(set) var tokens: TokenizedText
    /// Positional shingle hashes.
    let shingles: [UInt64]
    /// Shingles per token window: min(shingle size, token count).
    let shingleWidth: Int
    /// XXH3 of all token hashes: equal for passages whose normalised words are equal.
    let exactKey: UInt64

    init(document: Int, passage: Passage, normalizer: TextNormalizer, tokenizer: Tokenizer, shingler: Shingler) {
        self.document = document
        self.passage = passage
        let normalizedText = normalizer.normalize(passage.text)
        let tail = normalizedText.scalars.suffix(5).map(Character.init)
        endsWithEllipsis = tail.suffix(3) == ["." , ".", "."] || tail == ["[", ".", ".", ".", "]"]
        var tokens = tokenizer.tokenize(normalizedText)
        let base = passage.range.lowerBound
        tokens.sourceRanges = tokens.sourceRanges.map { ($0.lowerBound + base)..<($0.upperBound + base) }
        tokens.hashes = tokens.hashes.withoutSpareCapacity()
        tokens.texts = tokens.texts.withoutSpareCapacity()
        self.tokens = tokens
        shingles = shingler.shingles(of: tokens.hashes)
        shingleWidth = min(shingler.size, tokens.count)
        exactKey = tokens.hashes.withUnsafeBufferPointer { XXH3.hash64(words: $0) }
    }

    /// The shingles with their positions, sorted by hash (then position), for merging two passages'
    /// shingles. Made when a passage is compared, not kept: most passages of a corpus never are.
    /// - Complexity: O(s log s) for s shingles.
    func shingleIndex() -> [ShinglePosition] {
        shingles.enumerated().map { ShinglePosition(hash: $1, position: Int32($0)) }.sorted { ($0.hash, $0.position) < ($1.hash, $1.position) }
    }

    /// Lets go of the tokens' words, keeping their hashes and ranges: only the boilerplate rules and
    /// the teaser test read words, and results are built from counts and ranges, so the words need
    /// not be held while they are.
    mutating func dropWords() { tokens.texts = [] }

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

extension Array {
    /// A copy with no spare capacity. An array grown by appending keeps up to twice the room its
    /// elements need, and the analysis holds every passage's tokens and every document's shingle
    /// set for its whole run.
    func withoutSpareCapacity() -> [Element] { withUnsafeBufferPointer { Array($0) } }
}
