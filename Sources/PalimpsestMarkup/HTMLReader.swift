import CLibXML2
import PalimpsestCore

/// Reads HTML through libxml2's HTML parser into blocks of text and the page's own metadata.
///
/// Broken markup is recovered the way browsers do (unclosed tags, stray end tags); the network is
/// never touched. The page is decoded to UTF-8 before libxml2 sees it (see `CharsetDecoding` in
/// PalimpsestCore): the character set comes from a byte-order mark, else from `encoding` when
/// given (an HTTP header, a feed's encoding), else from the page's own declaration (`<meta
/// charset>`, see `DeclaredCharset`), else UTF-8 — and bytes that are UTF-8 are read as UTF-8
/// whatever the declaration says. On a whole page, every block is placed inside or outside the
/// page's main content (see `MainContentLocator`).
public enum HTMLReader {
    /// The most attributes an element of a page or feed may have: 1,024. Real pages use a few dozen
    /// at most; libxml2 spends time quadratic in an element's attributes (80,000 on one tag took
    /// 14 s), and at this bound an element costs it at most half a million comparisons.
    public static let maximumAttributes = 1024

    /// What a page holds.
    public struct Page: Sendable {
        /// The blocks of text, in reading order.
        public var blocks: [HTMLBlock]
        /// Provenance the page states (see ``HTMLPageMetadata``), as front-matter-style fields.
        public var metadata: [String: String]
        /// What decoding the page to UTF-8 repaired or overruled (bytes replaced by U+FFFD, a
        /// declared character set the bytes do not match), for the extractor to report; the whole
        /// page is read either way.
        public var decodingProblem: InputProblem? = nil
    }

    /// Parses `bytes`; nil when libxml2 finds no document at all.
    /// - Parameters:
    ///   - location: the page's address or path, for libxml2's base URL.
    ///   - encoding: a character set name to use instead of the page's own.
    ///   - locatingMainContent: whether to place every block inside or outside the page's main
    ///     content (``StructuralHints/mainContent``); false for a fragment that is all content, such
    ///     as a feed item's body.
    ///   - maximumDepth: the deepest element nesting accepted (``InputLimits/maximumHTMLDepth``).
    ///   - maximumAttributes: the most attributes an element may have (``maximumAttributes``).
    /// - Throws: ``MarkupError/tooDeep(limit:line:)`` when elements nest deeper than `maximumDepth`
    ///   (libxml2 stops reading there, so the page would be passed off as whole when it is not);
    ///   ``MarkupError/tooManyAttributes(limit:line:byte:)`` when an element has more attributes
    ///   than `maximumAttributes`, found by a linear scan before libxml2 parses anything. Bytes that
    ///   do not fit the encoding are no error: they are replaced, and ``Page/decodingProblem``
    ///   says where.
    public static func read(
        _ bytes: [UInt8], location: String, encoding: String? = nil, locatingMainContent: Bool = true,
        maximumDepth: Int = InputLimits.standard.maximumHTMLDepth, maximumAttributes: Int = HTMLReader.maximumAttributes
    ) throws(MarkupError) -> Page? {
        if let place = AttributeCounter.firstElement(over: maximumAttributes, in: bytes, language: .html) {
            throw .tooManyAttributes(limit: maximumAttributes, line: place.line, byte: place.byte)
        }
        let decoded = CharsetDecoding.decode(bytes, declared: encoding ?? DeclaredCharset.html(in: bytes), location: location)
        // libxml2 gets UTF-8 and is told to ignore the page's declaration, so it never converts.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                | HTML_PARSE_IGNORE_ENC.rawValue)
        let (parsed, stopped) = readNotingLimits { withCBuffer(decoded.utf8) { htmlReadMemory($0, $1, location, nil, options) } }
        defer { if let parsed { xmlFreeDoc(parsed) } }
        if let stopped { throw stopped }
        guard let document = parsed, let root = xmlDocGetRootElement(document) else { return nil }
        if let line = firstElementDeeper(than: maximumDepth, below: root) { throw .tooDeep(limit: maximumDepth, line: line) }
        var walker = HTMLBlockWalker()
        walker.walk(root)
        let metadata = HTMLPageMetadata(root: root)
        guard locatingMainContent else { return Page(blocks: walker.blocks, metadata: metadata.fields, decodingProblem: decoded.problem) }
        var blocks = MainContentLocator(walker: walker).placedBlocks()
        if let body = metadata.articleBody { blocks += StructuredArticleBody.blocks(from: body, shownIn: blocks) }
        return Page(blocks: blocks, metadata: metadata.fields, decodingProblem: decoded.problem)
    }
}

/// One block of a page's text, with what the boilerplate rules may use.
public struct HTMLBlock: Sendable {
    /// The block's text; `<br>` line breaks are kept as `\n`.
    public var text: String
    /// What kind of block it is.
    public var role: BlockRole
    /// Element path, class/id/role words, link density and place relative to the main content.
    public var hints: StructuralHints
}

extension HTMLReader.Page {
    /// The page as a document: one passage per block, and the page's metadata filling what `source`
    /// leaves empty; nil when the page has no text.
    public func document(id: String, source: SourceRecord) -> Document? {
        var builder = DocumentBuilder()
        for block in blocks { builder.append(block.text, role: block.role, hints: block.hints) }
        guard !builder.isEmpty else { return nil }
        var source = source
        source.fill(from: metadata)
        return builder.build(id: id, source: source)
    }
}
