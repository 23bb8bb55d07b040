import Foundation
import Palimpsest
import Testing

/// External plugins that misbehave as processes (issue 14, item 10): a shell wrapper whose child
/// outlives the deadline, a plugin that prints without end, and the signal state a plugin starts
/// with. Each plugin is a small `/bin/sh` script in a temporary folder. Tests that read `/proc`
/// are Linux only.
@Suite struct HostilePluginProcessTests {
    /// Writes an executable shell script answering `--describe` as extractor `name`, and running
    /// `body` for each input.
    func plugin(_ name: String, body: String, in folder: URL) throws -> String {
        let script = try write(
            "#!/bin/sh\nif [ \"$1\" = --describe ]; then echo '{\"kind\":\"extractor\",\"name\":\"\(name)\",\"extensions\":[\"\(name)\"]}'; exit 0; fi\n\(body)\n",
            to: "\(name).sh", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    /// Runs `body` on a thread of its own and returns its result, or nil when it has not finished
    /// within `seconds` (the thread is left to finish on its own: a test of a hang must not hang).
    func finishes<Value: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> Value) -> Value? {
        let result = Locked<Value?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// The message of the problem `extract` throws, or nil when it does not throw one.
    static func problem(_ plugin: ExternalProcessExtractor, _ input: ExtractionInput) -> String? {
        do {
            try plugin.extract(input) { _ in }
            return nil
        } catch {
            return (error as? InputProblem)?.message ?? "\(error)"
        }
    }

    /// Whether process `pid` has ended within two seconds: gone, or (on Linux, read from `/proc`) a
    /// zombie waiting to be reaped by init.
    func ends(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
            if kill(pid, 0) != 0 || state == "Z" { return true }
            usleep(20_000)
        }
        return false
    }

    /// The process id a plugin wrote to `file`.
    func pid(in file: URL) throws -> Int32 {
        try #require(Int32(try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func theDeadlineStopsAWrapperAndTheChildItStarted() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("child.pid")
        // The shell does not exec: its child holds the output pipe open after the shell is killed.
        let script = try plugin("wrapper", body: "sleep 20 &\necho $! > '\(pidFile.path)'\nwait", in: folder)
        let extractor = try ExternalProcessExtractor(executable: script, timeout: 1)
        let input = ExtractionInput(location: "slow.wrapper", documentID: "slow", bytes: Array("text".utf8))
        let started = Date()
        let message = finishes(within: 12) { Self.problem(extractor, input) }
        let outcome = try #require(message, "extract returned within 12 s of a 1 s deadline")
        #expect(outcome?.contains("took longer than 1 s") == true, "\(String(describing: outcome))")
        #expect(Date().timeIntervalSince(started) < 12)

        // The child was killed with its group.
        let child = try pid(in: pidFile)
        #expect(ends(child), "the plugin's child (pid \(child)) was killed with it")
    }

    @Test func whatAPluginLeavesRunningIsKilledWhenItExits() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("child.pid")
        // The child holds neither pipe: the plugin answers and exits 0 while it runs on.
        let body = """
            sleep 30 >/dev/null 2>&1 </dev/null &
            echo $! > '\(pidFile.path)'
            cat >/dev/null
            echo '{"documents":[{"id":"left","text":"left a child running"}]}'
            """
        let script = try plugin("leaver", body: body, in: folder)
        let extractor = try ExternalProcessExtractor(executable: script, timeout: 10)
        var documents: [Document] = []
        try extractor.extract(ExtractionInput(location: "a.leaver", documentID: "a", bytes: Array("text".utf8))) { item in
            if case .document(let document) = item { documents.append(document) }
        }
        #expect(documents.map(\.id) == ["left"])
        let child = try pid(in: pidFile)
        let ended = ends(child)
        if !ended { kill(child, SIGKILL) }
        #expect(ended, "the plugin's background child (pid \(child)) was killed when the plugin exited")
    }

    @Test func anOversizedDescriptionNamesItsOwnCap() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try write("#!/bin/sh\nhead -c 2000000 /dev/zero\n", to: "talker.sh", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        var caught: (any Error)?
        do {
            _ = try ExternalProcessExtractor(executable: script.path, timeout: 10)
        } catch {
            caught = error
        }
        let message = try #require(caught.map { "\($0)" })
        #expect(message.contains("wrote more than 1048576 bytes to standard output (the cap on --describe, 1 MiB)"), "\(message)")
        #expect(!message.contains("4 times the input"), "the rule for inputs does not apply to --describe: \(message)")
    }

