import Foundation
import Palimpsest
import PalimpsestTestKit
import Testing

/// Run manifests from the command line: `keygen`, `--manifest` with `--sign-key` on scan, index add
/// and export, and `verify` catching a one-byte change anywhere.
@Suite struct ManifestCommandTests {
    let palimpsest = CommandLineTests.executable

    /// A folder with a key pair, removed by the caller.
    func keyFolder() throws -> (folder: URL, key: String, pub: String) {
        let folder = try makeTemporaryFolder()
        let key = folder.appendingPathComponent("signing").path
        let made = try run(palimpsest, ["keygen", key])
        #expect(made.status == 0, "\(made.error)")
        #expect(String(decoding: made.output, as: UTF8.self).hasPrefix("key id "))
        return (folder, key, key + ".pub")
    }

    /// The statement inside a manifest file.
    func statement(_ manifest: URL) throws -> Statement {
        let envelope = try JSONDecoder().decode(DSSEEnvelope.self, from: try Data(contentsOf: manifest))
        return try JSONDecoder().decode(Statement.self, from: envelope.payload)
    }

    @Test func aSignedScanManifestVerifiesAndNamesEverything() throws {
        let (folder, key, pub) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the private key is readable by its owner alone")
        let output = folder.appendingPathComponent("findings.jsonl"), manifest = folder.appendingPathComponent("run.dsse.json")
        let scan = try run(palimpsest, ["scan", samplesFolder.path, "-q", "-o", output.path, "--manifest", manifest.path, "--sign-key", key])
        #expect(scan.status == 0, "\(scan.error)")

        let record = try statement(manifest).predicate
        #expect(record.tool.version == PalimpsestVersion.current)
        #expect(record.command == "scan")
        #expect(record.counts["documents"] == 52)
        #expect(record.counts["findings_boilerplate"] == 433)
        #expect(record.counts["findings_teaser"] == 8)
        for setting in ["normalizer", "tokenizer", "shingle_hash", "shingle_size", "minhash_permutations", "minhash_seed", "lsh_banding", "threshold", "limit_line_bytes", "exporter", "extractors"] {
            #expect(record.settings[setting] != nil, "records \(setting)")
        }
        #expect(record.settings["lsh_banding"] == "14x9")
        #expect(record.outputs == [ResourceDescriptor(name: output.path, sha256: SHA256.digest(Array(try Data(contentsOf: output))))])
        #expect(record.inputs.count == 49, "the 48 sample inputs and one sidecar")
        #expect(record.inputs.contains { $0.name.hasSuffix(".meta.json") })

        let verified = try run(palimpsest, ["verify", manifest.path, "--key", pub])
        #expect(verified.status == 0, "\(verified.error)")
        let report = String(decoding: verified.output, as: UTF8.self)
        #expect(report.contains("signature: verified"))
        #expect(report.contains("verified: every file named has the digest recorded"))
    }

    @Test func oneChangedByteInAnOutputAnInputOrTheManifestIsCaught() throws {
        let (folder, key, pub) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: samplesFolder, to: corpus)
        let output = folder.appendingPathComponent("report.md"), manifest = folder.appendingPathComponent("run.dsse.json")
        #expect(try run(palimpsest, ["scan", corpus.path, "-q", "-f", "markdown", "-o", output.path, "--manifest", manifest.path, "--sign-key", key]).status == 0)
        let original = try Data(contentsOf: manifest)

