import Foundation

/// Checks a run manifest: that it is a well-formed in-toto statement in a DSSE envelope, that its
/// signature holds (when a key is given), and that every file it names still has the digest it
/// recorded. Each failure is reported on its own, so one run shows everything that changed.
public struct ManifestVerifier: Sendable {
    /// The key the manifest must be signed by; nil checks digests only.
    public var key: VerifyingKey?
    /// The folder relative file names are resolved against (the folder the run was made in).
    public var base: URL

    /// Creates a verifier.
    public init(key: VerifyingKey? = nil, base: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.key = key
        self.base = base
    }

    /// What checking found.
    public struct Verdict: Sendable {
        /// The statement, when the envelope could be read.
        public var statement: Statement?
        /// What the signature check found.
        public var signature: SignatureState = .unsigned
        /// Every mismatch: a changed, missing or unreadable file, a bad signature, a malformed manifest.
        public var problems: [String] = []
        /// What was checked and what could not be (standard input, an index).
        public var notes: [String] = []

        /// Whether everything checked out.
        public var isSound: Bool { problems.isEmpty }
    }

    /// The outcome of the signature check.
    public enum SignatureState: Sendable, Hashable {
        /// No signature.
        case unsigned
        /// Signed, but no key was given to check it with (by these key ids).
        case notChecked(keyIDs: [String])
        /// Signed by the given key, and the signature holds.
        case verified(keyID: String)
        /// A key was given and no signature by it holds.
        case invalid
    }

    /// Checks the envelope in `data`.
    public func verify(_ data: Data) -> Verdict {
        var verdict = Verdict()
        let envelope: DSSEEnvelope
        do {
            envelope = try JSONDecoder().decode(DSSEEnvelope.self, from: data)
        } catch {
            verdict.problems.append("not a DSSE envelope: \(Self.reason(error))")
            return verdict
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            verdict.problems.append("payload type is '\(envelope.payloadType)', not an in-toto statement")
            return verdict
        }
        let statement: Statement
        do {
            statement = try JSONDecoder().decode(Statement.self, from: envelope.payload)
        } catch {
            verdict.problems.append("the payload is not a Palimpsest run statement: \(Self.reason(error))")
            return verdict
        }
        verdict.statement = statement
        switch (key, envelope.signatures.isEmpty) {
        case (nil, true): verdict.signature = .unsigned
        case (nil, false): verdict.signature = .notChecked(keyIDs: envelope.signatures.map { $0.keyid ?? "unnamed" })
        case (let key?, _):
            if envelope.isSigned(by: key) {
                verdict.signature = .verified(keyID: key.keyID)
            } else {
                verdict.signature = .invalid
                verdict.problems.append(envelope.signatures.isEmpty
                    ? "the manifest is not signed, and a key was given"
                    : "no signature by key \(key.keyID) holds: the manifest was changed or signed by another key")
                // The file list of a manifest that fails its signature is nobody's word: nothing is hashed.
                return verdict
            }
        }
        if statement.type != RunManifest.statementType { verdict.problems.append("statement type is '\(statement.type)'") }
        if statement.predicateType != RunManifest.predicateType { verdict.problems.append("predicate type is '\(statement.predicateType)'") }
        if Set(statement.subject) != Set(statement.predicate.outputs) { verdict.problems.append("the subject and the predicate's outputs differ") }
        var seen = Set<String>()
        for (role, resource) in statement.predicate.inputs.map({ ("input", $0) }) + statement.subject.map({ ("output", $0) }) where seen.insert(resource.name).inserted {
            check(resource, role: role, into: &verdict)
        }
        return verdict
    }

    /// Hashes one named file again and compares it with the manifest.
    private func check(_ resource: ResourceDescriptor, role: String, into verdict: inout Verdict) {
        guard resource.isFile else {
            verdict.notes.append("\(role) \(resource.name): not a file; not hashed again")
            return
        }
        guard let recorded = resource.digest["sha256"] else {
            verdict.problems.append("\(role) \(resource.name): no SHA-256 recorded")
            return
        }
        let url = resource.name.hasPrefix("/") ? URL(fileURLWithPath: resource.name) : base.appendingPathComponent(resource.name)
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            verdict.problems.append("\(role) \(resource.name): missing")
            return
        }
        // Only regular files: a device or a pipe named by a forged manifest would never end.
        guard status.st_mode & S_IFMT == S_IFREG else {
            verdict.problems.append("\(role) \(resource.name): not a regular file; not read")
            return
        }
        do {
            let actual = try SHA256.digest(fileAt: url.path).id.hex
            if actual == recorded {
                verdict.notes.append("\(role) \(resource.name): sha256 matches")
            } else {
                verdict.problems.append("\(role) \(resource.name): changed (sha256 \(actual), the manifest records \(recorded))")
            }
        } catch {
            verdict.problems.append("\(role) \(resource.name): cannot read: \(error.localizedDescription)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "no '\(key.stringValue)'" }
        if case DecodingError.typeMismatch(_, let context) = error { return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)" }
        return "\(error)"
    }
}
