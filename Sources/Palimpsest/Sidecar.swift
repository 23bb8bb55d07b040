import Foundation

/// Provenance kept beside a file that cannot carry its own: `NAME.meta.json` next to `NAME`.
///
/// Keys as in front matter (``SourceRecord/fieldAliases``); any other string key goes to metadata.
/// Sidecar values fill in what the extractor left empty and override nothing it found.
struct Sidecar {
    private var fields: [String: String] = [:]

    /// Reads the sidecar of `path`, if there is one.
    /// - Throws: ``InputProblem`` when the sidecar exists but is not a JSON object.
    init?(for path: String) throws(InputProblem) {
        let sidecarPath = path + InputDiscovery.sidecarSuffix
        guard path != "-", let data = FileManager.default.contents(atPath: sidecarPath) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw InputProblem(location: sidecarPath, message: "sidecar metadata is not a JSON object; ignored", severity: .warning)
        }
        for (key, value) in object {
            if let value = value as? String { fields[key.lowercased()] = value }
        }
    }

    /// `source` with empty fields filled from the sidecar; unreadable dates are left out.
    func apply(to source: SourceRecord) -> SourceRecord {
        var source = source
        source.fill(from: fields)
        return source
    }
}
