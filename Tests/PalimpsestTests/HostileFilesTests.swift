import Foundation
import Palimpsest
import Testing

/// Files that are not what an output or input path usually names (pipes, devices, links, the same
/// file under two names, unreadable folders, names that are not UTF-8, wide encodings), each met
/// with a write or read that leaves them intact, or a message naming them (issue 14).
@Suite struct HostileFilesTests {
    static let text = "The harbour authority said on Monday that fares on the island ferry will rise from April.\n"

    // MARK: - Outputs (item 1)

    @Test func anOutputThatIsANamedPipeIsWrittenThroughNotReplaced() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "a.txt", in: folder)
        let fifo = folder.appendingPathComponent("out.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader that never waits: the command's open for writing succeeds at once, and its few
        // hundred bytes fit the pipe's buffer.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let result = try runBounded(["scan", input.path, "-o", fifo, "-q"])
        #expect(result.status == 0, "\(result.error)")
        #expect((try FileStatus(path: fifo, followingLinks: false)).kind == .namedPipe, "the pipe is still a pipe")
        let capacity = 1 << 16
        var bytes = [UInt8](repeating: 0, count: capacity)
        let got = read(reader, &bytes, capacity)
        #expect(String(decoding: bytes.prefix(max(0, got)), as: UTF8.self).contains("\"id\":"))
    }

    @Test func anOutputThatIsASymbolicLinkWritesItsTargetAndKeepsTheLink() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "a.txt", in: folder)
        let target = try write("old", to: "real/findings.jsonl", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target.path)
        let link = folder.appendingPathComponent("findings.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/findings.jsonl")
        let result = try runBounded(["scan", input.path, "-o", link, "-q"])
        #expect(result.status == 0, "\(result.error)")
        #expect((try FileStatus(path: link, followingLinks: false)).kind == .symbolicLink, "the link is still a link")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("\"id\":"))
        #expect((try FileStatus(path: target.path)).permissions == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["findings.jsonl"])
    }

    @Test func anExistingOutputKeepsItsPermissions() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try write("old", to: "findings.csv", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: output.path)
        try AtomicOutput.write(to: output.path) { try $0.write("new\n") }
        #expect(try String(contentsOf: output, encoding: .utf8) == "new\n")
        #expect((try FileStatus(path: output.path)).permissions == 0o600)
    }

    @Test func anOutputThatIsAnInputOrTheManifestIsRefused() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "a.txt", in: folder)
        let sameFile = folder.path + "/./a.txt"
        let refused = try runBounded(["scan", input.path, "-o", sameFile, "-q"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("\(sameFile): is the same file as \(input.path)"), "\(refused.error)")
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.text, "the input is untouched")
        // Through the library, a link to an input is the input.
        let link = folder.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input.path)
        #expect(throws: OutputError.self) { try AtomicOutput.write(to: link, inputs: [input.path]) { try $0.write("x") } }
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.text)

        let output = folder.appendingPathComponent("out.jsonl").path
        let sameAsManifest = try runBounded(["scan", input.path, "-o", output, "--manifest", output, "-q"])
        #expect(sameAsManifest.status == 64)
        #expect(sameAsManifest.error.contains("--manifest \(output)"), "\(sameAsManifest.error)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    // MARK: - Write errors (item 24)

    @Test func aFullStandardOutputIsAnError() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let result = try runBounded(["plugins"], standardOutput: full)
        #expect(result.status == 2)
        #expect(result.error.contains("No space left on device"), "\(result.error)")
    }

    @Test func devStdoutWritesWhereTheShellPointedIt() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "a.txt", in: folder)
        let redirected = try write("kept line\n", to: "out.jsonl", in: folder)
        let before = try FileStatus(path: redirected.path).identity
        // As `>> out.jsonl` would: the output is appended to the file the descriptor names.
        let handle = try FileHandle(forWritingTo: redirected)
        try handle.seekToEnd()
        let result = try runBounded(["scan", input.path, "-q", "-o", "/dev/stdout"], standardOutput: handle)
        try handle.close()
        #expect(result.status == 0, "\(result.error)")
        #expect(try FileStatus(path: redirected.path).identity == before, "the file is the same file, not replaced")
        let text = try String(contentsOf: redirected, encoding: .utf8)
        #expect(text.hasPrefix("kept line\n{"), "appended after what was there: \(text.prefix(80))")
    }

    @Test func libxml2PrintsNothingOfItsOwn() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = try write(
            "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><rss><channel><title>T</title><item><guid>a</guid><description>Some words, then ÿ.</description></item></channel></rss>",
            to: "bad.rss", in: folder)
        let result = try runBounded(["scan", feed.path, "-q"])
        #expect(!result.error.contains("encoding error"), "libxml2's own message reached standard error: \(result.error)")
        #expect(!result.error.contains("I/O error"), "\(result.error)")
        #expect(result.error.contains("bad.rss: byte ") && result.error.contains("declared ISO-2022-JP, but the bytes are UTF-8"), "\(result.error)")
    }

    // MARK: - Folders (items 7, 8, 23)

    @Test func anUnreadableSubfolderIsAProblem() throws {
        let folder = try makeTemporaryFolder()
        let locked = folder.appendingPathComponent("locked")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
            try? FileManager.default.removeItem(at: folder)
        }
        try write(Self.text, to: "good.txt", in: folder)
        try write("Another text, about the train timetable for the coast line this summer.\n", to: "locked/b.txt", in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        // Root reads any folder; without these two capabilities it is held to the permissions.
        var prefix: [String] = []
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root, the test needs setpriv to drop the capability to read any folder")
            prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
        }
        let result = try runBounded(["scan", folder.path], prefix: prefix)
        #expect(result.status == 1, "\(result.error)")
        #expect(result.error.contains("locked: error: cannot read the folder: Permission denied"), "\(result.error)")
        #expect(String(decoding: result.output, as: UTF8.self).split(separator: "\n").count == 1, "the readable file is still read")
    }

    @Test func oneFileReachedByTwoPathsIsReadOnce() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.text, to: "d/a.txt", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("d/link.txt").path, withDestinationPath: "a.txt")
        let plain = folder.appendingPathComponent("d").path, dotted = folder.path + "/./d"
        let forward = CorpusReader().read([plain, dotted])
        let backward = CorpusReader().read([dotted, plain])
        #expect(forward.documents.map(\.id) == ["a.txt"])
        #expect(backward.documents.map(\.id) == forward.documents.map(\.id))
        #expect(backward.documents.map(\.source.location) == forward.documents.map(\.source.location))
        #expect(forward.problems.isEmpty, "\(forward.problems)")
        let result = Analyzer().analyze(forward.documents)
        #expect(result.clusters.isEmpty, "no file is a repost of itself")
    }

    @Test func linksOutOfTheFolderAreNotFollowedUnlessAsked() throws {
        let outside = try makeTemporaryFolder()
        let folder = try makeTemporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: outside)
            try? FileManager.default.removeItem(at: folder)
        }
        let secret = try write("A secret that lives outside the corpus folder and must stay out of it.\n", to: "secret.txt", in: outside)
        try write(Self.text, to: "good.txt", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("notes.txt").path, withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("elsewhere").path, withDestinationPath: outside.path)
        let corpus = CorpusReader().read([folder.path])
        #expect(corpus.documents.map(\.id) == ["good.txt"])
        let warnings = corpus.problems.filter { $0.severity == .warning && $0.message.contains("outside the folders given") }
        #expect(Set(warnings.map { URL(fileURLWithPath: $0.location).lastPathComponent }) == ["notes.txt", "elsewhere"])

        var following = CorpusReader()
        following.discovery.followsExternalSymlinks = true
        // Both links lead to one file, read once under the path that sorts first.
        #expect(following.read([folder.path]).documents.map(\.id) == ["elsewhere/secret.txt", "good.txt"])
        // A link named on the command line is followed: the user named it.
        #expect(CorpusReader().read([folder.appendingPathComponent("notes.txt").path]).documents.count == 1)
    }

    @Test func sidecarsAndIgnoreFilesThatLinkOutOfTheirFolderAreNotRead() throws {
        let outside = try makeTemporaryFolder()
        let folder = try makeTemporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: outside)
            try? FileManager.default.removeItem(at: folder)
        }
        let secret = try write("{\"title\": \"secret title from outside\"}\n", to: "secret.json", in: outside)
        let ignore = try write("good.txt\n", to: "ignore", in: outside)
        try write(Self.text, to: "good.txt", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("good.txt.meta.json").path, withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(".palimpsestignore").path, withDestinationPath: ignore.path)
        let corpus = CorpusReader().read([folder.path])
        let document = try #require(corpus.documents.first { $0.id == "good.txt" }, "the ignore file out of the folder is not applied")
        #expect(document.source.title != "secret title from outside", "the sidecar out of the folder is not read")
        let refused = corpus.problems.filter { $0.message.contains("a symbolic link out of its folder") }
        #expect(Set(refused.map { URL(fileURLWithPath: $0.location).lastPathComponent }) == ["good.txt.meta.json", ".palimpsestignore"], "\(corpus.problems)")

        var following = CorpusReader()
        following.discovery.followsExternalSymlinks = true
        let followed = following.read([folder.path])
        #expect(followed.documents.isEmpty, "with --follow-symlinks the ignore file applies")
    }

    // MARK: - Limits (item 11)

    @Test func aLinkIsHeldToTheSizeOfItsTarget() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = try write(String(repeating: Self.text, count: 200), to: "big.txt", in: folder)
        let link = folder.appendingPathComponent("small-looking.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: big.path)
        let corpus = CorpusReader(limits: InputLimits(maximumInputBytes: 1000)).read([link])
        #expect(corpus.documents.isEmpty)
        #expect(corpus.problems.first?.message.contains("over the 1000-byte input limit (--max-input-size)") == true, "\(corpus.problems)")
    }

    @Test func hugeSidecarsAndIgnoreFilesAreRefusedAndTheRunGoesOn() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let limit = InputLimits.metadataFileBytes
        try write(Self.text, to: "page.txt", in: folder)
        try write("{\"site\": \"" + String(repeating: "a", count: limit) + "\"}", to: "page.txt.meta.json", in: folder)
        try write("notes.md\n" + String(repeating: "#", count: limit), to: ".palimpsestignore", in: folder)
        try write("Notes the ignore file would have kept out, had it been small enough to read.\n", to: "notes.md", in: folder)
        let corpus = CorpusReader().read([folder.path])
        #expect(corpus.documents.map(\.id) == ["notes.md", "page.txt"])
        #expect(corpus.documents.last?.source.site == nil, "the sidecar is not applied")
        #expect(corpus.problems.contains { $0.location.hasSuffix("page.txt.meta.json") && $0.message.contains("over the \(limit)-byte limit") }, "\(corpus.problems)")
        #expect(corpus.problems.contains { $0.location.hasSuffix(".palimpsestignore") && $0.message.contains("over the \(limit)-byte limit") }, "\(corpus.problems)")
    }

    // MARK: - Pipes and devices (item 12)

    @Test func pipesAndDevicesInsideAFolderAreSkippedWithAMessage() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.text, to: "good.txt", in: folder)
        #expect(mkfifo(folder.appendingPathComponent("crawl.warc").path, 0o600) == 0)
        let result = try runBounded(["scan", folder.path])
        #expect(!result.timedOut, "a pipe with no writer must not block the run")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("crawl.warc: warning: is a named pipe, not a regular file; skipped"), "\(result.error)")

        // A device, reached through a link the user allows.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("zero.warc").path, withDestinationPath: "/dev/null")
        var reader = CorpusReader()
        reader.discovery.followsExternalSymlinks = true
        let corpus = reader.read([folder.path])
        #expect(corpus.documents.map(\.id) == ["good.txt"])
        #expect(corpus.problems.contains { $0.location.hasSuffix("zero.warc") && $0.message.contains("is a character device") && $0.severity == .warning })
    }

    @Test func aNamedPipeOnTheCommandLineIsRead() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("feed").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The writer opens without waiting once the command has opened the pipe for reading.
        let writer = Thread {
            for _ in 0..<400 {
                let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
                if descriptor >= 0 {
                    _ = Array(Self.text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    close(descriptor)
                    return
                }
                usleep(50_000)
            }
        }
        writer.start()
        let result = try runBounded(["scan", fifo])
        #expect(result.status == 0, "\(result.error)")
        #expect(String(decoding: result.output, as: UTF8.self).contains("island ferry"))
    }

    @Test func devStdinIsStandardInput() throws {
        let (status, output, error) = try run(CommandLineTests.executable, ["scan", "/dev/stdin"], input: Array(Self.text.utf8))
        #expect(status == 0, "\(error)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
        #expect(line["id"] as? String == "stdin")
    }

    // MARK: - Names and encodings (item 24)

    @Test func aFileNameThatIsNotUTF8IsNamedAsSuch() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.text, to: "good.txt", in: folder)
        // "café.txt" in Latin-1: the é is one byte, 0xE9, which is no UTF-8.
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        let path = (Array(folder.path.utf8) + [0x2F] + name + [0]).map { CChar(bitPattern: $0) }
        // Removed by its bytes: FileManager cannot name it.
        defer { _ = unlink(path) }
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let corpus = CorpusReader().read([folder.path])
        #expect(corpus.documents.map(\.id) == ["good.txt"])
        let problem = try #require(corpus.problems.first { $0.location.hasSuffix("caf\u{FFFD}.txt") })
        #expect(problem.message.contains("not valid UTF-8"))
        #expect(!problem.message.contains("doesn't exist"))
    }

    @Test("UTF-16 and UTF-32 with a byte-order mark are decoded", arguments: ["utf16le", "utf16be", "utf32le", "utf32be"])
    func wideEncodingsAreDecoded(name: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let encodings: [String: String.Encoding] = [
            "utf16le": .utf16LittleEndian, "utf16be": .utf16BigEndian, "utf32le": .utf32LittleEndian, "utf32be": .utf32BigEndian,
        ]
        let encoding = try #require(encodings[name])
        let bytes = try #require(("\u{FEFF}" + Self.text + "Caf\u{E9} \u{1F6A2} on the quay.\n").data(using: encoding))
        let file = try write(Array(bytes), to: name + ".txt", in: folder)
        let corpus = CorpusReader().read([file.path])
        #expect(corpus.problems.isEmpty, "\(corpus.problems)")
        let document = try #require(corpus.documents.first)
        #expect(document.text.contains("island ferry"))
        #expect(document.text.contains("Caf\u{E9} \u{1F6A2} on the quay."))
        #expect(!document.text.contains("\u{FEFF}"))
    }

    // MARK: - Every command that reads inputs (follow-ups)

    /// Makes an SQLite index in `folder` holding one text, for the commands that need one.
    private func makeIndex(in folder: URL) throws -> String {
        let index = folder.appendingPathComponent("index.sqlite").path
        let seed = try write("A text already in the index, about the coast line timetable and its summer trains.\n", to: "seed/seed.txt", in: folder)
        let added = try runBounded(["index", "add", seed.path, "--index", index, "-q"])
        try #require(added.status == 0, "\(added.error)")
        return index
    }

    @Test("Messages on standard error show control characters in file names as escapes", arguments: ["dedup", "index add", "check"])
    func messagesShowControlCharactersAsEscapes(command: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("corpus")
        try write(Self.text, to: "corpus/good.txt", in: folder)
        // An empty file is named in a message; its name would set the terminal's title.
        try write("", to: "corpus/evil\u{1B}]0;owned\u{07}.txt", in: folder)
        let index = try makeIndex(in: folder)
        let arguments = command == "dedup"
            ? ["dedup", corpus.path, "-o", folder.appendingPathComponent("clusters.tsv").path]
            : command.split(separator: " ").map(String.init) + [corpus.path, "--index", index]
        let result = try runBounded(arguments)
        #expect(result.status == 1, "\(command): \(result.error)")
        #expect(!result.error.contains("\u{1B}"), "\(command): an ESC reached standard error")
        #expect(!result.error.contains("\u{07}"), "\(command): a BEL reached standard error")
        #expect(result.error.contains("evil\\u{1B}]0;owned\\u{7}.txt"), "\(command): \(result.error)")
    }

    @Test("--follow-symlinks is taken by every command that reads inputs", arguments: ["scan", "dedup", "index add", "check"])
    func followSymlinksIsSharedByEveryReadingCommand(command: String) throws {
        let outside = try makeTemporaryFolder()
        let folder = try makeTemporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: outside)
            try? FileManager.default.removeItem(at: folder)
        }
        let secret = try write("A text that lives outside the corpus folder and is read only when links are followed.\n", to: "secret.txt", in: outside)
        let corpus = folder.appendingPathComponent("corpus")
        try write(Self.text, to: "corpus/good.txt", in: folder)
        try FileManager.default.createSymbolicLink(atPath: corpus.appendingPathComponent("notes.txt").path, withDestinationPath: secret.path)
        let index = try makeIndex(in: folder)
        let clusters = folder.appendingPathComponent("clusters.tsv")
        func arguments(following: Bool) -> [String] {
            let flag = following ? ["--follow-symlinks"] : []
            switch command {
            case "scan": return ["scan", corpus.path] + flag
            case "dedup": return ["dedup", corpus.path, "-o", clusters.path] + flag
            default: return command.split(separator: " ").map(String.init) + [corpus.path, "--index", index] + flag
            }
        }
        let skipped = try runBounded(arguments(following: false))
        #expect(skipped.error.contains("outside the folders given; skipped (--follow-symlinks follows it)"), "\(command): \(skipped.error)")
        let followed = try runBounded(arguments(following: true))
        #expect(followed.status == 0, "\(command): \(followed.error)")
        #expect(!followed.error.contains("outside the folders given"), "\(command): \(followed.error)")
        switch command {
        case "scan": #expect(String(decoding: followed.output, as: UTF8.self).contains("\"id\":\"notes.txt\""))
        case "dedup": #expect(try String(contentsOf: clusters, encoding: .utf8).contains("notes.txt\t"))
        case "index add": #expect(followed.error.contains("from 2 input(s)"), "\(followed.error)")
        default: #expect(followed.error.contains("checked 2 document(s)"), "\(followed.error)")
        }
    }

    @Test func checkNeverReplacesAFileItFoundInAFolder() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "corpus/a.txt", in: folder)
        let index = try makeIndex(in: folder)
        let result = try runBounded(["check", folder.appendingPathComponent("corpus").path, "--index", index, "-o", input.path])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("\(input.path): is also an input of this run"), "\(result.error)")
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.text, "the input is untouched")
    }

    @Test("A manifest needs a regular output file, for every command that writes one", arguments: ["scan", "export"])
    func aManifestRefusesAnOutputThatIsADevice(command: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try write(Self.text, to: "a.txt", in: folder)
        let index = try makeIndex(in: folder)
        let manifest = folder.appendingPathComponent("run.manifest.json").path
        // A named pipe of the test's own, not /dev/null: a build where the refusal broke would
        // replace the output, and as root that would replace /dev/null for the whole machine.
        let pipe = folder.appendingPathComponent("output.fifo").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let arguments = command == "scan"
            ? ["scan", input.path, "-o", pipe, "--manifest", manifest]
            : ["export", "--index", index, "-o", pipe, "--manifest", manifest]
        let result = try runBounded(arguments)
        #expect(result.status == 64, "\(command): \(result.error)")
        #expect(result.error.contains("--output must be a regular file, not a named pipe (\(pipe))"), "\(command): \(result.error)")
        #expect((try? FileStatus(path: pipe))?.kind == .namedPipe, "the pipe is still a pipe")
        #expect(!FileManager.default.fileExists(atPath: manifest))
    }

    // MARK: - Markup errors inside WARC records (follow-up)

    @Test func aWARCRecordWithTooManyAttributesIsNamedByTheTagsByteOffset() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = "<!DOCTYPE html>\n<html><body>\n<p>Intro text.</p>\n"
        let body = prefix + "<div " + (0..<2_000).map { "a\($0)=\"\($0)\"" }.joined(separator: " ") + ">Body text of the page.</div></body></html>\n"
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n\(body)".utf8)
        let record = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/wide\r\nContent-Length: \(http.count)\r\n\r\n".utf8)
            + http + Array("\r\n\r\n".utf8)
        let crawl = try write(record, to: "crawl.warc", in: folder)
        let corpus = CorpusReader().read([crawl.path])
        let problem = try #require(corpus.problems.first { $0.message.contains("more than 1024 attributes") }, "\(corpus.problems)")
        #expect(problem.location == crawl.path + "#record1")
        #expect(problem.position == .byte(prefix.utf8.count), "the tag's offset in the record's body, not a line")
    }

    // MARK: - Many documents of one id, large clusters (follow-ups)

    @Test func documentsOfOneIdAreRenamedWithTheFirstFreeSuffix() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = ["a", "a#2", "a", "a", "a#3", "a"]
        let lines = ids.enumerated().map { "{\"id\": \"\($1)\", \"text\": \"Record \($0) about the island ferry.\"}\n" }
        let corpus = CorpusReader().read([try write(lines.joined(), to: "corpus.jsonl", in: folder).path])
        #expect(corpus.documents.map(\.id) == ["a", "a#2", "a#3", "a#4", "a#3#2", "a#5"])
        #expect(corpus.problems.filter { $0.message.contains("is already taken") }.count == 4)
    }

    @Test(.timeLimit(.minutes(1)))
    func thirtyThousandDocumentsOfOneIdAreRenamedInLinearTime() throws {
        // Each document used to try every suffix taken before it: 30,000 of one id made 450 million
        // probes, minutes of work; one next suffix kept per id makes it one probe each.
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 30_000
        let lines = (0..<count).map { "{\"id\": \"x\", \"text\": \"Record \($0) about the ferry.\"}\n" }
        let corpus = CorpusReader().read([try write(lines.joined(), to: "same.jsonl", in: folder).path])
        #expect(corpus.documents.count == count)
        #expect(corpus.documents.first?.id == "x")
        #expect(corpus.documents.last?.id == "x#\(count)")
        #expect(Set(corpus.documents.map(\.id)).count == count, "every id is unique")
    }

    @Test(.timeLimit(.minutes(1)))
    func reportsListTheMembersOfALargeClusterInLinearTime() throws {
        // Each member used to be found by a search of every document: 60,000 members made some
        // two billion comparisons per report; one table by id makes it one look-up each.
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(Self.text, to: "a.txt", in: folder)
        try write(Self.text, to: "b.txt", in: folder)
        var result = Analyzer().analyze(CorpusReader().read([folder.path]).documents)
        var cluster = try #require(result.clusters.first, "two copies of one text make a cluster")
        var link = try #require(result.documents.last?.repostOf, "the second copy reposts the first")
        link.id = "copy-0"
        let template = try #require(result.documents.first)
        let count = 60_000
        result.documents = (0..<count).map { number in
            var copy = template
            copy.document.id = "copy-\(number)"
            copy.repostOf = number == 0 ? nil : link
            return copy
        }
        cluster.members = result.documents.map(\.document.id)
        result.clusters = [cluster]
        #expect(result.repostGroups.map(\.members.count) == [count])
        let html = folder.appendingPathComponent("report.html"), markdown = folder.appendingPathComponent("report.md")
        try AtomicOutput.write(to: html.path) { try HTMLReportExporter().export(result, to: $0) }
        try AtomicOutput.write(to: markdown.path) { try MarkdownReportExporter().export(result, to: $0) }
        #expect(try String(contentsOf: html, encoding: .utf8).contains(">copy-\(count - 1)</a> — "))
        #expect(try String(contentsOf: markdown, encoding: .utf8).contains("\n- copy-\(count - 1) — "))
    }
}

