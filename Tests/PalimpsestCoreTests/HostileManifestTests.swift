import Foundation
import PalimpsestCore
import Testing

/// Run manifests written or changed by someone hostile (issue 14, items 18 and 19): files named like
/// indexes, JSON that names a member twice, oversized envelopes, unsigned manifests that name files
/// outside their base folder.
@Suite struct HostileManifestTests {
    /// A fresh temporary folder, removed by the caller.
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The envelope of a manifest with these inputs and outputs, signed by `key` when one is given.
    func envelope(inputs: [ResourceDescriptor], outputs: [ResourceDescriptor], signedBy key: SigningKey? = nil) throws -> Data {
        let manifest = RunManifest(command: "scan", settings: [:], inputs: inputs, outputs: outputs, counts: [:], startedOn: Date(), finishedOn: Date())
        return try manifest.envelope(signedBy: key).encoded()
    }

    /// A file's descriptor under `name`, hashed from `url`.
    func descriptor(_ name: String, of url: URL) throws -> ResourceDescriptor {
        ResourceDescriptor(name: name, sha256: SHA256.digest(Array(try Data(contentsOf: url))))
    }

    // MARK: - Item 18: what a resource is, is not read from its name

    @Test func filesNamedLikeIndexesAreHashedAgain() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let notes = base.appendingPathComponent("index:notes.txt"), output = base.appendingPathComponent("index:out.jsonl")
        try Data("some notes\n".utf8).write(to: notes)
        try Data("{}\n".utf8).write(to: output)
        let data = try envelope(inputs: [try descriptor("index:notes.txt", of: notes)], outputs: [try descriptor("index:out.jsonl", of: output)])
        let verifier = ManifestVerifier(base: base)
        let before = verifier.verify(data)
        #expect(before.isSound, "\(before.problems)")
        #expect(before.notes.contains("input index:notes.txt: sha256 matches"))
        #expect(before.notes.contains("output index:out.jsonl: sha256 matches"))

