/// A SHA-256 content id, written `sha256:<64 hex digits>`.
///
/// Any export can be checked against the text it describes by hashing that text again.
///
/// The digest is held inline, as four big-endian 64-bit words, rather than as an array: every
/// document and every passage of an analysis carries one, and an array would add a heap block of
/// 64 bytes or more to each.
public struct ContentID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The digest's bytes 0–7, 8–15, 16–23 and 24–31, each read big-endian, so that comparing the
    /// words in order compares the bytes in order.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 bytes of the digest.
    public var digest: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return bytes
    }

    /// Wraps a SHA-256 digest.
    /// - Precondition: `sha256` has 32 bytes.
    public init(sha256: [UInt8]) {
        precondition(sha256.count == 32, "a SHA-256 digest has 32 bytes")
        func word(_ start: Int) -> UInt64 { sha256[start..<(start + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        words = (word(0), word(8), word(16), word(24))
    }

    /// Whether two ids are the same digest.
    public static func == (lhs: ContentID, rhs: ContentID) -> Bool { lhs.words == rhs.words }

    /// Hashes the digest.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Parses `sha256:<hex>`; nil for anything else.
    public init?(_ text: String) {
        guard text.hasPrefix("sha256:") else { return nil }
        let hex = Array(text.utf8.dropFirst(7))
        guard hex.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.init(sha256: bytes)
    }

    /// The digest in lower-case hexadecimal.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `sha256:<hex>`.
    public var description: String { "sha256:" + hex }

    /// Orders ids by their digest bytes, for sorted, reproducible listings.
    public static func < (lhs: ContentID, rhs: ContentID) -> Bool { lhs.words < rhs.words }

    /// Decodes `sha256:<hex>` from a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ContentID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a sha256:<hex> content id: \(text)")
        }
        self = id
    }

    /// Encodes as the string `sha256:<hex>`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
