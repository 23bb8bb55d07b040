import Foundation
import Synchronization

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
///
/// Each run of the plugin has one deadline (``timeout``) and a cap on its output
/// (``outputLimit(for:)``); past either, the plugin and every process it started are killed, and
/// when it exits, whatever it left running in its process group is killed too. It starts with an
/// empty signal mask, default signal actions and none of the pipes of other plugins running beside it.
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
            output = try Self.run(
                executable, arguments: ["--describe"], input: [], timeout: timeout,
                outputLimit: Self.describeOutputLimit, limitRule: "the cap on --describe, 1 MiB")
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
            output = try Self.run(
                executable, arguments: [], input: Array(try JSONSerialization.data(withJSONObject: request)) + [0x0A], timeout: timeout,
                outputLimit: Self.outputLimit(for: input),
                limitRule: "4 times the input or --max-document-size, whichever is larger, at least 1 MiB")
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

    /// The most a plugin may write to standard output for `input`: four times the larger of the
    /// input's size and the largest document the limits allow (room for JSON's escapes and for
    /// several documents), and never less than 1 MiB. A plugin that writes more is stopped there:
    /// without a cap, one stuck printing (`yes`) fills memory until the deadline.
    public static func outputLimit(for input: ExtractionInput) -> Int {
        let (scaled, overflow) = max(input.bytes.count, input.limits.maximumDocumentBytes).multipliedReportingOverflow(by: 4)
        return overflow ? .max : max(scaled, describeOutputLimit)
    }

    /// The most `--describe` may print: 1 MiB, for a line of a few hundred bytes.
    public static let describeOutputLimit = 1 << 20

    /// Runs a program to completion with a time limit, returning its standard output.
    ///
    /// The plugin is started with `posix_spawn` rather than Foundation's `Process`, for three
    /// things `Process` cannot give it:
    /// - its own process group, so a timeout or an oversized output kills the plugin and whatever
    ///   it started (a shell wrapper's child holds the output pipe open, and killing the shell
    ///   alone left this process waiting for that child for ever);
    /// - a clean signal state: an empty signal mask and every signal at its default action, where
    ///   it inherited this process's (SIGPIPE ignored, and a mask blocking SIGTERM, SIGINT and
    ///   SIGHUP), so that it could be neither interrupted nor stopped by a closed pipe;
    /// - none of the pipes of other plugins: extractions run in parallel, and a plugin holding
    ///   another's request pipe open keeps that one from ever reading the end of its input. Every
    ///   pipe is close-on-exec before any plugin can be started (see ``PluginProcess``); the
    ///   descriptors the child gets are its standard input, output and error, and any other this
    ///   process opened without close-on-exec: nothing closes every other descriptor in the child.
    ///
    /// One loop polls both pipes against one deadline: the request is written as the plugin takes
    /// it, the response read as it comes and cut at `outputLimit`, and the plugin's exit awaited;
    /// a plugin that blocks on any of them is killed with its group and reaped. `limitRule` says,
    /// in the message of ``ExternalPluginError/outputTooLarge(_:_:rule:)``, how `outputLimit` was set.
    private static func run(
        _ executable: String, arguments: [String], input: [UInt8], timeout: Double, outputLimit: Int, limitRule: String
    ) throws(ExternalPluginError) -> [UInt8] {
        // Writing to a plugin that exited without reading its input must fail with EPIPE, not kill
        // this process with SIGPIPE. (The plugin itself gets SIGPIPE back at its default.)
        signal(SIGPIPE, SIG_IGN)
        let child = try PluginProcess(executable, arguments: arguments)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(min(max(timeout, 0), 1e9) * 1e9)
        var request = input[...]
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        do throws(ExternalPluginError) {
            var requestOpen = true, responseOpen = true
            if request.isEmpty { child.closeRequest(); requestOpen = false }
            while requestOpen || responseOpen {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { throw ExternalPluginError.timedOut(executable, timeout) }
                var descriptors: [pollfd] = []
                if responseOpen { descriptors.append(pollfd(fd: child.response, events: Int16(POLLIN), revents: 0)) }
                if requestOpen { descriptors.append(pollfd(fd: child.request, events: Int16(POLLOUT), revents: 0)) }
                let milliseconds = Int32(min((deadline - now) / 1_000_000 + 1, 1_000))
                guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) >= 0 else {
                    if errno == EINTR { continue }
                    throw ExternalPluginError.unusable(executable, "cannot wait for it: \(String(cString: strerror(errno)))")
                }
                for descriptor in descriptors where descriptor.revents != 0 {
                    if descriptor.fd == child.response {
                        let count = buffer.withUnsafeMutableBytes { read(child.response, $0.baseAddress, $0.count) }
                        if count > 0 {
                            guard output.count + count <= outputLimit else { throw ExternalPluginError.outputTooLarge(executable, outputLimit, rule: limitRule) }
                            output.append(contentsOf: buffer[0..<count])
                        } else if count == 0 || errno != EINTR && errno != EAGAIN {
                            responseOpen = false
                        }
                    } else {
                        // The request end is non-blocking: write what the pipe takes now.
                        let count = request.withUnsafeBytes { write(child.request, $0.baseAddress, $0.count) }
                        if count > 0 { request = request.dropFirst(count) }
                        // A plugin that stops reading early is judged by its exit status, not by this write.
                        if request.isEmpty || count < 0 && errno != EINTR && errno != EAGAIN {
                            child.closeRequest()
                            requestOpen = false
                        }
                    }
                }
            }
            while true {
                if let ending = child.exitStatus() {
                    child.closeResponse()
                    switch ending {
                    case .exited(0): return output
                    case .exited(let code): throw ExternalPluginError.failed(executable, code)
                    case .signalled(let signal): throw ExternalPluginError.killed(executable, signal)
                    }
                }
                guard DispatchTime.now().uptimeNanoseconds < deadline else { throw ExternalPluginError.timedOut(executable, timeout) }
                usleep(2_000)
            }
        } catch {
            child.stop()
            throw error
        }
    }
}

