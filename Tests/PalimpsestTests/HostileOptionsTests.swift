import Foundation
import Testing

/// Option values built to overflow or to be not a number (issue 14, item 16): `infG`, `1e30G` and
/// `--bands 9223372036854775807x2` trapped while the options were read. Each must be a usage error
/// (exit 64) that names its option.
@Suite struct HostileOptionsTests {
    static let cases: [(command: String, option: String, value: String)] = [
        ("dedup", "--max-input-size", "infG"),
        ("dedup", "--max-document-size", "1e30G"),
        ("dedup", "--max-line-length", "nanM"),
        ("dedup", "--max-decompressed-size", "99999999T"),
        ("dedup", "--max-input-size", "9223372036854775807"),
        ("dedup", "--max-compression-ratio", "1e30"),
        ("dedup", "--memory", "infG"),
        ("dedup", "--memory", "1e30G"),
        ("dedup", "--memory", "0x1p70K"),
        ("dedup", "--bands", "9223372036854775807x2"),
        ("dedup", "--bands", "2x9223372036854775807"),
        ("dedup", "--bands", "99999999999999999999x1"),
        ("dedup", "--jobs", "9223372036854775807"),
        ("dedup", "--shingle-size", "9223372036854775807"),
        ("dedup", "--threshold", "nan"),
        ("dedup", "--coverage", "inf"),
        ("scan", "--max-input-size", "infG"),
        ("scan", "--max-document-size", "1e30G"),
        ("scan", "--shingle", "9223372036854775807"),
        ("scan", "--permutations", "9223372036854775807"),
        ("scan", "--threshold", "inf"),
        ("check", "--max-line-length", "1e30G"),
    ]

    /// Runs `command` on a one-record corpus with `option value` added (`check` against an index that
    /// does not exist: the option is refused before the index is opened).
    func runWithOption(_ command: String, _ option: String, _ value: String) throws -> (status: Int32, output: [UInt8], error: String) {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write("{\"id\": \"a\", \"text\": \"A few words about the ferry.\"}\n", to: "corpus.jsonl", in: folder)
        let arguments = command == "check"
            ? ["check", input.path, "--index", folder.appendingPathComponent("missing.sqlite").path, option, value]
            : [command, input.path, option, value]
        return try run(CommandLineTests.executable, arguments)
    }

    @Test(arguments: cases.indices)
    func anOverflowingOrNonFiniteValueIsAUsageErrorNamingItsOption(index: Int) throws {
        let (command, option, value) = Self.cases[index]
        let result = try runWithOption(command, option, value)
        #expect(result.status == 64, "\(command) \(option) \(value): status \(result.status), \(result.error)")
        #expect(result.error.contains(option), "\(command) \(option) \(value): \(result.error)")
    }

    /// Option values that reach a usage error's text, each holding an ESC sequence that would clear
    /// the screen: the option and the value as given.
    static let controlCases: [(command: String, option: String, value: String)] = [
        ("scan", "--plugin", "/missing/\u{1B}[2J"),
        ("scan", "--format", "\u{1B}[2J"),
        ("scan", "--extractor", "\u{1B}[2J"),
        ("scan", "--field", "\u{1B}[2J"),
        ("scan", "--max-input-size", "\u{1B}[2J"),
        ("dedup", "--memory", "\u{1B}[2J"),
        ("dedup", "--bands", "\u{1B}[2J"),
        ("dedup", "--field", "\u{1B}[2J"),
        ("check", "--format", "\u{1B}[2J"),
    ]

    @Test(arguments: controlCases.indices)
    func aUsageErrorShowsControlCharactersInTheValueAsEscapes(index: Int) throws {
        let (command, option, value) = Self.controlCases[index]
        let result = try runWithOption(command, option, value)
        #expect(result.status == 64, "\(command) \(option): status \(result.status), \(result.error)")
        #expect(!result.error.contains("\u{1B}"), "\(command) \(option): an ESC reached standard error")
        #expect(result.error.contains("\\u{1B}[2J"), "\(command) \(option): \(result.error)")
    }

    @Test func theLargestSizesThatMakeSenseAreStillAccepted() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write("{\"id\": \"a\", \"text\": \"A few words about the ferry.\"}\n", to: "corpus.jsonl", in: folder)
        let result = try run(CommandLineTests.executable, [
            "dedup", input.path, "--max-input-size", "1024T", "--memory", "1.5G", "--bands", "1x128", "--jobs", "1024", "-q",
        ])
        #expect(result.status == 0, "\(result.error)")
    }
}
