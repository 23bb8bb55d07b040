/// A paragraph-like block of a document, located by Unicode scalar offsets into the document text.
///
/// Offsets count Unicode scalars (code points) from the start of ``Document/text``, end exclusive,
/// the same in every export, so a reader in any language can slice the text without knowing Swift's
/// string model.
public struct Passage: Sendable, Hashable {
    /// The passage's position in its document, from 0.
    public var index: Int
    /// Scalar offsets into the document text, end exclusive.
    public var range: Range<Int>
    /// The passage's text: exactly the document text at ``range``.
    public var text: String
    /// What kind of block the extractor saw.
    public var role: BlockRole
    /// Structural hints the extractor saw, for the boilerplate classifier.
    public var hints: StructuralHints

    /// Creates a passage.
    public init(index: Int, range: Range<Int>, text: String, role: BlockRole = .paragraph, hints: StructuralHints = .init()) {
        self.index = index
        self.range = range
        self.text = text
        self.role = role
        self.hints = hints
    }
}

/// The kind of block a passage came from.
public enum BlockRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A heading (`#` in Markdown, `h1`–`h6` in HTML).
    case heading
    /// A paragraph of running text.
    case paragraph
    /// One item of a list.
    case listItem = "list_item"
    /// A block quotation.
    case quote
    /// A code or preformatted block.
    case code
    /// A single line of text that had no paragraph structure around it.
    case line
}

/// Structural facts about a passage that hint at boilerplate, as the extractor saw them.
public struct StructuralHints: Sendable, Hashable, Codable {
    /// Share of the passage's characters inside links, 0...1.
    public var linkDensity: Double
    /// The element path, outermost first, where the format has one (`html/body/nav/ul/li`).
    public var path: [String]
    /// Words from class names, ids or roles around the block (`nav`, `footer`, `share`, …).
    public var labelWords: [String]

    /// Creates hints.
    public init(linkDensity: Double = 0, path: [String] = [], labelWords: [String] = []) {
        self.linkDensity = linkDensity
        self.path = path
        self.labelWords = labelWords
    }
}