/// The result of a bounded run of the command.
private struct BoundedRun {
    var status: Int32
    var output: [UInt8]
    var error: String
    var timedOut: Bool
}

/// Runs `palimpsest` with `arguments` (after `prefix`, a program that runs it, when given), killing
/// it after `seconds`: a regression that blocks fails the test instead of hanging the suite.
private func runBounded(
    _ arguments: [String], prefix: [String] = [], standardOutput: FileHandle? = nil, seconds: Double = 30
) throws -> BoundedRun {
    let process = Process()
    let command = prefix + [CommandLineTests.executable] + arguments
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    let stdout = Pipe(), stderr = Pipe()
    process.standardInput = FileHandle.nullDevice
    if let standardOutput { process.standardOutput = standardOutput } else { process.standardOutput = stdout }
    process.standardError = stderr
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var output = Data(), error = Data()
    if standardOutput == nil {
        DispatchQueue.global().async(group: group) { output = stdout.fileHandleForReading.readDataToEndOfFile() }
    }
    DispatchQueue.global().async(group: group) { error = stderr.fileHandleForReading.readDataToEndOfFile() }
    let timedOut = finished.wait(timeout: .now() + seconds) == .timedOut
    if timedOut {
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
    }
    group.wait()
    return BoundedRun(status: process.terminationStatus, output: Array(output), error: String(decoding: error, as: UTF8.self), timedOut: timedOut)
}
