import Foundation

/// Text after normalisation, with a map back to the original's scalar offsets.
public struct NormalizedText: Sendable, Hashable {
    /// The normalised scalars.
    public var scalars: [Unicode.Scalar]
    /// For each normalised scalar, the original scalar range (relative to the normalised input) it came from.
    public var sourceRanges: [Range<Int>]

    /// The normalised text as a string.
    public var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The original scalar range that normalised scalars `range` came from.
    /// - Precondition: `range` is non-empty and within ``scalars``.
    public func sourceRange(of range: Range<Int>) -> Range<Int> {
        sourceRanges.span(of: range)
    }
}

extension Array where Element == Range<Int> {
    /// From the start of element `range.lowerBound` to the end of element `range.upperBound − 1`:
    /// the original text a run of normalised scalars or tokens came from.
    /// - Precondition: `range` is non-empty and within the array.
    func span(of range: Range<Int>) -> Range<Int> {
        self[range.lowerBound].lowerBound..<self[range.upperBound - 1].upperBound
    }
}

/// Folds the surface differences that copying, retyping and re-encoding introduce, so that a copy
/// compares equal to its original.
///
/// Steps, per grapheme cluster: Unicode NFKC (compatibility forms such as `ﬁ` or full-width letters
/// become their plain forms; `…` becomes `...`), case folding (lower-casing plus the full folds of
/// `ß`, `ẞ` and final `ς`), typographic quotes to `'` and `"`, every dash (general category Pd and
/// U+2212 MINUS SIGN) to `-`, invisible format characters (soft hyphen, zero-width space and joiners,
/// BOM) removed, and every run of whitespace to one space, trimmed at both ends. Each output scalar
/// remembers the range of original scalars it came from, so findings point at the user's text.
///
/// The normaliser is recorded in fingerprint settings as ``identifier``: changing any rule changes
/// every shingle, so the identifier changes with it.
public struct TextNormalizer: Sendable {
    /// Names this normaliser's rules in stored settings.
    public static let identifier = "nfkc-casefold-quotes-dashes-space v1"

    /// Creates the normaliser.
    public init() {}

    /// Normalises `text`.
    /// - Complexity: O(n); ASCII takes a fast path, other graphemes go through Foundation's NFKC.
    public func normalize(_ text: some StringProtocol) -> NormalizedText {
        var scalars: [Unicode.Scalar] = []
        var ranges: [Range<Int>] = []
        scalars.reserveCapacity(text.utf8.count)
        ranges.reserveCapacity(text.utf8.count)
        var offset = 0
        var pendingSpace: Int? = nil  // original offset where a whitespace run began

        func emit(_ scalar: Unicode.Scalar, _ range: Range<Int>) {
            if let start = pendingSpace {
                if !scalars.isEmpty {
                    scalars.append(" ")
                    ranges.append(start..<range.lowerBound)
                }
                pendingSpace = nil
            }
            scalars.append(scalar)
            ranges.append(range)
        }

        for character in text {
            let width = character.unicodeScalars.count
            let range = offset..<(offset + width)
            offset += width
            if let ascii = character.asciiValue {
                if ascii == 0x20 || (0x09...0x0D).contains(ascii) {
                    if pendingSpace == nil { pendingSpace = range.lowerBound }
                } else {
                    emit(Unicode.Scalar((ascii >= 65 && ascii <= 90) ? ascii + 32 : ascii), range)
                }
                continue
            }
            if character.isWhitespace {
                if pendingSpace == nil { pendingSpace = range.lowerBound }
                continue
            }
            for scalar in Self.fold(character) {
                if scalar.properties.isWhitespace {
                    if pendingSpace == nil { pendingSpace = range.lowerBound }
                } else {
                    emit(scalar, range)
                }
            }
        }
        return NormalizedText(scalars: scalars, sourceRanges: ranges)
    }

    /// NFKC, case folding and punctuation folding of one non-ASCII grapheme cluster.
    static func fold(_ character: Character) -> [Unicode.Scalar] {
        let compatible = String(character).precomposedStringWithCompatibilityMapping.lowercased()
        var out: [Unicode.Scalar] = []
        for scalar in compatible.unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x02BC, 0x0060, 0x00B4:
                out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB, 0x2039, 0x203A:
                out.append("\"")
            case 0x2212:
                out.append("-")
            case 0x00DF, 0x1E9E:  // ß and ẞ fold to "ss"
                out.append(contentsOf: ["s", "s"])
            case 0x03C2:  // final sigma folds to σ
                out.append("\u{03C3}")
            case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
                continue
            default:
                if scalar.properties.generalCategory == .dashPunctuation {
                    out.append("-")
                } else {
                    out.append(scalar)
                }
            }
        }
        return out
    }
}
