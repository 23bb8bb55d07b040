import Foundation

/// What one run of Palimpsest did, as an in-toto Statement (v1): the outputs it made are the
/// statement's subject, and the predicate records the tool, the full settings, the SHA-256 of every
/// input, and what was found. Wrapped in a ``DSSEEnvelope`` and optionally signed, it lets anyone
/// check later that an export is the one this run wrote, from these inputs, with these settings.
public struct RunManifest: Sendable, Hashable, Codable {
    /// The predicate type naming this record's shape. Version 2 records what each resource is in
    /// its own field (``ResourceDescriptor/kind``); version 1 told indexes by an `index:` prefix of
    /// their names, which a file could carry too.
    public static let predicateType = "https://palimpsest.dev/run-manifest/v2"
    /// The in-toto statement type.
    public static let statementType = "https://in-toto.io/Statement/v1"

    /// Name and version of the tool.
    public var tool: Tool
    /// The command run (`scan`, `index add`, `export`).
    public var command: String
    /// Every setting the outputs depend on, by name (normaliser, tokeniser, hashes and seeds,
    /// shingle size, permutations, banding, thresholds, limits, plugins and their versions).
    public var settings: [String: String]
    /// The files read, with their digests; an index read is a resource of kind
    /// ``ResourceDescriptor/Kind/index`` named by its address, whose digest covers the ids and
    /// content ids of the documents it held.
    public var inputs: [ResourceDescriptor]
    /// The files written, with their digests (the statement's subject too).
    public var outputs: [ResourceDescriptor]
    /// Counts of what was read and found: documents, clusters, problems, each finding kind.
    public var counts: [String: Int]
    /// When the run started and finished (ISO 8601, UTC).
    public var startedOn: String
    /// When the run finished.
    public var finishedOn: String

    /// The tool's name and version.
    public struct Tool: Sendable, Hashable, Codable {
        /// `palimpsest`.
        public var name: String
        /// Its release.
        public var version: String

        /// Palimpsest at this release.
        public static let current = Tool(name: "palimpsest", version: PalimpsestVersion.current)
    }

    /// Creates a manifest; `inputs` and `outputs` are sorted by name so the order files were
    /// given in does not change it.
    public init(
        command: String, settings: [String: String], inputs: [ResourceDescriptor], outputs: [ResourceDescriptor],
        counts: [String: Int], startedOn: Date, finishedOn: Date
    ) {
        tool = .current
        self.command = command
        self.settings = settings
        self.inputs = inputs.sorted { $0.name < $1.name }
        self.outputs = outputs.sorted { $0.name < $1.name }
        self.counts = counts
        self.startedOn = DateParsing.format(startedOn)
        self.finishedOn = DateParsing.format(finishedOn)
    }

    /// The in-toto statement: the outputs as subject, this manifest as predicate.
    public var statement: Statement {
        Statement(type: Self.statementType, subject: outputs, predicateType: Self.predicateType, predicate: self)
    }

    /// The statement in a DSSE envelope, signed by `key` when one is given.
    public func envelope(signedBy key: SigningKey?) throws -> DSSEEnvelope {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var envelope = DSSEEnvelope(payloadType: DSSEEnvelope.inTotoPayloadType, payload: try encoder.encode(statement))
        if let key { envelope.sign(with: key) }
        return envelope
    }
}

/// An in-toto Statement (v1) whose predicate is a run manifest.
public struct Statement: Sendable, Hashable, Codable {
    /// `https://in-toto.io/Statement/v1`.
    public var type: String
    /// The artifacts the statement is about: the run's outputs.
    public var subject: [ResourceDescriptor]
    /// ``RunManifest/predicateType``.
    public var predicateType: String
    /// The run.
    public var predicate: RunManifest

    enum CodingKeys: String, CodingKey {
        case type = "_type", subject, predicateType, predicate
    }
}

/// A file, standard input or an index, and its digests, as in-toto's ResourceDescriptor has them.
///
/// What the resource is, is recorded in its own field, never read from its name: a file may be
/// called `index:notes.txt` or `-`, and is still hashed again by ``ManifestVerifier`` like any other
/// file. In JSON a standard input or an index carries in-toto's `annotations` member,
/// `{"kind": "standard-input"}` or `{"kind": "index"}`; a file has none.
public struct ResourceDescriptor: Sendable, Hashable, Codable {
    /// What a resource is, which decides how ``ManifestVerifier`` checks it.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A file, named by its path as given: hashed again by `verify`.
        case file
        /// The bytes read from standard input: they cannot be read again.
        case standardInput = "standard-input"
        /// An index, named by its address; its digest covers the ids and content ids of the
        /// documents the run read from or wrote to it (see `RunRecords.index`), and needs the index
        /// to be checked again.
        case index
    }

    /// The path as given on the command line, `-` for standard input, or an index's address.
    public var name: String
    /// Digests by algorithm: `sha256` in lower-case hex.
    public var digest: [String: String]
    /// What the resource is.
    public var kind: Kind

    /// Creates a descriptor; a file unless `kind` says otherwise.
    public init(name: String, sha256: ContentID, kind: Kind = .file) {
        self.name = name
        digest = ["sha256": sha256.hex]
        self.kind = kind
    }

    /// A file's descriptor, hashing it now.
    /// - Throws: when the file cannot be read.
    public static func file(_ path: String) throws -> ResourceDescriptor {
        ResourceDescriptor(name: path, sha256: try SHA256.digest(fileAt: path).id)
    }

    /// Standard input's descriptor, named `-`, with the digest of the bytes read from it.
    public static func standardInput(sha256: ContentID) -> ResourceDescriptor {
        ResourceDescriptor(name: "-", sha256: sha256, kind: .standardInput)
    }

    /// An index's descriptor: its address and the digest of the documents the run used.
    public static func index(address: String, sha256: ContentID) -> ResourceDescriptor {
        ResourceDescriptor(name: address, sha256: sha256, kind: .index)
    }

    /// Whether it is a file that can be hashed again (not standard input or an index).
    public var isFile: Bool { kind == .file }

    enum CodingKeys: String, CodingKey {
        case name, digest, annotations
    }

    /// in-toto's free-form annotations, of which Palimpsest writes and reads `kind` alone.
    struct Annotations: Codable {
        var kind: Kind?
    }

    /// Reads a descriptor; one without annotations (or without a `kind` in them) is a file.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        digest = try container.decode([String: String].self, forKey: .digest)
        kind = try container.decodeIfPresent(Annotations.self, forKey: .annotations)?.kind ?? .file
    }

    /// Writes the descriptor; `annotations` only for what is not a file.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(digest, forKey: .digest)
        if kind != .file { try container.encode(Annotations(kind: kind), forKey: .annotations) }
    }
}
