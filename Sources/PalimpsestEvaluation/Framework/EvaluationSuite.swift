import Foundation
import PalimpsestCore

/// A measurement of Palimpsest's detectors on one kind of labelled data.
///
/// A suite finds its data sets through the ``EvaluationContext``, runs the detectors the way a user
/// would (the built-in extractors, the analyzer with the context's settings), scores what they
/// found against the labels, and returns a ``SuiteReport`` whose metrics carry the targets set for
/// them. Suites never tune themselves to the data: the settings are the user's (the defaults unless
/// changed), and the report states them.
public protocol EvaluationSuite: Sendable {
    /// The name the command line uses, such as `reposts`.
    var name: String { get }
    /// One line on what the suite measures and on which data.
    var summary: String { get }
    /// Levels set relative to the peers: Palimpsest's metric must reach a peer's on the same data.
    var peerTargets: [PeerRunner.PeerTarget] { get }
    /// Runs the suite.
    /// - Throws: ``EvaluationError`` when a data set is missing or unreadable.
    func run(in context: EvaluationContext) throws -> SuiteReport
}

extension EvaluationSuite {
    /// No peer targets, unless a suite sets them.
    public var peerTargets: [PeerRunner.PeerTarget] { [] }
}

/// Everything a suite run may depend on: where the data is, how much of it to use, and the settings.
public struct EvaluationContext: Sendable {
    /// Finds the data sets.
    public var data: DataSetLocator
    /// Use only the first `limit` items of each data set (in their sorted order), for quick runs
    /// and regression guards; nil for all.
    public var limit: Int?
    /// The analysis settings (the defaults unless the user changed them).
    public var settings: AnalysisSettings
    /// Receives progress messages (a suite may take minutes on a full data set).
    public var log: @Sendable (String) -> Void

    /// Creates a context.
    public init(data: DataSetLocator, limit: Int? = nil, settings: AnalysisSettings = AnalysisSettings(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.data = data
        self.limit = limit
        self.settings = settings
        self.log = log
    }

    /// The first ``limit`` elements of `items`, or all of them.
    func slice<Element>(_ items: [Element]) -> [Element] {
        guard let limit else { return items }
        return Array(items.prefix(max(0, limit)))
    }

    /// The name a data set is reported under: with the slice size when limited.
    func datasetName(_ name: String, total: Int) -> String {
        guard let limit, limit < total else { return name }
        return "\(name)[:\(limit)]"
    }

    /// The analysis settings as the report shows them.
    var settingsDescription: [String: String] {
        let banding = settings.clusteringBanding
        return [
            "shingle": String(settings.shingleSize), "permutations": String(settings.permutations),
            "threshold": String(settings.threshold), "bands_x_rows": "\(banding.bands)x\(banding.rows)",
            "cluster_on": settings.clusterBasis.rawValue,
            "passage_similarity": String(settings.passageSimilarity),
            "boilerplate_min_pages": String(settings.boilerplateMinimumDocuments),
        ]
    }
}

/// The tool name rows of Palimpsest carry.
public let palimpsestToolName = "palimpsest \(PalimpsestVersion.current)"

/// Why a suite could not run.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A data set is in none of the data folders.
    case missingDataSet(name: String, searched: [String])
    /// A file of a data set could not be read or parsed.
    case unreadable(path: String, reason: String)
    /// No suite has this name.
    case unknownSuite(String, known: [String])

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .missingDataSet(let name, let searched):
            "data set '\(name)' not found (neither a folder nor a .tar.gz) in: \(searched.joined(separator: ", ")); pass the folder holding it with --data"
        case .unreadable(let path, let reason):
            "\(path): \(reason)"
        case .unknownSuite(let name, let known):
            "no suite named '\(name)'; choose one of: \(known.joined(separator: ", ")), or all"
        }
    }
}
