import Foundation

/// Tokens read straight from UTF-8 bytes: the tokens ``Tokenizer`` finds in the text
/// ``TextNormalizer`` makes, with the same hashes, words and scalar ranges, without building a
/// `String` per token or per document.
///
/// Every command tokenises through it: hashes alone on the hot path of near-duplicate detection
/// (``appendTokenHashes(of:to:)``), hashes with words and positions for the analysis that reports
/// spans (``tokens(of:)``), one code path specialised for each. It handles ASCII and the non-ASCII scalars of European text (``NonASCIIForms``: accented Latin
/// letters, Greek and Cyrillic, `£` and `€`, curly quotes, dashes, `…`, the no-break space). Any other scalar — CJK, a
/// combining mark, an emoji — sends its line through the Unicode path (normaliser, then
/// tokenizer), so the result never depends on which path ran; tests check both give the same hashes.
public struct ByteTokenizer: Sendable {
    /// Creates the tokenizer.
    public init() {}

    /// Appends the XXH3-64 hash of each token of `text` (UTF-8) to `hashes`, in order.
    /// - Complexity: O(n); no allocation on the ASCII path beyond one scratch buffer per call.
    public func appendTokenHashes(of text: UnsafeRawBufferPointer, to hashes: inout [UInt64]) {
        var sink = HashSink(hashes: [])
        swap(&sink.hashes, &hashes)
        append(text, to: &sink)
        swap(&sink.hashes, &hashes)
    }

    /// The tokens of `text` (UTF-8) with their normalised words and the scalars each covers: what
    /// an analysis that reports spans needs, read as fast as the hashes alone and held in a few
    /// flat arrays rather than a `String` per token.
    public func tokens(of text: UnsafeRawBufferPointer) -> PositionedTokens {
        var tokens = PositionedTokens()
        append(text, to: &tokens)
        return tokens
    }

    /// Tokenises `text` into `sink`: the fast path over the whole text, else line by line.
    private func append<Sink: TokenSink>(_ text: UnsafeRawBufferPointer, to sink: inout Sink) {
        let start = sink.count
        if appendFastPath(text, scalarBase: 0, to: &sink) { return }
        sink.removeTokens(from: start)
        // Line by line: no token spans a line feed (it is whitespace, and a mark after it starts a
        // new grapheme), so only the lines holding a scalar the fast path does not know take the
        // Unicode path — one Greek quotation does not send a whole book through it.
        var lineStart = 0
        var scalarBase = 0
        while lineStart < text.count {
            var lineEnd = text.count
            if let found = memchr(text.baseAddress! + lineStart, 0x0A, text.count - lineStart) {
                lineEnd = UnsafeRawPointer(found) - text.baseAddress!
            }
            let line = UnsafeRawBufferPointer(rebasing: text[lineStart..<lineEnd])
            let mark = sink.count
            if !appendFastPath(line, scalarBase: scalarBase, to: &sink) {
                sink.removeTokens(from: mark)
                sink.appendUnicodePath(line, scalarBase: scalarBase)
            }
            if Sink.recordsPositions {
                // Scalars of valid UTF-8 are its bytes that do not continue a sequence; the line feed is one more.
                scalarBase += line.reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            }
            lineStart = lineEnd + 1
        }
    }

