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
        let invalid = UTF8Summary(body)
        var findings: [(offset: Int, message: String)] = []
        if let offset = invalid.firstInvalid { findings.append((offset, "invalid UTF-8 (first bad sequence at byte \(offset + bomLength)); \(invalid.invalidSequences) sequence(s) replaced by U+FFFD")) }
        if let offset = firstNUL { findings.append((offset, "NUL bytes (first at byte \(offset + bomLength)); \(nulCount) replaced by U+FFFD")) }
        guard let first = findings.min(by: { $0.offset < $1.offset }) else { return (text, nil) }
        return (text, InputProblem(
            location: location, position: .byte(first.offset + bomLength),
            message: findings.map(\.message).joined(separator: "; "), severity: .warning))
    }

    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        UTF8Summary(bytes).firstInvalid
    }

    /// What one pass over bytes says about them as UTF-8: where the first invalid sequence starts
    /// and how many there are, and how many valid characters take more than one byte.
    struct UTF8Summary {
        /// The byte offset of the first invalid sequence.
        var firstInvalid: Int? = nil
        /// Invalid sequences.
        var invalidSequences = 0
        /// Valid characters of more than one byte.
        var multiByteCharacters = 0
        /// The byte offset of the first valid multi-byte character.
        var firstMultiByte: Int? = nil

        init(_ bytes: some Sequence<UInt8>) {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var offset = 0
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    let width = UTF8.width(scalar)
                    if width > 1 {
                        multiByteCharacters += 1
                        if firstMultiByte == nil { firstMultiByte = offset }
                    }
                    offset += width
                case .emptyInput:
                    return
                case .error:
                    // The decoder consumed at least one byte; its exact resynchronisation point does
                    // not change where the first error starts, which is what users need.
                    if firstInvalid == nil { firstInvalid = offset }
                    invalidSequences += 1
                    offset += 1
                }
            }
        }
    }

    /// A Unicode encoding wider than UTF-8, told by its byte-order mark.
    public enum WideEncoding: String, Sendable, Hashable {
        /// UTF-16, most significant byte first (mark `FE FF`).
        case utf16BigEndian = "UTF-16BE"
        /// UTF-16, least significant byte first (mark `FF FE`), as Windows writes it.
        case utf16LittleEndian = "UTF-16LE"
        /// UTF-32, most significant byte first (mark `00 00 FE FF`).
        case utf32BigEndian = "UTF-32BE"
        /// UTF-32, least significant byte first (mark `FF FE 00 00`).
        case utf32LittleEndian = "UTF-32LE"

        /// The encoding whose byte-order mark `bytes` start with, or nil. UTF-32LE's mark starts
        /// like UTF-16LE's and is tried first; a UTF-16LE text whose first character is U+0000
        /// would read as UTF-32LE, which no real text does.
        public init?(byteOrderMarkOf bytes: some Collection<UInt8>) {
            let head = Array(bytes.prefix(4))
            if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
                self = .utf32BigEndian
            } else if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
                self = .utf32LittleEndian
            } else if head.starts(with: [0xFE, 0xFF]) {
                self = .utf16BigEndian
            } else if head.starts(with: [0xFF, 0xFE]) {
                self = .utf16LittleEndian
            } else {
                return nil
            }
        }

        /// Bytes per code unit.
        var unitWidth: Int { self == .utf16BigEndian || self == .utf16LittleEndian ? 2 : 4 }
        var isBigEndian: Bool { self == .utf16BigEndian || self == .utf32BigEndian }
    }

    /// Text in UTF-16 or UTF-32 with a byte-order mark, as UTF-8 bytes without the mark, so every
    /// extractor (which reads UTF-8) can take it; nil for bytes without such a mark.
    ///
    /// Such files are full of NUL bytes, so they must be transcoded before the binary check.
    /// Unpaired surrogates, code points past U+10FFFF and a cut-off last code unit become U+FFFD.
    /// - Returns: the UTF-8 bytes, the encoding read, and a warning naming the byte offset of the
    ///   first invalid code unit, if any.
    /// - Complexity: O(n).
    public static func transcodeWideText(_ bytes: [UInt8], location: String) -> (utf8: [UInt8], encoding: WideEncoding, problem: InputProblem?)? {
        guard let encoding = WideEncoding(byteOrderMarkOf: bytes) else { return nil }
        let width = encoding.unitWidth
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / width)
        var offset = width  // past the mark
        while offset + width <= bytes.count {
            var unit: UInt32 = 0
            for index in 0..<width {
                let byte = UInt32(bytes[offset + (encoding.isBigEndian ? index : width - 1 - index)])
                unit = unit << 8 | byte
            }
            units.append(unit)
            offset += width
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count * 2)
        var invalid = 0
        var firstInvalid: Int? = nil
        func replace(at unitIndex: Int) {
            invalid += 1
            if firstInvalid == nil { firstInvalid = width * (unitIndex + 1) }
            utf8 += [0xEF, 0xBF, 0xBD]
        }
        if width == 2 {
            var iterator = units.lazy.map { UInt16(truncatingIfNeeded: $0) }.makeIterator()
            var decoder = UTF16()
            var index = 0
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    UTF8.encode(scalar) { utf8.append($0) }
                    index += scalar.value > 0xFFFF ? 2 : 1
                case .emptyInput:
                    break decoding
                case .error:
                    replace(at: index)
                    index += 1
                }
            }
        } else {
            for (index, unit) in units.enumerated() {
                if let scalar = Unicode.Scalar(unit) { UTF8.encode(scalar) { utf8.append($0) } } else { replace(at: index) }
            }
        }
        if offset < bytes.count { replace(at: units.count) }
        guard let firstInvalid else { return (utf8, encoding, nil) }
        return (utf8, encoding, InputProblem(
            location: location, position: .byte(firstInvalid),
            message: "invalid \(encoding.rawValue) (first bad code unit at byte \(firstInvalid)); \(invalid) replaced by U+FFFD", severity: .warning))
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
