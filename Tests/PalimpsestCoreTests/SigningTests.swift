import Foundation
import PalimpsestCore
import Testing

/// Ed25519 keys and DSSE envelopes: round trips, tamper detection, and agreement with the
/// `openssl` command line, an implementation independent of ours.
@Suite struct SigningTests {
    static let openssl = "/usr/bin/openssl"

    @Test func keysRoundTripThroughPEMAndSignaturesHoldOnlyForTheirMessageAndKey() throws {
        let key = try SigningKey.generate()
        let reread = try SigningKey(pem: key.pem)
        #expect(reread.publicKey.keyID == key.publicKey.keyID)
        #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let publicKey = try VerifyingKey(pem: key.publicKey.pem)
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let message = Array("the findings of one run".utf8)
        let signature = reread.sign(message)
        #expect(signature.count == 64)
        #expect(publicKey.verify(signature, of: message))
        var changed = message
        changed[3] ^= 1
        #expect(!publicKey.verify(signature, of: changed))
        #expect(!(try SigningKey.generate()).publicKey.verify(signature, of: message))
        #expect(key.publicKey.keyID.count == 64)
        #expect(key.publicKey.keyID != (try SigningKey.generate()).publicKey.keyID)
    }

    @Test func keysThatAreNotEd25519AreRefused() throws {
        #expect(throws: SigningError.unreadableKey("not a PEM private key")) { try SigningKey(pem: "not a key") }
        #expect(throws: SigningError.unreadableKey("not a PEM public key")) { try VerifyingKey(pem: (try SigningKey.generate()).pem) }
        // A well-formed public key of another algorithm (P-256, made with openssl for this test).
        let ellipticCurve = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1bRqBOeM55XSreWD8hrJuQalMnbE
            kj8Z4sOwTPtNDUK7g7Wtcsf1XV4azl1XgcGYhOTVXUyLhcxpq5U9w43lXw==
            -----END PUBLIC KEY-----
            """
        #expect(throws: SigningError.unreadableKey("not an Ed25519 key")) { try VerifyingKey(pem: ellipticCurve) }
    }

    @Test func theEnvelopeSignsThePreAuthenticationEncodingAndCatchesAnyChange() throws {
        // The example of the DSSE specification (protocol.md).
        let example = DSSEEnvelope(payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: example.preAuthenticationEncoding, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")

        let key = try SigningKey.generate()
        var envelope = DSSEEnvelope(payloadType: DSSEEnvelope.inTotoPayloadType, payload: Data("{\"a\":1}".utf8))
        envelope.sign(with: key)
        let decoded = try JSONDecoder().decode(DSSEEnvelope.self, from: try envelope.encoded())
        #expect(decoded == envelope)
        #expect(decoded.isSigned(by: key.publicKey))
        #expect(!decoded.isSigned(by: try SigningKey.generate().publicKey))
        var tampered = decoded
        tampered.payload = Data("{\"a\":2}".utf8)
        #expect(!tampered.isSigned(by: key.publicKey))
        var retyped = decoded
        retyped.payloadType = "application/json"
        #expect(!retyped.isSigned(by: key.publicKey), "the type is signed too")
    }

    @Test(
        "openssl verifies our signatures, and its keys sign for us",
        .enabled(if: FileManager.default.isExecutableFile(atPath: openssl), "needs the openssl command line"))
    func opensslAgrees() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try SigningKey.generate()
        var envelope = DSSEEnvelope(payloadType: DSSEEnvelope.inTotoPayloadType, payload: Data("{\"_type\":\"x\"}".utf8))
        envelope.sign(with: key)
        let files = (pae: folder.appendingPathComponent("pae"), sig: folder.appendingPathComponent("sig"), pub: folder.appendingPathComponent("pub.pem"))
        try Data(envelope.preAuthenticationEncoding).write(to: files.pae)
        try envelope.signatures[0].sig.write(to: files.sig)
        try Data(key.publicKey.pem.utf8).write(to: files.pub)
        let verified = try runTool(Self.openssl, ["pkeyutl", "-verify", "-pubin", "-inkey", files.pub.path, "-rawin", "-in", files.pae.path, "-sigfile", files.sig.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("Signature Verified Successfully"))

        let theirs = folder.appendingPathComponent("theirs.pem")
        #expect(try runTool(Self.openssl, ["genpkey", "-algorithm", "ed25519", "-out", theirs.path]).status == 0)
        let imported = try SigningKey(pem: try String(contentsOf: theirs, encoding: .utf8))
        let message = Array("signed with a key openssl made".utf8)
        #expect(imported.publicKey.verify(imported.sign(message), of: message))
    }

    /// Runs a tool; returns its status and its combined output.
    func runTool(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
