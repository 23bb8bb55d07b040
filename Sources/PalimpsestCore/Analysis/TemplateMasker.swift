import Foundation

/// Rewrites a passage's tokens into its *shape*: the words a site's template keeps, with the parts
/// that change from page to page replaced by placeholders.
///
/// A run of tokens equal to the page's own title becomes `⟨title⟩`, its site name `⟨site⟩`, its
/// author `⟨author⟩`; numbers become `⟨n⟩`, month and weekday names `⟨month⟩` and `⟨day⟩`. So
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
    private let site: [String]
    private let author: [String]

    /// English month and weekday names, full and abbreviated, from the POSIX locale's calendar.
    static let monthNames: Set<String> = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return Set((formatter.monthSymbols + formatter.shortMonthSymbols).map { $0.lowercased() } + ["sept"])
    }()
    static let dayNames: Set<String> = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return Set((formatter.weekdaySymbols + formatter.shortWeekdaySymbols).map { $0.lowercased() })
    }()

    init(title: String?, site: String?, author: String?, normalizer: TextNormalizer, tokenizer: Tokenizer) {
        func words(_ text: String?) -> [String] {
            guard let text, !text.isEmpty else { return [] }
            return tokenizer.tokenize(normalizer.normalize(text)).texts
        }
        self.title = words(title)
        self.site = words(site)
        self.author = words(author)
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
            } else if let length = Self.match(site, in: words, at: index) ?? Self.match(Array(site.drop { $0 == "the" }), in: words, at: index) {
                shape.tokens.append("⟨site⟩")
                shape.hasSite = true
                index += length
            } else if let length = Self.match(author, in: words, at: index) {
                shape.tokens.append("⟨author⟩")
                shape.hasAuthor = true
                index += length
            } else {
                let word = words[index]
                if word.unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
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

    /// The length of `pattern` when it stands at `index` in `words`; nil when absent or empty.
    private static func match(_ pattern: [String], in words: [String], at index: Int) -> Int? {
        guard !pattern.isEmpty, index + pattern.count <= words.count else { return nil }
        for offset in pattern.indices where words[index + offset] != pattern[offset] { return nil }
        return pattern.count
    }
}
