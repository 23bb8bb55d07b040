import Foundation

/// The pieces of a run manifest that come from the run's data: the digest an index is named by,
/// and the counts of what was found. (Input files' digests come from ``CorpusReader``, which
/// takes them from the bytes it reads.)
public enum RunRecords {
    /// An index, a resource of kind ``ResourceDescriptor/Kind/index`` named by its address, with a
    /// digest over the documents the run read from or wrote to it: their ids and content ids, a
    /// line each, sorted by id. Anyone holding the same documents gets the same digest, whatever
    /// else the index holds or how it stores them. Its kind, not its name, tells it from a file.
    public static func index(_ address: String, documents: [Document]) -> ResourceDescriptor {
        index(address, entries: documents.map { ($0.id, $0.contentID) })
    }

    /// The index resource of ``index(_:documents:)`` from the documents' ids and content ids alone,
    /// for a run that did not hold its documents (``IndexAddition/received``).
    public static func index(_ address: String, entries: [(id: String, contentID: ContentID)]) -> ResourceDescriptor {
        let lines = entries.map { "\($0.id)\t\($0.contentID.hex)\n" }.sorted()
        return .index(address: address, sha256: SHA256.digest(utf8: lines.joined()))
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