    /// The fast path: the text is first rewritten into a buffer where every scalar stands as the
    /// tokenizer will see it — ASCII lower-cased, a known non-ASCII scalar replaced by its
    /// normalised form, any scalar that is neither part of a word nor an apostrophe by a space —
    /// and the buffer is then cut at spaces and punctuation. False when the text holds a scalar
    /// outside ``NonASCIIForms``' ranges, or an invalid sequence. A sink that records positions
    /// also gets, for each rewritten byte, the input scalar it came from (`scalarBase` onwards).
    private func appendFastPath<Sink: TokenSink>(_ bytes: UnsafeRawBufferPointer, scalarBase: Int, to sink: inout Sink) -> Bool {
        let forms = NonASCIIForms.shared
        let asciiForms = Self.asciiForms  // read once: a static inside the loop costs a lazy-init check per byte
        let capacity = bytes.count * NonASCIIForms.maximumGrowth + 8
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Sink.recordsPositions ? capacity : 0) { scalarOf in
          withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            // 1. Rewrite.
            var length = 0
            var index = 0
            var scalar = UInt32(truncatingIfNeeded: scalarBase)
            let allKnown = asciiForms.withUnsafeBufferPointer { asciiForms -> Bool in
                let output = UnsafeMutableRawPointer(buffer.baseAddress!)
                while index < bytes.count {
                    // Eight ASCII bytes at a time: letters folded, digits and apostrophes kept, the rest spaces.
                    while index + 8 <= bytes.count {
                        let word = SWAR.load(bytes, at: index)
                        if word & SWAR.highBits != 0 { break }
                        output.storeBytes(of: Self.foldASCII(word).littleEndian, toByteOffset: length, as: UInt64.self)
                        if Sink.recordsPositions {
                            for offset in 0..<8 { scalarOf[length + offset] = scalar + UInt32(offset) }
                            scalar += 8
                        }
                        length += 8
                        index += 8
                    }
                    guard index < bytes.count else { break }
                    let byte = bytes[index]
                    if byte < 0x80 {
                        buffer[length] = asciiForms[Int(byte)]
                        if Sink.recordsPositions {
                            scalarOf[length] = scalar
                            scalar += 1
                        }
                        length += 1
                        index += 1
                        continue
                    }
                    guard let (decoded, width) = Self.decode(bytes, at: index), let form = forms.form(of: decoded) else { return false }
                    for formByte in form {
                        buffer[length] = formByte
                        if Sink.recordsPositions { scalarOf[length] = scalar }
                        length += 1
                    }
                    if Sink.recordsPositions { scalar += 1 }
                    index += width
                }
                return true
            }
            guard allKnown else { return false }
            // 2. Cut: a token is a run of word bytes (lower-case ASCII letters and digits, and the
            // bytes of non-ASCII word scalars), with an apostrophe kept between two of them. Inner
            // loops over runs keep the branches predictable: one surprise per token, not per byte.
            // Eight bytes of padding that are not word bytes let the scans read whole words at the end.
            for pad in length..<(length + 8) { buffer[pad] = 0x20 }
            let rewritten = UnsafeRawBufferPointer(start: buffer.baseAddress, count: length + 8)
            // At most one token per two bytes, reserved at once rather than grown token by token.
            sink.reserve(tokens: length / 2 + 1, wordBytes: length)
            var position = 0
            while position < length {
                position = Self.skip(rewritten, from: position, words: false)
                guard position < length else { break }
                let start = position
                while true {
                    position = Self.skip(rewritten, from: position, words: true)
                    guard position + 1 < length, buffer[position] == UInt8(ascii: "'"), buffer[position + 1] >= UInt8(ascii: "0") else { break }
                    position += 1
                }
                let word = UnsafeRawBufferPointer(start: buffer.baseAddress! + start, count: position - start)
                if Sink.recordsPositions {
                    sink.append(XXH3.hash64(word), word: word, scalars: Int(scalarOf[start])..<(Int(scalarOf[position - 1]) + 1))
                } else {
                    sink.append(XXH3.hash64(word), word: word, scalars: 0..<0)
                }
            }
            return true
          }
        }
    }

    /// The first position from `start` whose byte is not a word byte (`words`) or is one (not
    /// `words`), eight bytes at a time; the end of the text when there is none. The rewrite leaves only lower-case letters and digits, the
    /// apostrophe (0x27), the space (0x20) and the bytes of non-ASCII word scalars, so one
    /// comparison tells: everything from `0` (0x30) up belongs to a word.
    /// - Precondition: `buffer` ends with eight bytes that are not word bytes.
    @inline(__always)
    private static func skip(_ buffer: UnsafeRawBufferPointer, from start: Int, words: Bool) -> Int {
        let end = buffer.count - 8
        var position = start
        while position < end {
            let word = SWAR.load(buffer, at: position)
            let stops = words ? SWAR.below(word, UInt8(ascii: "0")) : SWAR.atLeast(word, UInt8(ascii: "0"))
            if stops != 0 { return position + SWAR.firstMarked(stops) }
            position += 8
        }
        return end
    }

    /// ``asciiForms`` applied to eight ASCII bytes at once.
    @inline(__always)
    static func foldASCII(_ word: UInt64) -> UInt64 {
        let upper = SWAR.atLeast(word, UInt8(ascii: "A")) & SWAR.below(word, UInt8(ascii: "Z") + 1)
        let lower = SWAR.atLeast(word, UInt8(ascii: "a")) & SWAR.below(word, UInt8(ascii: "z") + 1)
        let digit = SWAR.atLeast(word, UInt8(ascii: "0")) & SWAR.below(word, UInt8(ascii: "9") + 1)
        let kept = upper | lower | digit | SWAR.equal(word, UInt8(ascii: "'"))
        let keptBytes = (kept >> 7) &* 0xFF
        // An upper-case letter's high-bit mark, moved to bit 5, is the 0x20 that lower-cases it.
        return ((word | (upper >> 2)) & keptBytes) | (SWAR.ones &* 0x20 & ~keptBytes)
    }

    /// Each ASCII byte as the rewritten buffer holds it: letters lower-cased, digits and the
    /// apostrophe kept, everything else (space, punctuation, controls) a space.
    private static let asciiForms: [UInt8] = (0..<128).map { value -> UInt8 in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"): return byte
        default: return 0x20
        }
    }

    /// The scalar of a two- or three-byte UTF-8 sequence at `index`, and its width; nil for any
    /// other sequence (four-byte scalars are outside the fast path's ranges anyway).
    @inline(__always)
    private static func decode(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int)? {
        let lead = UInt32(bytes[index])
        if lead >= 0xC2 && lead <= 0xDF, index + 1 < bytes.count {
            let second = UInt32(bytes[index + 1])
            guard second & 0xC0 == 0x80 else { return nil }
            return ((lead & 0x1F) << 6 | (second & 0x3F), 2)
        }
        if lead >= 0xE0 && lead <= 0xEF, index + 2 < bytes.count {
            let second = UInt32(bytes[index + 1]), third = UInt32(bytes[index + 2])
            guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return nil }
            let scalar = (lead & 0x0F) << 12 | (second & 0x3F) << 6 | (third & 0x3F)
            return scalar >= 0x800 ? (scalar, 3) : nil
        }
        return nil
    }
}

