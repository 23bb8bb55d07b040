import Foundation
import Testing

/// Issue 14 ("Trust, round two"): the index commands against what a hostile tester did, run as a
/// user would. The store-level side is in Tests/IndexTests/HostileIndexTests.swift.
@Suite struct HostileIndexCommandTests {
    static let story = "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from April, blaming fuel costs and the repair of the northern pier."
    static let bakery = "A new bakery opened on Mill Street on Saturday, selling rye loaves and cardamom buns to a queue that stretched past the post office before the doors opened."
    static let council = "The council's transport committee will discuss the change next week, and several councillors want the pier repairs paid from reserves instead."

    /// One JSON Lines record.
    static func record(_ fields: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Runs the command line.
    func palimpsest(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let (status, output, error) = try run(CommandLineTests.executable, arguments)
        return (status, String(decoding: output, as: UTF8.self), error)
    }

    /// Runs SQL on the SQLite file at `path` through Python's sqlite3, behind palimpsest's back.
    /// Replaces the first occurrence of `pattern` in the stored bytes of document `id` with `replacement`.
    func patchStoredDocument(_ id: String, replacing pattern: [UInt8], with replacement: [UInt8], on path: String) throws {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        let result = try run("/usr/bin/env", [
            "python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            blob = c.execute("SELECT document FROM documents WHERE id = ?", (sys.argv[2],)).fetchone()[0]
            pattern, replacement = bytes.fromhex(sys.argv[3]), bytes.fromhex(sys.argv[4])
            assert pattern in blob, "pattern not in the stored bytes"
            c.execute("UPDATE documents SET document = ? WHERE id = ?", (blob.replace(pattern, replacement, 1), sys.argv[2]))
            c.commit()
            c.close()
            """, path, id, hex(pattern), hex(replacement),
        ])
        #expect(result.status == 0, "\(result.error)")
    }

    func execute(_ sql: String, on path: String) throws {
        let result = try run("/usr/bin/env", [
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()", path, sql,
        ])
        #expect(result.status == 0, "\(result.error)")
    }

    /// An index of three documents in a new folder; returns the folder and the index's path.
    func indexedFolder() throws -> (folder: URL, index: String) {
        let folder = try makeTemporaryFolder()
        try write([
            try Self.record(["id": "gazette/fares", "text": Self.story, "site": "gazette", "published": "2024-03-01T00:00:00Z"]),
            try Self.record(["id": "gazette/bakery", "text": Self.bakery, "site": "gazette", "published": "2024-02-20T00:00:00Z"]),
            try Self.record(["id": "gazette/council", "text": Self.council, "site": "gazette", "published": "2024-03-05T00:00:00Z"]),
        ].joined(separator: "\n") + "\n", to: "corpus.jsonl", in: folder)
        let index = folder.appendingPathComponent("news.sqlite").path
        let added = try palimpsest(["index", "add", folder.appendingPathComponent("corpus.jsonl").path, "--index", index, "-q"])
        #expect(added.status == 0, "\(added.error)")
        return (folder, index)
    }

    // MARK: - Item 2: the write-ahead log

    @Test func afterAddingTheSQLiteFileAloneHoldsTheIndex() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!FileManager.default.fileExists(atPath: index + "-wal"), "the log is folded into the index when the command is done")
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: index, toPath: copy)
        let stats = try palimpsest(["index", "stats", "--index", copy])
        #expect(stats.status == 0, "\(stats.error)")
        #expect(stats.output.contains("documents: 3"), "\(stats.output)")
    }

    @Test func aNewIndexBesideAStaleLogIsRefused() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The index is deleted; a log it left (here: a copy of a live one) stays behind.
        let moved = folder.appendingPathComponent("moved.sqlite").path
        try FileManager.default.moveItem(atPath: index, toPath: moved)
        try write("a log left by the index that was here", to: "news.sqlite-wal", in: folder)
        let added = try palimpsest(["index", "add", folder.appendingPathComponent("corpus.jsonl").path, "--index", index, "-q"])
        #expect(added.status == 2)
        #expect(added.error.contains("news.sqlite-wal lie beside no index"), "\(added.error)")
        #expect(!FileManager.default.fileExists(atPath: index))
    }

    // MARK: - Item 5: NUL in ids

    @Test func idsHoldingNULAreLeftOutAndNamedAndNeverCutShort() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try write([
            try Self.record(["id": "story\u{0}one", "text": Self.story]),
            try Self.record(["id": "story\u{0}two", "text": Self.council]),
            try Self.record(["id": "undated\u{0}nul", "text": Self.bakery + " Again."]),
            try Self.record(["id": "kept", "text": Self.bakery]),
        ].joined(separator: "\n") + "\n", to: "nul.jsonl", in: folder)
        let index = folder.appendingPathComponent("news.sqlite").path
        for run in 1...2 {
            let added = try palimpsest(["index", "add", folder.appendingPathComponent("nul.jsonl").path, "--index", index, "-q"])
            #expect(added.status == 1, "run \(run): \(added.error)")
            for id in [#""story\0one""#, #""story\0two""#, #""undated\0nul""#] {
                #expect(added.error.contains("document \(id)") && added.error.contains("NUL"), "run \(run): \(added.error)")
            }
        }
        #expect(try palimpsest(["index", "stats", "--index", index]).output.contains("documents: 1"))
        let removed = try palimpsest(["index", "remove", "undated", "--index", index])
        #expect(removed.error.contains("0 document(s) removed"), "\(removed.error)")
    }

    // MARK: - Item 6: a full disk

    #if os(Linux)
    /// Whether a tmpfs can be mounted here in a mount namespace of its own (`unshare -m`): as root,
    /// where the system lets this process make namespaces and mount. Tried once, on a folder of its
    /// own; the probe's mount ends with the probe's namespace.
    static let canMountAPrivateTmpfs: Bool = {
        guard geteuid() == 0, let folder = try? makeTemporaryFolder() else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = try? run("/usr/bin/env", ["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path])
        return probe?.status == 0
    }()

    @Test(.enabled(
        if: HostileIndexCommandTests.canMountAPrivateTmpfs,
        "fills a small tmpfs mounted in a mount namespace of its own: needs root, unshare and the right to mount"))
    func aNewIndexOnAFullDiskIsWholeOrAbsent() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = try write(
            (0..<20).map { try Self.record(["id": "page-\($0)", "text": "Page \($0). " + Self.story + " " + Self.council]) }.joined(separator: "\n"),
            to: "corpus.jsonl", in: folder)
        // Each step mounts a fresh 1 MiB tmpfs, fills it to leave `free` bytes, adds the corpus,
        // verifies what is left and unmounts the tmpfs, all in a mount namespace of its own: the
        // mount is seen by the step's processes only and ends with them, even when this test is
        // killed, so no run leaves a mount behind. Reports go to files beside the mount point.
        let step = """
            disk=$1 free=$2 palimpsest=$3 corpus=$4 out=$5
            mount -t tmpfs -o size=1m tmpfs "$disk" || exit 90
            set -- $(stat -f -c '%a %S' "$disk")
            filler=$(($1 * $2 - free))
            if [ "$filler" -gt 0 ]; then head -c "$filler" /dev/zero > "$disk/filler"; fi
            "$palimpsest" index add "$corpus" --index "$disk/news.sqlite" -q 2> "$out/add.err"
            echo $? > "$out/add.status"
            rm -f "$disk/filler"
            ls -A "$disk" > "$out/left"
            if [ -e "$disk/news.sqlite" ]; then
              "$palimpsest" index verify --index "$disk/news.sqlite" 2> "$out/verify.err"
              echo $? > "$out/verify.status"
            fi
            umount "$disk" || exit 91
            """
        // From too little room to make the file at all to enough for everything, page by page.
        for free in stride(from: 16 * 1024, through: 320 * 1024, by: 16 * 1024) {
            let reports = folder.appendingPathComponent("free-\(free)")
            let disk = reports.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            let ran = try run("/usr/bin/env", [
                "unshare", "-m", "--propagation", "private", "sh", "-c", step, "sh", disk.path, String(free), CommandLineTests.executable, corpus.path,
                reports.path,
            ])
            try #require(ran.status == 0, "\(free) bytes free: the step did not mount, run and unmount (exit \(ran.status)): \(ran.error)")
            func reported(_ name: String) -> String? {
                (try? String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let added = try #require(reported("add.status").flatMap { Int32($0) }, "\(free) bytes free: index add ran")
            let addError = reported("add.err") ?? ""
            let left = (reported("left") ?? "").split(separator: "\n")
            #expect(!left.contains { $0.contains(".creating-") }, "\(free) bytes free: a temporary file was left: \(left)")
            guard let verified = reported("verify.status").flatMap({ Int32($0) }) else {
                #expect(added == 2, "\(free) bytes free: no index, yet exit \(added): \(addError)")
                continue
            }
            let verifyError = reported("verify.err") ?? ""
            #expect(verified == 0, "\(free) bytes free: add exited \(added) (\(addError)); the index left is not sound: \(verifyError)")
            if added == 0 { #expect(verifyError.contains("20 document(s), sound"), "\(free) bytes free: \(verifyError)") }
        }
    }
    #endif

    // MARK: - Item 9: impossible dates

    @Test func anImpossibleDateIsRefusedNotRolledOver() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for date in ["2024-02-31", "2024-03-01T25:61:61Z"] {
            let removed = try palimpsest(["index", "remove", "--before", date, "--index", index])
            #expect(removed.status == 64, "\(date): \(removed.error)")
        }
        #expect(try palimpsest(["index", "stats", "--index", index]).output.contains("documents: 3"), "nothing was removed")
        try write(try Self.record(["id": "leap", "text": Self.story + " Leap.", "published": "2025-02-29"]) + "\n", to: "leap.jsonl", in: folder)
        let scanned = try run(CommandLineTests.executable, ["scan", folder.appendingPathComponent("leap.jsonl").path, "-q"])
        #expect(scanned.status == 0, "\(scanned.error)")
        let output = String(decoding: scanned.output, as: UTF8.self)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1, "the document is scanned: \(output)")
        let document = try #require(try lines.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }, "\(output)")
        #expect(document["id"] as? String == "leap")
        let source = try #require(document["source"] as? [String: Any], "\(output)")
        #expect((source["published"] as? String)?.hasPrefix("2025-03-01") != true, "2025-02-29 is no date, not the 1st of March: \(output)")
        #expect(!output.contains("2025-03-01"), "2025-02-29 is no date, not the 1st of March")
    }

    // MARK: - Item 15: rows of an unexpected type

    @Test func rowsOfAnUnexpectedTypeAreNamedAndExitTwo() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repost = folder.appendingPathComponent("repost.jsonl")
        try write(try Self.record(["id": "mirror/fares", "text": Self.story, "site": "mirror"]) + "\n", to: "repost.jsonl", in: folder)
        try execute("UPDATE documents SET published = 'yesterday' WHERE id = 'gazette/fares';", on: index)
        let checked = try palimpsest(["check", repost.path, "--index", index])
        #expect(checked.status == 2)
        #expect(checked.error.contains("table documents") && checked.error.contains("column published"), "\(checked.error)")
        try execute("UPDATE header SET value = '0' WHERE key = 'minhash_permutations';", on: index)
        let verified = try palimpsest(["index", "verify", "--index", index])
        #expect(verified.status == 2)
        #expect(verified.error.contains("table header") && verified.error.contains("minhash_permutations"), "\(verified.error)")
        try execute("UPDATE header SET value = X'FFFE' WHERE key = 'shingle_size';", on: index)
        let stats = try palimpsest(["index", "stats", "--index", index])
        #expect(stats.status == 2)
        #expect(stats.error.contains("table header") && stats.error.contains("shingle_size"), "\(stats.error)")
    }

    // MARK: - Item 20: a database that is not an index

    @Test func readOnlyCommandsLeaveAnotherApplicationsDatabaseAsItIs() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = folder.appendingPathComponent("app.db").path
        try execute("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');", on: app)
        let input = try write(try Self.record(["id": "note", "text": Self.story]) + "\n", to: "input.jsonl", in: folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: app))
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for arguments in [
            ["check", input.path], ["export"], ["index", "stats"], ["index", "verify"], ["index", "remove", "note"], ["index", "add", input.path],
        ] {
            let result = try palimpsest(arguments + ["--index", app])
            #expect(result.status == 2, "\(arguments): \(result.error)")
            #expect(result.error.contains("not a palimpsest index"), "\(arguments): \(result.error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: app)) == before, "not a byte of app.db changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == listed, "no -wal, -shm or -journal beside it")
    }

    // MARK: - Item 21: passages outside their text

    @Test func passagesOutsideTheirTextAreReportedAndNeverExported() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Passage 0 of the stored bytes (index 0, range from 0 to the story's length, as zigzag
        // varints, text left out) made to start at -10 (zigzag 19): its text now lies outside.
        var end = UInt64(Self.bakery.unicodeScalars.count) * 2, varint: [UInt8] = []
        while end >= 0x80 {
            varint.append(UInt8(end & 0x7F) | 0x80)
            end >>= 7
        }
        varint.append(UInt8(end))
        try patchStoredDocument("gazette/bakery", replacing: [0, 0] + varint + [0], with: [0, 19] + varint + [0], on: index)
        let verified = try palimpsest(["index", "verify", "--index", index])
        #expect(verified.status == 1)
        #expect(verified.error.contains("gazette/bakery: the stored document cannot be read (passage 0 spans -10..<"), "\(verified.error)")
        let output = folder.appendingPathComponent("findings.jsonl")
        let exported = try palimpsest(["export", "--index", index, "-o", output.path])
        #expect(exported.status == 2)
        #expect(exported.error.contains("document 'gazette/bakery'") && exported.error.contains("passage 0 spans -10..<"), "\(exported.error)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    // MARK: - Item 24: standard output, and the ids of checked inputs

    #if os(Linux)
    @Test func statsToAFullDeviceFails() throws {
        let (folder, index) = try indexedFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        process.arguments = ["index", "stats", "--index", index]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("cannot write to standard output"), "\(message)")
    }
    #endif

    @Test func aCheckedInputNeverTakesTheIdOfAnIndexedDocument() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two indexed documents: one with the input's id, one with the id a checked input was renamed to.
        try write([
            try Self.record(["id": "note", "text": Self.story + " First."]),
            try Self.record(["id": "note (checked)", "text": Self.story + " Second."]),
        ].joined(separator: "\n") + "\n", to: "indexed.jsonl", in: folder)
        let index = folder.appendingPathComponent("news.sqlite").path
        #expect(try palimpsest(["index", "add", folder.appendingPathComponent("indexed.jsonl").path, "--index", index, "-q"]).status == 0)
        let input = try write(try Self.record(["id": "note", "text": Self.story + " Third."]) + "\n", to: "input.jsonl", in: folder)
        let checked = try palimpsest(["check", input.path, "--index", index, "--format", "jsonl"])
        #expect(checked.status == 0, "\(checked.error)")
        let lines = checked.output.split(separator: "\n")
        #expect(lines.count == 1, "one line for the one input: \(checked.output)")
        let line = try #require(lines.first)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(first["id"] as? String == "note (checked 2)")
    }
}
