/// The escapes of a JSON string (RFC 8259, section 7), decoded to UTF-8: the one decoder behind
/// the strict reader of manifests (``StrictJSON``) and the field scanner of corpus-scale
/// deduplication, which report its failures each in their own terms (a byte offset, a column).
package enum JSONStringDecoding {
    /// Why an escape could not be decoded, with the 0-based index in the bytes where reading stopped.
    package enum EscapeFailure: Error, Sendable, Hashable {
        /// The bytes end after the backslash; `at` is where the escape's letter should be (the end).
        case unclosed(at: Int)
        /// The byte at `at`, after a backslash, names no JSON escape.
        case unknown(at: Int, letter: UInt8)
        /// `\u` is not followed by four hexadecimal digits; `at` is the first byte that is not one,
        /// or where the digits start when the bytes end before four.
        case shortUnicode(at: Int)
    }

    /// Decodes the escape whose backslash is at `backslash` in `bytes`, appending what it stands
    /// for, in UTF-8, to `output`.
    ///
    /// `\uXXXX` is a UTF-16 code unit: a high surrogate followed by `\u` and a low surrogate is one
    /// scalar; a surrogate without its other half is U+FFFD, and what follows a lone high
    /// surrogate is read as an escape of its own.
    /// - Returns: the index just past the escape, or why it is not one.
    /// - Complexity: O(1).
    package static func decodeEscape(_ bytes: UnsafeRawBufferPointer, backslash: Int, into output: inout [UInt8]) -> Result<Int, EscapeFailure> {
        var index = backslash + 1
        guard index < bytes.count else { return .failure(.unclosed(at: index)) }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(letter)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            guard var unit = codeUnit(bytes, at: &index) else { return .failure(.shortUnicode(at: index)) }
            if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                var after = index + 2
                guard let low = codeUnit(bytes, at: &after) else { return .failure(.shortUnicode(at: after)) }
                if (0xDC00...0xDFFF).contains(low) {
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    index = after
                }
            }
            UTF8.encode(Unicode.Scalar(unit) ?? "\u{FFFD}") { output.append($0) }
        default:
            return .failure(.unknown(at: index - 1, letter: letter))
        }
        return .success(index)
    }

    /// The four hexadecimal digits at `index`, as a number, moving `index` past them; nil when
    /// there are not four, with `index` where they start when the bytes end before four, or on
    /// the first byte that is not a digit.
    private static func codeUnit(_ bytes: UnsafeRawBufferPointer, at index: inout Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }
}
