/// A passage normalised, tokenised and shingled once, for every analysis step to share.
struct PreparedPassage: Sendable {
    /// The document's input position.
    let document: Int
    /// The passage.
    let passage: Passage
    /// Whether the normalised text ends with an ellipsis (`...` or `[...]`), the usual mark of a cut.
    let endsWithEllipsis: Bool
    /// Tokens, their words (empty once ``dropWords()`` has run) and their scalar ranges relative to
    /// the passage's start (``sourceRange(ofTokens:)`` gives document offsets).
    private(set) var tokens: PositionedTokens
    /// Positional shingle hashes.
    let shingles: [UInt64]
    /// Shingles per token window: min(shingle size, token count).
    let shingleWidth: Int
    /// XXH3 of all token hashes: equal for passages whose normalised words are equal.
    let exactKey: UInt64

    /// Prepares a passage straight from its UTF-8 bytes (``ByteTokenizer``).
    init(document: Int, passage: Passage, tokenizer: ByteTokenizer, shingler: Shingler) {
        self.document = document
        self.passage = passage
        endsWithEllipsis = Self.endsWithEllipsis(passage.text)
        var text = passage.text
        tokens = text.withUTF8 { tokenizer.tokens(of: UnsafeRawBufferPointer($0)) }.compacted()
        shingles = shingler.shingles(of: tokens.hashes)
        shingleWidth = min(shingler.size, tokens.count)
        exactKey = tokens.hashes.withUnsafeBufferPointer { XXH3.hash64(words: $0) }
    }

    /// Whether `text`, normalised, ends with `...` or `[...]`. Only the end is normalised: its last
    /// characters once trailing spaces and invisible format characters are set aside.
    static func endsWithEllipsis(_ text: String) -> Bool {
        var end = text.endIndex
        while end > text.startIndex {
            let previous = text.index(before: end)
            let character = text[previous]
            guard character.isWhitespace || character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .format }) else { break }
            end = previous
        }
        let tailStart = text.index(end, offsetBy: -8, limitedBy: text.startIndex) ?? text.startIndex
        let tail = TextNormalizer().normalize(text[tailStart..<end]).scalars.suffix(5).map(Character.init)
        return tail.suffix(3) == [".", ".", "."] || tail == ["[", ".", ".", ".", "]"]
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
    mutating func dropWords() { tokens.dropWords() }

    /// The document-text scalar offset where token `index` starts.
    func tokenStart(_ index: Int) -> Int { passage.range.lowerBound + Int(tokens.starts[index]) }

    /// The document-text range of tokens `range`.
    func sourceRange(ofTokens range: Range<Int>) -> Range<Int> {
        let scalars = tokens.scalars(of: range)
        return (scalars.lowerBound + passage.range.lowerBound)..<(scalars.upperBound + passage.range.lowerBound)
    }
}

extension PreparedPassage {
    /// The shingle set of passages read as one text: shingles run across passage breaks, as
    /// `dedup` shingles a document, so a document compares alike whichever command compares it.
    /// - Complexity: O(t log t) for t tokens.
    static func shingleSet(of passages: some Sequence<PreparedPassage>, shingler: Shingler) -> [UInt64] {
        var hashes: [UInt64] = []
        for passage in passages { hashes += passage.tokens.hashes }
        return Jaccard.set(shingler.shingles(of: hashes)).withoutSpareCapacity()
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
