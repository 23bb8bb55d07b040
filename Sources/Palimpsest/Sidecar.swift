import Foundation

/// Provenance kept beside a file that cannot carry its own: `NAME.meta.json` next to `NAME`.
///
/// Keys: `title`, `site`, `publisher`, `url`, `author`, `published`, `retrieved` (ISO 8601); any other
/// string key goes to metadata. Sidecar values fill in what the extractor left empty and override
/// nothing it found.
struct Sidecar {
    private var fields: [String: String] = [:]

    /// Reads the sidecar of `path`, if there is one.
    /// - Throws: ``InputProblem`` when the sidecar exists but is not a JSON object.
    init?(for path: String) throws {
        let sidecarPath = path + InputDiscovery.sidecarSuffix
        guard path != "-", let data = FileManager.default.contents(atPath: sidecarPath) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InputProblem(location: sidecarPath, message: "sidecar metadata is not a JSON object; ignored", severity: .warning)
        }
        for (key, value) in object {
            if let value = value as? String { fields[key.lowercased()] = value }
        }
    }

    /// `source` with empty fields filled from the sidecar.
    func apply(to source: SourceRecord) -> SourceRecord {
        var source = source
        var fields = fields
        let known = ["title", "site", "publisher", "url", "author", "published", "retrieved"]
        let values = Dictionary(uniqueKeysWithValues: known.map { ($0, fields.removeValue(forKey: $0)) })
        source.title = source.title ?? values["title"]!
        source.site = source.site ?? values["site"]!
        source.publisher = source.publisher ?? values["publisher"]!
        source.url = source.url ?? values["url"]!
        source.author = source.author ?? values["author"]!
        source.published = source.published ?? values["published"]!.flatMap(DateParsing.parse)
        source.retrieved = source.retrieved ?? values["retrieved"]!.flatMap(DateParsing.parse)
        for (key, value) in fields where source.metadata[key] == nil { source.metadata[key] = value }
        return source
    }
}
