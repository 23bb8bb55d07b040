/// Cuts plain text into paragraph blocks: by blank lines, or by single lines where the text has no
/// blank line at all (one-paragraph-per-line dumps, subtitles, scraped line lists).
public enum PlainTextBlocks {
    /// The blocks of `text`, trimmed, empty ones dropped; `\r\n` and `\r` count as line breaks.
    /// Lines inside a blank-line paragraph are kept as they are.
    public static func split(_ text: String) -> [Substring] {
        blocks(text).map(\.text)
    }

    /// The blocks of `text` with the role they have: ``BlockRole/paragraph`` when blank lines separate
    /// them, ``BlockRole/line`` when the text has no blank line and each line is a block.
    public static func blocks(_ text: String) -> [(text: Substring, role: BlockRole)] {
        let lines = lines(text)
        // A line opening with a printable ASCII character is not blank: most lines, told by one byte.
        let isBlank: (Substring) -> Bool = { line in
            if let first = line.utf8.first, (0x21...0x7E).contains(first) { return false }
            return line.allSatisfy(\.isWhitespace)
        }
        let nonBlank = lines.filter { !isBlank($0) }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        let hasBlankSeparator = lines[first...last].contains(where: isBlank)
        guard hasBlankSeparator else { return nonBlank.map { ($0, .line) } }
        var blocks: [(text: Substring, role: BlockRole)] = []
        var start: Substring.Index? = nil
        var end: Substring.Index? = nil
        for line in lines {
            if isBlank(line) {
                if let start, let end { blocks.append((text[start..<end], .paragraph)) }
                start = nil
                end = nil
            } else {
                if start == nil { start = line.startIndex }
                end = line.endIndex
            }
        }
        if let start, let end { blocks.append((text[start..<end], .paragraph)) }
        return blocks
    }

    /// The lines of `text`, split at `\n`, `\r\n` and `\r`, empty ones kept.
    ///
    /// Read from the UTF-8 bytes: a line feed or carriage return always stands at a character
    /// boundary (Unicode never joins them to a neighbour, `\r\n` aside, which is one break), so
    /// the lines are those a split by `Character` gives, without decoding graphemes.
    public static func lines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var lineStart = utf8.startIndex, index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || byte == 0x0D else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(text[lineStart..<index])
            index = utf8.index(after: index)
            if byte == 0x0D, index != utf8.endIndex, utf8[index] == 0x0A { index = utf8.index(after: index) }
            lineStart = index
        }
        lines.append(text[lineStart..<utf8.endIndex])
        return lines
    }
}
