import ArgumentParser
import Palimpsest

/// The analysis settings a user may change on the command line, shared by every command that
/// analyses (`scan`, `eval`), so they read and validate the same way everywhere.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Jaccard similarity at or above which documents are near-duplicates (0–1].")
    var threshold = AnalysisSettings().threshold

    @Option(help: "Words per shingle.")
    var shingle = AnalysisSettings().shingleSize

    @Option(help: "MinHash permutations.")
    var permutations = AnalysisSettings().permutations

    @Option(help: ArgumentHelp(
        "How verified near-duplicate pairs make clusters: components (linked by any chain of pairs, as dedup makes them) or stars (every member within the threshold of its centre).",
        valueName: "components|stars"))
    var clusterPolicy = AnalysisSettings().clusterPolicy.rawValue

    @Option(name: .customLong("cluster-on"), help: ArgumentHelp(
        "What clusters compare: text (the whole text, as dedup compares it: near-duplicate pages) or content (boilerplate set aside: reposts of one article whatever the site's chrome). repost_of compares content either way.",
        valueName: "text|content"))
    var clusterBasis = AnalysisSettings().clusterBasis.rawValue

    /// The most words a shingle may have on the command line (`--shingle`, and `dedup
    /// --shingle-size`): longer than any sentence, and small enough that no count derived from it
    /// can overflow.
    static let largestShingle = 1024

    /// The settings, checked.
    /// - Throws: `ValidationError` naming the first option out of range.
    func settings() throws -> AnalysisSettings {
        // Each option alone, so the error names it: a value that is not a number (`nan`), infinite,
        // or too large to count with is refused before anything is computed from it.
        func check(_ option: String, _ alone: AnalysisSettings) throws {
            do {
                try alone.validate()
            } catch {
                throw ValidationError("--\(option): \(error.description)")
            }
        }
        try check("threshold", AnalysisSettings(threshold: threshold))
        try check("shingle", AnalysisSettings(shingleSize: shingle))
        guard shingle <= Self.largestShingle else {
            throw ValidationError("--shingle must be between 1 and \(Self.largestShingle) (got \(shingle))")
        }
        try check("permutations", AnalysisSettings(permutations: permutations))
        guard let policy = ClusterPolicy(rawValue: clusterPolicy) else {
            throw ValidationError("--cluster-policy must be one of \(ClusterPolicy.allCases.map(\.rawValue).joined(separator: ", ")) (got \(clusterPolicy))")
        }
        guard let basis = ClusterBasis(rawValue: clusterBasis) else {
            throw ValidationError("--cluster-on must be one of \(ClusterBasis.allCases.map(\.rawValue).joined(separator: ", ")) (got \(clusterBasis))")
        }
        let settings = AnalysisSettings(
            shingleSize: shingle, permutations: permutations, threshold: threshold, clusterPolicy: policy, clusterBasis: basis)
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return settings
    }

    /// Refuses an out-of-range option while the command line is read, before any input is.
    func validate() throws { _ = try settings() }

    /// An analyzer with the settings, checked.
    /// - Throws: `ValidationError` naming the first setting out of range.
    func analyzer() throws -> Analyzer {
        do {
            return try Analyzer(settings: try settings())
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
    }
}
