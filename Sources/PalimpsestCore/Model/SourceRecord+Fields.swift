extension SourceRecord {
    /// The names under which provenance fields are written in front matter, sidecars and similar
    /// key–value headers, each with its aliases, first preferred.
    public static let fieldAliases: [(field: String, names: [String])] = [
        ("url", ["url", "link", "canonical"]), ("site", ["site"]), ("publisher", ["publisher"]),
        ("title", ["title"]), ("author", ["author", "authors"]),
        ("published", ["published", "date"]), ("retrieved", ["retrieved", "fetched"]),
    ]

    /// Fills the fields still empty from key–value pairs (keys lower-case, aliases as in
    /// ``fieldAliases``); pairs naming no field go to ``metadata`` unless it has them.
    /// - Returns: the keys whose values were meant as dates but could not be read, with the values.
    @discardableResult
    public mutating func fill(from pairs: [String: String]) -> [(key: String, value: String)] {
        var rest = pairs
        var unreadableDates: [(key: String, value: String)] = []
        for (field, names) in Self.fieldAliases {
            var value: String? = nil
            var key = ""
            for name in names {
                if let found = rest.removeValue(forKey: name), !found.isEmpty, value == nil {
                    value = found
                    key = name
                }
            }
            guard let value else { continue }
            switch field {
            case "published", "retrieved":
                guard let date = DateParsing.parse(value) else {
                    unreadableDates.append((key, value))
                    continue
                }
                if field == "published" { published = published ?? date } else { retrieved = retrieved ?? date }
            case "url": url = url ?? value
            case "site": site = site ?? value
            case "publisher": publisher = publisher ?? value
            case "title": title = title ?? value
            default: author = author ?? value
            }
        }
        for (key, value) in rest where metadata[key] == nil { metadata[key] = value }
        return unreadableDates
    }
}
