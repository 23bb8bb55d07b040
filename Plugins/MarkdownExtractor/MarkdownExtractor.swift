import PalimpsestCore

/// Reads Markdown: front matter for provenance, blocks for passages, inline markup rendered to text.
///
/// Front-matter keys read into the ``SourceRecord`` are those of ``SourceRecord/fieldAliases``
/// (`title`, `site`, `publisher`, `url`/`link`/`canonical`, `author`, `published`/`date`,
/// `retrieved`/`fetched`); any other key goes to ``SourceRecord/metadata``. A date that cannot be
/// read is reported with its line and left out.
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
        if let refused = input.limits.singleDocumentProblem(in: input.bytes, location: input.location) { return try emit(.problem(refused)) }
        let (text, problem) = TextDecoding.decodeUTF8(input.bytes, location: input.location)
        if let problem { try emit(.problem(problem)) }
        let lines = PlainTextBlocks.lines(text)
        let frontMatter = FrontMatter(lines: lines)
        var builder = DocumentBuilder()
        for block in MarkdownBlocks(lines: lines[frontMatter.bodyStartLine...]).blocks {
            builder.append(block.text, role: block.role, hints: StructuralHints(linkDensity: block.linkDensity))
        }
        guard !builder.isEmpty else {
            try emit(.problem(InputProblem(location: input.location, message: "no text in this file; nothing to analyse", severity: .error)))
            return
        }
        var source = SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID)
        for (key, value) in source.fill(from: frontMatter.fields) {
            try emit(.problem(InputProblem(
                location: input.location, position: .line(frontMatterLine(of: key, in: lines)),
                message: "front matter '\(key)' is not a date (\(value)); use ISO 8601 such as 2026-03-02T08:00:00Z",
                severity: .warning)))
        }
        try emit(.document(builder.build(id: input.documentID, source: source)))
    }

    private func frontMatterLine(of key: String, in lines: [Substring]) -> Int {
        (lines.firstIndex { $0.lowercased().hasPrefix(key + ":") } ?? 0) + 1
    }
}
