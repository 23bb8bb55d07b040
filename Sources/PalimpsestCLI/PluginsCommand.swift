import ArgumentParser
import Palimpsest

/// `palimpsest plugins`: lists the extractors and exporters.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the extractors (input formats) and exporters (output formats).")

    func run() throws {
        let registry = PluginRegistry.builtin
        var lines: [String] = []
        for extractor in registry.extractors {
            let extensions = extractor.fileExtensions.map { "." + $0 }.joined(separator: " ")
            lines.append("extractor  \(extractor.stamp.name.padding(10)) \(extractor.stamp.version.padding(7)) \(extensions.padding(24)) \(extractor.summary)")
        }
        for exporter in registry.exporters {
            lines.append("exporter   \(exporter.stamp.name.padding(10)) \(exporter.stamp.version.padding(7)) \(("." + exporter.fileExtension).padding(24)) \(exporter.summary)")
        }
        lines.append("(every extractor also reads its format gzip-compressed: .gz)")
        // Through a writer whose errors are checked, not `print`: a full disk or a closed pipe on
        // standard output must end the command with a message and status 2, not a silent 0.
        do {
            try AtomicOutput.write(to: nil) { try $0.write(lines.map { $0 + "\n" }.joined()) }
        } catch {
            Messages.print("cannot write output: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