        // A byte of the output.
        var bytes = try Data(contentsOf: output)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: output)
        let changedOutput = try run(palimpsest, ["verify", manifest.path, "--key", pub])
        #expect(changedOutput.status == 1)
        #expect(changedOutput.error.contains("output \(output.path): changed"))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: output)
        #expect(try run(palimpsest, ["verify", manifest.path, "--key", pub]).status == 0)

        // An input, and a missing one: each named.
        let input = corpus.appendingPathComponent("wire/wire-feed.jsonl")
        try (try Data(contentsOf: input) + Data(" ".utf8)).write(to: input)
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("notes/press-release.txt"))
        // Unsigned, the manifest's files are read inside the base folder only: here, the test's folder.
        let changedInputs = try run(palimpsest, ["verify", manifest.path, "--base", folder.path])
        #expect(changedInputs.status == 1)
        #expect(changedInputs.error.contains("input \(input.path): changed"))
        #expect(changedInputs.error.contains("press-release.txt: missing"))
        #expect(changedInputs.error.contains("2 problem(s)"))

        // One byte of the signed statement, which stays a valid statement: a count, 52 made 53.
        var envelope = try JSONDecoder().decode(DSSEEnvelope.self, from: original)
        let statementText = String(decoding: envelope.payload, as: UTF8.self)
        #expect(statementText.contains("\"documents\":52"))
        envelope.payload = Data(statementText.replacingOccurrences(of: "\"documents\":52", with: "\"documents\":53").utf8)
        try envelope.encoded().write(to: manifest)
        let forged = try run(palimpsest, ["verify", manifest.path, "--key", pub])
        #expect(forged.status == 1)
        #expect(forged.error.contains("no signature by key"))
        #expect(!String(decoding: forged.output, as: UTF8.self).contains("sha256 matches"), "a forged file list is not hashed")
        // A signature moved to another manifest (its key id removed) fails as well.
        var moved = try JSONDecoder().decode(DSSEEnvelope.self, from: original)
        moved.signatures = moved.signatures.map { DSSEEnvelope.Signature(keyid: nil, sig: $0.sig) }
        moved.payload = envelope.payload
        try moved.encoded().write(to: manifest)
        #expect(try run(palimpsest, ["verify", manifest.path, "--key", pub]).status == 1)

        // The right manifest, the wrong key.
        try original.write(to: manifest)
        let other = folder.appendingPathComponent("other").path
        #expect(try run(palimpsest, ["keygen", other]).status == 0)
        let wrongKey = try run(palimpsest, ["verify", manifest.path, "--key", other + ".pub"])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.error.contains("no signature by key"))
    }

    @Test func unsignedManifestsCheckDigestsAndFailWhenAKeyIsRequired() throws {
        let (folder, _, pub) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.csv"), manifest = folder.appendingPathComponent("m.json")
        #expect(try run(palimpsest, ["scan", samplesFolder.path, "-q", "-f", "csv", "-o", output.path, "--manifest", manifest.path]).status == 0)
        // The samples and the output lie in different folders: an explicit base that holds both.
        let unsigned = try run(palimpsest, ["verify", manifest.path, "--base", "/"])
        #expect(unsigned.status == 0, "\(unsigned.error)")
        #expect(String(decoding: unsigned.output, as: UTF8.self).contains("signature: none"))
        let required = try run(palimpsest, ["verify", manifest.path, "--key", pub])
        #expect(required.status == 1)
        #expect(required.error.contains("not signed"))
        try Data("{\"payloadType\": 3}".utf8).write(to: manifest)
        let broken = try run(palimpsest, ["verify", manifest.path])
        #expect(broken.status == 2)
        #expect(broken.error.contains("not a DSSE envelope"))
    }

    @Test func withoutAManifestNothingIsHashedAndStandardOutputWorks() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let toStandardOutput = try run(palimpsest, ["scan", samplesFolder.path, "-q", "-o", "-", "-f", "csv"])
        #expect(toStandardOutput.status == 0, "\(toStandardOutput.error)")
        #expect(String(decoding: toStandardOutput.output, as: UTF8.self).hasPrefix("kind,"))
        // Standard input's digest is the digest of the bytes read.
        let text = Array("A short note read from standard input, long enough to be a paragraph.\n".utf8)
        let output = folder.appendingPathComponent("out.jsonl"), manifest = folder.appendingPathComponent("m.json")
        #expect(try run(palimpsest, ["scan", "-", "-q", "-o", output.path, "--manifest", manifest.path], input: text).status == 0)
        #expect(try statement(manifest).predicate.inputs == [.standardInput(sha256: SHA256.digest(text))])
    }

    @Test func theReaderHashesTheBytesItReadsAndOnlyInputsReadWhole() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try write("# A page\n\nA paragraph of a few words about the ferry.\n", to: "page.md", in: folder)
        let sidecar = try write("{\"site\": \"Harbour\"}", to: "page.md.meta.json", in: folder)
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>A crawled page of a few words.</p>".utf8)
        let record = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/\r\nContent-Length: \(http.count)\r\n\r\n".utf8) + http + Array("\r\n\r\n".utf8)
        let crawl = try write(record, to: "crawl.warc", in: folder)
        let compressed = try Fixtures.gzip(record + record)
        let cut = try write(Array(compressed.prefix(compressed.count - 10)), to: "cut.warc.gz", in: folder)
        var broken = compressed
        for index in 20..<40 { broken[index] ^= 0x5A }
        try write(broken, to: "broken.warc.gz", in: folder)
        var reader = CorpusReader()
        reader.recordsInputDigests = true
        let corpus = reader.read([folder.path])
        let digests = Dictionary(uniqueKeysWithValues: corpus.inputDigests.map { (URL(fileURLWithPath: $0.name).lastPathComponent, $0.digest["sha256"]) })
        #expect(digests["page.md"] == SHA256.digest(Array(try Data(contentsOf: page))).hex)
        #expect(digests["page.md.meta.json"] == SHA256.digest(Array(try Data(contentsOf: sidecar))).hex)
        #expect(digests["crawl.warc"] == SHA256.digest(Array(try Data(contentsOf: crawl))).hex, "a streamed input, hashed as it was read")
        #expect(digests["cut.warc.gz"] == SHA256.digest(Array(try Data(contentsOf: cut))).hex, "read to its end, found truncated: its bytes were read")
        #expect(digests["broken.warc.gz"] == nil, "reading stopped at the damage: an input read in part is not vouched for")
        #expect(corpus.problems.contains { $0.location.hasSuffix("broken.warc.gz") })
        #expect(corpus.inputDigests.count == 4)
        #expect(CorpusReader().read([folder.path]).inputDigests.isEmpty, "off unless asked for")
    }

    @Test func misusedOptionsAreUsageErrors() throws {
        let (folder, key, _) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let noManifest = try run(palimpsest, ["scan", samplesFolder.path, "-o", folder.appendingPathComponent("x").path, "--sign-key", key])
        #expect(noManifest.status == 64)
        #expect(noManifest.error.contains("give --manifest FILE too"))
        let toStandardOutput = try run(palimpsest, ["scan", samplesFolder.path, "--manifest", folder.appendingPathComponent("m").path])
        #expect(toStandardOutput.status == 64)
        #expect(toStandardOutput.error.contains("--manifest needs --output FILE"))
        let badKey = try run(palimpsest, ["scan", samplesFolder.path, "-o", folder.appendingPathComponent("x").path, "--manifest", folder.appendingPathComponent("m").path, "--sign-key", key + ".pub"])
        #expect(badKey.status == 64)
        #expect(badKey.error.contains("not a PEM private key"))
        let again = try run(palimpsest, ["keygen", key])
        #expect(again.status == 64)
        #expect(again.error.contains("exists; give --force"))
    }

    @Test func indexAddAndExportWriteManifestsThatVerify() throws {
        let (folder, key, pub) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("index.sqlite").path
        let added = folder.appendingPathComponent("add.json"), exported = folder.appendingPathComponent("export.json")
        let output = folder.appendingPathComponent("findings.prov.json")
        let add = try run(palimpsest, ["index", "add", samplesFolder.path, "--index", index, "-q", "--manifest", added.path, "--sign-key", key])
        #expect(add.status == 0, "\(add.error)")
        let addition = try statement(added)
        #expect(addition.predicate.command == "index add")
        #expect(addition.predicate.counts["added"] == 52)
        #expect(addition.subject.first?.name == index)
        #expect(addition.subject.first?.kind == .index, "an index by its kind, not by its name")
        let export = try run(palimpsest, ["export", "--index", index, "-f", "prov", "-o", output.path, "--manifest", exported.path, "--sign-key", key])
        #expect(export.status == 0, "\(export.error)")
        let exporting = try statement(exported)
        #expect(exporting.predicate.inputs == addition.subject, "the export read the documents the addition wrote")
        #expect(exporting.predicate.counts["documents"] == 52)
        #expect(exporting.subject == [ResourceDescriptor(name: output.path, sha256: SHA256.digest(Array(try Data(contentsOf: output))))])
        for manifest in [added, exported] {
            let verified = try run(palimpsest, ["verify", manifest.path, "--key", pub])
            #expect(verified.status == 0, "\(verified.error)")
            #expect(String(decoding: verified.output, as: UTF8.self).contains("index \(index): not a file; not hashed again"))
        }
    }

    @Test func aSigningKeyOthersCanReadIsWarnedAbout() throws {
        let (folder, key, _) = try keyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.jsonl"), manifest = folder.appendingPathComponent("m.json")
        let arguments = ["scan", samplesFolder.path, "-q", "-o", output.path, "--manifest", manifest.path, "--sign-key", key]
        let owned = try run(palimpsest, arguments)
        #expect(owned.status == 0, "\(owned.error)")
        #expect(!owned.error.contains("--sign-key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let shared = try run(palimpsest, arguments)
        #expect(shared.status == 0, "\(shared.error)")
        #expect(shared.error.contains("palimpsest: warning: --sign-key \(key) is open to others than its owner (mode 644)"), "\(shared.error)")
    }

    @Test func theManifestCannotBeTheOutput() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.jsonl").path
        let same = try run(palimpsest, ["scan", samplesFolder.path, "-q", "-o", output, "--manifest", folder.path + "/./out.jsonl"])
        #expect(same.status == 64)
        #expect(same.error.contains("name the same file"), "\(same.error)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func verifyShowsControlCharactersInNamesAsEscapes() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "evil\u{1B}]52;c;aGk=\u{07}\u{202E}txt.exe\npalimpsest: verified"
        let record = RunManifest(
            command: "scan", settings: [:], inputs: [ResourceDescriptor(name: hostile, sha256: SHA256.digest(utf8: "x"))], outputs: [],
            counts: [:], startedOn: Date(), finishedOn: Date())
        let manifest = folder.appendingPathComponent("m.json")
        try record.envelope(signedBy: nil).encoded().write(to: manifest)
        let verified = try run(palimpsest, ["verify", manifest.path, "--base", folder.path])
        #expect(verified.status == 1)
        #expect(verified.error.contains("input evil\\u{1B}]52;c;aGk=\\u{7}\\u{202E}txt.exe\\npalimpsest: verified: missing"), "\(verified.error)")
        #expect(!verified.error.unicodeScalars.contains { DisplayText.needsEscape($0, keepingLineBreaks: true) }, "no raw control character reaches the terminal")
        #expect(verified.error.split(separator: "\n").count == 2, "one line per problem and the count: \(verified.error)")
    }

    @Test("inputs in any order give byte-identical exports and the same output digests", arguments: ["jsonl", "csv", "markdown", "dot", "cleaned", "prov", "html"])
    func exportsAreReproducible(format: String) throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = try FileManager.default.subpathsOfDirectory(atPath: samplesFolder.path)
            .filter { [".md", ".jsonl", ".txt"].contains(where: $0.hasSuffix) }
            .map { samplesFolder.appendingPathComponent($0).path }
            .sorted()
        var generator = SplitMix64(state: UInt64(format.utf8.count))
        var digests: Set<String> = []
        var outputs: Set<Data> = []
        for round in 0..<3 {
            let order = round == 0 ? inputs : inputs.shuffled(using: &generator)
            let output = folder.appendingPathComponent("out-\(round).\(format)"), manifest = folder.appendingPathComponent("m-\(round).json")
            let scan = try run(palimpsest, ["scan"] + order + ["-q", "-f", format, "-o", output.path, "--manifest", manifest.path])
            #expect(scan.status == 0, "\(scan.error)")
            outputs.insert(try Data(contentsOf: output))
            digests.formUnion(try statement(manifest).subject.compactMap { $0.digest["sha256"] })
        }
        #expect(outputs.count == 1, "byte-identical exports")
        #expect(digests.count == 1, "the same output digest")
    }
}
