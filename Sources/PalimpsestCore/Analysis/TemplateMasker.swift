import Foundation

/// Rewrites a passage's tokens into its *shape*: the words a site's template keeps, with the parts
/// that change from page to page replaced by placeholders.
///
/// A run of tokens equal to the page's own title becomes `⟨title⟩`, the name of any site of the
/// corpus (its own, or the one a repost credits) `⟨site⟩`, its author `⟨author⟩`; numbers become `⟨n⟩`, month and weekday names `⟨month⟩` and `⟨day⟩`. So
/// "The post Ferry fares rise appeared first on The Gazette." and the same footer under another
/// headline have one shape, and so do "2 March 2026 · 4 min read" and "9 April 2026 · 6 min read".
struct TemplateMasker: Sendable {
    /// The masked tokens and what was masked.
    struct Shape: Sendable {
        /// Tokens with placeholders.
        var tokens: [String]
        /// Whether the page's title stands in the passage.
        var hasTitle = false
        /// Whether the site name stands in the passage.
        var hasSite = false
        /// Whether the author's name stands in the passage.
        var hasAuthor = false
        /// Numbers, month and weekday names.
        var dateParts = 0
        /// Tokens left over once title, site and author runs are masked.
        var otherTokens = 0
        /// XXH3 of the masked tokens: equal shapes, equal keys.
        var key: UInt64 { XXH3.hash64(utf8: tokens.joined(separator: " ")) }
    }

    private let title: [String]
    private let siteNames: SiteNames
    private let author: [String]

    /// English month names, full and abbreviated (with "sept"), as the POSIX locale's calendar names
    /// them. Written out: asking a `DateFormatter` loads ICU's calendar data, which cost a short
    /// command (a `check`) about 6 ms of its start.
    static let monthNames: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    /// English weekday names, full and abbreviated.
    static let dayNames: Set<String> = [
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sun", "mon", "tue", "wed", "thu", "fri", "sat",
    ]

    /// Creates a masker for one page.
    /// - Parameter siteNames: every site name of the corpus, shared by the maskers of all pages.
    init(title: String?, siteNames: SiteNames, author: String?, normalizer: TextNormalizer, tokenizer: Tokenizer) {
        self.title = Self.words(title, normalizer: normalizer, tokenizer: tokenizer)
        self.author = Self.words(author, normalizer: normalizer, tokenizer: tokenizer)
        self.siteNames = siteNames
    }

    /// The site names of a corpus as word runs to mask, by first word, longest first; each name is
    /// also taken without a leading "the". Made once per corpus and shared (a value whose storage
    /// every page's masker references), so masking costs no table per page.
    struct SiteNames: Sendable {
        /// Site names as word runs, by first word, longest first.
        let byFirstWord: [String: [[String]]]

        /// Normalises and indexes `names`; duplicates and empty names are dropped.
        init(_ names: some Sequence<String>, normalizer: TextNormalizer, tokenizer: Tokenizer) {
            var runs = Set<[String]>()
            for name in names {
                let words = TemplateMasker.words(name, normalizer: normalizer, tokenizer: tokenizer)
                guard !words.isEmpty else { continue }
                runs.insert(words)
                if words.first == "the", words.count > 1 { runs.insert(Array(words.dropFirst())) }
            }
            let longestFirst = runs.sorted { ($0.count, $0.joined(separator: " ")) > ($1.count, $1.joined(separator: " ")) }
            byFirstWord = Dictionary(grouping: longestFirst, by: { $0[0] })
        }
    }

    /// The normalised words of `text`.
    static func words(_ text: String?, normalizer: TextNormalizer, tokenizer: Tokenizer) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return tokenizer.tokenize(normalizer.normalize(text)).texts
    }

    /// The shape of a token sequence.
    func shape(of words: [String]) -> Shape {
        var shape = Shape(tokens: [])
        var index = 0
        while index < words.count {
            if let length = Self.match(title, in: words, at: index) {
                shape.tokens.append("⟨title⟩")
                shape.hasTitle = true
                index += length
            } else if let candidates = siteNames.byFirstWord[words[index]],
                      let length = candidates.lazy.compactMap({ Self.match($0, in: words, at: index) }).first {
                shape.tokens.append("⟨site⟩")
                shape.hasSite = true
                index += length
            } else if let length = Self.match(author, in: words, at: index) {
                shape.tokens.append("⟨author⟩")
                shape.hasAuthor = true
                index += length
            } else {
                let word = words[index]
                if Self.isNumber(word) {
                    shape.tokens.append("⟨n⟩")
                    shape.dateParts += 1
                } else if Self.monthNames.contains(word) {
                    shape.tokens.append("⟨month⟩")
                    shape.dateParts += 1
                } else if Self.dayNames.contains(word) {
                    shape.tokens.append("⟨day⟩")
                    shape.dateParts += 1
                } else {
                    shape.tokens.append(word)
                }
                shape.otherTokens += 1
                index += 1
            }
        }
        return shape
    }

    /// Whether a word is a numeral as dates, times and counters write them: digits with separators
    /// (`2026`, `12:30`, `2026-01-02`, `1,200`), an ordinal or a unit run into them (`3rd`, `10am`,
    /// `5min`, `1.2k`, `1990s`, ISO 8601's `t` and `z`), or a word holding a numeral of another script
    /// (`१२`). A code or name that holds a digit (`A380`, `COVID-19`, `MP3`, `w07797`) is no date part:
    /// counted as one, a sentence of model numbers read as a date line and was dropped as boilerplate.
    private static func isNumber(_ word: String) -> Bool {
        guard word.utf8.allSatisfy({ $0 < 0x80 }) else {
            return word.unicodeScalars.contains { $0.properties.numericType != nil }
        }
        var letters: [UInt8] = []
        var digits = 0
        for byte in word.utf8 {
            switch byte {
            case 0x30...0x39: digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: ","),
                UInt8(ascii: "+"), UInt8(ascii: "'"):
                continue
            default: letters.append(byte | 0x20)
            }
        }
        guard digits > 0 else { return false }
        return letters.isEmpty || numeralSuffixes.contains(String(decoding: letters, as: UTF8.self))
    }

    /// The letters a date, time or counter may carry beside its digits (lower case).
    private static let numeralSuffixes: Set<String> = [
        "st", "nd", "rd", "th", "s", "am", "pm", "h", "hr", "hrs", "m", "min", "mins", "sec", "k", "tz", "t", "z",
    ]

    /// The length of `pattern` when it stands at `index` in `words`; nil when absent or empty.
    private static func match(_ pattern: [String], in words: [String], at index: Int) -> Int? {
        guard !pattern.isEmpty, index + pattern.count <= words.count else { return nil }
        for offset in pattern.indices where words[index + offset] != pattern[offset] { return nil }
        return pattern.count
    }
}
