import Foundation

/// Word-level agreement between extracted text and a gold text, the measure main-content
/// extraction benchmarks use (CleanEval's word scores; WCXB's bag-of-words F1).
///
/// Words are runs of letters, digits and `_` after Unicode NFKC and lower-casing — the same as
/// Python's `re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())`, so the peer
/// runner and this code count the same words. The bag keeps multiplicities: extracting a paragraph
/// twice is not rewarded twice.
public struct WordOverlap: Sendable, Hashable {
    /// Share of the extracted words that are in the gold text.
    public var precision: Double
    /// Share of the gold words that were extracted.
    public var recall: Double
    /// The harmonic mean of the two (0 when either is 0; 1 when both texts have no word).
    public var f1: Double

    /// Compares `extracted` with `gold`.
    /// - Complexity: O(n) in the two texts' lengths.
    public init(extracted: String, gold: String) {
        let extractedWords = Self.wordCounts(extracted), goldWords = Self.wordCounts(gold)
        let extractedTotal = extractedWords.values.reduce(0, +), goldTotal = goldWords.values.reduce(0, +)
        guard extractedTotal > 0 || goldTotal > 0 else {
            (precision, recall, f1) = (1, 1, 1)
            return
        }
        let overlap = extractedWords.reduce(0) { $0 + min($1.value, goldWords[$1.key] ?? 0) }
        precision = extractedTotal == 0 ? 0 : Double(overlap) / Double(extractedTotal)
        recall = goldTotal == 0 ? 0 : Double(overlap) / Double(goldTotal)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    /// The words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// How many times each word occurs in `text`.
    static func wordCounts(_ text: String) -> [String: Int] {
        words(text).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Letters, digits and the underscore: Python's `\w` for `str` patterns.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            true
        default:
            scalar == "_"
        }
    }
}

/// Whether short labelled snippets survive in extracted text: the scoring of trafilatura's
/// evaluation set and WCXB's `with`/`without` lists.
///
/// Both sides are normalised alike — NFKC, lower case, every run of white space to one space —
/// and a snippet counts as kept when it occurs in the extracted text.
public struct SnippetMatcher: Sendable {
    private let normalizedText: String

    /// Prepares `extracted` for lookups.
    public init(extracted: String) {
        normalizedText = Self.normalize(extracted)
    }

    /// Whether `snippet` is in the extracted text.
    public func keeps(_ snippet: String) -> Bool {
        let needle = Self.normalize(snippet)
        return needle.isEmpty || normalizedText.contains(needle)
    }

    /// NFKC, lower case, white space runs to one space, trimmed.
    static func normalize(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Counts of snippets kept and dropped, summed over pages (micro-averaged, as trafilatura's
/// evaluation counts them).
public struct SnippetCounts: Sendable, Hashable {
    /// Must-keep snippets kept.
    public var truePositives = 0
    /// Must-keep snippets lost.
    public var falseNegatives = 0
    /// Boilerplate snippets kept.
    public var falsePositives = 0
    /// Boilerplate snippets removed.
    public var trueNegatives = 0

    /// Creates empty counts.
    public init() {}

    /// Scores one page's snippets against its extracted text.
    public mutating func add(extracted: SnippetMatcher, keep: [String], drop: [String]) {
        for snippet in keep {
            if extracted.keeps(snippet) { truePositives += 1 } else { falseNegatives += 1 }
        }
        for snippet in drop {
            if extracted.keeps(snippet) { falsePositives += 1 } else { trueNegatives += 1 }
        }
    }

    /// Share of kept snippets that had to be kept: TP / (TP + FP).
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Share of must-keep snippets kept: TP / (TP + FN).
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Harmonic mean of precision and recall.
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    /// Share of all snippets treated right.
    public var accuracy: Double { ratio(truePositives + trueNegatives, truePositives + trueNegatives + falsePositives + falseNegatives) }
    /// Share of boilerplate snippets removed: TN / (TN + FP).
    public var boilerplateRemoved: Double { ratio(trueNegatives, trueNegatives + falsePositives) }

    private func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 1 : Double(part) / Double(whole) }
}
