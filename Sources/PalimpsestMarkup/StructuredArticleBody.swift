import Foundation
import PalimpsestCore

/// Recovers an article's text from the page's structured data when the page does not show it.
///
/// Pages rendered by script often ship the article only in their JSON-LD (`articleBody` of a
/// schema.org `Article`), with little or none of it in the markup a parser sees. When most of the
/// structured body is missing from the page's text, its missing sentences are added as blocks of
/// the main content; when the page shows it (the common case), nothing is added, so an article is
/// never counted twice.
enum StructuredArticleBody {
    /// Structured bodies shorter than this (in words) are summaries, not articles.
    static let minimumWords = 50
    /// The share of the body's words that must be missing from the page before any is added.
    static let missingShare = 0.5
    /// Characters (letters and digits only) compared to decide whether a paragraph is shown.
    static let keyCharacters = 60

    /// The parts of `body` the page does not show, as main-content blocks (consecutive missing
    /// sentences of one paragraph form one block); none when the page shows most of it or the body
    /// is short.
    static func blocks(from body: String, shownIn blocks: [HTMLBlock]) -> [HTMLBlock] {
        // Some sites put markup in the structured body: its tags are not text.
        let plain = body.contains("<") ? body.replacingOccurrences(of: "<[^>]{0,200}>", with: "\n\n", options: .regularExpression) : body
        let paragraphs = PlainTextBlocks.split(plain).map { sentences(of: $0.trimmingWhitespace()) }.filter { !$0.isEmpty }
        let wordCount: (String) -> Int = { $0.split(whereSeparator: \.isWhitespace).count }
        let total = paragraphs.joined().map(wordCount).reduce(0, +)
        guard total >= minimumWords else { return [] }
        let shown = letters(of: blocks.filter { $0.hints.mainContent != .outside }.map(\.text).joined(separator: " "))
        var missing: [String] = []
        var missingWords = 0
        for paragraph in paragraphs {
            var run: [String] = []
            for sentence in paragraph {
                let key = String(letters(of: sentence).prefix(keyCharacters))
                if !key.isEmpty, !shown.contains(key) {
                    run.append(sentence)
                    missingWords += wordCount(sentence)
                } else if !run.isEmpty {
                    missing.append(run.joined(separator: " "))
                    run = []
                }
            }
            if !run.isEmpty { missing.append(run.joined(separator: " ")) }
        }
        guard Double(missingWords) >= missingShare * Double(total) else { return [] }
        return missing.map { text in
            HTMLBlock(text: text, role: .paragraph, hints: StructuralHints(path: ["script"], labelWords: ["articlebody"], mainContent: .inside))
        }
    }

    /// The sentences of a paragraph: cut after `.`, `!` or `?` where a capital letter or a quote
    /// follows, with or without a space (structured bodies often lose the breaks between paragraphs).
    static func sentences(of paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in paragraph {
            if let previous, ".!?".contains(previous), character.isUppercase || character == "\"" || character == "\u{201C}" {
                sentences.append(current.trimmingWhitespace())
                current = ""
            }
            current.append(character)
            previous = character.isWhitespace ? previous : character
        }
        let last = current.trimmingWhitespace()
        if !last.isEmpty { sentences.append(last) }
        return sentences.filter { !$0.isEmpty }
    }

    /// The text's letters and digits, lower-cased: what survives differences of punctuation,
    /// quotes and spacing between the markup and the structured data.
    private static func letters(of text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }
}
