@_exported import PalimpsestCore
import CSVExporter
import JSONLinesExporter
import JSONLinesExtractor
import MarkdownExtractor
import MarkdownReportExporter
import TextExtractor

extension PluginRegistry {
    /// A registry with every built-in plugin: extractors for Markdown, JSON Lines and plain text (tried
    /// in that order when sniffing, text last as it accepts anything that is not binary), and
    /// exporters for annotated JSONL, CSV and a Markdown report.
    public static var builtin: PluginRegistry {
        var registry = PluginRegistry()
        // Built-in names are distinct, so registration cannot fail.
        try! registry.register(MarkdownExtractor())
        try! registry.register(JSONLinesExtractor())
        try! registry.register(TextExtractor())
        try! registry.register(JSONLinesExporter())
        try! registry.register(CSVExporter())
        try! registry.register(MarkdownReportExporter())
        return registry
    }
}
