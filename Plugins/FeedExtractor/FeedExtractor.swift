import PalimpsestCore
import PalimpsestMarkup

/// Reads RSS 2.0, RSS 1.0 and Atom feeds: one document per item or entry, from the fullest body
/// available (`content:encoded` over `description`; Atom `content` over `summary`), with its link,
/// guid, dates and author, and the feed's title as the site.
///
/// Bodies in HTML are cut into blocks like pages (see the HTML extractor), so feed footers such as
/// "The post … appeared first on …" stand as passages of their own, where boilerplate detection
/// finds them. Ids are `<file>#<guid>` (else the link, else the item's position).
public struct FeedExtractor: Extractor {
    /// `feed`, with this plugin's version.
    public let stamp = PluginStamp(name: "feed", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "RSS 2.0, RSS 1.0 and Atom feeds, one document per item, HTML bodies cut into blocks"
    /// `.rss`, `.atom`.
    public let fileExtensions = ["rss", "atom"]

    /// Creates the extractor.
    public init() {}

    /// An `<rss`, `<feed` or `<rdf:RDF` element near the start.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        let head = String(decoding: prefix.prefix(1024), as: UTF8.self)
        return head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:RDF")
    }

    /// Emits one document per item with a body, and a problem for each item without one.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        guard let feed = FeedReader.read(input.bytes, location: input.location) else {
            try emit(.problem(InputProblem(location: input.location, message: "not an RSS or Atom feed libxml2 can read")))
            return
        }
        if let problem = feed.decodingProblem { try emit(.problem(problem)) }
        if feed.items.isEmpty, feed.stoppedEarly == nil {
            try emit(.problem(InputProblem(location: input.location, message: "the feed has no items; nothing to analyse")))
        }
        for (position, item) in feed.items.enumerated() {
            let place = "\(input.location)#item\(position + 1)"
            var builder = DocumentBuilder()
            // A body is the item's content already: there is no page around it to set apart.
            if item.bodyIsHTML, let body = item.body {
                let page: HTMLReader.Page?
                do {
                    page = try HTMLReader.read(
                        Array(body.utf8), location: place, encoding: "UTF-8", locatingMainContent: false, maximumDepth: input.limits.maximumHTMLDepth)
                } catch {
                    try emit(.problem(InputProblem(location: place, message: "body: \(error); item skipped")))
                    continue
                }
                if let page {
                    for block in page.blocks { builder.append(block.text, role: block.role, hints: block.hints) }
                } else {
                    for block in PlainTextBlocks.blocks(body) { builder.append(block.text, role: block.role) }
                }
            } else if let body = item.body {
                for block in PlainTextBlocks.blocks(body) { builder.append(block.text, role: block.role) }
            }
            guard !builder.isEmpty else {
                try emit(.problem(InputProblem(location: place, message: "item has no body text; skipped")))
                continue
            }
            var source = SourceRecord(location: place, extractor: stamp, rawContentID: SHA256.digest(utf8: item.body ?? ""))
            var fields = ["title": item.title, "url": item.link, "site": feed.title, "author": item.author, "published": item.published ?? item.updated]
                .compactMapValues { $0 }
            if let guid = item.guid { fields["guid"] = guid }
            if let updated = item.updated { fields["updated"] = updated }
            if let link = feed.link { fields["feed_link"] = link }
            source.fill(from: fields)
            let key = item.guid ?? item.link ?? "item\(position + 1)"
            try emit(.document(builder.build(id: "\(input.documentID)#\(key)", source: source)))
        }
        if let stopped = feed.stoppedEarly {
            try emit(.problem(InputProblem(
                location: input.location, position: .line(stopped.line),
                message: "\(stopped); \(feed.items.count) item(s) before it were read, the rest of the feed is skipped")))
        }
    }
}
