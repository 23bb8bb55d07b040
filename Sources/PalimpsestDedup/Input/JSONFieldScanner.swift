import PalimpsestCore

/// Reads the id and the text of one JSON Lines record straight from its bytes: the fast path of
/// corpus-scale deduplication, where decoding every line into a dictionary of `String`s would cost
/// more than everything else together.
///
/// It is a strict parser of one JSON object (RFC 8259, and a comma before a closing bracket, which
/// Foundation's parser and so `scan` accept): every value is checked, not only the two it keeps,
/// so a malformed line is reported, never half-read. Strings are unescaped by
/// ``JSONStringDecoding`` (`\n`, `\"`, `\uXXXX` with surrogate pairs; a lone surrogate becomes
/// U+FFFD); raw bytes inside strings are passed through, and invalid UTF-8 among them is replaced
/// when the text is tokenised.
struct JSONFieldScanner {
    /// Field names holding the id, tried in order.
    var idFields: [[UInt8]]
    /// Field names holding the text, tried in order.
    var textFields: [[UInt8]]
    /// Nesting deeper than this is refused (a hostile line cannot exhaust the stack).
    var maximumDepth = 64

    /// Creates a scanner for the given field names.
    init(idFields: [String], textFields: [String]) {
        self.idFields = idFields.map { Array($0.utf8) }
        self.textFields = textFields.map { Array($0.utf8) }
    }

    /// The id and text of one record. The buffers are reused from line to line.
    struct Record {
        /// The unescaped id (a string's contents, or a number as written); empty when absent.
        var id: [UInt8] = []
        /// The unescaped text; nil when no text field was found.
        var text: [UInt8]? = nil
        /// Which of ``JSONFieldScanner/idFields`` and ``JSONFieldScanner/textFields`` matched
        /// (lower is preferred); a later, less preferred field does not overwrite an earlier one,
        /// while a repeated field does, as Foundation's parser (and so `scan`) reads it.
        fileprivate var idRank = Int.max, textRank = Int.max
        /// Scratch for keys and text while they are read.
        fileprivate var key: [UInt8] = [], textBuffer: [UInt8] = []
    }

