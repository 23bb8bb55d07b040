import Foundation
import PalimpsestCore

/// Writes one self-contained HTML report for people: a summary, each origin with the documents
/// that repost its content (``AnalysisResult/repostGroups``) and a timeline of publication, and every document with its passages coloured by
/// kind, each copy linked to the passage it copies.
///
/// The file fetches nothing (styles are inline, there is no script) and forbids scripts outright
/// with a Content-Security-Policy, and every piece of document text is escaped, so a hostile page in
/// the corpus cannot run anything in the report.
public struct HTMLReportExporter: Exporter {
    /// `html`, with this plugin's version.
    public let stamp = PluginStamp(name: "html", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "self-contained HTML report: summary, clusters with timelines, coloured passages linked to their origins"
    /// `html`.
    public let fileExtension = "html"

    /// Creates the exporter.
    public init() {}

    /// Writes the report.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        let anchors = Dictionary(result.documents.enumerated().map { ($1.document.id, "d\($0)") }, uniquingKeysWith: { first, _ in first })
        try writer.write(Self.head)
        try writeSummary(result, to: writer)
        try writeClusters(result, anchors: anchors, to: writer)
        try writeDocuments(result, anchors: anchors, to: writer)
        if !result.problems.isEmpty {
            try writer.write("<h2>Input problems</h2><ul>")
            for problem in result.problems { try writer.write("<li>\(Self.escape(problem.description))</li>") }
            try writer.write("</ul>")
        }
        try writer.write("</body></html>\n")
        try writer.flush()
    }

    // MARK: - Sections

    private func writeSummary(_ result: AnalysisResult, to writer: ExportWriter) throws {
        let counts = result.findingCounts
        try writer.write("<h1>Palimpsest report</h1><p class=\"meta\">\(result.documents.count) documents, ")
        try writer.write("\(result.documents.map(\.passages.count).reduce(0, +)) passages; \(result.settings.shingleSize)-word shingles, ")
        try writer.write("\(result.settings.permutations) permutations, LSH \(result.settings.lshParameters) at Jaccard ≥ \(result.settings.threshold).</p>")
        try writer.write("<table id=\"summary\"><tr><th>finding</th><th>count</th></tr>")
        for kind in Finding.Kind.allCases {
            try writer.write("<tr class=\"f-\(kind.rawValue)\"><td>\(kind.rawValue.replacingOccurrences(of: "_", with: " "))</td><td>\(counts[kind] ?? 0)</td></tr>")
        }
        try writer.write("</table><p class=\"legend\">")
        for kind in PassageKind.allCases {
            try writer.write("<span class=\"k-\(kind.rawValue)\">\(kind.rawValue)</span> ")
        }
        try writer.write("<span class=\"quoted\">quotation</span></p>")
    }

