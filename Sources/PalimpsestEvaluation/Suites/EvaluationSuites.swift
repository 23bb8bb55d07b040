import Foundation

/// The built-in suites, in the order `palimpsest eval all` runs them.
public enum EvaluationSuites {
    /// Every built-in suite; `repostCorpus` is where the reposts suite also writes its corpus.
    public static func all(repostCorpus: URL? = nil) -> [any EvaluationSuite] {
        [
            BoilerplateSnippetsSuite(), SiteTemplatesSuite(), GradedReuseSuite(), PassageAlignmentSuite(),
            ExactDuplicatesSuite(), RepostsSuite(corpusFolder: repostCorpus),
        ]
    }

    /// The suites `name` selects: one by name, or every one for `all`.
    /// - Throws: ``EvaluationError/unknownSuite(_:known:)``.
    public static func named(_ name: String, repostCorpus: URL? = nil) throws(EvaluationError) -> [any EvaluationSuite] {
        let suites = all(repostCorpus: repostCorpus)
        if name == "all" { return suites }
        guard let suite = suites.first(where: { $0.name == name }) else { throw .unknownSuite(name, known: suites.map(\.name)) }
        return [suite]
    }
}
