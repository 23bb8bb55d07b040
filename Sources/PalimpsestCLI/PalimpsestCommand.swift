import ArgumentParser
import Foundation
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

/// Lines for people on standard error: `palimpsest: ` and the message, one line each.
///
/// Messages carry ids, file names and plugins' words, which come from the inputs; each is passed
/// through ``DisplayText/sanitized(_:keepingLineBreaks:)`` so an ESC, a carriage return, a line
/// break or a bidirectional override in them is shown as an escape and never acts on the terminal.
/// Every command writes its messages through here.
enum Messages {
    /// Writes `palimpsest: message` and a line break to standard error, control characters escaped.
    static func print(_ message: String) {
        FileHandle.standardError.write(Data("palimpsest: \(DisplayText.sanitized(message))\n".utf8))
    }

    /// Writes `palimpsest: warning: message`, as ``print(_:)`` does.
    static func warn(_ message: String) {
        print("warning: \(message)")
    }
}
