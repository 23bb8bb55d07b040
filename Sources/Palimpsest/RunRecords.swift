import Foundation

/// The pieces of a run manifest that come from reading inputs and analysing them: the digests of
/// what was read, and the counts of what was found.
public enum RunRecords {
    /// The SHA-256 of every file under `paths` (as ``InputDiscovery`` finds them) and of each one's
    /// sidecar, and of standard input's bytes when `-` is among them. Take them before the run
    /// writes anything, so an output inside a scanned folder is recorded as it was read. A file that
    /// cannot be read is left out: the run reports it as an input problem.
    public static func inputs(_ paths: [String], standardInput: [UInt8]? = nil) -> [ResourceDescriptor] {
        var descriptors: [ResourceDescriptor] = []
        for file in InputDiscovery().files(in: paths).files {
            if file.isStandardInput {
                descriptors.append(ResourceDescriptor(name: "-", sha256: SHA256.digest(standardInput ?? [])))
                continue
            }
            for path in [file.path, file.path + InputDiscovery.sidecarSuffix] {
                if let descriptor = try? ResourceDescriptor.file(path) { descriptors.append(descriptor) }
            }
        }
        return descriptors
    }

    /// An index, named `index:<address>`, with a digest over the documents the run read from or
    /// wrote to it: their ids and content ids, a line each, sorted by id. Anyone holding the same
    /// documents gets the same digest, whatever else the index holds or how it stores them.
    public static func index(_ address: String, documents: [Document]) -> ResourceDescriptor {
        let lines = documents.map { "\($0.id)\t\($0.contentID.hex)\n" }.sorted()
        return ResourceDescriptor(name: "index:\(address)", sha256: SHA256.digest(utf8: lines.joined()))
    }

    /// Documents, clusters, problems and each finding kind of an analysis, by name.
    public static func counts(_ result: AnalysisResult) -> [String: Int] {
        var counts = [
            "documents": result.documents.count,
            "clusters": result.clusters.count,
            "problems": result.problems.filter { $0.severity == .error }.count,
            "warnings": result.problems.filter { $0.severity == .warning }.count,
        ]
        let findings = result.findingCounts
        for kind in Finding.Kind.allCases { counts["findings_\(kind.rawValue)"] = findings[kind] ?? 0 }
        return counts
    }
}