/// A plugin started in a process group of its own, with pipes for its standard input and output.
///
/// The plugin gets its standard input and output from these pipes, shares standard error, and
/// inherits no pipe of another plugin: the pipes are made and marked close-on-exec under
/// ``spawning``, the lock every plugin is started under. A descriptor this process opened without
/// close-on-exec elsewhere would still pass to the plugin; nothing closes every other descriptor
/// in the child.
private final class PluginProcess {
    /// The plugin's process id, which is also its group's id.
    let pid: pid_t
    /// This side of the plugin's standard input, non-blocking; -1 once closed.
    private(set) var request: Int32
    /// This side of the plugin's standard output; -1 once closed.
    private(set) var response: Int32
    /// Whether the plugin has been reaped.
    private var reaped = false

    /// How a plugin ended.
    enum Ending {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
    }

    /// The lock under which every plugin of this process is started: its pipes made, marked
    /// close-on-exec, and the plugin spawned.
    ///
    /// `pipe` makes descriptors that any child spawned before `fcntl` marks them inherits.
    /// Extractions run in parallel, so without the lock a plugin started by another extraction in
    /// that gap would hold this plugin's request pipe open, and this plugin would never read the
    /// end of its input (issue 14, item 10). `pipe2(O_CLOEXEC)` and
    /// `posix_spawn_file_actions_addclosefrom_np`, which close the gap without a lock, are not
    /// visible through Swift's Glibc module.
    private static let spawning = Mutex(())

    /// Starts `executable` with `arguments`, this process's environment, and standard error shared.
    /// - Throws: ``ExternalPluginError/unusable(_:_:)`` when pipes cannot be made or it cannot be started.
    init(_ executable: String, arguments: [String]) throws(ExternalPluginError) {
        let started = try PluginProcess.spawning.withLock { _ in PluginProcess.spawn(executable, arguments: arguments) }.get()
        pid = started.pid
        request = started.request
        response = started.response
        _ = fcntl(request, F_SETFL, fcntl(request, F_GETFL) | O_NONBLOCK)
    }

