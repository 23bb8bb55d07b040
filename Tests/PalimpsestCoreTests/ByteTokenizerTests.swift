import Testing
@testable import PalimpsestCore

@Suite struct ByteTokenizerTests {
    /// What the Unicode path gives: the reference the byte path must equal.
    func unicodeHashes(_ text: String) -> [UInt64] {
        Tokenizer().tokenize(TextNormalizer().normalize(text)).hashes
    }

    func byteHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var text = text
        text.withUTF8 { ByteTokenizer().appendTokenHashes(of: UnsafeRawBufferPointer($0), to: &hashes) }
        return hashes
    }

    /// Whether the byte path's positioned tokens equal the Unicode path's hashes, words and ranges.
    func positionsAgree(_ text: String) -> Bool {
        let reference = Tokenizer().tokenize(TextNormalizer().normalize(text))
        var copy = text
        let tokens = copy.withUTF8 { ByteTokenizer().tokens(of: UnsafeRawBufferPointer($0)) }
        return tokens.hashes == reference.hashes && tokens.words == reference.texts
            && (0..<tokens.count).map { tokens.scalars(of: $0..<($0 + 1)) } == reference.sourceRanges
    }

    @Test func positionedTokensCarryTheUnicodePathsWordsAndRanges() {
        let texts = [
            "The council’s vote, on 3 March — 12-4… cost £4.5m (€5m); “It’s done,” she said.",
            "Crème brûlée at the Café Müller: STRASSE Straße, Øresund, İstanbul, ǅemal, ½ price™.",
            "An ASCII run longer than eight bytes, then é, then more ASCII words after it.",
            "Line one’s fine\r\n\u{0301}mark first\n東京 and more\n\nlast line's end",
            "cafe\u{0301} au lait, co\u{00AD}operate, 👍🏽 fine", "", "  \n ",
        ]
        for text in texts { #expect(positionsAgree(text), "\(text.debugDescription)") }
        var generator = SplitMix64(state: 7)
        let alphabet = Array("aaaaaaaaZZZZZZZ0 9'’‘“”–—…\u{00A0}£€éÉßçØ.,;:-\n\t\"!?()ǅİ½東\u{0301}λςΣЖжΐἀῆᾷ")
        for _ in 0..<1000 {
            let text = String((0..<Int(generator.next() % 80)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            #expect(positionsAgree(text), "\(text.debugDescription)")
        }
    }

    @Test func givesTheUnicodePathsTokensOnNewsText() {
        let texts = [
            "The council’s vote, on 3 March — 12-4… cost £4.5m (€5m); “It’s done,” she said.",
            "Crème brûlée at the Café Müller: STRASSE Straße, Øresund, İstanbul, ǅemal, ½ price™.",
            "don't 'quoted' rock'n'roll ’tis o’ ’’ a’ 'b  tab\there\r\nnew line\u{00A0}nbsp",
            "",
            "   \n\n ",
        ]
        for text in texts { #expect(byteHashes(text) == unicodeHashes(text), "\(text)") }
    }

    @Test func sendsOtherScriptsAndCombiningMarksDownTheUnicodePath() {
        for text in ["東京都の天気 Tokyo", "cafe\u{0301} au lait", "co\u{00AD}operate", "a\u{200D}b", "👍🏽 fine", "Привет, мир", "Ἀθῆναι λόγος σοφίας",
                     "Line one’s fine\r\n\u{0301}mark first\n東京 and more\n\nlast line's end", "a\u{05D0}\nb'\n'c"] {
            #expect(byteHashes(text) == unicodeHashes(text), "\(text)")
        }
    }

    @Test func everyKnownScalarBehavesAsInTheUnicodePath() {
        // Each scalar with a fast form, alone, between letters, before and after an apostrophe.
        for (scalar, form) in NonASCIIForms.shared.all {
            let s = String(Character(scalar))
            #expect(form.count <= NonASCIIForms.maximumGrowth * s.utf8.count, "U+\(String(scalar.value, radix: 16))")
            for text in [s, "ab\(s)cd", "ab'\(s)cd", "ab\(s)'cd", "A\(s) \(s)Z"] {
                #expect(byteHashes(text) == unicodeHashes(text), "U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
            }
        }
    }

    @Test func randomTextsFromAMixedAlphabetAgree() {
        let alphabet = Array("aaaaaaaaZZZZZZZ0 9'’‘“”–—…\u{00A0}£€éÉßçØ.,;:-\n\t\"!?()ǅİ½東\u{0301}λςΣЖжΐἀῆᾷ")
        var generator = SplitMix64(state: 42)
        for _ in 0..<2000 {
            let length = Int(generator.next() % 80)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            #expect(byteHashes(text) == unicodeHashes(text), "\(text.debugDescription)")
        }
    }

    @Test func invalidUTF8IsReadAsTheReplacementCharacter() {
        let bytes: [UInt8] = [0x61, 0x62, 0xFF, 0x63, 0xC3]
        var hashes: [UInt64] = []
        bytes.withUnsafeBytes { ByteTokenizer().appendTokenHashes(of: $0, to: &hashes) }
        #expect(hashes == unicodeHashes(String(decoding: bytes, as: UTF8.self)))
        #expect(hashes.count == 2)
    }
}
