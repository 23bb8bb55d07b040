import Testing
@testable import PalimpsestCore

/// ``JSONStringDecoding``, the escapes of a JSON string, which the strict manifest reader and the
/// dedup field scanner share.
@Suite struct JSONStringDecodingTests {
    /// Decodes the escape at the start of `text`.
    func decode(_ text: String) -> (output: String, result: Result<Int, JSONStringDecoding.EscapeFailure>) {
        var output: [UInt8] = []
        let result = Array(text.utf8).withUnsafeBytes { JSONStringDecoding.decodeEscape($0, backslash: 0, into: &output) }
        return (String(decoding: output, as: UTF8.self), result)
    }

    @Test(arguments: [
        (#"\""#, "\"", 2), (#"\\"#, "\\", 2), (#"\/"#, "/", 2), (#"\b"#, "\u{8}", 2), (#"\f"#, "\u{C}", 2), (#"\n"#, "\n", 2),
        (#"\r"#, "\r", 2), (#"\t"#, "\t", 2), (#"\u00e9x"#, "é", 6), (#"\ud83d\ude00"#, "😀", 12),
        (#"\ud800\u00e9"#, "\u{FFFD}", 6), (#"\udc00"#, "\u{FFFD}", 6), (#"\ud800x"#, "\u{FFFD}", 6),
    ])
    func decodesEachEscape(text: String, expected: String, next: Int) {
        let (output, result) = decode(text)
        #expect(output == expected, "\(text)")
        #expect(result == .success(next), "\(text)")
    }

    @Test(arguments: [
        (#"\"#, JSONStringDecoding.EscapeFailure.unclosed(at: 1)),
        (#"\q"#, .unknown(at: 1, letter: UInt8(ascii: "q"))),
        (#"\u12"#, .shortUnicode(at: 2)),
        (#"\u12g4"#, .shortUnicode(at: 4)),
        (#"\ud800\u12"#, .shortUnicode(at: 8)),
        (#"\ud800\uzzzz"#, .shortUnicode(at: 8)),
    ])
    func namesWhereAnEscapeIsNotOne(text: String, failure: JSONStringDecoding.EscapeFailure) {
        #expect(decode(text).result == .failure(failure), "\(text)")
    }

    /// The strict reader reports a failure at the byte offset the decoder names.
    @Test func theStrictReaderNamesTheSameByte() {
        for (text, offset) in [(#"{"a":"\q"}"#, 7), (#"{"a":"\u12"}"#, 10), (#"{"a":"\ud800\u1"}"#, 14)] {
            #expect(throws: StrictJSONError(offset: offset, reason: offset == 7 ? "not a JSON escape" : "\\u needs four hexadecimal digits")) {
                try StrictJSON.validate(Array(text.utf8))
            }
        }
        #expect(throws: Never.self) { try StrictJSON.validate(Array(#"{"p\u0061yload":"\ud83d\ude00\n"}"#.utf8)) }
    }
}
