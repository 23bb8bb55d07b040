/// One call for the whole job: read inputs, analyse them, and hand back the result.
public struct Scan: Sendable {
    /// How inputs are read.
    public var reader: CorpusReader
    /// How they are analysed.
    public var analyzer: Analyzer

    /// Creates a scan with the built-in plugins and default settings unless given others.
    public init(reader: CorpusReader = CorpusReader(), settings: AnalysisSettings = AnalysisSettings()) {
        self.reader = reader
        analyzer = Analyzer(settings: settings)
    }

    /// Reads and analyses everything under `paths`.
    /// - Parameter report: called with each input problem as it happens.
    public func run(_ paths: [String], report: (InputProblem) -> Void = { _ in }) -> (result: AnalysisResult, inputs: Int) {
        let corpus = reader.read(paths, report: report)
        return (analyzer.analyze(corpus.documents, problems: corpus.problems), corpus.inputCount)
    }
}
