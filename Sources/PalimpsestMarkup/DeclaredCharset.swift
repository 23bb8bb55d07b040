/// The character set a page or feed declares in its own bytes, found before any parser runs so
/// the whole input can be decoded once (see `CharsetDecoding` in PalimpsestCore).
///
/// Pages declare it with `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=…">` in their head, XHTML pages and feeds in the XML declaration
/// (`<?xml version="1.0" encoding="…"?>`). The scan is of bytes, case-insensitive, skips comments,
/// and ends at `<body` or after ``scannedBytes`` (browsers look at the first 1,024 bytes; real
/// pages put long scripts before the declaration, so more is read here).
enum DeclaredCharset {
    /// How far into a page the declaration is looked for: 64 KiB.
    static let scannedBytes = 64 << 10

    /// The label an HTML page declares, or nil.
    static func html(in bytes: [UInt8]) -> String? {
        if let declared = xml(in: bytes) { return declared }
        let end = min(bytes.count, scannedBytes)
        var index = 0
        while let open = firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index, to: end) {
            index = open + 1
            if matches("!--", in: bytes, at: index) {
                guard let close = find(Array("-->".utf8), in: bytes, from: index + 3, to: end) else { return nil }
                index = close + 3
            } else if matches("body", in: bytes, at: index) {
                return nil
            } else if matches("meta", in: bytes, at: index), index + 4 < end, isSeparator(bytes[index + 4]) {
                let close = firstIndex(of: UInt8(ascii: ">"), in: bytes, from: index, to: end) ?? end
                if let label = value(after: "charset", in: bytes, from: index + 4, to: close) { return label }
                index = close
            }
        }
        return nil
    }

    /// The label of an XML declaration at the start of `bytes` (after any whitespace), or nil.
    static func xml(in bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, isSeparator(bytes[start]) { start += 1 }
        guard matches("?xml", in: bytes, at: start + 1), bytes[start] == UInt8(ascii: "<") else { return nil }
        let end = min(bytes.count, start + 1024)
        let close = find(Array("?>".utf8), in: bytes, from: start, to: end) ?? end
        return value(after: "encoding", in: bytes, from: start + 5, to: close)
    }

    /// The token after `name`, optional spaces, `=`, optional spaces and an optional quote, the
    /// first time `name` is followed so within `from..<to`; nil when it never is.
    private static func value(after name: String, in bytes: [UInt8], from: Int, to: Int) -> String? {
        let pattern = Array(name.utf8)
        var index = from
        while let found = find(pattern, in: bytes, from: index, to: to) {
            var cursor = found + pattern.count
            while cursor < to, isSeparator(bytes[cursor]) { cursor += 1 }
            guard cursor < to, bytes[cursor] == UInt8(ascii: "=") else {
                index = found + pattern.count
                continue
            }
            cursor += 1
            while cursor < to, isSeparator(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                cursor += 1
            }
            let labelStart = cursor
            while cursor < to, isLabelByte(bytes[cursor]) { cursor += 1 }
            guard cursor > labelStart else { return nil }
            return String(decoding: bytes[labelStart..<cursor], as: UTF8.self)
        }
        return nil
    }

    /// Whether `word` (lower-case ASCII) stands at `index`, in any case.
    private static func matches(_ word: String, in bytes: [UInt8], at index: Int) -> Bool {
        let pattern = Array(word.utf8)
        guard index >= 0, index + pattern.count <= bytes.count else { return false }
        return pattern.indices.allSatisfy { lowercased(bytes[index + $0]) == pattern[$0] }
    }

    /// The first place at or after `from`, before `to`, where `pattern` (lower-case ASCII) stands.
    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard let first = pattern.first, to - from >= pattern.count else { return nil }
        var index = from
        while index + pattern.count <= to {
            if lowercased(bytes[index]) == first, pattern.indices.allSatisfy({ lowercased(bytes[index + $0]) == pattern[$0] }) { return index }
            index += 1
        }
        return nil
    }

    private static func firstIndex(of byte: UInt8, in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return bytes[from..<to].firstIndex(of: byte)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == UInt8(ascii: "/")
    }

    /// Letters, digits and `-`, `_`, `.`, `:`, `+`, `(`, `)`: what character set labels are made of.
    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"): true
        default: false
        }
    }
}
