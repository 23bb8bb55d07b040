import CLibXML2
import PalimpsestCore

/// Walks an HTML tree and cuts its text into blocks, the way a browser lays them out.
///
/// Text gathers into the current block until an element that starts a block (a paragraph, heading,
/// list item, cell, `div`, …) opens or closes; then the block is finished. A block's role comes from
/// the innermost block element around its text; its hints from every element around it.
struct HTMLBlockWalker {
    private(set) var blocks: [HTMLBlock] = []
    private var text = ""
    private var linkedCharacters = 0
    private var path: [String] = []
    private var labels: [[String]] = []
    private var blockPath: [String] = []
    private var linkDepth = 0
    private var pendingSpace = false

    /// Elements whose content is never text a reader sees.
    static let skipped: Set<String> = [
        "head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "embed",
        "select", "option", "textarea", "input", "button", "canvas", "video", "audio", "map",
    ]

    /// Elements that start and end a block.
    static let blockElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "caption", "figcaption",
        "blockquote", "pre", "div", "section", "article", "header", "footer", "nav", "aside", "main",
        "body", "ul", "ol", "dl", "table", "tr", "thead", "tbody", "tfoot", "form", "address", "figure",
        "fieldset", "legend", "details", "summary", "hr", "html",
    ]

    /// Walks `node` and everything under it.
    mutating func walk(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { appendText(String(cString: content)) }
        case XML_ELEMENT_NODE:
            guard let name = elementName(node), !Self.skipped.contains(name) else { return }
            if name == "br" {
                text += "\n"
                pendingSpace = false
                return
            }
            let isBlock = Self.blockElements.contains(name)
            if isBlock { finishBlock() }
            path.append(name)
            labels.append(Self.labelWords(of: node))
            if isBlock { blockPath.append(name) }
            if name == "a" { linkDepth += 1 }
            for child in children(node) { walk(child) }
            if name == "a" { linkDepth -= 1 }
            if isBlock {
                finishBlock()
                blockPath.removeLast()
            }
            labels.removeLast()
            path.removeLast()
        default:
            return
        }
    }

    /// Adds text with whitespace runs collapsed to one space, as a browser shows it.
    private mutating func appendText(_ raw: String) {
        for character in raw {
            if character.isWhitespace {
                pendingSpace = !text.isEmpty && text.last != "\n"
                continue
            }
            if pendingSpace { text.append(" ") }
            pendingSpace = false
            text.append(character)
            if linkDepth > 0 { linkedCharacters += 1 }
        }
    }

    /// Ends the current block, keeping it when it holds any text.
    private mutating func finishBlock() {
        defer {
            text = ""
            linkedCharacters = 0
            pendingSpace = false
        }
        let lines = text.split(separator: "\n").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return }
        let joined = lines.joined(separator: "\n")
        let visible = joined.filter { !$0.isWhitespace }.count
        blocks.append(HTMLBlock(
            text: joined, role: Self.role(of: blockPath.last),
            hints: StructuralHints(
                linkDensity: visible == 0 ? 0 : min(1, Double(linkedCharacters) / Double(visible)),
                path: path, labelWords: Array(Set(labels.joined())).sorted())))
    }

    private static func role(of element: String?) -> BlockRole {
        switch element {
        case "h1", "h2", "h3", "h4", "h5", "h6": .heading
        case "li", "dt", "dd": .listItem
        case "blockquote": .quote
        case "pre": .code
        default: .paragraph
        }
    }

    /// The words of an element's class, id and role attributes (`share-bar__item` → share, bar, item).
    private static func labelWords(of node: xmlNodePtr) -> [String] {
        ["class", "id", "role"].compactMap { attribute(node, $0) }
            .flatMap { $0.lowercased().split(whereSeparator: { !$0.isLetter }) }
            .map(String.init)
    }
}
