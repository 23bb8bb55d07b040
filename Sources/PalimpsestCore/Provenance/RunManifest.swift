import Foundation

/// What one run of Palimpsest did, as an in-toto Statement (v1): the outputs it made are the
/// statement's subject, and the predicate records the tool, the full settings, the SHA-256 of every
/// input, and what was found. Wrapped in a ``DSSEEnvelope`` and optionally signed, it lets anyone
/// check later that an export is the one this run wrote, from these inputs, with these settings.
public struct RunManifest: Sendable, Hashable, Codable {
    /// The predicate type naming this record's shape.
    public static let predicateType = "https://palimpsest.dev/run-manifest/v1"
    /// The in-toto statement type.
    public static let statementType = "https://in-toto.io/Statement/v1"

    /// Name and version of the tool.
    public var tool: Tool
    /// The command run (`scan`, `index add`, `export`).
    public var command: String
    /// Every setting the outputs depend on, by name (normaliser, tokeniser, hashes and seeds,
    /// shingle size, permutations, banding, thresholds, limits, plugins and their versions).
    public var settings: [String: String]
    /// The files read, with their digests; an index read is named `index:<address>` and its digest
    /// covers the ids and content ids of the documents it held.
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

/// A file (or an index) and its digests, as in-toto's ResourceDescriptor has them.
public struct ResourceDescriptor: Sendable, Hashable, Codable {
    /// The path as given on the command line, `-` for standard input, or `index:<address>`.
    public var name: String
    /// Digests by algorithm: `sha256` in lower-case hex.
    public var digest: [String: String]

    /// Creates a descriptor.
    public init(name: String, sha256: ContentID) {
        self.name = name
        digest = ["sha256": sha256.hex]
    }

    /// A file's descriptor, hashing it now.
    /// - Throws: when the file cannot be read.
    public static func file(_ path: String) throws -> ResourceDescriptor {
        ResourceDescriptor(name: path, sha256: try SHA256.digest(fileAt: path).id)
    }

    /// Whether the name is a file path that can be hashed again (not standard input or an index).
    public var isFile: Bool { name != "-" && !name.hasPrefix("index:") }
}
