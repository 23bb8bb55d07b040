import Foundation
import PalimpsestCore

/// Provenance kept beside a file that cannot carry its own: `NAME.meta.json` next to `NAME`.
///
/// Keys as in front matter (``SourceRecord/fieldAliases``); any other string key goes to metadata.
/// Sidecar values fill in what the extractor left empty and override nothing it found.
struct Sidecar {
    private var fields: [String: String] = [:]
    /// The sidecar's path and the SHA-256 of the bytes read from it, for run manifests.
    let resource: ResourceDescriptor

    /// Reads the sidecar of `path`, if there is one: a regular file of at most
    /// ``InputLimits/metadataFileBytes`` (a pipe or device by that name would block or never end).
    /// - Throws: ``InputProblem`` (a warning: the file itself is still read) when the sidecar
    ///   exists but cannot be read, is not a regular file, is over the size limit or is not a JSON object.
    /// A sidecar that is a symbolic link out of its folder is not read unless `discovery` follows
    /// links (see ``InputDiscovery/refusal(ofMetadataFile:)``).
    init?(for path: String, discovery: InputDiscovery) throws(InputProblem) {
        guard path != "-" else { return nil }
        let sidecarPath = path + InputDiscovery.sidecarSuffix
        if let refusal = discovery.refusal(ofMetadataFile: sidecarPath) {
            throw InputProblem(location: sidecarPath, message: "sidecar metadata: \(refusal); ignored", severity: .warning)
        }
        let data: [UInt8]
        do {
            data = try BoundedFileReader.read(sidecarPath, limit: InputLimits.metadataFileBytes, regularOnly: true)
        } catch {
            if case .system(let failure) = error, failure.code == ENOENT { return nil }
            throw InputProblem(location: sidecarPath, message: "sidecar metadata: \(error.reason); ignored", severity: .warning)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
            throw InputProblem(location: sidecarPath, message: "sidecar metadata is not a JSON object; ignored", severity: .warning)
        }
        resource = ResourceDescriptor(name: sidecarPath, sha256: SHA256.digest(data))
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