    /// Reads `line` (one JSON object, without its newline) into `record`.
    /// - Throws: ``JSONLineError`` with the byte column (1-based) where the line stopped being JSON.
    func scan(_ line: UnsafeRawBufferPointer, into record: inout Record) throws(JSONLineError) {
        record.id.removeAll(keepingCapacity: true)
        record.text = nil
        record.idRank = .max
        record.textRank = .max
        var cursor = Cursor(bytes: line)
        // A byte-order mark (files saved by some editors start with one) is not part of the record.
        if line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF { cursor.index = 3 }
        cursor.skipSpace()
        guard cursor.peek() == UInt8(ascii: "{") else { throw cursor.error("a JSON Lines record must be an object") }
        cursor.index += 1
        cursor.skipSpace()
        if cursor.peek() == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            while true {
                cursor.skipSpace()
                guard cursor.peek() == UInt8(ascii: "\"") else { throw cursor.error("expected a field name") }
                try cursor.readString(into: &record.key)
                cursor.skipSpace()
                guard cursor.peek() == UInt8(ascii: ":") else { throw cursor.error("expected ':' after a field name") }
                cursor.index += 1
                cursor.skipSpace()
                try readMember(&cursor, into: &record)
                cursor.skipSpace()
                guard let next = cursor.peek() else { throw cursor.error("the object is not closed") }
                cursor.index += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw cursor.error("expected ',' or '}'", back: 1) }
                // A comma before the close, as Foundation's parser (and so `scan`) accepts it.
                cursor.skipSpace()
                if cursor.peek() == UInt8(ascii: "}") {
                    cursor.index += 1
                    break
                }
            }
        }
        cursor.skipSpace()
        guard cursor.index == line.count else { throw cursor.error("text after the end of the object") }
        if record.textRank != .max { record.text = record.textBuffer }
    }

    /// Reads one member's value, keeping it when its name is a wanted id or text field.
    private func readMember(_ cursor: inout Cursor, into record: inout Record) throws(JSONLineError) {
        if let rank = textFields.firstIndex(of: record.key), rank <= record.textRank, cursor.peek() == UInt8(ascii: "\"") {
            try cursor.readString(into: &record.textBuffer)
            record.textRank = rank
        } else if let rank = idFields.firstIndex(of: record.key), rank <= record.idRank,
                  let first = cursor.peek(), first == UInt8(ascii: "\"") || first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            if first == UInt8(ascii: "\"") {
                try cursor.readString(into: &record.id)
            } else {
                let start = cursor.index
                try cursor.skipValue(depth: 0, maximumDepth: maximumDepth)
                record.id = Array(UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<cursor.index]))
            }
            record.idRank = rank
        } else {
            try cursor.skipValue(depth: 0, maximumDepth: maximumDepth)
        }
    }

    /// A read position in one line.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        func error(_ message: String, back: Int = 0) -> JSONLineError {
            JSONLineError(column: index - back + 1, message: message)
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        /// Reads a string at the cursor (which is on its opening quote), unescaped, into `output`.
        mutating func readString(into output: inout [UInt8]) throws(JSONLineError) {
            output.removeAll(keepingCapacity: true)
            index += 1
            while true {
                // Copy the run up to the next quote, backslash or control character in one step.
                let runStart = index
                while index + 8 <= bytes.count {
                    let word = SWAR.load(bytes, at: index)
                    let stops = SWAR.equal(word, UInt8(ascii: "\"")) | SWAR.equal(word, UInt8(ascii: "\\")) | SWAR.below(word, 0x20)
                    if stops != 0 {
                        index += SWAR.firstMarked(stops)
                        break
                    }
                    index += 8
                }
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                    index += 1
                }
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                guard index < bytes.count else { throw error("the string is not closed") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return
                }
                if byte < 0x20 { throw error("a control character inside a string must be escaped") }
                switch JSONStringDecoding.decodeEscape(bytes, backslash: index, into: &output) {
                case .success(let next):
                    index = next
                case .failure(.unclosed(let at)):
                    // Named at the backslash, the last byte of the line.
                    throw JSONLineError(column: at, message: "the string is not closed")
                case .failure(.unknown(let at, let letter)):
                    throw JSONLineError(column: at + 1, message: "unknown escape '\\\(Character(Unicode.Scalar(letter)))'")
                case .failure(.shortUnicode(let at)):
                    throw JSONLineError(column: at + 1, message: "a \\u escape needs four hex digits")
                }
            }
        }

        /// Skips any JSON value, checking it.
        mutating func skipValue(depth: Int, maximumDepth: Int) throws(JSONLineError) {
            guard depth < maximumDepth else { throw error("nested deeper than \(maximumDepth) levels") }
            guard let first = peek() else { throw error("expected a value") }
            switch first {
            case UInt8(ascii: "\""):
                var ignored: [UInt8] = []
                try readString(into: &ignored)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = first == UInt8(ascii: "{")
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if peek() == close {
                    index += 1
                    return
                }
                while true {
                    skipSpace()
                    if isObject {
                        guard peek() == UInt8(ascii: "\"") else { throw error("expected a field name") }
                        var ignored: [UInt8] = []
                        try readString(into: &ignored)
                        skipSpace()
                        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after a field name") }
                        index += 1
                        skipSpace()
                    }
                    try skipValue(depth: depth + 1, maximumDepth: maximumDepth)
                    skipSpace()
                    guard let next = peek() else { throw error("\(isObject ? "an object" : "an array") is not closed") }
                    index += 1
                    if next == close { return }
                    guard next == UInt8(ascii: ",") else { throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'", back: 1) }
                    // A comma before the close, as Foundation's parser (and so `scan`) accepts it.
                    skipSpace()
                    if peek() == close {
                        index += 1
                        return
                    }
                }
            case UInt8(ascii: "t"): try skipLiteral("true")
            case UInt8(ascii: "f"): try skipLiteral("false")
            case UInt8(ascii: "n"): try skipLiteral("null")
            default: try skipNumber()
            }
        }

        private mutating func skipLiteral(_ literal: StaticString) throws(JSONLineError) {
            let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
            guard index + expected.count <= bytes.count,
                  expected.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + expected.count)]))
            else { throw error("expected a value") }
            index += expected.count
        }

        /// Skips a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func skipNumber() throws(JSONLineError) {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if peek() == UInt8(ascii: "-") { index += 1 }
            let integer = digits()
            guard integer > 0 else { index = start; throw error("expected a value") }
            if integer > 1, bytes[index - integer] == UInt8(ascii: "0") { index = start; throw error("a number cannot start with 0") }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw error("expected digits after '.'") }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                index += 1
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw error("expected digits in the exponent") }
            }
        }
    }
}

/// Where and why one JSON Lines record could not be read.
struct JSONLineError: Error, Sendable {
    /// The 1-based byte column in the line.
    var column: Int
    /// What was wrong.
    var message: String
}
