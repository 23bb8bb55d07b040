import Testing
@testable import PalimpsestCore

@Suite struct TokenizerTests {
    func words(_ text: String) -> [String] {
        Tokenizer().tokenize(TextNormalizer().normalize(text)).texts
    }

    @Test func splitsSpacedScriptsIntoWords() {
        #expect(words("The council's vote, on 3 March — 12-4.") == ["the", "council's", "vote", "on", "3", "march", "12", "4"])
        #expect(words("Привет, мир! Καλημέρα κόσμος") == ["привет", "мир", "καλημέρα", "κόσμοσ"])
        #expect(words("서울 시청") == ["서울", "시청"])
    }

    @Test func cutsUnspacedScriptsIntoCharacters() {
        #expect(words("東京都の天気") == ["東", "京", "都", "の", "天", "気"])
        #expect(words("ภาษาไทย") .count == 7)
        #expect(words("Tokyo 東京 2026") == ["tokyo", "東", "京", "2026"])
    }

    @Test func mapsTokensBackToTheOriginalText() {
        let text = "  Ａｌｐｈａ “beta”"
        let tokens = Tokenizer().tokenize(TextNormalizer().normalize(text))
        let scalars = Array(text.unicodeScalars)
        let slices = tokens.sourceRanges.map { String(String.UnicodeScalarView(scalars[$0])) }
        #expect(slices == ["Ａｌｐｈａ", "beta"])
    }

    @Test func hashesAreTheXXH3OfTheTokenText() {
        let tokens = Tokenizer().tokenize(TextNormalizer().normalize("Harbour harbour HARBOUR"))
        #expect(Set(tokens.hashes).count == 1)
        #expect(tokens.hashes[0] == XXH3.hash64(utf8: "harbour"))
    }

    @Test func punctuationOnlyHasNoTokens() {
        #expect(words("… — !!! ***").isEmpty)
    }
}