/// How the non-ASCII scalars common in Western text stand after normalisation, as the fast path
/// of ``ByteTokenizer`` writes them: Latin-1 Supplement and Latin Extended-A and -B
/// (U+0080–U+024F: `é`, `ß`, `£`, `©`), Greek and Cyrillic (U+0370–U+052F: `λόγος`, `ς`, `мир`),
/// Greek Extended (U+1F00–U+1FFF: polytonic `ἀθῆναι`), and General Punctuation and Currency
/// Symbols (U+2000–U+20CF: curly quotes, dashes, `…`, `€`).
///
/// Each form is derived from ``TextNormalizer``'s own folding and ``Tokenizer``'s own word test,
/// never written by hand: the table (`NonASCIIFormTable.swift`) is generated by a test that derives
/// every form again and fails, writing the table anew, when they differ, so the two paths cannot
/// drift apart. (Deriving the forms at run time cost every process about 3 ms.) Scalars whose
/// handling depends on their neighbours — format characters that vanish, joiners, marks that
/// combine, separators of lines and paragraphs — have no form, and send the text down the Unicode path.
final class NonASCIIForms: Sendable {
    /// The forms, read from the table on first use.
    static let shared = NonASCIIForms()
    /// The most bytes one input byte can become (`…`, three bytes, becomes `...`; `ǅ` two bytes
    /// becomes `dž`, three); a test checks every form stays within it.
    static let maximumGrowth = 3

    /// The scalars with a slot in the table, in table order.
    static let ranges: [Range<UInt32>] = [0x80..<0x250, 0x370..<0x530, 0x1F00..<0x20D0]
    private let forms: [[UInt8]?]

    private init() {
        var forms: [[UInt8]?] = []
        forms.reserveCapacity(Self.tableEnds.count)
        var start = 0
        for end in Self.tableEnds.lazy.map(Int.init) {
            forms.append(end == start ? nil : Array(Self.tableBytes[start..<end]))
            start = end
        }
        self.forms = forms
    }

    /// The form of `scalar`, or nil when the fast path does not handle it.
    @inline(__always)
    func form(of scalar: UInt32) -> [UInt8]? {
        if scalar >= 0x80 && scalar < 0x250 { return forms[Int(scalar - 0x80)] }
        if scalar >= 0x370 && scalar < 0x530 { return forms[Int(scalar - 0x370) + 0x1D0] }
        if scalar >= 0x1F00 && scalar < 0x20D0 { return forms[Int(scalar - 0x1F00) + 0x1D0 + 0x1C0] }
        return nil
    }

    /// Every scalar with a form, and the form: what tests compare against the Unicode path.
    var all: [(scalar: Unicode.Scalar, form: [UInt8])] {
        var result: [(Unicode.Scalar, [UInt8])] = []
        var slot = 0
        for range in Self.ranges {
            for value in range {
                if let form = forms[slot] { result.append((Unicode.Scalar(value)!, form)) }
                slot += 1
            }
        }
        return result
    }
}

/// Where ``ByteTokenizer`` puts the tokens it reads: hashes alone on the hot path of
/// near-duplicate detection, or hashes with words and positions for the analysis.
private protocol TokenSink {
    /// Whether the sink takes words and scalar ranges (resolved at compile time, so the hash-only
    /// path does no bookkeeping).
    static var recordsPositions: Bool { get }
    /// Tokens held.
    var count: Int { get }
    mutating func reserve(tokens: Int, wordBytes: Int)
    mutating func append(_ hash: UInt64, word: UnsafeRawBufferPointer, scalars: Range<Int>)
    /// Removes the tokens from `index` on (a fast path that gave up part way).
    mutating func removeTokens(from index: Int)
    /// Appends the Unicode path's tokens of `line`, whose first scalar is `scalarBase`.
    mutating func appendUnicodePath(_ line: UnsafeRawBufferPointer, scalarBase: Int)
}

