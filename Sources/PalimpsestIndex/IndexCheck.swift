import PalimpsestCore

/// Checks documents against an index without adding them: each is analysed together with the
/// indexed documents that may bear on it (``IndexStore/candidates(for:)``), so a repost is traced
/// to its origin, copied passages to their sources and boilerplate to its site, exactly as `scan`
/// would find them in a corpus holding both.
public struct IndexCheck: Sendable {
    /// The analysis run over the inputs and their indexed context.
    public let analyzer: Analyzer

    /// A check with `analyzer`.
    public init(analyzer: Analyzer = Analyzer()) { self.analyzer = analyzer }

    /// What a check found.
    public struct Report: Sendable {
        /// The analysis of the inputs with the indexed documents that bear on them.
        public var full: AnalysisResult
        /// The same restricted to the inputs: their documents, the clusters they are in, and their
        /// findings; `full`'s problems.
        public var checked: AnalysisResult
        /// How many indexed documents were analysed with the inputs.
        public var indexedDocuments: Int
    }

    /// Checks `documents` against `store`.
    /// - Parameter problems: problems met reading the inputs, carried into the report.
    /// - Throws: ``IndexError`` when the index cannot be read.
    public func run(_ documents: [Document], problems: [InputProblem] = [], in store: any IndexStore) async throws(IndexError) -> Report {
        var context: [Document] = []
        var seen = Set<String>()
        for document in documents {
            for candidate in try await store.candidates(for: document) where seen.insert(candidate.id).inserted {
                context.append(candidate)
            }
        }
        let inputs = Self.tellApart(documents, from: context)
        let inputIDs = Set(inputs.map(\.id))
        let full = analyzer.analyze(context + inputs, problems: problems)
        let checked = AnalysisResult(
            settings: full.settings, documents: full.documents.filter { inputIDs.contains($0.document.id) },
            clusters: full.clusters.filter { !inputIDs.isDisjoint(with: $0.members) },
            findings: full.findings.filter { inputIDs.contains($0.document) }, problems: full.problems)
        return Report(full: full, checked: checked, indexedDocuments: context.count)
    }

    /// `inputs`, each whose id names an indexed document in `context` renamed `ID (checked)`, so
    /// both can be reported — or `ID (checked 2)`, `ID (checked 3)`, …: the first id that neither
    /// an indexed document nor another input has, so no two documents of the analysis share an id.
    public static func tellApart(_ inputs: [Document], from context: [Document]) -> [Document] {
        let indexedIDs = Set(context.map(\.id))
        var taken = indexedIDs.union(inputs.map(\.id))
        return inputs.map { document in
            guard indexedIDs.contains(document.id) else { return document }
            var renamed = document
            renamed.id = "\(document.id) (checked)"
            var number = 2
            while taken.contains(renamed.id) {
                renamed.id = "\(document.id) (checked \(number))"
                number += 1
            }
            taken.insert(renamed.id)
            return renamed
        }
    }
}
