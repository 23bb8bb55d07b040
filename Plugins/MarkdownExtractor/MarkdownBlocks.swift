import PalimpsestCore

/// The block structure of a Markdown body and the plain text of each block.
///
/// Blocks: ATX headings (`#`…`######`), list items (`-`, `*`, `+`, `1.`), block quotes (`>`),
/// fenced code, and paragraphs (consecutive lines, joined by a space). Inline markup is rendered to
/// text: `[text](url)` and `![alt](src)` keep their text, emphasis and code marks are dropped; the
/// share of characters inside links becomes the block's link density.
struct MarkdownBlocks {
    struct Block {
        var text: String
        var role: BlockRole
        var linkDensity: Double
    }

    private(set) var blocks: [Block] = []

    init(lines: ArraySlice<Substring>) {
        var paragraph: [Substring] = []
        var role = BlockRole.paragraph
        var inFence = false
        var fence: [Substring] = []

        func flush() {
            guard !paragraph.isEmpty else { return }
            append(paragraph.map { $0.trimmingWhitespace() }.joined(separator: " "), role: role)
            paragraph = []
            role = .paragraph
        }

        for line in lines {
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if inFence {
                    blocks.append(Block(text: fence.joined(separator: "\n"), role: .code, linkDensity: 0))
                    fence = []
                } else {
                    flush()
                }
                inFence.toggle()
                continue
            }
            if inFence { fence.append(line); continue }
            if trimmed.isEmpty { flush(); continue }
            if let heading = Self.headingText(trimmed) {
                flush()
                append(heading, role: .heading)
            } else if let item = Self.listItemText(trimmed) {
                flush()
                paragraph = [Substring(item)]
                role = .listItem
            } else if trimmed.hasPrefix(">") {
                if role != .quote { flush() }
                role = .quote
                paragraph.append(Substring(trimmed.drop { $0 == ">" || $0 == " " }))
            } else {
                paragraph.append(Substring(trimmed))
            }
        }
        flush()
        if inFence, !fence.isEmpty { blocks.append(Block(text: fence.joined(separator: "\n"), role: .code, linkDensity: 0)) }
    }

    private mutating func append(_ markdown: String, role: BlockRole) {
        let (text, linked) = Self.renderInline(markdown)
        let length = text.count
        blocks.append(Block(text: text, role: role, linkDensity: length == 0 ? 0 : Double(linked) / Double(length)))
    }

    static func headingText(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return rest.trimmingWhitespace().trimmingCharacters(inTrailing: "#")
    }

    static func listItemText(_ line: String) -> String? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return String(line.dropFirst(2))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " { return String(rest.dropFirst(2)) }
        }
        return nil
    }

    /// Renders inline Markdown to text; returns the text and how many of its characters were link text.
    /// - Complexity: O(n). Where each link's `]` and `)` stand is looked up in tables made in one
    ///   pass, not searched for from every `[`: a line of 100,000 `[`s would otherwise take
    ///   quadratic time (seconds) for no text.
    static func renderInline(_ markdown: String) -> (text: String, linkedCharacters: Int) {
        let characters = Array(markdown)
        return render(characters, characters.indices, marks: LinkMarks(characters))
    }

    /// For every position of a text, where the next `]` and the next `)` stand.
    private struct LinkMarks {
        /// The position of the first `]` at or after each position; the text's length when none.
        var nextBracket: [Int]
        /// The position of the first `)` at or after each position; the text's length when none.
        var nextParenthesis: [Int]

        /// Both tables in one pass from the end; one entry more than the text, for its end.
        init(_ characters: [Character]) {
            nextBracket = [Int](repeating: characters.count, count: characters.count + 1)
            nextParenthesis = nextBracket
            for index in characters.indices.reversed() {
                nextBracket[index] = characters[index] == "]" ? index : nextBracket[index + 1]
                nextParenthesis[index] = characters[index] == ")" ? index : nextParenthesis[index + 1]
            }
        }
    }

    /// Renders `characters[range]`: the whole text, or a link's label, which holds no `]` and so no
    /// link of its own (the recursion is one level deep, and every character is rendered once).
    private static func render(_ characters: [Character], _ range: Range<Int>, marks: LinkMarks) -> (text: String, linkedCharacters: Int) {
        var output = ""
        var linked = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let character = characters[index]
            let isImage = character == "!" && index + 1 < range.upperBound && characters[index + 1] == "["
            if character == "[" || isImage {
                let labelStart = index + (isImage ? 2 : 1)
                let close = marks.nextBracket[labelStart]
                if close + 1 < range.upperBound, characters[close + 1] == "(" {
                    let end = marks.nextParenthesis[close + 2]
                    if end < range.upperBound {
                        let label = render(characters, labelStart..<close, marks: marks)
                        output += label.text
                        if !isImage { linked += label.text.count }
                        index = end + 1
                        continue
                    }
                }
            }
            if character == "\\", index + 1 < range.upperBound {
                output.append(characters[index + 1])
                index += 2
                continue
            }
            // Emphasis and code marks: `*`, `_` at word edges, and backticks.
            if character == "`" || character == "*" || (character == "_" && Self.isWordEdge(characters, index, in: range)) {
                index += 1
                continue
            }
            output.append(character)
            index += 1
        }
        return (output, linked)
    }

    private static func isWordEdge(_ characters: [Character], _ index: Int, in range: Range<Int>) -> Bool {
        let before = index > range.lowerBound ? characters[index - 1] : " "
        let after = index + 1 < range.upperBound ? characters[index + 1] : " "
        return !(before.isLetter || before.isNumber) || !(after.isLetter || after.isNumber)
    }
}

extension String {
    /// The string without trailing copies of `character` and then trailing whitespace.
    func trimmingCharacters(inTrailing character: Character) -> String {
        var result = self
        while result.last == character { result.removeLast() }
        return result.trimmingWhitespace()
    }
}
