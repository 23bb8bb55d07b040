import Foundation
import Testing
@testable import PalimpsestCore

@Suite struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test("folds what copying changes", arguments: [
        ("Hello   World", "hello world"),
        ("  leading and trailing \n", "leading and trailing"),
        ("“Quoted” ‘words’ «here»", "\"quoted\" 'words' \"here\""),
        ("a—b – c − d", "a-b - c - d"),
        ("Wait…", "wait..."),
        ("ﬁnal ＦＵＬＬ", "final full"),
        ("Straße ΣΟΦΟΣ", "strasse σοφοσ"),
        ("soft\u{00AD}hyphen zero\u{200B}width", "softhyphen zerowidth"),
        ("e\u{0301}te\u{0301}", "été"),
        ("non\u{00A0}breaking\ttab\r\nline", "non breaking tab line"),
    ])
    func folds(input: String, expected: String) {
        #expect(normalizer.normalize(input).string == expected)
    }

    @Test func mapsEveryScalarBackToItsOriginalRange() {
        let text = "  “Ferry”  ﬁnes…"
        let normalized = normalizer.normalize(text)
        let original = Array(text.unicodeScalars)
        #expect(normalized.scalars.count == normalized.sourceRanges.count)
        // "ferry" starts after the two spaces and the opening quote.
        let f = normalized.scalars.firstIndex(of: "f")!
        #expect(normalized.sourceRanges[f] == 3..<4)
        #expect(original[normalized.sourceRanges[f].lowerBound] == "F")
        // Both letters of the "ﬁ" ligature map to the one original scalar.
        let fi = normalized.string.range(of: "fines")!
        let fiStart = normalized.string.unicodeScalars.distance(from: normalized.string.unicodeScalars.startIndex, to: fi.lowerBound)
        #expect(normalized.sourceRanges[fiStart] == normalized.sourceRanges[fiStart + 1])
        #expect(original[normalized.sourceRanges[fiStart].lowerBound] == "\u{FB01}")
        // The three dots of the ellipsis map to the one original "…".
        let last = normalized.sourceRange(of: (normalized.scalars.count - 3)..<normalized.scalars.count)
        #expect(last == (original.count - 1)..<original.count)
    }

    @Test func emptyAndBlankTextNormaliseToNothing() {
        #expect(normalizer.normalize("").scalars.isEmpty)
        #expect(normalizer.normalize(" \n\t ").scalars.isEmpty)
    }
}
