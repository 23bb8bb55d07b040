import CLibXML2
import PalimpsestCore

/// Walks an HTML tree and cuts its text into blocks, the way a browser lays them out.
///
/// Text gathers into the current block until an element that starts a block (a paragraph, heading,
/// list item, cell, `div`, …) opens or closes; then the block is finished. A block's role comes from
/// the innermost block element around its text; its hints from every element around it. The walker
/// also keeps every element it enters and, for each block, the elements around it, so that
/// ``MainContentLocator`` can find the page's main content afterwards.
struct HTMLBlockWalker {
    /// An element the walker entered.
    struct Element {
        /// Its local name, lower-cased.
        var name: String
        /// The words of its class, id and role attributes.
        var labelWords: [String]
        /// The index in ``HTMLBlockWalker/elements`` of the element around it; nil for the root.
        var parent: Int?
    }

    /// Where a block stands in the tree, and how much of its text is in links.
    struct Anchor {
        /// Indexes in ``HTMLBlockWalker/elements`` of the elements around the block, outermost first
        /// (the elements of its hints' path).
        var ancestors: [Int]
        /// Its characters that are not white space.
        var characters: Int
        /// How many of those are inside links.
        var linkedCharacters: Int
    }

    /// The blocks of text, in reading order.
    private(set) var blocks: [HTMLBlock] = []
    /// Every element entered, in document order.
    private(set) var elements: [Element] = []
    /// Where each block of ``blocks`` stands, at the same index.
    private(set) var anchors: [Anchor] = []
    private var text = ""
    private var linkedCharacters = 0
    private var openElements: [Int] = []
    private var blockPath: [String] = []
    private var linkDepth = 0
    private var pendingSpace = false

    /// Elements whose content is never text a reader sees.
    static let skipped: Set<String> = [
        "head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "embed",
        "select", "option", "textarea", "input", "button", "canvas", "video", "audio", "map",
    ]

    /// Skipped elements that are walked all the same when they hold running text (see
    /// ``runningTextElements``): a `<noscript>` that carries the whole page for readers without
    /// scripts (forum software serves its threads so), and a `<button>` that swallowed the rest of the
    /// page when libxml2 recovered an element left open inside it.
    static let walkedWhenHoldingText: Set<String> = ["noscript", "button"]

    /// Elements that hold running text, which a real no-script notice or button label never has.
    static let runningTextElements: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "article", "main"]

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
            guard let name = elementName(node) else { return }
            if Self.skipped.contains(name), !(Self.walkedWhenHoldingText.contains(name) && Self.holdsRunningText(node)) { return }
            if name == "br" {
                text += "\n"
                pendingSpace = false
                return
            }
            let isBlock = Self.blockElements.contains(name)
            if isBlock { finishBlock() }
            elements.append(Element(name: name, labelWords: Self.labelWords(of: node), parent: openElements.last))
            openElements.append(elements.count - 1)
            if isBlock { blockPath.append(name) }
            if name == "a" { linkDepth += 1 }
            for child in children(node) { walk(child) }
            if name == "a" { linkDepth -= 1 }
            if isBlock {
                finishBlock()
                blockPath.removeLast()
            }
            openElements.removeLast()
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
                path: openElements.map { elements[$0].name },
                labelWords: Array(Set(openElements.flatMap { elements[$0].labelWords })).sorted())))
        anchors.append(Anchor(ancestors: openElements, characters: visible, linkedCharacters: min(linkedCharacters, visible)))
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

    /// Whether an element holds a paragraph, heading, article or main element anywhere below it.
    private static func holdsRunningText(_ node: xmlNodePtr) -> Bool {
        var pending = children(node)
        while let next = pending.popLast() {
            guard let name = elementName(next) else { continue }
            if runningTextElements.contains(name) { return true }
            pending += children(next)
        }
        return false
    }
}
