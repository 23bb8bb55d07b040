import Foundation
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

    /// A scalar's form derived from the Unicode path: its normalised scalars, each word scalar as
    /// its UTF-8 bytes, the apostrophe as itself, anything else as a space; nil for a scalar whose
    /// handling depends on its neighbours, or that normalises to nothing or to an unspaced script.
    static func derivedForm(_ scalar: Unicode.Scalar) -> [UInt8]? {
        let properties = scalar.properties
        if properties.isGraphemeExtend || properties.generalCategory == .format || properties.generalCategory == .lineSeparator
            || properties.generalCategory == .paragraphSeparator || properties.isJoinControl || properties.isVariationSelector {
            return nil
        }
        let character = Character(scalar)
        if character.isWhitespace { return [0x20] }
        let folded = TextNormalizer.fold(character)
        if folded.isEmpty { return nil }
        var form: [UInt8] = []
        for output in folded {
            if Tokenizer.isUnspacedScript(output) { return nil }
            if output == "'" {
                form.append(UInt8(ascii: "'"))
            } else if Tokenizer.isWordScalar(output) {
                form.append(contentsOf: UTF8.encode(output)!)
            } else {
                form.append(0x20)
            }
        }
        return form
    }

    /// The source of `NonASCIIFormTable.swift` for `forms`, one per slot.
    static func tableSource(_ forms: [[UInt8]?]) -> String {
        var bytes: [UInt8] = [], ends: [Int] = []
        for form in forms {
            bytes += form ?? []
            ends.append(bytes.count)
        }
        func lines<T>(_ values: [T], _ format: (T) -> String) -> String {
            stride(from: 0, to: values.count, by: 16).map { start in
                "        " + values[start..<min(start + 16, values.count)].map(format).joined(separator: ", ") + ","
            }.joined(separator: "\n")
        }
        return """
            // Generated by ByteTokenizerTests.theFormTableIsDerivedFromTheUnicodePath: do not edit by hand.
            // When the derivation changes, that test fails and writes this file anew; copy it here.

            extension NonASCIIForms {
                /// Every slot's form (see ``ranges``), back to back.
                static let tableBytes: [UInt8] = [
            \(lines(bytes) { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) })
                ]

                /// Where each slot's form ends in ``tableBytes`` (it starts where the previous one ends); a
                /// slot whose form is empty has none.
                static let tableEnds: [UInt16] = [
            \(lines(ends) { String($0) })
                ]
            }

            """
    }

    @Test func theFormTableIsDerivedFromTheUnicodePath() throws {
        let derived = NonASCIIForms.ranges.flatMap { range in range.map { Self.derivedForm(Unicode.Scalar($0)!) } }
        var table: [[UInt8]?] = []
        var start = 0
        for end in NonASCIIForms.tableEnds.map(Int.init) {
            table.append(end == start ? nil : Array(NonASCIIForms.tableBytes[start..<end]))
            start = end
        }
        guard table.count != derived.count || !zip(table, derived).allSatisfy({ $0 == $1 }) else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("NonASCIIFormTable.swift")
        try Self.tableSource(derived).write(to: path, atomically: true, encoding: .utf8)
        Issue.record("the form table differs from the forms derived now: copy \(path.path) to Sources/PalimpsestCore/Text/")
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

extension String {
    /// The string with `0`s before it up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
