import Foundation
import PalimpsestTestKit
import Testing
@testable import PalimpsestCore

@Suite struct InputTests {
    @Test func invalidUTF8IsReplacedAndItsOffsetReported() {
        let bytes: [UInt8] = Array("café ".utf8) + [0xFF, 0xFE] + Array(" ok".utf8)
        let (text, problem) = TextDecoding.decodeUTF8(bytes, location: "x.txt")
        #expect(text.contains("\u{FFFD}"))
        #expect(text.hasSuffix(" ok"))
        #expect(problem?.position == .byte(6))
        #expect(problem?.severity == .warning)
        #expect(problem?.description.hasPrefix("x.txt: byte 6: warning") == true)
        #expect(TextDecoding.decodeUTF8(Array("fine".utf8), location: "y").problem == nil)
    }

    @Test func offsetsCountTheByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ab".utf8) + [0xFF] + Array("c".utf8) + [0xFE]
        let (text, problem) = TextDecoding.decodeUTF8(bytes, location: "bom.txt")
        #expect(text == "ab\u{FFFD}c\u{FFFD}")
        #expect(problem?.position == .byte(5))
        #expect(problem?.message.contains("2 sequence(s)") == true)
    }

    @Test func binaryIsRecognised() {
        #expect(TextDecoding.looksBinary([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]))
        #expect(!TextDecoding.looksBinary(Array("plain\ttext\r\n".utf8)))
        #expect(TextDecoding.looksBinary([UInt8](repeating: 0x01, count: 100)))
    }

    @Test func gzipRoundTripsMultipleMembers() throws {
        let first = try Fixtures.gzip(Array("first member\n".utf8))
        let second = try Fixtures.gzip(Array("second member\n".utf8))
        #expect(Gzip.isGzip(first))
        #expect(try Gzip.decompress(first + second) == Array("first member\nsecond member\n".utf8))
    }

    @Test func truncatedGzipNamesTheOffset() throws {
        let whole = try Fixtures.gzip(Array(String(repeating: "some text that compresses ", count: 200).utf8))
        let cut = Array(whole.prefix(whole.count / 2))
        #expect(throws: GzipError.truncated(offset: cut.count)) { try Gzip.decompress(cut) }
        var corrupt = whole
        corrupt[12] ^= 0xFF
        #expect(throws: GzipError.self) { try Gzip.decompress(corrupt) }
        #expect(throws: GzipError.tooLarge(limit: 100)) { try Gzip.decompress(whole, limit: 100) }
    }

    @Test func plainTextBlocksByBlankLinesOrLines() {
        #expect(PlainTextBlocks.split("one\ntwo\n\nthree\r\n\r\nfour") == ["one\ntwo", "three", "four"])
        #expect(PlainTextBlocks.split("\n\nalpha\nbeta\ngamma\n\n") == ["alpha", "beta", "gamma"])
        #expect(PlainTextBlocks.split("  \n ").isEmpty)
    }

    @Test func linesReadFromBytesAreTheLinesOfACharacterSplit() {
        // Line breaks of every kind beside marks, emoji, no-break spaces and other separators.
        let alphabet = Array("ab \n\r\t\u{0301}\u{00A0}\u{2028}\u{0085}😀é東\u{200D}")
        var generator = SplitMix64(state: 11)
        for _ in 0..<3000 {
            let text = String((0..<Int(generator.next() % 24)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let expected = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            #expect(PlainTextBlocks.lines(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test("dates in the forms sources write", arguments: [
        ("2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z"),
        ("2026-03-02T10:00:00+02:00", "2026-03-02T08:00:00Z"),
        ("2026-03-02", "2026-03-02T00:00:00Z"),
        ("Mon, 02 Mar 2026 08:00:00 +0000", "2026-03-02T08:00:00Z"),
        ("2026-03-02T08:00:00.250Z", "2026-03-02T08:00:00Z"),
    ])
    func parsesDates(text: String, expected: String) throws {
        let date = try #require(DateParsing.parse(text))
        #expect(DateParsing.format(date) == expected)
    }

    @Test func rejectsNonDates() {
        #expect(DateParsing.parse("next Tuesday") == nil)
        #expect(DateParsing.parse("") == nil)
    }
}

@Suite struct GzipStreamTests {
    @Test func chunkedInputGivesTheWholeOutput() throws {
        let first = try Fixtures.gzip(Array(String(repeating: "first member ", count: 300).utf8))
        let second = try Fixtures.gzip(Array("second member".utf8))
        let whole = first + second
        for chunkSize in [1, 7, 4096] {
            let stream = GzipStream()
            var output: [UInt8] = []
            for start in stride(from: 0, to: whole.count, by: chunkSize) {
                output += try stream.decompress(Array(whole[start..<min(start + chunkSize, whole.count)]))
            }
            output += try stream.finish()
            #expect(output == Array((String(repeating: "first member ", count: 300) + "second member").utf8))
        }
    }

    @Test func endingInsideAMemberIsTruncation() throws {
        let whole = try Fixtures.gzip(Array(String(repeating: "text ", count: 500).utf8))
        let stream = GzipStream()
        _ = try stream.decompress(Array(whole.prefix(whole.count - 5)))
        #expect(throws: GzipError.truncated(offset: whole.count - 5)) { try stream.finish() }
    }
}
