import ArgumentParser
import Palimpsest

/// The `palimpsest` command: finds text written before, and where it came from.
@main
struct PalimpsestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palimpsest",
        abstract: "Find repeated passages, teasers, boilerplate and reposts, with their provenance.",
        version: PalimpsestVersion.current,
        subcommands: [
            ScanCommand.self, DedupCommand.self, IndexCommand.self, CheckCommand.self, ExportCommand.self, PluginsCommand.self, EvalCommand.self,
            KeygenCommand.self, VerifyCommand.self,
        ])
}

/// Exit codes every subcommand uses besides 0 (every input read, output written) and 64 (usage).
enum ExitStatus {
    /// The output was written, but some inputs (or parts of them) were skipped.
    static let someInputsFailed: Int32 = 1
    /// Nothing could be read, or the output could not be written.
    static let failed: Int32 = 2
}
