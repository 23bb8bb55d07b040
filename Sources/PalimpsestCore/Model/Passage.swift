/// A paragraph-like block of a document, located by Unicode scalar offsets into the document text.
///
/// Offsets count Unicode scalars (code points) from the start of ``Document/text``, end exclusive,
/// the same in every export, so a reader in any language can slice the text without knowing Swift's
/// string model.
public struct Passage: Sendable, Hashable, Codable {
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

/// Where a block stands relative to its page's main content: the article, post or thread the page
/// exists to show, as opposed to the navigation, sidebars, footers and comment threads around it.
public enum MainContentPosition: String, Sendable, Hashable, Codable, CaseIterable {
    /// In the main content.
    case inside
    /// Around it: page chrome, sidebars, footers, comment threads, related-article lists.
    case outside
}

/// Structural facts about a passage that hint at boilerplate, as the extractor saw them.
public struct StructuralHints: Sendable, Hashable, Codable {
    /// Share of the passage's characters inside links, 0...1.
    public var linkDensity: Double
    /// The element path, outermost first, where the format has one (`html/body/nav/ul/li`). For a
    /// block inside its page's main content, the path starts below the element that holds the main
    /// content: the elements above it frame the whole page and say nothing of the block's own region.
    public var path: [String]
    /// Words from class names, ids or roles around the block (`nav`, `footer`, `share`, …). For a
    /// block inside its page's main content, only the words of the elements on its ``path``: a
    /// `<body class="has-sidebar">` names the page, not the region the block stands in.
    public var labelWords: [String]
    /// Whether the block lies inside its page's main content, when the extractor located it (the HTML
    /// extractor does, for whole pages); nil when the format has no page layout (Markdown, plain text,
    /// feed bodies) or the page had too little running text to tell.
    public var mainContent: MainContentPosition?

    /// Creates hints.
    public init(linkDensity: Double = 0, path: [String] = [], labelWords: [String] = [], mainContent: MainContentPosition? = nil) {
        self.linkDensity = linkDensity
        self.path = path
        self.labelWords = labelWords
        self.mainContent = mainContent
    }
}
