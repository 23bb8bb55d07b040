import PalimpsestCore

/// Writes the derivation graph in Graphviz DOT: documents that take part in any relation as nodes
/// (id, site, publication date), and edges from copy to source — reposts to their origin (solid,
/// with Jaccard similarity), partial reposts (dashed, with the copied share) and quotations (dotted).
///
/// Render with `dot -Tsvg graph.dot > graph.svg`. Documents related to nothing are left out, so the
/// picture shows the copying, not the corpus.
public struct GraphExporter: Exporter {
    /// `dot`, with this plugin's version.
    public let stamp = PluginStamp(name: "dot", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "Graphviz DOT of the repost and derivation graph"
    /// `dot`.
    public let fileExtension = "dot"

    /// Creates the exporter.
    public init() {}

    /// Writes the graph.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        var edges: [(from: String, to: String, attributes: String)] = []
        for document in result.documents {
            let id = document.document.id
            if let repost = document.repostOf {
                edges.append((id, repost.id, "label=\"repost \(Self.number(repost.similarity))\""))
            }
            for partial in document.partialRepostOf {
                edges.append((id, partial.id, "label=\"partial \(Int((partial.share * 100).rounded()))%\", style=dashed"))
            }
            let quoted = Set(document.passages.flatMap { $0.copiedSpans.map(\.source.document) })
            for source in quoted.sorted() {
                edges.append((id, source, "label=\"quotes\", style=dotted"))
            }
        }
        let involved = Set(edges.flatMap { [$0.from, $0.to] })
        try writer.write("digraph palimpsest {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n")
        for document in result.documents where involved.contains(document.document.id) {
            let source = document.document.source
            var label = [document.document.id, source.site ?? "unknown site"]
            if let published = source.published { label.append(String(DateParsing.format(published).prefix(10))) }
            let style = document.repostOf == nil && document.partialRepostOf.isEmpty ? ", style=bold" : ""
            try writer.write("  \(Self.quoted(document.document.id)) [label=\(Self.quoted(label.joined(separator: "\n")))\(style)];\n")
        }
        for edge in edges {
            try writer.write("  \(Self.quoted(edge.from)) -> \(Self.quoted(edge.to)) [\(edge.attributes)];\n")
        }
        try writer.write("}\n")
        try writer.flush()
    }

    /// A DOT double-quoted string: quotes and backslashes escaped, line breaks as `\n`.
    public static func quoted(_ text: String) -> String {
        // Scalars, not characters: a quote with a combining mark after it is still a quote to DOT.
        var output = String.UnicodeScalarView("\"".unicodeScalars)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": output.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": output.append(contentsOf: "\\n".unicodeScalars)
            case "\r": continue
            default: output.append(scalar)
            }
        }
        output.append("\"")
        return String(output)
    }

    private static func number(_ value: Double) -> String {
        String(value.rounded(toPlaces: 3))
    }
}
