import PalimpsestCore
import PalimpsestMarkup

/// Reads HTML pages through libxml2's HTML parser: one document per page, one passage per block,
/// provenance from the page's metadata.
///
/// Passages follow the block structure (headings, paragraphs, list items, table cells, captions,
/// block quotes, preformatted text); `<br>` breaks a block into lines, which the boilerplate rules
/// judge one by one. Script, style, template, form controls and embedded objects are dropped, except
/// a `<noscript>` or `<button>` that holds paragraphs or headings (a page served for readers without
/// scripts, a page swallowed by a recovered tag). Every passage keeps hints for the boilerplate
/// classifier: its element path, the class, id and role words around it, its link density, and
/// whether it lies inside the page's main content (see `MainContentLocator` in PalimpsestMarkup;
/// pages with little running text are left unplaced). Metadata: see `HTMLPageMetadata` in
/// PalimpsestMarkup. The character set comes from a byte-order mark or the page's `<meta charset>`,
/// UTF-8 otherwise, and bytes that are UTF-8 are read as UTF-8 whatever the page declares (see
/// `HTMLReader`); what was repaired is reported as a warning.
public struct HTMLExtractor: Extractor {
    /// `html`, with this plugin's version.
    public let stamp = PluginStamp(name: "html", version: "1.1.0")
    /// One line for `palimpsest plugins`.
    public let summary = "HTML pages through libxml2: block passages, structure hints, metadata (Open Graph, JSON-LD)"
    /// `.html`, `.htm`, `.xhtml`.
    public let fileExtensions = ["html", "htm", "xhtml"]

    /// Creates the extractor.
    public init() {}

    /// A doctype or an `<html>`, `<head>` or `<body>` tag near the start.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        let head = String(decoding: prefix.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html") || head.contains("<head") || head.contains("<body")
    }

    /// Emits one document, or a problem when the page has no text.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        let read: HTMLReader.Page?
        do {
            read = try HTMLReader.read(input.bytes, location: input.location, maximumDepth: input.limits.maximumHTMLDepth)
        } catch {
            return try emit(.problem(InputProblem(location: input.location, position: error.position, message: "\(error); page skipped")))
        }
        guard let page = read else {
            try emit(.problem(InputProblem(location: input.location, message: "not readable as HTML (libxml2 found no document)")))
            return
        }
        if let problem = page.decodingProblem { try emit(.problem(problem)) }
        let source = SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID)
        guard let document = page.document(id: input.documentID, source: source) else {
            try emit(.problem(InputProblem(location: input.location, message: "no text in this page; nothing to analyse")))
            return
        }
        try emit(.document(document))
    }
}
