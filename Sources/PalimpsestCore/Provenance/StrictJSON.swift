/// A strict reading of JSON (RFC 8259) for what is signed: one value, nothing around it but
/// whitespace, and no object that names a member twice, at any depth.
///
/// RFC 8259 only says names "SHOULD be unique", and readers disagree on a repeated one: Foundation
/// keeps one, others keep the first or the last. An envelope with two `payload` members could then
/// be verified by one reader over one payload while another reader acts on the other (a parser
/// differential). Manifests are checked with ``validate(_:)`` before they are decoded, so every
/// reader that accepts one sees the same members. Names are compared after their escapes are
/// decoded (`"p\u0061yload"` repeats `"payload"`).
public enum StrictJSON {
    /// The deepest nesting of arrays and objects accepted; run manifests nest four deep.
    public static let maximumDepth = 64

    /// Checks that `bytes` are one JSON text with no repeated member names.
    /// - Throws: ``StrictJSONError`` naming the byte offset and what is wrong there.
    /// - Complexity: O(*n*) in the bytes, plus hashing each member name once.
    public static func validate(_ bytes: [UInt8]) throws(StrictJSONError) {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.error("more after the end of the JSON value") }
    }

    /// A cursor over the bytes.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func error(_ reason: String) -> StrictJSONError {
            StrictJSONError(offset: offset, reason: reason)
        }

        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(StrictJSONError) {
            guard current == byte else { throw error("expected \(what)") }
            offset += 1
        }

        mutating func value(depth: Int) throws(StrictJSONError) {
            guard let byte = current else { throw error("the JSON ends where a value should be") }
            switch byte {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw error("not the start of a JSON value")
            }
        }

        mutating func object(depth: Int) throws(StrictJSONError) {
            guard depth <= StrictJSON.maximumDepth else { throw error("nested deeper than \(StrictJSON.maximumDepth) levels") }
            offset += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                offset += 1
                return
            }
            var names = Set<String>()
            while true {
                let start = offset
                guard current == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
                let name = try string()
                guard names.insert(name).inserted else {
                    throw StrictJSONError(offset: start, reason: "the member \"\(name)\" appears twice in one object")
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after a member name")
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return
            }
        }

        mutating func array(depth: Int) throws(StrictJSONError) {
            guard depth <= StrictJSON.maximumDepth else { throw error("nested deeper than \(StrictJSON.maximumDepth) levels") }
            offset += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                offset += 1
                return
            }
            while true {
                try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    offset += 1
                    skipWhitespace()
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                return
            }
        }

        mutating func literal(_ word: StaticString) throws(StrictJSONError) {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard bytes.count - offset >= expected.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
                throw error("not a JSON value (expected \(word))")
            }
            offset += expected.count
        }

        mutating func number() throws(StrictJSONError) {
            if current == UInt8(ascii: "-") { offset += 1 }
            guard let first = current, isDigit(first) else { throw error("a number needs a digit") }
            offset += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if current == UInt8(ascii: ".") {
                offset += 1
                guard let digit = current, isDigit(digit) else { throw error("a digit must follow a decimal point") }
                skipDigits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                offset += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                guard let digit = current, isDigit(digit) else { throw error("a digit must follow an exponent") }
                skipDigits()
            }
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func skipDigits() {
            while let byte = current, isDigit(byte) { offset += 1 }
        }

        /// Reads a string from its opening quote; returns it with its escapes decoded (see
        /// ``JSONStringDecoding``; invalid UTF-8 and unpaired surrogates as U+FFFD, so names that
        /// differ only there count as one: such a manifest is refused, never read two ways).
        mutating func string() throws(StrictJSONError) -> String {
            offset += 1
            var decoded: [UInt8] = []
            while true {
                guard let byte = current else { throw error("a string is not closed") }
                switch byte {
                case UInt8(ascii: "\""):
                    offset += 1
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    let escape = bytes.withUnsafeBytes { JSONStringDecoding.decodeEscape($0, backslash: offset, into: &decoded) }
                    switch escape {
                    case .success(let next): offset = next
                    case .failure(.unclosed(let at)): throw StrictJSONError(offset: at, reason: "a string is not closed")
                    case .failure(.unknown(let at, _)): throw StrictJSONError(offset: at, reason: "not a JSON escape")
                    case .failure(.shortUnicode(let at)): throw StrictJSONError(offset: at, reason: "\\u needs four hexadecimal digits")
                    }
                case 0x00..<0x20:
                    throw error("a control character must be escaped inside a string")
                default:
                    decoded.append(byte)
                    offset += 1
                }
            }
        }
    }
}

/// Why bytes are not strict JSON.
public struct StrictJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset, from 0, where reading stopped.
    public var offset: Int
    /// What is wrong there.
    public var reason: String

    /// `byte N: reason`.
    public var description: String { "byte \(offset): \(reason)" }
}
