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

    /// The settings, checked.
    /// - Throws: `ValidationError` naming the first setting out of range.
    func settings() throws -> AnalysisSettings {
        let settings = AnalysisSettings(shingleSize: shingle, permutations: permutations, threshold: threshold)
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.description)
        }
        return settings
    }

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