    @Test func endlessOutputIsCutAtTheCapWithAProblemNamingThePluginAndTheInput() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try plugin("chatty", body: "head -c 3000000 /dev/zero", in: folder)
        let extractor = try ExternalProcessExtractor(executable: script, timeout: 10)
        let limits = InputLimits(maximumDocumentBytes: 1000)
        let input = ExtractionInput(location: "notes.chatty", documentID: "notes", bytes: Array("a few words".utf8), limits: limits)
        #expect(ExternalProcessExtractor.outputLimit(for: input) == 1 << 20, "the 1 MiB floor: 4 × 1000 bytes is less")
        var caught: (any Error)?
        do {
            try extractor.extract(input) { _ in }
        } catch {
            caught = error
        }
        let problem = try #require(caught as? InputProblem)
        #expect(problem.location == "notes.chatty")
        #expect(problem.message.contains("plugin chatty failed"))
        #expect(problem.message.contains("wrote more than 1048576 bytes to standard output"), "\(problem.message)")

        // The cap scales with the limits and never overflows.
        let large = ExtractionInput(location: "x", documentID: "x", bytes: [], limits: InputLimits(maximumDocumentBytes: 64 << 20))
        #expect(ExternalProcessExtractor.outputLimit(for: large) == 256 << 20)
        let unbounded = ExtractionInput(location: "x", documentID: "x", bytes: [], limits: InputLimits(maximumDocumentBytes: .max))
        #expect(ExternalProcessExtractor.outputLimit(for: unbounded) == .max)
    }

    #if os(Linux)
    @Test func pluginsStartedInParallelHoldNoPipeOfAnother() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each plugin names its own two pipes and every other pipe it holds, read from /proc after it
        // started (the command substitutions' own pipes are new ones, never another plugin's).
        let body = """
            own="$(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1)"
            held=""
            for f in /proc/$$/fd/*; do
              case "${f##*/}" in 0|1|2) ;; *) l="$(readlink "$f")"; case "$l" in pipe:*) held="$held $l";; esac;; esac
            done
            cat >/dev/null
            printf '{"documents":[{"id":"fds","text":"%s|%s"}]}\\n' "$own" "$held"
            """
        let script = try plugin("fds", body: body, in: folder)
        let extractor = try ExternalProcessExtractor(executable: script, timeout: 5)
        let reports = Locked<[(own: Set<String>, held: Set<String>)]>([])
        let failures = Locked<[String]>([])
        let threads = 8, runs = 15
        let finished = finishes(within: 90) {
            let done = DispatchSemaphore(value: 0)
            for thread in 0..<threads {
                Thread.detachNewThread {
                    for run in 0..<runs {
                        let input = ExtractionInput(location: "\(thread)-\(run).fds", documentID: "d", bytes: Array("some words".utf8))
                        do {
                            try extractor.extract(input) { item in
                                guard case .document(let document) = item else { return }
                                let sides = document.text.split(separator: "|", omittingEmptySubsequences: false)
                                let names = sides.map { Set($0.split(separator: " ").map(String.init)) }
                                reports.withLock { $0.append((own: names.first ?? [], held: names.dropFirst().first ?? [])) }
                            }
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                        }
                    }
                    done.signal()
                }
            }
            for _ in 0..<threads { done.wait() }
            return true
        }
        #expect(finished == true, "\(threads * runs) extractions finished within 90 s")
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        let all = reports.withLock { $0 }
        #expect(all.count == threads * runs)
        let everyPluginsPipes = all.reduce(into: Set<String>()) { $0.formUnion($1.own) }
        for report in all {
            let borrowed = report.held.intersection(everyPluginsPipes.subtracting(report.own))
            #expect(borrowed.isEmpty, "a plugin held another plugin's pipes \(borrowed.sorted())")
        }
    }

    @Test func aPluginStartsWithNoSignalBlockedAndSIGPIPEAtItsDefault() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Builtins only (no fork before reading): the shell's own mask and ignored set, as inherited.
        let body = """
            state=""
            while IFS= read -r line; do case "$line" in SigBlk*|SigIgn*) set -- $line; state="$state $1$2";; esac; done < /proc/$$/status
            while IFS= read -r line; do :; done
            printf '{"documents":[{"id":"signals","text":"%s"}]}\\n' "$state"
            """
        let script = try plugin("mask", body: body, in: folder)
        try write("one input", to: "corpus/a.mask", in: folder)
        let scan = try run(CommandLineTests.executable, ["scan", folder.appendingPathComponent("corpus").path, "--plugin", script, "-q"])
        #expect(scan.status == 0, "\(scan.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(scan.output)) as? [String: Any])
        let text = try #require(document["text"] as? String)
        var masks: [String: UInt64] = [:]
        for field in text.split(separator: " ") {
            let parts = field.split(separator: ":")
            if parts.count == 2 { masks[String(parts[0])] = UInt64(parts[1], radix: 16) }
        }
        let blocked = try #require(masks["SigBlk"], "\(text)")
        let ignored = try #require(masks["SigIgn"], "\(text)")
        #expect(blocked == 0, "no signal is blocked (SIGTERM, SIGINT and SIGHUP were): \(text)")
        #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) == 0, "SIGPIPE is not ignored: \(text)")
    }
    #endif
}
