import Foundation
import PalimpsestCore

/// Writes a Markdown report for people: a summary, each origin with the documents that repost its
/// content (``AnalysisResult/repostGroups``),
/// partial reposts and quotations, and each document's non-content passages with their evidence.
public struct MarkdownReportExporter: Exporter {
    /// `markdown`, with this plugin's version.
    public let stamp = PluginStamp(name: "markdown", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "Markdown report: summary, clusters with origins, per-document findings"
    /// `md`.
    public let fileExtension = "md"

    /// Longest passage excerpt shown, in characters.
    static let excerptLength = 90

    /// Creates the exporter.
    public init() {}

    /// Writes the report.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        let counts = result.findingCounts
        let settings = result.settings
        try writer.write("# Palimpsest report\n\n")
        try writer.write("\(result.documents.count) documents, \(result.documents.map(\.passages.count).reduce(0, +)) passages. ")
        try writer.write("Settings: \(settings.shingleSize)-word shingles, \(settings.permutations) MinHash permutations, ")
        try writer.write("LSH \(settings.lshParameters) at Jaccard ≥ \(settings.threshold); ")
        try writer.write("normaliser \(TextNormalizer.identifier), tokens \(Tokenizer.identifier), hashes \(XXH3.identifier).\n\n")
        try writer.write("| finding | count |\n|---|---:|\n")
        for kind in Finding.Kind.allCases {
            try writer.write("| \(kind.rawValue.replacingOccurrences(of: "_", with: " ")) | \(counts[kind] ?? 0) |\n")
        }

        let groups = result.repostGroups
        try writer.write("\n## Reposts\n\n")
        if groups.isEmpty { try writer.write("None.\n") }
        // Members are looked up by id in one table, not by a search of every document each.
        let byID = Dictionary(result.documents.map { ($0.document.id, $0) }, uniquingKeysWith: { first, _ in first })
        for cluster in groups.sorted(by: { ($0.members.count, $1.number) > ($1.members.count, $0.number) }) {
            try writer.write("### \(Self.escape(cluster.origin)) and \(cluster.members.count - 1) repost(s)\n\n")
            for id in cluster.members {
                guard let document = byID[id] else { continue }
                let source = document.document.source
                let when = source.published.map(DateParsing.format) ?? "undated"
                let role = document.repostOf.map {
                    String(format: "repost of %@, Jaccard %.3f, containment %.0f%%", Self.escape($0.id), $0.similarity, $0.containment * 100)
                } ?? "**origin**"
                try writer.write("- \(Self.escape(id)) — \(Self.escape(source.site ?? "unknown site")), \(when): \(role)\n")
            }
            try writer.write("\n")
        }

        let partials = result.documents.filter { !$0.partialRepostOf.isEmpty }
        try writer.write("## Partial reposts\n\n")
        if partials.isEmpty { try writer.write("None.\n") }
        for document in partials {
            for partial in document.partialRepostOf {
                try writer.write("- \(Self.escape(document.document.id)) copies \(partial.spans.count) passage(s) (\(Int((partial.share * 100).rounded()))% of its content) from \(Self.escape(partial.id))\n")
            }
        }

        try writer.write("\n## Documents\n")
        for document in result.documents {
            let flagged = document.passages.filter { $0.kind != .content || !$0.copiedSpans.isEmpty }
            let source = document.document.source
            try writer.write("\n### \(Self.escape(document.document.id))\n\n")
            try writer.write("\(Self.escape(source.title ?? "untitled")) — \(Self.escape(source.site ?? "unknown site"))")
            try writer.write(source.published.map { ", published \(DateParsing.format($0))" } ?? "")
            try writer.write(". Cluster \(document.cluster), origin \(Self.escape(document.origin)). `\(document.contentID)`\n\n")
            if flagged.isEmpty {
                try writer.write("All \(document.passages.count) passages are content.\n")
                continue
            }
            try writer.write("| # | kind | excerpt | evidence |\n|---:|---|---|---|\n")
            for passage in flagged {
                var evidence = Self.escape([passage.rule, passage.evidence].compactMap { $0 }.joined(separator: ": "))
                if let of = passage.of { evidence += " (of \(Self.escape(of.document)) \\#\(of.passage))" }
                let quotations = passage.copiedSpans.map { "quotes \($0.tokens) words of \(Self.escape($0.source.document)) \\#\($0.source.passage)" }
                evidence += quotations.joined(separator: "; ")
                let kind = passage.kind == .content ? "content + quotation" : passage.kind.rawValue
                try writer.write("| \(passage.passage.index) | \(kind) | \(Self.escape(Self.excerpt(passage.passage.text))) | \(evidence) |\n")
            }
        }

        if !result.problems.isEmpty {
            try writer.write("\n## Input problems\n\n")
            for problem in result.problems { try writer.write("- \(Self.escape(problem.description))\n") }
        }
        try writer.flush()
    }

    static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= excerptLength ? flat : String(flat.prefix(excerptLength)) + "…"
    }

    /// Escapes Markdown table and inline syntax so document text shows as text.
    ///
    /// Control characters are shown as escapes first (``DisplayText/sanitized(_:keepingLineBreaks:)``):
    /// a line break in an id, title or site would otherwise end the line it is on and start a
    /// heading (`#`), a list item (`-`, `+`, `1.`), a quote (`>`) or a table row of its own. What is
    /// left is one line, and every character with a meaning inside a line — the backslash, code
    /// spans, emphasis, links, HTML, table cells, headings and strike-through —
    /// is backslash-escaped.
    public static func escape(_ text: String) -> String {
        var output = ""
        for character in DisplayText.sanitized(text) {
            if "\\`*_[]<>|#~".contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }
}
