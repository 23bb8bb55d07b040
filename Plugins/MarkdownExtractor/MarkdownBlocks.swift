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
    static func renderInline(_ markdown: String) -> (text: String, linkedCharacters: Int) {
        var output = ""
        var linked = 0
        let characters = Array(markdown)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let isImage = character == "!" && index + 1 < characters.count && characters[index + 1] == "["
            if character == "[" || isImage,
               let close = characters[(index + (isImage ? 2 : 1))...].firstIndex(of: "]"),
               close + 1 < characters.count, characters[close + 1] == "(",
               let end = characters[(close + 2)...].firstIndex(of: ")") {
                let label = renderInline(String(characters[(index + (isImage ? 2 : 1))..<close]))
                output += label.text
                if !isImage { linked += label.text.count }
                index = end + 1
                continue
            }
            if character == "\\", index + 1 < characters.count {
                output.append(characters[index + 1])
                index += 2
                continue
            }
            // Emphasis and code marks: `*`, `_` at word edges, and backticks.
            if character == "`" || character == "*" || (character == "_" && Self.isWordEdge(characters, index)) {
                index += 1
                continue
            }
            output.append(character)
            index += 1
        }
        return (output, linked)
    }

    private static func isWordEdge(_ characters: [Character], _ index: Int) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = index + 1 < characters.count ? characters[index + 1] : " "
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
