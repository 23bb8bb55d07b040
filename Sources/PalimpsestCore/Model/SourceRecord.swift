import Foundation

/// Where a document's bytes came from: the provenance every finding carries.
///
/// Extractors fill what their format knows; the rest stays nil. Dates are instants (UTC); a date
/// given without a time of day is read as midnight UTC.
public struct SourceRecord: Sendable, Hashable, Codable {
    /// The URI or file path the bytes were read from (`-` for standard input).
    public var location: String
    /// The canonical URL the document names for itself, when it names one.
    public var url: String?
    /// The site the document was published on (a name such as "The Harbour Gazette", or a host).
    public var site: String?
    /// The publisher, when the format distinguishes it from the site.
    public var publisher: String?
    /// The document's headline or title.
    public var title: String?
    /// The author or authors, as the source names them.
    public var author: String?
    /// When the document was first published.
    public var published: Date?
    /// When the bytes were fetched or collected.
    public var retrieved: Date?
    /// The extractor that produced the text, and its version.
    public var extractor: PluginStamp
    /// SHA-256 of the raw input bytes, before decompression or extraction (for a multi-document input
    /// such as a JSONL shard, the bytes of this document's record).
    public var rawContentID: ContentID?
    /// Anything else the extractor found, by name.
    public var metadata: [String: String]

    /// Creates a source record.
    public init(
        location: String, url: String? = nil, site: String? = nil, publisher: String? = nil,
        title: String? = nil, author: String? = nil, published: Date? = nil, retrieved: Date? = nil,
        extractor: PluginStamp, rawContentID: ContentID? = nil, metadata: [String: String] = [:]
    ) {
        self.location = location
        self.url = url
        self.site = site
        self.publisher = publisher
        self.title = title
        self.author = author
        self.published = published
        self.retrieved = retrieved
        self.extractor = extractor
        self.rawContentID = rawContentID
        self.metadata = metadata
    }

    /// The site key boilerplate is learned under: the site name, else the URL's host, else nil.
    public var siteKey: String? {
        if let site, !site.isEmpty { return site }
        if let url, let host = URLComponents(string: url)?.host, !host.isEmpty { return host }
        return nil
    }
}

/// A plugin's name and version, as recorded in provenance.
public struct PluginStamp: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The plugin's registry name, such as `markdown`.
    public var name: String
    /// The plugin's version.
    public var version: String

    /// Creates a stamp.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// `name version`.
    public var description: String { "\(name) \(version)" }
}
