import Foundation
import Testing

/// `dedup` on inputs that can be read only once (issue 14, item 12): it opened every input a second
/// time for the exact checks, which blocks forever on a named pipe whose writer is done, and found
/// nothing to read again on standard input. A stream's records are now read again from a copy.
@Suite struct DedupStreamTests {
    /// Four pairs of 94-word texts, each copy with two words changed far apart (resemblance 80/100,
    /// at the threshold, so their sketches cannot decide them), and a few unrelated texts.
    static func corpus() -> String {
        let syllables = ["ka", "lo", "mer", "ti", "sun", "dra", "vel", "op", "ni", "har", "bou", "sel", "qui", "den", "ra", "tor"]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func word() -> String { (0..<3).map { _ in syllables[next() % syllables.count] }.joined() }
        var lines: [String] = []
        for pair in 0..<4 {
            var words = (0..<94).map { _ in word() }
            lines.append("{\"id\": \"p\(pair)\", \"text\": \"\(words.joined(separator: " "))\"}")
            words[30] = "zz" + word()
            words[70] = "zz" + word()
            lines.append("{\"id\": \"p\(pair)-copy\", \"text\": \"\(words.joined(separator: " "))\"}")
        }
        for other in 0..<6 { lines.append("{\"id\": \"o\(other)\", \"text\": \"\((0..<40).map { _ in word() }.joined(separator: " "))\"}") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The counts of the summary line: pairs checked on their texts, and near-threshold pairs
    /// decided by their sketches.
    func checkedAndEstimated(_ summary: String) -> (checked: Int?, estimated: Int?) {
        var checked: Int?, estimated: Int?
        for part in summary.split(whereSeparator: { $0 == "," || $0 == ":" || $0 == "\n" }) {
            let words = part.split(separator: " ")
            guard let count = words.first.flatMap({ Int($0) }) else { continue }
            if part.hasSuffix("checked on their texts") { checked = count }
            if part.hasSuffix("decided by sketch near the threshold") { estimated = count }
        }
        return (checked, estimated)
    }

    /// Runs the executable, killing it after `seconds`; returns its status and standard error, or
    /// nil when it had to be killed.
    func runBounded(_ arguments: [String], within seconds: Double) throws -> (status: Int32, error: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        nonisolated(unsafe) var error = Data()
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) { error = stderr.fileHandleForReading.readDataToEndOfFile() }
        guard finished.wait(timeout: .now() + seconds) == .success else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        reading.wait()
        return (process.terminationStatus, String(decoding: error, as: UTF8.self))
    }

    @Test func aNamedPipeIsReadOnceAndItsPairsAreCheckedOnTheirTexts() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("corpus.jsonl").path, output = folder.appendingPathComponent("clusters.tsv")
        #expect(mkfifo(pipe, 0o600) == 0)
        // The writer waits (bounded) for the reader, writes the corpus once and closes: a second
        // open of the pipe would find no writer and wait forever.
        let bytes = Array(Self.corpus().utf8)
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) {
            var descriptor: Int32 = -1
            for _ in 0..<600 where descriptor < 0 {
                descriptor = open(pipe, O_WRONLY | O_NONBLOCK)
                if descriptor < 0 { usleep(50_000) }
            }
            guard descriptor >= 0 else { return }
            _ = fcntl(descriptor, F_SETFL, 0)
            var written = 0
            while written < bytes.count {
                let step = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if step <= 0 { break }
                written += step
            }
            Foundation.close(descriptor)
        }
        let result = try runBounded(["dedup", pipe, "-o", output.path], within: 30)
        writer.wait()
        let finished = try #require(result, "dedup on a named pipe did not finish within 30 s")
        #expect(finished.status == 0, "\(finished.error)")
        let counts = checkedAndEstimated(finished.error)
        #expect(counts.estimated == 0, "near-threshold pairs were decided by sketch: \(finished.error)")
        #expect((counts.checked ?? 0) >= 1, "\(finished.error)")
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 14)
    }

    @Test(arguments: ["-", "/dev/stdin"])
    func standardInputIsStreamedAndItsPairsAreCheckedOnTheirTexts(name: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("clusters.tsv")
        let result = try run(CommandLineTests.executable, ["dedup", name, "-o", output.path], input: Array(Self.corpus().utf8))
        #expect(result.status == 0, "\(result.error)")
        let counts = checkedAndEstimated(result.error)
        #expect(counts.estimated == 0, "near-threshold pairs were decided by sketch: \(result.error)")
        #expect((counts.checked ?? 0) >= 1, "\(result.error)")
        #expect(try String(contentsOf: output, encoding: .utf8).split(separator: "\n").count == 14)
    }
}