        try Data("changed notes\n".utf8).write(to: notes)
        try Data("{\"x\":1}\n".utf8).write(to: output)
        let after = verifier.verify(data)
        #expect(!after.isSound)
        #expect(after.problems.contains { $0.hasPrefix("input index:notes.txt: changed") }, "\(after.problems)")
        #expect(after.problems.contains { $0.hasPrefix("output index:out.jsonl: changed") }, "\(after.problems)")
    }

    @Test func indexesAndStandardInputAreKindsOfTheirOwnThatSurviveARoundTrip() throws {
        let index = ResourceDescriptor.index(address: "notes.txt", sha256: SHA256.digest(utf8: "documents"))
        let standardInput = ResourceDescriptor.standardInput(sha256: SHA256.digest(utf8: "bytes"))
        let file = ResourceDescriptor(name: "-", sha256: SHA256.digest(utf8: "a file named -"))
        let data = try envelope(inputs: [standardInput, file], outputs: [index])
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let verdict = ManifestVerifier(base: base).verify(data)
        let statement = try #require(verdict.statement)
        #expect(statement.subject == [index])
        #expect(Set(statement.predicate.inputs) == [standardInput, file])
        #expect(statement.subject[0].kind == .index && !statement.subject[0].isFile)
        #expect(verdict.notes.contains("output index notes.txt: not a file; not hashed again"))
        #expect(verdict.problems == ["input -: missing"], "a file named -, unlike standard input, is looked for")
        // Files carry no annotations: manifests of files alone read as before.
        let text = String(decoding: try JSONEncoder().encode(file), as: UTF8.self)
        #expect(!text.contains("annotations"))
        #expect(String(decoding: try JSONEncoder().encode(index), as: UTF8.self).contains("\"annotations\":{\"kind\":\"index\"}"))
    }

    // MARK: - Item 19: strict JSON, size and signature first, files inside the base

    @Test func anEnvelopeWithASecondPayloadIsRefused() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let key = try SigningKey.generate()
        let data = try envelope(inputs: [], outputs: [], signedBy: key)
        let text = String(decoding: data, as: UTF8.self)
        let other = Data(#"{"_type":"x"}"#.utf8).base64EncodedString()
        for second in ["\"payload\" : \"\(other)\",", "\"p\\u0061yload\" : \"\(other)\","] {
            let doubled = Data(text.replacingOccurrences(of: "{\n", with: "{\n  \(second)\n", options: [], range: text.range(of: "{\n")).utf8)
            let verdict = ManifestVerifier(key: key.publicKey, base: base).verify(doubled)
            #expect(verdict.isMalformed)
            #expect(verdict.statement == nil)
            #expect(verdict.problems.contains { $0.contains("the member \"payload\" appears twice") }, "\(verdict.problems)")
        }
    }

    @Test func aSignedPayloadWithADuplicateMemberIsRefused() throws {
        let key = try SigningKey.generate()
        let payload = #"{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"https://palimpsest.dev/run-manifest/v2","predicate":{"command":"scan","command":"export"}}"#
        var envelope = DSSEEnvelope(payloadType: DSSEEnvelope.inTotoPayloadType, payload: Data(payload.utf8))
        envelope.sign(with: key)
        let verdict = ManifestVerifier(key: key.publicKey).verify(try envelope.encoded())
        #expect(verdict.signature == .verified(keyID: key.publicKey.keyID))
        #expect(verdict.isMalformed)
        #expect(verdict.problems.contains { $0.contains("the member \"command\" appears twice") }, "\(verdict.problems)")
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null,-0.5e+3,"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"],"c":{}}"#, "[]", " 3 ", "\"\"",
    ])
    func strictJSONAcceptsWhatRFC8259Allows(_ text: String) throws {
        try StrictJSON.validate(Array(text.utf8))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"[{"b":{"c":1,"c":1}}]"#, #"{"é":1,"e\u0301":2}"#, #"{"a":1} x"#, #"{"a":01}"#, #"{"a":1,}"#,
        "{\"a\":\"\u{1}\"}", #"{"a":"\x"}"#, #"{'a':1}"#, "", "nul", #"{"a" 1}"#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func strictJSONRefusesTheRest(_ text: String) {
        #expect(throws: StrictJSONError.self) { try StrictJSON.validate(Array(text.utf8)) }
    }

    @Test func anOversizedEnvelopeIsRefusedUnread() {
        let verdict = ManifestVerifier().verify(Data(count: ManifestVerifier.maximumEnvelopeBytes + 1))
        #expect(verdict.isMalformed)
        #expect(verdict.problems == ["the manifest is over 64 MiB, more than any run writes; not read"])
    }

    @Test func theSignatureIsCheckedBeforeThePayloadIsParsed() throws {
        let key = try SigningKey.generate(), other = try SigningKey.generate()
        var envelope = DSSEEnvelope(payloadType: DSSEEnvelope.inTotoPayloadType, payload: Data("not JSON at all".utf8))
        envelope.sign(with: other)
        let verdict = ManifestVerifier(key: key.publicKey).verify(try envelope.encoded())
        #expect(verdict.signature == .invalid)
        #expect(!verdict.isMalformed, "read and found wanting: exit 1, not 2")
        #expect(verdict.problems.count == 1)
        #expect(verdict.problems[0].hasPrefix("no signature by key"), "the payload was never parsed: \(verdict.problems)")
    }

    @Test func anUnsignedManifestHashesOnlyFilesInsideItsBase() throws {
        let base = try folder(), outside = try folder()
        defer {
            try? FileManager.default.removeItem(at: base)
            try? FileManager.default.removeItem(at: outside)
        }
        let secret = outside.appendingPathComponent("secret.txt")
        try Data("not for the manifest's writer\n".utf8).write(to: secret)
        let secretDigest = SHA256.digest(Array(try Data(contentsOf: secret))).hex
        let inside = base.appendingPathComponent("inside.txt")
        try Data("in the base\n".utf8).write(to: inside)
        try FileManager.default.createSymbolicLink(atPath: base.appendingPathComponent("link.txt").path, withDestinationPath: secret.path)
        let wrong = SHA256.digest(utf8: "anything")
        let escaping = "../\(outside.lastPathComponent)/secret.txt"
        let names = [secret.path, escaping, "link.txt", "sub/../../\(outside.lastPathComponent)/secret.txt"]
        let data = try envelope(
            inputs: names.map { ResourceDescriptor(name: $0, sha256: wrong) } + [try descriptor("inside.txt", of: inside)], outputs: [])

        let verdict = ManifestVerifier(base: base).verify(data)
        for name in names {
            #expect(verdict.problems.contains { $0.hasPrefix("input \(name): outside the base folder") }, "\(name): \(verdict.problems)")
        }
        #expect(verdict.notes.contains("input inside.txt: sha256 matches"))
        #expect(!(verdict.problems + verdict.notes).contains { $0.contains(secretDigest) }, "nothing tells the file's digest")

        // Signed, and checked with the key: the signer's list is trusted, wherever its files are.
        let key = try SigningKey.generate()
        let signed = try envelope(inputs: [try descriptor(secret.path, of: secret)], outputs: [], signedBy: key)
        let trusted = ManifestVerifier(key: key.publicKey, base: base).verify(signed)
        #expect(trusted.isSound, "\(trusted.problems)")
        #expect(trusted.notes.contains("input \(secret.path): sha256 matches"))
        // The same without the key: refused.
        #expect(ManifestVerifier(base: base).verify(signed).problems.contains { $0.hasPrefix("input \(secret.path): outside the base folder") })
        // An explicit, wider base admits it.
        #expect(ManifestVerifier(base: outside).verify(signed).isSound)
    }

    /// Each file a manifest names is opened once and hashed from that descriptor: what cannot be
    /// opened is missing, and what is not a regular file is named and never read (a named pipe
    /// with no writer would otherwise hold `verify` for ever).
    @Test func filesThatAreNotRegularAreNamedAndNeverRead() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(at: base) }
        let pipe = base.appendingPathComponent("pipe")
        try #require(mkfifo(pipe.path, 0o600) == 0)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("folder"), withIntermediateDirectories: true)
        let inside = base.appendingPathComponent("inside.txt")
        try Data("in the base\n".utf8).write(to: inside)
        let wrong = SHA256.digest(utf8: "anything")
        let names = ["pipe", "folder", "gone.txt", "inside.txt/under-a-file"]
        let data = try envelope(inputs: names.map { ResourceDescriptor(name: $0, sha256: wrong) } + [try descriptor("inside.txt", of: inside)], outputs: [])
        let verdict = ManifestVerifier(base: base).verify(data)
        #expect(Set(verdict.problems) == [
            "input pipe: not a regular file; not read", "input folder: not a regular file; not read",
            "input gone.txt: missing", "input inside.txt/under-a-file: missing",
        ], "\(verdict.problems)")
        #expect(verdict.notes.contains("input inside.txt: sha256 matches"))
    }
}
