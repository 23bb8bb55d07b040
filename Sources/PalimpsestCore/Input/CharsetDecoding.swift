#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes in whatever character set a page declares (or none), made valid UTF-8 before any parser
/// sees them.
///
/// Markup parsers are handed only valid UTF-8, for two reasons. Declarations lie: pages declaring
/// gb2312, big5 or windows-1251 are often stored as UTF-8, and a parser trusting the declaration
/// stops at the first byte that does not convert, losing the rest of the page. And libxml2 2.9
/// converts its input in pieces as it parses: a conversion that moves its buffer in the middle of a
/// long name restarts the name from where the buffer moved, so the same page read twice could give
/// two texts. Here the decision is made once, over the whole input, and every repair is reported.
///
/// The decision, in order: a byte-order mark; else the declared character set (the transport's,
/// such as an HTTP header, before the document's own); bytes that are valid UTF-8 with at least one
/// non-ASCII character are UTF-8 whatever the declaration says (legacy encodings almost never form
/// valid multi-byte UTF-8 by chance); undeclared bytes that are mostly not UTF-8 are windows-1252,
/// as browsers read them. Declared labels follow the WHATWG Encoding Standard's mapping where it
/// widens a label (`iso-8859-1` and `us-ascii` are windows-1252, `gb2312` is GB18030, `shift_jis`
/// is windows-31j); other labels go to the C library's converter (iconv) as written.
public enum CharsetDecoding {
    /// Bytes made valid UTF-8, and what was done to them.
    public struct Decoded: Sendable, Hashable {
        /// Valid UTF-8 without a byte-order mark or NUL bytes.
        public var utf8: [UInt8]
        /// The character set the bytes were read in, as handed to the converter (`UTF-8`,
        /// `WINDOWS-1252`, `GB18030`, …).
        public var charset: String
        /// A warning when anything was repaired or a declaration overruled, naming the input byte
        /// the repair starts at; nil when the bytes were read as declared without a change.
        public var problem: InputProblem?
    }

