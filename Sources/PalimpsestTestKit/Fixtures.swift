import Foundation

/// Inputs for plugin tests that are awkward to write by hand.
public enum Fixtures {
    /// `bytes` compressed by the system's `gzip` (an encoder independent of the decoder under test).
    /// - Throws: when `/bin/gzip` cannot be run.
    public static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        // A file, not a pipe, carries the input: writing a large input to a pipe while nobody reads
        // the output would block both processes.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-fixture-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
