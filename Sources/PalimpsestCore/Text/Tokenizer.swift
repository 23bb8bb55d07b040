/// Tokens of a normalised text: their hashes and where they stand.
public struct TokenizedText: Sendable, Hashable {
    /// XXH3-64 of each token's UTF-8 text.
    public var hashes: [UInt64]
    /// Each token's range in the original text (scalar offsets relative to what was normalised).
    public var sourceRanges: [Range<Int>]
    /// Each token's text (normalised).
    public var texts: [String]

    /// The number of tokens.
    public var count: Int { hashes.count }
}

/// Cuts normalised text into Unicode-aware tokens.
///
/// - Scripts written with spaces (Latin, Greek, Cyrillic, Arabic, Hangul, …): a token is a run of
///   letters, digits and combining marks; an apostrophe between two letters stays inside the word
///   (`don't` is one token), other punctuation separates and is dropped.
/// - Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer,
///   Myanmar): every character is a token, so k-shingles over them are character k-grams, the
///   usual choice for Chinese and Japanese near-duplicate detection without a dictionary segmenter.
public struct Tokenizer: Sendable {
    /// Names the tokenisation rules in stored settings.
    public static let identifier = "unicode-words+cjk-thai-chars v1"

    /// Creates the tokenizer.
    public init() {}

    /// The tokens of `text`.
    public func tokenize(_ text: NormalizedText) -> TokenizedText {
        var result = TokenizedText(hashes: [], sourceRanges: [], texts: [])
        let scalars = text.scalars
        var wordStart: Int? = nil
        var word = String.UnicodeScalarView()

        func finishWord(at end: Int) {
            guard let start = wordStart else { return }
            let token = String(word)
            result.hashes.append(XXH3.hash64(utf8: token))
            result.sourceRanges.append(text.sourceRange(of: start..<end))
            result.texts.append(token)
            wordStart = nil
            word = String.UnicodeScalarView()
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isUnspacedScript(scalar) {
                finishWord(at: index)
                wordStart = index
                word.append(scalar)
                finishWord(at: index + 1)
            } else if Self.isWordScalar(scalar) {
                if wordStart == nil { wordStart = index }
                word.append(scalar)
            } else if scalar == "'", wordStart != nil, index + 1 < scalars.count,
                      Self.isWordScalar(scalars[index + 1]), !Self.isUnspacedScript(scalars[index + 1]) {
                word.append(scalar)
            } else {
                finishWord(at: index)
            }
            index += 1
        }
        finishWord(at: scalars.count)
        return result
    }

    /// Letters, digits and combining marks.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// Scripts written without spaces between words.
    static func isUnspacedScript(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x0E00 else { return false }
        switch scalar.value {
        case 0x3040...0x30FF,  // Hiragana, Katakana
             0x31F0...0x31FF,  // Katakana phonetic extensions
             0x3400...0x4DBF,  // CJK extension A
             0x4E00...0x9FFF,  // CJK unified ideographs
             0xF900...0xFAFF,  // CJK compatibility ideographs
             0x20000...0x3134F,  // CJK extensions B–G
             0x0E00...0x0E7F,  // Thai
             0x0E80...0x0EFF,  // Lao
             0x1000...0x109F,  // Myanmar
             0x1780...0x17FF:  // Khmer
            return isWordScalar(scalar)
        default:
            return false
        }
    }
}
