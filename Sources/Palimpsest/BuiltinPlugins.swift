// The library face re-exports the core and the built-in plugins, so `import Palimpsest` is enough
// to use, configure (a JSON Lines field mapping, say) or wrap any of them.
@_exported import CleanedCorpusExporter
@_exported import CSVExporter
@_exported import GraphExporter
@_exported import FeedExtractor
@_exported import HTMLExtractor
@_exported import HTMLReportExporter
@_exported import JSONLinesExporter
@_exported import JSONLinesExtractor
@_exported import MarkdownExtractor
@_exported import MarkdownReportExporter
@_exported import PalimpsestCore
@_exported import PROVExporter
@_exported import TextExtractor
@_exported import WARCExtractor

extension PluginRegistry {
    /// A registry with every built-in plugin: extractors for Markdown, JSON Lines, WARC, feeds, HTML and plain text
    /// (tried in that order when sniffing, text last as it accepts anything that is not binary), and
    /// exporters for annotated JSONL, CSV and a Markdown report.
    public static var builtin: PluginRegistry {
        var registry = PluginRegistry()
        // Built-in names are distinct, so registration cannot fail.
        try! registry.register(MarkdownExtractor())
        try! registry.register(JSONLinesExtractor())
        try! registry.register(WARCExtractor())
        try! registry.register(FeedExtractor())
        try! registry.register(HTMLExtractor())
        try! registry.register(TextExtractor())
        try! registry.register(JSONLinesExporter())
        try! registry.register(CSVExporter())
        try! registry.register(MarkdownReportExporter())
        try! registry.register(GraphExporter())
        try! registry.register(CleanedCorpusExporter())
        try! registry.register(PROVExporter())
        try! registry.register(HTMLReportExporter())
        return registry
    }
}
