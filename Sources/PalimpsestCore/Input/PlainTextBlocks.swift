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
        let isBlank: (Substring) -> Bool = { $0.allSatisfy(\.isWhitespace) }
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
    public static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}