    /// Makes the two pipes close-on-exec and spawns the plugin on them; called under ``spawning``
    /// only. The spawned child gets its own ends through `dup2`, which clears the flag on the copies.
    /// - Returns: the plugin's id and this side of its standard input and output, or why it could
    ///   not be started (every descriptor made is closed then).
    private static func spawn(
        _ executable: String, arguments: [String]
    ) -> Result<(pid: pid_t, request: Int32, response: Int32), ExternalPluginError> {
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1]
        guard pipe(&input) == 0 else { return .failure(.unusable(executable, "cannot make a pipe: \(String(cString: strerror(errno)))")) }
        guard pipe(&output) == 0 else {
            let reason = String(cString: strerror(errno))
            close(input[0]); close(input[1])
            return .failure(.unusable(executable, "cannot make a pipe: \(reason)"))
        }
        for descriptor in input + output { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        var noSignals = sigset_t(), everySignal = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&everySignal)
        let flags = Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        // Each call returns 0 or an errno; the first failure stops the rest.
        var result = posix_spawnattr_setpgroup(&attributes, 0)
        if result == 0 { result = posix_spawnattr_setsigmask(&attributes, &noSignals) }
        if result == 0 { result = posix_spawnattr_setsigdefault(&attributes, &everySignal) }
        if result == 0 { result = posix_spawnattr_setflags(&attributes, flags) }
        if result == 0 { result = posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO) }
        if result == 0 { result = posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO) }
        var pid: pid_t = 0
        if result == 0 {
            let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            // "Text file busy": another process (any child forked while the plugin's file was open for
            // writing, such as a test or an installer that just wrote it) still holds it open for
            // writing. That ends when such a child execs or exits, so try again for up to a second.
            var waits = 0
            while result == ETXTBSY, waits < 20 {
                waits += 1
                usleep(50_000)
                result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            }
        }
        close(input[0])
        close(output[1])
        guard result == 0 else {
            close(input[1]); close(output[0])
            return .failure(.unusable(executable, "cannot start it: \(String(cString: strerror(result)))"))
        }
        return .success((pid: pid, request: input[1], response: output[0]))
    }

    deinit {
        stop()
    }

    /// Closes the plugin's standard input: it reads the end of the request.
    func closeRequest() {
        if request >= 0 { close(request) }
        request = -1
    }

    /// Closes this side of the plugin's standard output.
    func closeResponse() {
        if response >= 0 { close(response) }
        response = -1
    }

    /// How the plugin ended, reaping it; nil while it runs.
    ///
    /// Once it has ended, every process left in its group is killed before it is reaped: a
    /// plugin's background children (`sleep 60 >/dev/null &`) would otherwise outlive the run, one
    /// set per input. The ended plugin is first only looked at (`WNOWAIT`), so that its id, which
    /// is its group's, cannot yet be another process's when the group is signalled; an empty group
    /// answers ESRCH, which means nothing outlived it.
    func exitStatus() -> Ending? {
        // With WNOHANG and the plugin still running, waitid returns 0 and leaves si_signo zero (as
        // it starts here): it is SIGCHLD only for a plugin that has ended.
        var information = siginfo_t()
        guard waitid(P_PID, id_t(pid), &information, WEXITED | WNOHANG | WNOWAIT) == 0, information.si_signo == SIGCHLD else {
            return nil
        }
        _ = kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        reaped = true
        // WIFEXITED and WEXITSTATUS are macros Swift does not import: the low seven bits hold the
        // ending signal, zero for a normal exit, whose status is the next byte.
        return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }

    /// Kills the plugin and every process of its group, closes the pipes and reaps it. The group
    /// is signalled before the plugin is reaped, while its id cannot yet be another's.
    func stop() {
        closeRequest()
        closeResponse()
        guard !reaped else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        reaped = true
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
    /// A signal ended it (its number).
    case killed(String, Int32)
    /// It wrote more than this many bytes to standard output, and was stopped; `rule` says how the
    /// cap was set (for an input, or for `--describe`), so the message tells what would raise it.
    case outputTooLarge(String, Int, rule: String)

    /// The message.
    public var description: String {
        switch self {
        case .unusable(let path, let reason): "\(path): \(reason)"
        case .timedOut(let path, let seconds): "\(path) took longer than \(Int(seconds)) s and was stopped, with every process it started"
        case .failed(let path, let status): "\(path) exited with status \(status)"
        case .killed(let path, let signal): "\(path) was ended by signal \(signal)"
        case .outputTooLarge(let path, let limit, let rule):
            "\(path) wrote more than \(limit) bytes to standard output (\(rule)) and was stopped"
        }
    }
}
