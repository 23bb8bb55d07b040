import ArgumentParser
import Palimpsest

/// `palimpsest plugins`: lists the extractors and exporters.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the extractors (input formats) and exporters (output formats).")

    func run() throws {
        let registry = PluginRegistry.builtin
        for extractor in registry.extractors {
            let extensions = extractor.fileExtensions.map { "." + $0 }.joined(separator: " ")
            print("extractor  \(extractor.stamp.name.padding(10)) \(extractor.stamp.version.padding(7)) \(extensions.padding(24)) \(extractor.summary)")
        }
        for exporter in registry.exporters {
            print("exporter   \(exporter.stamp.name.padding(10)) \(exporter.stamp.version.padding(7)) \(("." + exporter.fileExtension).padding(24)) \(exporter.summary)")
        }
        print("(every extractor also reads its format gzip-compressed: .gz)")
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
