import PalimpsestCore

/// Writes a tab-separated table of every document's cluster and origin: `id`, `cluster`, `origin`,
/// `similarity` (to the origin), with a header row.
public struct ClusterTableExporter: Exporter {
    /// `clusters`, with this plugin's version.
    public let stamp = PluginStamp(name: "clusters", version: "1.0.0")
    /// One line for listings.
    public let summary = "TSV of each document's cluster and origin"
    /// `tsv`.
    public let fileExtension = "tsv"

    /// Creates the exporter.
    public init() {}

    /// Writes the header and one row per document, in input order.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        try writer.write("id\tcluster\torigin\tsimilarity\n")
        for document in result.documents {
            let similarity = document.repostOf.map { String($0.similarity.rounded(toPlaces: 4)) } ?? "1"
            try writer.write("\(document.document.id)\t\(document.cluster)\t\(document.origin)\t\(similarity)\n")
        }
        try writer.flush()
    }
}