    private func writeClusters(_ result: AnalysisResult, anchors: [String: String], to writer: ExportWriter) throws {
        let groups = result.repostGroups
        try writer.write("<h2>Reposts</h2>")
        if groups.isEmpty { try writer.write("<p>None.</p>") }
        // Members are looked up by id in one table, not by a search of every document each.
        let byID = Dictionary(result.documents.map { ($0.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        for cluster in groups.sorted(by: { ($0.members.count, $1.number) > ($1.members.count, $0.number) }) {
            let members = cluster.members.compactMap { byID[$0] }
            try writer.write("<section class=\"cluster\" id=\"r\(cluster.number)\"><h3>\(Self.escape(cluster.origin)) and \(members.count - 1) repost(s)</h3><ol>")
            for member in members {
                let source = member.document.source
                let role = member.repostOf.map { String(format: "repost, Jaccard %.3f with the origin", $0.similarity) } ?? "<strong>origin</strong>"
                try writer.write("<li><a href=\"#\(anchors[member.document.id]!)\">\(Self.escape(member.document.id))</a> — ")
                try writer.write("\(Self.escape(source.site ?? "unknown site")), \(source.published.map(DateParsing.format) ?? "undated"): \(role)</li>")
            }
            try writer.write("</ol>")
            try writeTimeline(members, anchors: anchors, to: writer)
            try writer.write("</section>")
        }
    }

    /// Publication dates of a cluster's members on a line, the origin first on the left.
    private func writeTimeline(_ members: [AnalyzedDocument], anchors: [String: String], to writer: ExportWriter) throws {
        let dated = members.compactMap { member in member.document.source.published.map { (member, $0) } }
        guard let first = dated.map(\.1).min(), let last = dated.map(\.1).max() else { return }
        let span = max(last.timeIntervalSince(first), 1)
        try writer.write("<div class=\"timeline\" aria-label=\"publication timeline\">")
        for (member, date) in dated {
            let position = date.timeIntervalSince(first) / span * 100
            let kind = member.repostOf == nil ? "origin" : "repost"
            try writer.write("<a class=\"tick \(kind)\" style=\"left:\(String(format: "%.2f", position))%\" href=\"#\(anchors[member.document.id]!)\" ")
            try writer.write("title=\"\(Self.escape(member.document.id, lineBreaks: false)) \(DateParsing.format(date))\"></a>")
        }
        try writer.write("<span class=\"from\">\(String(DateParsing.format(first).prefix(10)))</span><span class=\"to\">\(String(DateParsing.format(last).prefix(10)))</span></div>")
    }

    private func writeDocuments(_ result: AnalysisResult, anchors: [String: String], to writer: ExportWriter) throws {
        try writer.write("<h2>Documents</h2>")
        for document in result.documents {
            let anchor = anchors[document.document.id]!
            let source = document.document.source
            try writer.write("<section class=\"document\" id=\"\(anchor)\"><h3>\(Self.escape(source.title ?? document.document.id))</h3>")
            try writer.write("<p class=\"meta\">\(Self.escape(document.document.id)) · \(Self.escape(source.site ?? "unknown site"))")
            if let published = source.published { try writer.write(" · \(DateParsing.format(published))") }
            if let url = source.url { try writer.write(" · \(Self.escape(url))") }
            try writer.write(" · <code>\(document.contentID)</code>")
            if let repost = document.repostOf, let target = anchors[repost.id] {
                try writer.write(" · repost of <a href=\"#\(target)\">\(Self.escape(repost.id))</a>")
            }
            for partial in document.partialRepostOf {
                if let target = anchors[partial.id] {
                    try writer.write(" · copies \(Int((partial.share * 100).rounded()))% from <a href=\"#\(target)\">\(Self.escape(partial.id))</a>")
                }
            }
            try writer.write("</p>")
            for passage in document.passages {
                try writePassage(passage, documentAnchor: anchor, text: document.document.text, anchors: anchors, to: writer)
            }
            try writer.write("</section>")
        }
    }

    private func writePassage(_ passage: AnalyzedPassage, documentAnchor: String, text: String, anchors: [String: String], to writer: ExportWriter) throws {
        let title = [passage.rule, passage.evidence].compactMap { $0 }.joined(separator: ": ")
        try writer.write("<p class=\"passage k-\(passage.kind.rawValue)\" id=\"\(documentAnchor)-p\(passage.passage.index)\"")
        if !title.isEmpty { try writer.write(" title=\"\(Self.escape(title, lineBreaks: false))\"") }
        try writer.write(">")
        // Quoted runs are marked inside the passage; offsets are relative to the passage start.
        let scalars = Array(passage.passage.text.unicodeScalars)
        var cursor = 0
        for span in passage.copiedSpans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let start = span.range.lowerBound - passage.passage.range.lowerBound
            let end = span.range.upperBound - passage.passage.range.lowerBound
            guard start >= cursor, end <= scalars.count else { continue }
            try writer.write(Self.escape(Self.string(scalars[cursor..<start])))
            let target = anchors[span.source.document].map { "#\($0)-p\(span.source.passage)" } ?? "#"
            try writer.write("<a class=\"quoted\" href=\"\(target)\">\(Self.escape(Self.string(scalars[start..<end])))</a>")
            cursor = end
        }
        try writer.write(Self.escape(Self.string(scalars[cursor...])))
        if let of = passage.of, let target = anchors[of.document] {
            try writer.write(" <a class=\"of\" href=\"#\(target)-p\(of.passage)\">↩ \(Self.escape(of.document)) #\(of.passage)</a>")
        }
        try writer.write("</p>")
    }

    // MARK: - Text

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// HTML-escapes text for element content and quoted attribute values; line breaks become `<br>`
    /// in content (`lineBreaks`), and are shown as `\n` in attribute values.
    ///
    /// Control characters are shown as escapes first (``DisplayText/sanitized(_:keepingLineBreaks:)``):
    /// an ESC or a C1 control would otherwise reach the terminal of whoever views the file's source,
    /// and a bidirectional override would reorder the report's text around it.
    public static func escape(_ text: String, lineBreaks: Bool = true) -> String {
        // Scalars, not characters: a quote followed by a combining mark is one Character that is not
        // equal to a quote, yet its first scalar still ends an attribute value.
        var output = String.UnicodeScalarView()
        for scalar in DisplayText.sanitized(text, keepingLineBreaks: lineBreaks).unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            case "'": output.append(contentsOf: "&#39;".unicodeScalars)
            case "\n" where lineBreaks: output.append(contentsOf: "<br>".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    static let head = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Palimpsest report</title>
        <style>
        body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { margin-bottom: .2rem; } .meta { color: #666; font-size: 13px; } code { font-size: 12px; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .6rem; text-align: left; }
        .passage { padding: .3rem .5rem; margin: .3rem 0; border-left: 4px solid transparent; }
        .k-content { border-left-color: #9c9; } .k-duplicate { background: #fde2e2; border-left-color: #d33; }
        .k-teaser { background: #fff1cc; border-left-color: #e9a100; } .k-boilerplate { background: #eee; color: #777; border-left-color: #aaa; }
        .legend span { padding: .1rem .4rem; margin-right: .3rem; border-left: 4px solid; }
        .quoted { background: #dbe8ff; color: inherit; }
        .of { font-size: 12px; color: #a33; }
        .cluster { border: 1px solid #ddd; padding: .5rem 1rem; margin: 1rem 0; }
        .timeline { position: relative; height: 2.2rem; margin: .5rem .5rem 1rem; border-bottom: 2px solid #999; }
        .tick { position: absolute; bottom: -7px; width: 12px; height: 12px; margin-left: -6px; border-radius: 50%; background: #d33; }
        .tick.origin { background: #393; } .from, .to { position: absolute; top: 2.4rem; font-size: 12px; color: #666; }
        .from { left: 0; } .to { right: 0; }
        </style></head><body>

        """
}