private struct HashSink: TokenSink {
    static var recordsPositions: Bool { false }
    var hashes: [UInt64]
    var count: Int { hashes.count }

    mutating func reserve(tokens: Int, wordBytes: Int) {
        let needed = hashes.count + tokens
        if hashes.capacity < needed { hashes.reserveCapacity(max(needed, hashes.capacity * 2)) }
    }

    mutating func append(_ hash: UInt64, word: UnsafeRawBufferPointer, scalars: Range<Int>) { hashes.append(hash) }
    mutating func removeTokens(from index: Int) { hashes.removeSubrange(index...) }

    mutating func appendUnicodePath(_ line: UnsafeRawBufferPointer, scalarBase: Int) {
        hashes.append(contentsOf: Tokenizer().tokenize(TextNormalizer().normalize(String(decoding: line, as: UTF8.self))).hashes)
    }
}

/// Tokens with their normalised words and where they stand, held flat: a few arrays for a whole
/// passage, never a `String` per token (``ByteTokenizer/tokens(of:)``).
public struct PositionedTokens: Sendable, Hashable {
    /// XXH3-64 of each token's normalised UTF-8, as ``Tokenizer`` hashes it.
    public private(set) var hashes: [UInt64] = []
    /// Each token's first scalar, as an offset into the text read.
    public private(set) var starts: [UInt32] = []
    /// One past each token's last scalar.
    public private(set) var ends: [UInt32] = []
    /// The normalised words back to back, as UTF-8; empty once ``dropWords()`` has run.
    public private(set) var wordBytes: [UInt8] = []
    /// Where each word ends in ``wordBytes`` (it starts where the previous one ends).
    public private(set) var wordEnds: [UInt32] = []

    /// Creates an empty list.
    public init() {}

    /// The number of tokens.
    public var count: Int { hashes.count }

    /// Token `index`'s normalised word.
    /// - Precondition: the words were not dropped.
    public func word(_ index: Int) -> String {
        let start = index == 0 ? 0 : Int(wordEnds[index - 1])
        return String(decoding: wordBytes[start..<Int(wordEnds[index])], as: UTF8.self)
    }

    /// Every normalised word, made on demand (the rules that read words read few passages' worth at a time).
    public var words: [String] { (0..<count).map(word) }

    /// The scalars tokens `range` cover, from the first one's start to the last one's end.
    /// - Precondition: `range` is non-empty and within the tokens.
    public func scalars(of range: Range<Int>) -> Range<Int> { Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1]) }

    /// Lets go of the words, keeping hashes and positions.
    public mutating func dropWords() {
        wordBytes = []
        wordEnds = []
    }

    /// The same tokens without spare capacity, for lists held for a whole run.
    public func compacted() -> PositionedTokens {
        var copy = PositionedTokens()
        copy.hashes = hashes.withoutSpareCapacity()
        copy.starts = starts.withoutSpareCapacity()
        copy.ends = ends.withoutSpareCapacity()
        copy.wordBytes = wordBytes.withoutSpareCapacity()
        copy.wordEnds = wordEnds.withoutSpareCapacity()
        return copy
    }
}

extension PositionedTokens: TokenSink {
    fileprivate static var recordsPositions: Bool { true }

    fileprivate mutating func reserve(tokens: Int, wordBytes bytes: Int) {
        hashes.reserveCapacity(hashes.count + tokens)
        wordBytes.reserveCapacity(wordBytes.count + bytes)
    }

    fileprivate mutating func append(_ hash: UInt64, word: UnsafeRawBufferPointer, scalars: Range<Int>) {
        hashes.append(hash)
        starts.append(UInt32(scalars.lowerBound))
        ends.append(UInt32(scalars.upperBound))
        wordBytes.append(contentsOf: word)
        wordEnds.append(UInt32(wordBytes.count))
    }

    fileprivate mutating func removeTokens(from index: Int) {
        hashes.removeSubrange(index...)
        starts.removeSubrange(index...)
        ends.removeSubrange(index...)
        wordEnds.removeSubrange(index...)
        wordBytes.removeSubrange((index == 0 ? 0 : Int(wordEnds[index - 1]))...)
    }

    fileprivate mutating func appendUnicodePath(_ line: UnsafeRawBufferPointer, scalarBase: Int) {
        let tokens = Tokenizer().tokenize(TextNormalizer().normalize(String(decoding: line, as: UTF8.self)))
        for index in 0..<tokens.count {
            var word = tokens.texts[index]
            word.withUTF8 { word in
                append(tokens.hashes[index], word: UnsafeRawBufferPointer(word), scalars: (tokens.sourceRanges[index].lowerBound + scalarBase)..<(tokens.sourceRanges[index].upperBound + scalarBase))
            }
        }
    }
}
