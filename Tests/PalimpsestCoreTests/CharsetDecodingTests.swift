@testable import PalimpsestCore
import Testing

/// How bytes in a declared, falsely declared or undeclared character set become UTF-8.
@Suite struct CharsetDecodingTests {
    @Test func validUTF8IsHandedBackUnchanged() {
        let bytes = Array("Grüße, 中文".utf8)
        for declared in [nil, "utf-8", "UTF8", "windows-1251"] as [String?] {
            let decoded = CharsetDecoding.decode(bytes, declared: declared, location: "x")
            #expect(decoded.utf8 == bytes && decoded.charset == "UTF-8")
            #expect((decoded.problem != nil) == (declared == "windows-1251"), "only the false declaration is reported")
        }
    }

    @Test func asciiDeclaredInALegacySetIsReadWithoutAWord() {
        let decoded = CharsetDecoding.decode(Array("plain words".utf8), declared: "iso-8859-1", location: "x")
        #expect(decoded.utf8 == Array("plain words".utf8) && decoded.problem == nil)
    }

    @Test func labelsAreWidenedAsTheEncodingStandardWidensThem() {
        #expect(CharsetDecoding.normalizedLabel(" \"ISO-8859-1\" ") == "WINDOWS-1252")
        #expect(CharsetDecoding.normalizedLabel("gb2312") == "GB18030")
        #expect(CharsetDecoding.normalizedLabel("Shift_JIS") == "WINDOWS-31J")
        #expect(CharsetDecoding.normalizedLabel("koi8-r") == "KOI8-R")
        // 0x80 is the euro sign in windows-1252, a control character in ISO 8859-1.
        #expect(String(decoding: CharsetDecoding.decode([0x80, 0x41], declared: "latin1", location: "x").utf8, as: UTF8.self) == "€A")
    }

    @Test func aByteOrderMarkWinsOverTheDeclaration() {
        let utf8 = CharsetDecoding.decode([0xEF, 0xBB, 0xBF] + Array("é".utf8), declared: "windows-1251", location: "x")
        #expect(utf8.utf8 == Array("é".utf8) && utf8.problem == nil)
        let utf16 = CharsetDecoding.decode([0xFF, 0xFE, 0x41, 0x00, 0xE9, 0x00], declared: "utf-8", location: "x")
        #expect(utf16.utf8 == Array("Aé".utf8) && utf16.charset == "UTF-16LE")
    }

    @Test func aStatefulEncodingIsFlushedAndCutBytesAreReplaced() {
        // ISO-2022-JP: ESC $ B switches to JIS X 0208 ("日本" is 46 7C 4B 5C), ESC ( B back to ASCII.
        let japanese: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42, 0x21]
        #expect(String(decoding: CharsetDecoding.decode(japanese, declared: "iso-2022-jp", location: "x").utf8, as: UTF8.self) == "日本!")
        // A GB18030 text cut in the middle of its last character.
        let cut = CharsetDecoding.decode([0xD6, 0xD0, 0xCE], declared: "gb2312", location: "x")
        #expect(String(decoding: cut.utf8, as: UTF8.self) == "中\u{FFFD}")
        #expect(cut.problem?.position == .byte(2))
    }

    @Test func nulBytesNeverReachAParser() {
        for declared in [nil, "windows-1252"] as [String?] {
            let decoded = CharsetDecoding.decode([0x61, 0x00, 0x62, 0xE9], declared: declared, location: "x")
            #expect(!decoded.utf8.contains(0))
            #expect(decoded.problem != nil)
        }
    }
}
