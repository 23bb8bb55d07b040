import CLibXML2
import PalimpsestCore

/// Reads RSS 2.0, RSS 1.0 (RDF) and Atom feeds through libxml2's XML parser.
///
/// The network is never touched and entities are not substituted, so external entities are not
/// fetched, and libxml2's own limits stop entity-expansion bombs; a feed libxml2 stopped reading
/// early keeps the items before the stop and says why (``Feed/stoppedEarly``). Malformed feeds are
/// recovered as far as libxml2 can. The feed is decoded to UTF-8 before libxml2 sees it, in the
/// character set its XML declaration names (see `CharsetDecoding` in PalimpsestCore).
public enum FeedReader {
    /// A feed: its own title and link, and its items in order.
    public struct Feed: Sendable {
        /// The channel's or feed's title: the site the items belong to.
        public var title: String?
        /// The channel's or feed's link.
        public var link: String?
        /// The items (RSS) or entries (Atom).
        public var items: [Item]
        /// Why libxml2 stopped before the end of the input, when it did; the items are those before it.
        public var stoppedEarly: MarkupError? = nil
        /// What decoding the feed to UTF-8 repaired or overruled, for the extractor to report.
        public var decodingProblem: InputProblem? = nil
    }

    /// One item or entry.
    public struct Item: Sendable {
        /// Its title.
        public var title: String?
        /// Its link (Atom: the `alternate` link).
        public var link: String?
        /// Its guid (RSS) or id (Atom).
        public var guid: String?
        /// Its publication date as written (`pubDate`, `published`, `dc:date`).
        public var published: String?
        /// Its last update as written (`updated`, `atom:updated`).
        public var updated: String?
        /// Its author (`author`, `dc:creator`, Atom `author/name`).
        public var author: String?
        /// The fullest body available: `content:encoded` or Atom `content`, else `description` or `summary`.
        public var body: String?
        /// Whether ``body`` is escaped HTML to parse (RSS bodies and Atom `type="html"` ones are; an
        /// Atom `xhtml` body is already markup, and its text is taken as it stands).
        public var bodyIsHTML: Bool
    }

    /// Parses a feed; nil when the bytes are not a feed libxml2 can read.
    ///
    /// A feed with an element of more than `maximumAttributes` attributes is not handed to libxml2
    /// (see ``HTMLReader/maximumAttributes``): it is read as a feed with no items, stopped early by
    /// ``MarkupError/tooManyAttributes(limit:line:byte:)``.
    public static func read(_ bytes: [UInt8], location: String, maximumAttributes: Int = HTMLReader.maximumAttributes) -> Feed? {
        if let place = AttributeCounter.firstElement(over: maximumAttributes, in: bytes, language: .xml) {
            return Feed(title: nil, link: nil, items: [], stoppedEarly: .tooManyAttributes(limit: maximumAttributes, line: place.line, byte: place.byte))
        }
        let decoded = CharsetDecoding.decode(bytes, declared: DeclaredCharset.xml(in: bytes), location: location)
        // libxml2 gets UTF-8 and is told to ignore the declaration, so it never converts.
        let options = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        let (parsed, stopped) = readNotingLimits { withCBuffer(decoded.utf8) { xmlReadMemory($0, $1, location, nil, options) } }
        guard let document = parsed else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), let rootName = elementName(root) else { return nil }
        var feed = feed(root, named: rootName)
        feed?.stoppedEarly = stopped
        feed?.decodingProblem = decoded.problem
        return feed
    }

    /// The feed an `rss`, `rdf` or `feed` root element holds.
    private static func feed(_ root: xmlNodePtr, named rootName: String) -> Feed? {
        switch rootName {
        case "rss":
            guard let channel = children(root).first(where: { elementName($0) == "channel" }) else { return nil }
            return Feed(
                title: childText(channel, "title"), link: childText(channel, "link"),
                items: children(channel).filter { elementName($0) == "item" }.map(rssItem))
        case "rdf":
            let channel = children(root).first { elementName($0) == "channel" }
            return Feed(
                title: channel.flatMap { childText($0, "title") }, link: channel.flatMap { childText($0, "link") },
                items: children(root).filter { elementName($0) == "item" }.map(rssItem))
        case "feed":
            return Feed(
                title: childText(root, "title"), link: alternateLink(root),
                items: children(root).filter { elementName($0) == "entry" }.map(atomEntry))
        default:
            return nil
        }
    }

    private static func rssItem(_ item: xmlNodePtr) -> Item {
        let encoded = children(item).first { elementName($0) == "encoded" && namespacePrefix($0) == "content" }.map(textContent)
        return Item(
            title: childText(item, "title"), link: childText(item, "link"), guid: childText(item, "guid"),
            published: childText(item, "pubdate") ?? childText(item, "date"), updated: childText(item, "updated"),
            author: childText(item, "creator") ?? childText(item, "author"),
            body: nonEmpty(encoded) ?? childText(item, "description"), bodyIsHTML: true)
    }

    private static func atomEntry(_ entry: xmlNodePtr) -> Item {
        let content = children(entry).first { elementName($0) == "content" }
        let summary = children(entry).first { elementName($0) == "summary" }
        let body = content ?? summary
        let type = body.flatMap { attribute($0, "type") }?.lowercased() ?? "text"
        let author = children(entry).first { elementName($0) == "author" }.flatMap { childText($0, "name") }
        return Item(
            title: childText(entry, "title"), link: alternateLink(entry), guid: childText(entry, "id"),
            published: childText(entry, "published") ?? childText(entry, "issued"), updated: childText(entry, "updated"),
            author: author, body: body.map(textContent).flatMap(nonEmpty), bodyIsHTML: type == "html")
    }

    /// The trimmed text of the first child element named `name`, or nil when absent or empty.
    private static func childText(_ node: xmlNodePtr, _ name: String) -> String? {
        children(node).first { elementName($0) == name }.map(textContent).flatMap(nonEmpty)
    }

    /// An Atom `link` with `rel="alternate"` (or no `rel`), else an RSS-style text link.
    private static func alternateLink(_ node: xmlNodePtr) -> String? {
        let links = children(node).filter { elementName($0) == "link" }
        let alternate = links.first { (attribute($0, "rel") ?? "alternate") == "alternate" && attribute($0, "href") != nil }
        return alternate.flatMap { attribute($0, "href") } ?? links.first.map(textContent).flatMap(nonEmpty)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
