/// Turns input bytes into text, saying where they were not what they claimed to be.
public enum TextDecoding {
    /// Decodes UTF-8, replacing invalid sequences and NUL bytes with U+FFFD and reporting the first
    /// one's offset. A leading byte-order mark is dropped.
    /// - Returns: the text, and a warning naming the byte offset of the first invalid sequence or NUL, if any.
    public static func decodeUTF8(_ bytes: some Collection<UInt8>, location: String) -> (text: String, problem: InputProblem?) {
        var body = Array(bytes)
        let bomLength = body.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        body.removeFirst(bomLength)
        // NUL bytes past the binary sniffer's window are no text either: U+FFFD stands in for them.
        let firstNUL = body.firstIndex(of: 0)
        var nulCount = 0
        var decodable = body
        if let firstNUL {
            decodable = Array(body[..<firstNUL])
            decodable.reserveCapacity(body.count + 16)
            for byte in body[firstNUL...] {
                if byte == 0 {
                    nulCount += 1
                    decodable += [0xEF, 0xBF, 0xBD]
                } else {
                    decodable.append(byte)
                }
            }
        }
        let text = String(decoding: decodable, as: UTF8.self)
        let invalid = invalidUTF8(body)
        var findings: [(offset: Int, message: String)] = []
        if let offset = invalid.first { findings.append((offset, "invalid UTF-8 (first bad sequence at byte \(offset + bomLength)); \(invalid.count) sequence(s) replaced by U+FFFD")) }
        if let offset = firstNUL { findings.append((offset, "NUL bytes (first at byte \(offset + bomLength)); \(nulCount) replaced by U+FFFD")) }
        guard let first = findings.min(by: { $0.offset < $1.offset }) else { return (text, nil) }
        return (text, InputProblem(
            location: location, position: .byte(first.offset + bomLength),
            message: findings.map(\.message).joined(separator: "; "), severity: .warning))
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        invalidUTF8(bytes).first
    }

    /// Where the first invalid sequence starts, and how many there are.
    private static func invalidUTF8(_ bytes: [UInt8]) -> (first: Int?, count: Int) {
        var first: Int? = nil
        var count = 0
        var index = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                index += UTF8.width(scalar)
            case .emptyInput:
                return (first, count)
            case .error:
                // The decoder consumed at least one byte; its exact resynchronisation point does not
                // change where the first error starts, which is what users need.
                if first == nil { first = index }
                count += 1
                index += 1
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
