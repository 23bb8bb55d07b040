/// Turns input bytes into text, saying where they were not what they claimed to be.
public enum TextDecoding {
    /// Decodes UTF-8, replacing invalid sequences with U+FFFD and reporting the first one's offset.
    /// A leading byte-order mark is dropped.
    /// - Returns: the text, and a warning naming the byte offset of the first invalid sequence, if any.
    public static func decodeUTF8(_ bytes: some Collection<UInt8>, location: String) -> (text: String, problem: InputProblem?) {
        var body = Array(bytes)
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        let text = String(decoding: body, as: UTF8.self)
        guard let offset = firstInvalidUTF8Offset(body) else { return (text, nil) }
        let count = text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        return (text, InputProblem(
            location: location, position: .byte(offset),
            message: "invalid UTF-8 (first bad sequence here); \(count) replacement character(s) inserted",
            severity: .warning))
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                index += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return index
            }
        }
    }

    /// Whether bytes look like a binary file rather than text: a NUL byte, or more than 10% control
    /// characters other than tab, newline, carriage return and form feed, in the first 8 KiB.
    public static func looksBinary(_ bytes: some Collection<UInt8>) -> Bool {
        let sample = bytes.prefix(8192)
        guard !sample.isEmpty else { return false }
        var controls = 0
        for byte in sample {
            if byte == 0 { return true }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { controls += 1 }
        }
        return controls * 10 > sample.count
    }
}