    /// Decodes `bytes` as described in the type's documentation.
    /// - Parameters:
    ///   - declared: the character set label the transport or the document declares, if any.
    ///   - location: the input's path or address, for the warning.
    /// - Complexity: O(n).
    public static func decode(_ bytes: [UInt8], declared: String?, location: String) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return decodeUTF8(Array(bytes.dropFirst(3)), location: location, offsetBase: 3, note: nil)
        }
        if let wide = TextDecoding.transcodeWideText(bytes, location: location) {
            return Decoded(utf8: wide.utf8, charset: wide.encoding.rawValue, problem: wide.problem)
        }
        let label = declared.map(normalizedLabel)
        let scan = TextDecoding.UTF8Summary(bytes)
        switch label {
        case nil:
            // Undeclared: UTF-8 unless the bytes mostly are not.
            if scan.invalidSequences > 0, scan.invalidSequences > scan.multiByteCharacters {
                return convert(bytes, from: "WINDOWS-1252", location: location,
                               note: "the bytes are not UTF-8 and no character set is declared; read as windows-1252")
            }
            return decodeUTF8(bytes, location: location, offsetBase: 0, note: nil)
        case "UTF-8":
            return decodeUTF8(bytes, location: location, offsetBase: 0, note: nil)
        case let charset?:
            if scan.invalidSequences == 0 {
                // ASCII reads the same in every ASCII-compatible set; non-ASCII valid UTF-8 means
                // the declaration is wrong.
                let note = scan.multiByteCharacters > 0 ? "declared \(declared ?? charset), but the bytes are UTF-8; read as UTF-8" : nil
                if note != nil || isASCIICompatible(charset) {
                    return decodeUTF8(bytes, location: location, offsetBase: 0, note: note, at: scan.firstMultiByte)
                }
            }
            return convert(bytes, from: charset, location: location, note: nil)
        }
    }

    /// The converter's name for a declared label: trimmed, upper-cased, and widened where the
    /// WHATWG Encoding Standard widens it.
    static func normalizedLabel(_ label: String) -> String {
        let trimmed = label.trimmingASCIIWhitespaceAndQuotes().uppercased()
        switch trimmed {
        case "", "UTF-8", "UTF8", "UNICODE-1-1-UTF-8", "X-UNICODE20UTF8": return "UTF-8"
        case "US-ASCII", "ASCII", "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "L1", "CP1252", "WINDOWS-1252", "X-CP1252", "CP819", "IBM819":
            return "WINDOWS-1252"
        case "GB2312", "GBK", "X-GBK", "GB_2312-80", "CSGB2312", "CHINESE", "ISO-IR-58", "CP936", "MS936", "WINDOWS-936", "GB18030":
            return "GB18030"
        case "BIG5", "BIG5-HKSCS", "CN-BIG5", "CSBIG5", "X-X-BIG5": return "BIG5-HKSCS"
        case "SHIFT_JIS", "SHIFT-JIS", "SJIS", "MS_KANJI", "CSSHIFTJIS", "WINDOWS-31J", "X-SJIS", "MS932", "CP932": return "WINDOWS-31J"
        case "EUC-KR", "KS_C_5601-1987", "KS_C_5601-1989", "KSC5601", "WINDOWS-949", "CSEUCKR", "CP949": return "CP949"
        case "ISO-8859-9", "LATIN5", "WINDOWS-1254": return "WINDOWS-1254"
        case "TIS-620", "ISO-8859-11", "WINDOWS-874": return "WINDOWS-874"
        default: return trimmed
        }
    }

    /// Whether a converter name reads ASCII bytes as ASCII: every set but the wide ones (UTF-16,
    /// UTF-32), the 7-bit stateful ones whose escapes are ASCII bytes (UTF-7, ISO-2022, HZ) and the
    /// EBCDIC code pages.
    static func isASCIICompatible(_ charset: String) -> Bool {
        let other = ["UTF-16", "UTF-32", "UCS", "UTF-7", "ISO-2022", "CSISO2022", "HZ", "IBM0", "CP037", "EBCDIC"]
        return !other.contains { charset.hasPrefix($0) }
    }

    /// UTF-8 bytes with invalid sequences and NUL bytes replaced by U+FFFD (see
    /// ``TextDecoding/decodeUTF8(_:location:)``).
    private static func decodeUTF8(_ bytes: [UInt8], location: String, offsetBase: Int, note: String?, at noteOffset: Int? = nil) -> Decoded {
        if TextDecoding.firstInvalidUTF8Offset(bytes) == nil, !bytes.contains(0) {
            let problem = note.map { InputProblem(location: location, position: noteOffset.map { .byte($0 + offsetBase) }, message: $0, severity: .warning) }
            return Decoded(utf8: bytes, charset: "UTF-8", problem: problem)
        }
        let (text, repaired) = TextDecoding.decodeUTF8(bytes, location: location)
        var problem = repaired
        if var shifted = problem {
            if case .byte(let offset)? = shifted.position { shifted.position = .byte(offset + offsetBase) }
            if let note { shifted.message = "\(note); \(shifted.message)" }
            problem = shifted
        }
        return Decoded(utf8: Array(text.utf8), charset: "UTF-8", problem: problem)
    }

    /// Bytes converted from `charset` to UTF-8 through iconv; a byte the converter refuses becomes
    /// U+FFFD and the conversion goes on after it. An unknown charset is read as UTF-8, with a warning.
    private static func convert(_ bytes: [UInt8], from charset: String, location: String, note: String?) -> Decoded {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, Int(bitPattern: converter) != -1 else {
            var decoded = decodeUTF8(bytes, location: location, offsetBase: 0, note: nil)
            let message = "unknown character set \"\(charset)\"; read as UTF-8"
            decoded.problem = InputProblem(
                location: location, position: decoded.problem?.position,
                message: decoded.problem.map { "\(message); \($0.message)" } ?? message, severity: .warning)
            return decoded
        }
        defer { iconv_close(converter) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var replaced = 0
        var firstReplaced: Int? = nil
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = bytes
        input.withUnsafeMutableBufferPointer { source in
            guard let base = source.baseAddress else { return }
            let start = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
            var inPointer: UnsafeMutablePointer<CChar>? = start
            var inLeft = source.count
            chunk.withUnsafeMutableBufferPointer { target in
                let outStart = UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: CChar.self)
                var finished = false
                while !finished {
                    var outPointer: UnsafeMutablePointer<CChar>? = outStart
                    var outLeft = target.count
                    // Once the input is spent, one more call flushes a stateful encoding's last state.
                    let flushing = inLeft == 0
                    let result = flushing
                        ? iconv(converter, nil, nil, &outPointer, &outLeft)
                        : iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    output.append(contentsOf: UnsafeBufferPointer(start: target.baseAddress!, count: target.count - outLeft))
                    switch failure {
                    case 0:
                        finished = flushing
                    case E2BIG:
                        continue
                    case _ where flushing:
                        finished = true
                    default:
                        // EILSEQ (a byte the set does not have) or EINVAL (cut off at the end).
                        replaced += 1
                        if firstReplaced == nil { firstReplaced = inPointer.map { start.distance(to: $0) } ?? 0 }
                        output += [0xEF, 0xBF, 0xBD]
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft = max(inLeft - 1, 0)
                    }
                }
            }
        }
        // Converters pass NUL through; it is no text.
        var nulCount = 0
        if output.contains(0) {
            output = output.flatMap { byte -> [UInt8] in
                guard byte == 0 else { return [byte] }
                nulCount += 1
                return [0xEF, 0xBF, 0xBD]
            }
        }
        var messages = note.map { [$0] } ?? []
        if replaced > 0 { messages.append("bytes not in \(charset) (first at byte \(firstReplaced ?? 0)); \(replaced) replaced by U+FFFD") }
        if nulCount > 0 { messages.append("NUL bytes; \(nulCount) replaced by U+FFFD") }
        let problem = messages.isEmpty ? nil : InputProblem(
            location: location, position: firstReplaced.map { .byte($0) }, message: messages.joined(separator: "; "), severity: .warning)
        return Decoded(utf8: output, charset: charset, problem: problem)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace and quotes.
    fileprivate func trimmingASCIIWhitespaceAndQuotes() -> String {
        let skipped: Set<Character> = [" ", "\t", "\n", "\r", "\"", "'"]
        return String(drop(while: skipped.contains).reversed().drop(while: skipped.contains).reversed())
    }
}
