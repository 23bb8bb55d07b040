import Foundation

/// An extractor written in any language: an executable that speaks JSON lines.
///
/// Protocol version 1:
/// - `PLUGIN --describe` prints one JSON object: `{"protocol": 1, "kind": "extractor", "name",
///   "version", "extensions": [...], "summary"}`.
/// - For each input, Palimpsest runs `PLUGIN` and writes one request line on its standard input:
///   `{"protocol": 1, "id", "location", "content_base64"}` (the decompressed bytes). The plugin
///   writes one response line: `{"documents": [{"id", "text" | "passages": [{"text", "role"?}],
///   "title"?, "url"?, "site"?, "publisher"?, "author"?, "published"?, "retrieved"?, "metadata"?}],
///   "problems": [{"message", "line"?}]}`, and exits 0.
/// Passages become blocks of the document (joined by a blank line); a bare `text` is cut into
/// paragraphs like plain text. Anything else — a crash, a timeout, output that is not the response
/// — is reported as a problem with the input, and the run goes on.
public struct ExternalProcessExtractor: Extractor {
    /// The plugin's name and version, from `--describe`.
    public let stamp: PluginStamp
    /// The plugin's own summary.
    public let summary: String
    /// The extensions it claims.
    public let fileExtensions: [String]
    /// The executable.
    public let executable: String
    /// How long one input may take, in seconds.
    public let timeout: Double

    /// Asks `executable` to describe itself.
    /// - Throws: ``ExternalPluginError`` when it cannot be run or does not describe an extractor.
    public init(executable: String, timeout: Double = 60) throws(ExternalPluginError) {
        self.executable = executable
        self.timeout = timeout
        let output: [UInt8]
        do {
            output = try Self.run(executable, arguments: ["--describe"], input: [], timeout: timeout)
        } catch {
            throw .unusable(executable, "cannot run it with --describe: \(error)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(output)) as? [String: Any],
              object["kind"] as? String == "extractor", let name = object["name"] as? String, !name.isEmpty
        else { throw .unusable(executable, "--describe did not print {\"kind\": \"extractor\", \"name\": …}") }
        guard (object["protocol"] as? Int ?? 1) == 1 else { throw .unusable(executable, "speaks protocol \(object["protocol"]!), this Palimpsest speaks 1") }
        stamp = PluginStamp(name: name, version: object["version"] as? String ?? "unknown")
        summary = (object["summary"] as? String ?? "external extractor") + " [\(executable)]"
        fileExtensions = (object["extensions"] as? [String] ?? []).map { $0.lowercased() }
    }

    /// Runs the plugin on one input.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        let request: [String: Any] = [
            "protocol": 1, "id": input.documentID, "location": input.location,
            "content_base64": Data(input.bytes).base64EncodedString(),
        ]
        let output: [UInt8]
        do {
            output = try Self.run(executable, arguments: [], input: Array(try JSONSerialization.data(withJSONObject: request)) + [0x0A], timeout: timeout)
        } catch {
            throw InputProblem(location: input.location, message: "plugin \(stamp.name) failed: \(error)")
        }
        let line = output.split(separator: 0x0A).first.map(Array.init) ?? []
        guard let response = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw InputProblem(location: input.location, message: "plugin \(stamp.name) did not answer with a JSON response line")
        }
        for problem in response["problems"] as? [[String: Any]] ?? [] {
            try emit(.problem(InputProblem(
                location: input.location, position: (problem["line"] as? Int).map { .line($0) },
                message: "\(stamp.name): \(problem["message"] as? String ?? "unspecified problem")")))
        }
        for (number, object) in (response["documents"] as? [[String: Any]] ?? []).enumerated() {
            var builder = DocumentBuilder()
            if let passages = object["passages"] as? [[String: Any]] {
                for passage in passages {
                    guard let text = passage["text"] as? String else { continue }
                    builder.append(text, role: (passage["role"] as? String).flatMap(BlockRole.init(rawValue:)) ?? .paragraph)
                }
            } else if let text = object["text"] as? String {
                for block in PlainTextBlocks.blocks(text) { builder.append(block.text, role: block.role) }
            }
            guard !builder.isEmpty else {
                try emit(.problem(InputProblem(location: input.location, message: "\(stamp.name): document \(number + 1) has no text; skipped")))
                continue
            }
            var source = SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID)
            var fields: [String: String] = [:]
            for key in ["title", "url", "site", "publisher", "author", "published", "retrieved"] {
                if let value = object[key] as? String { fields[key] = value }
            }
            for (key, value) in object["metadata"] as? [String: Any] ?? [:] {
                if let value = value as? String { fields[key] = value }
            }
            source.fill(from: fields)
            try emit(.document(builder.build(id: object["id"] as? String ?? "\(input.documentID)#\(number + 1)", source: source)))
        }
    }

    /// Runs a program to completion with a time limit, returning its standard output.
    private static func run(_ executable: String, arguments: [String], input: [UInt8], timeout: Double) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        // A plugin may exit without reading its input; writing to it must then fail with EPIPE, not
        // kill this process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // One deadline covers writing the request, reading the response and the plugin's exit; a
        // plugin that blocks on any of them is killed and reaped.
        let deadline = DispatchTime.now() + timeout
        let output = Locked(Data())
        let exchange = DispatchGroup()
        DispatchQueue.global().async(group: exchange) {
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            output.withLock { $0 = data }
        }
        let request = Data(input)
        DispatchQueue.global().async(group: exchange) {
            // A plugin that stops reading early is judged by its exit status, not by this write.
            try? stdin.fileHandleForWriting.write(contentsOf: request)
            try? stdin.fileHandleForWriting.close()
        }
        func stop() -> ExternalPluginError {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .timedOut(executable, timeout)
        }
        if exchange.wait(timeout: deadline) == .timedOut { throw stop() }
        while process.isRunning {
            if DispatchTime.now() >= deadline { throw stop() }
            usleep(5_000)
        }
        guard process.terminationStatus == 0 else { throw ExternalPluginError.failed(executable, process.terminationStatus) }
        return Array(output.withLock { $0 })
    }
}

/// Why an external plugin could not be used.
public enum ExternalPluginError: Error, Sendable, CustomStringConvertible {
    /// The executable cannot serve as a plugin.
    case unusable(String, String)
    /// It ran longer than allowed.
    case timedOut(String, Double)
    /// It exited with a failure status.
    case failed(String, Int32)

    /// The message.
    public var description: String {
        switch self {
        case .unusable(let path, let reason): "\(path): \(reason)"
        case .timedOut(let path, let seconds): "\(path) took longer than \(Int(seconds)) s and was stopped"
        case .failed(let path, let status): "\(path) exited with status \(status)"
        }
    }
}
