import Foundation

/// Checks a run manifest: that it is a well-formed in-toto statement in a DSSE envelope, that its
/// signature holds (when a key is given), and that every file it names still has the digest it
/// recorded. Each failure is reported on its own, so one run shows everything that changed.
public struct ManifestVerifier: Sendable {
    /// The key the manifest must be signed by; nil checks digests only.
    public var key: VerifyingKey?
    /// The folder relative file names are resolved against (the folder the run was made in); when
    /// no signature was checked, also the only folder files are hashed in.
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
        /// Whether the manifest could not be read as a run statement at all (too large, not a DSSE
        /// envelope, duplicate members, another payload or statement type), as opposed to read and
        /// found wanting.
        public var isMalformed = false

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

        /// Whether a given key's signature holds.
        public var isVerified: Bool {
            if case .verified = self { return true }
            return false
        }
    }

    /// The largest manifest read, 64 MiB. Each file a manifest names takes about 200 bytes of it
    /// (its path and digest, in base64), so this admits runs over some 300,000 inputs. A larger
    /// file is refused before anything in it is parsed, so a forged manifest cannot make `verify`
    /// spend gigabytes of memory.
    public static let maximumEnvelopeBytes = 64 << 20

    /// Checks the envelope in `data`, in an order that reads as little of a forged manifest as
    /// possible: its size, then the envelope (strict JSON: no member twice, see ``StrictJSON``),
    /// then the signature when a key is given, and only then the payload — a manifest whose
    /// signature fails has its statement neither parsed nor believed.
    ///
    /// Which files are hashed again: with a key and a signature that holds, every file the
    /// manifest names (the signer vouches for the list, so absolute paths and paths outside
    /// ``base`` are read). Otherwise — no key, so anyone could have written the list — only files
    /// that lie inside ``base`` once `..` and symbolic links are resolved; every other name is a
    /// problem naming it, and nothing about the file is shown (a forged manifest must not make
    /// `verify` print the digest of `/etc/shadow`). Give ``base`` explicitly to widen that.
    public func verify(_ data: Data) -> Verdict {
        var verdict = Verdict()
        guard data.count <= Self.maximumEnvelopeBytes else {
            verdict.problems.append("the manifest is over \(Self.maximumEnvelopeBytes >> 20) MiB, more than any run writes; not read")
            verdict.isMalformed = true
            return verdict
        }
        let envelope: DSSEEnvelope
        do {
            try StrictJSON.validate(Array(data))
            envelope = try JSONDecoder().decode(DSSEEnvelope.self, from: data)
        } catch {
            verdict.problems.append("not a DSSE envelope: \(Self.reason(error))")
            verdict.isMalformed = true
            return verdict
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            verdict.problems.append("payload type is '\(envelope.payloadType)', not an in-toto statement")
            verdict.isMalformed = true
            return verdict
        }
        switch (key, envelope.signatures.isEmpty) {
        case (nil, true): verdict.signature = .unsigned
        case (nil, false): verdict.signature = .notChecked(keyIDs: envelope.signatures.map { $0.keyid ?? "unnamed" })
        case (let key?, _):
            guard envelope.isSigned(by: key) else {
                verdict.signature = .invalid
                verdict.problems.append(envelope.signatures.isEmpty
                    ? "the manifest is not signed, and a key was given"
                    : "no signature by key \(key.keyID) holds: the manifest was changed or signed by another key")
                // The statement of a manifest that fails its signature is nobody's word: it is not
                // parsed, and nothing it names is hashed.
                return verdict
            }
            verdict.signature = .verified(keyID: key.keyID)
        }
        let statement: Statement
        do {
            try StrictJSON.validate(Array(envelope.payload))
            statement = try JSONDecoder().decode(Statement.self, from: envelope.payload)
        } catch {
            verdict.problems.append("the payload is not a Palimpsest run statement: \(Self.reason(error))")
            verdict.isMalformed = true
            return verdict
        }
        guard statement.type == RunManifest.statementType, statement.predicateType == RunManifest.predicateType else {
            verdict.problems.append("statement type '\(statement.type)' with predicate type '\(statement.predicateType)': "
                + "this Palimpsest reads \(RunManifest.predicateType) statements (a manifest of an earlier release: verify it with that release)")
            verdict.isMalformed = true
            return verdict
        }
        verdict.statement = statement
        if Set(statement.subject) != Set(statement.predicate.outputs) { verdict.problems.append("the subject and the predicate's outputs differ") }
        let confined = !(verdict.signature.isVerified)
        let folder = confined ? Folder(base) : nil
        var seen = Set<[String]>()
        for (role, resource) in statement.predicate.inputs.map({ ("input", $0) }) + statement.subject.map({ ("output", $0) })
        where seen.insert([resource.kind.rawValue, resource.name]).inserted {
            check(resource, role: role, confinedTo: folder, into: &verdict)
        }
        return verdict
    }

    /// The base folder, resolved two ways: by its name alone (`.` and `..` folded) and on disk.
    private struct Folder {
        let lexical: String
        let resolved: String?

        init(_ url: URL) {
            lexical = ResolvedPath.lexical(url.path)
            resolved = ResolvedPath.real(url.path)
        }
    }

    /// Hashes one named file again and compares it with the manifest; inside `folder` only, when one is given.
    private func check(_ resource: ResourceDescriptor, role: String, confinedTo folder: Folder?, into verdict: inout Verdict) {
        switch resource.kind {
        case .file: break
        case .standardInput:
            verdict.notes.append("\(role) \(resource.name) (standard input): cannot be read again; not hashed again")
            return
        case .index:
            verdict.notes.append("\(role) index \(resource.name): not a file; not hashed again")
            return
        }
        guard let recorded = resource.digest["sha256"] else {
            verdict.problems.append("\(role) \(resource.name): no SHA-256 recorded")
            return
        }
        let path = resource.name.hasPrefix("/") ? resource.name : base.path + "/" + resource.name
        if let folder {
            // By name first, so nothing outside is even looked up; then on disk, so a symbolic
            // link inside the folder cannot lead outside it.
            let outside = "\(role) \(resource.name): outside the base folder \(base.path); not read, as the manifest's signature was not checked (give --key, or --base a folder that holds it)"
            guard ResolvedPath.contains(folder.lexical, ResolvedPath.lexical(path)) else {
                verdict.problems.append(outside)
                return
            }
            if let resolved = ResolvedPath.real(path), let resolvedBase = folder.resolved, !ResolvedPath.contains(resolvedBase, resolved) {
                verdict.problems.append(outside)
                return
            }
        }
        // Opened once and hashed from that descriptor, so the file judged is the file hashed (a
        // look by name, then a second open by name, would read whatever took the name between
        // them). Only regular files, opened without waiting: a device or a pipe named by a forged
        // manifest would never end.
        let handle: FileHandle
        do {
            handle = try BoundedFileReader.open(path, regularOnly: true).handle
        } catch {
            switch error {
            case .system(let failure) where failure.code == ENOENT || failure.code == ENOTDIR:
                verdict.problems.append("\(role) \(resource.name): missing")
            case .notReadable:
                verdict.problems.append("\(role) \(resource.name): not a regular file; not read")
            default:
                verdict.problems.append("\(role) \(resource.name): cannot read: \(error.reason)")
            }
            return
        }
        do {
            let actual = try SHA256.digest(reading: handle).id.hex
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
