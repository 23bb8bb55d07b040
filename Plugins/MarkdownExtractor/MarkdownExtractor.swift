import Foundation
import PalimpsestCore

/// Reads Markdown: front matter for provenance, blocks for passages, inline markup rendered to text.
///
/// Front-matter keys read into the ``SourceRecord``: `title`, `site`, `publisher`, `url` (or `link`,
/// `canonical`), `author`, `published` (or `date`), `retrieved` (or `fetched`); any other key goes
/// to ``SourceRecord/metadata``. A date that cannot be read is reported and left out.
public struct MarkdownExtractor: Extractor {
    /// `markdown`, with this plugin's version.
    public let stamp = PluginStamp(name: "markdown", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "Markdown with optional front matter (title, site, url, author, published, retrieved)"
    /// `.md`, `.markdown`.
    public let fileExtensions = ["md", "markdown", "mdown"]

    /// Creates the extractor.
    public init() {}

    /// Front matter or an ATX heading at the top.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        prefix.starts(with: Array("---\n".utf8)) || prefix.starts(with: Array("---\r\n".utf8)) || prefix.starts(with: Array("# ".utf8))
    }

    /// Emits one document.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        let (text, problem) = TextDecoding.decodeUTF8(input.bytes, location: input.location)
        if let problem { try emit(.problem(problem)) }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let frontMatter = FrontMatter(lines: lines)
        var builder = DocumentBuilder()
        for block in MarkdownBlocks(lines: lines[frontMatter.bodyStartLine...]).blocks {
            builder.append(block.text, role: block.role, hints: StructuralHints(linkDensity: block.linkDensity))
        }
        guard !builder.isEmpty else {
            try emit(.problem(InputProblem(location: input.location, message: "no text in this file; nothing to analyse", severity: .error)))
            return
        }
        var fields = frontMatter.fields
        func take(_ keys: String...) -> String? {
            for key in keys { if let value = fields.removeValue(forKey: key), !value.isEmpty { return value } }
            return nil
        }
        func takeDate(_ keys: String...) throws -> Date? {
            for key in keys {
                guard let value = fields.removeValue(forKey: key), !value.isEmpty else { continue }
                if let date = DateParsing.parse(value) { return date }
                try emit(.problem(InputProblem(
                    location: input.location, position: .line(frontMatterLine(of: key, in: lines)),
                    message: "front matter '\(key)' is not a date (\(value)); use ISO 8601 such as 2026-03-02T08:00:00Z",
                    severity: .warning)))
            }
            return nil
        }
        let source = SourceRecord(
            location: input.location, url: take("url", "link", "canonical"), site: take("site"),
            publisher: take("publisher"), title: take("title"), author: take("author", "authors"),
            published: try takeDate("published", "date"), retrieved: try takeDate("retrieved", "fetched"),
            extractor: stamp, rawContentID: input.rawContentID, metadata: fields)
        try emit(.document(builder.build(id: input.documentID, source: source)))
    }

    private func frontMatterLine(of key: String, in lines: [Substring]) -> Int {
        (lines.firstIndex { $0.lowercased().hasPrefix(key + ":") } ?? 0) + 1
    }
}
