/// One call for the whole job: read inputs, analyse them, and hand back the result.
public struct Scan: Sendable {
    /// How inputs are read.
    public var reader: CorpusReader
    /// How they are analysed.
    public var analyzer: Analyzer

    /// Creates a scan with the built-in plugins and default settings.
    public init(reader: CorpusReader = CorpusReader()) {
        self.reader = reader
        analyzer = Analyzer()
    }

    /// Creates a scan with other settings.
    /// - Throws: ``SettingsError`` naming the first setting out of range.
    public init(reader: CorpusReader = CorpusReader(), settings: AnalysisSettings) throws(SettingsError) {
        self.reader = reader
        analyzer = try Analyzer(settings: settings)
    }

    /// Reads and analyses everything under `paths`.
    /// - Parameters:
    ///   - report: called with each input problem as it happens.
    ///   - progress: called with the number of documents read so far, after each document.
    public func run(_ paths: [String], report: (InputProblem) -> Void = { _ in }, progress: (Int) -> Void = { _ in }) -> (result: AnalysisResult, inputs: Int) {
        let corpus = reader.read(paths, report: report, progress: progress)
        return (analyzer.analyze(corpus.documents, problems: corpus.problems), corpus.inputCount)
    }
}
