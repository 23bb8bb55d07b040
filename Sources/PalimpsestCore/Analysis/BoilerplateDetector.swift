/// Decides which passages of a corpus are boilerplate: learned per site first, then by single-page
/// rules, for whole passages and, where a passage holds several lines, line by line.
///
/// Order of evidence for each passage (the page's headline is never boilerplate):
/// 1. its shape recurs on several page groups of its site (``SiteTemplateLearner``);
/// 2. it is the headline of another page of its site (a related-articles link);
/// 3. a single-page rule fires (``BoilerplateClassifier``), or the extractor placed it outside its
///    page's main content (``StructuralHints/mainContent``, for passages of any length);
/// 4. it is a short furniture line right under a widget heading;
/// 5. it has several lines and every line is boilerplate by 1–3 (a footer block of chrome lines).
struct BoilerplateDetector: Sendable {
    private let documents: [Document]
    private let prepared: [[PreparedPassage]]
    private let maskers: [TemplateMasker]
    /// Each passage's shape, by document then passage; nil for passages too long for any rule
    /// that reads shapes (longer than ``SiteTemplateLearner/longestTemplateTokens``), to save memory.
    private let shapes: [[TemplateMasker.Shape?]]
    private let learner: SiteTemplateLearner
    private let titlesBySite: [String: [String: Set<Int>]]  // site → normalised title → pages
    private let classifier = BoilerplateClassifier()

    /// A passage, or one line of it, as the rules see it.
    private struct Unit {
        var passage: Passage
        var words: [String]
    }

    /// Learns the corpus's site templates.
    /// - Parameter pageGroups: for each document, its group of near-duplicate pages.
    init(documents: [Document], prepared: [[PreparedPassage]], pageGroups: [Int], minimumDocuments: Int, normalizer: TextNormalizer, tokenizer: Tokenizer) {
        self.documents = documents
        self.prepared = prepared
        // Built once and shared by every page's masker: a table per page would cost pages × sites.
        let siteNames = TemplateMasker.SiteNames(
            documents.flatMap { [$0.source.siteKey, $0.source.publisher].compactMap { $0 } }, normalizer: normalizer, tokenizer: tokenizer)
        let maskers = documents.map {
            TemplateMasker(title: $0.source.title, siteNames: siteNames, author: $0.source.author, normalizer: normalizer, tokenizer: tokenizer)
        }
        let shapes = prepared.concurrentMap { number, passages in
            passages.map { $0.tokens.count <= SiteTemplateLearner.longestTemplateTokens ? maskers[number].shape(of: $0.tokens.words) : nil }
        }
        var learner = SiteTemplateLearner(minimumDocuments: minimumDocuments)
        var titlesBySite: [String: [String: Set<Int>]] = [:]
        for (number, document) in documents.enumerated() {
            guard let site = document.source.siteKey else { continue }
            for (index, passage) in prepared[number].enumerated() {
                if let shape = shapes[number][index] {
                    learner.observe(site: site, shape: shape, tokenCount: passage.tokens.count, pageGroup: pageGroups[number])
                }
                for line in Self.lines(of: passage) {
                    learner.observe(site: site, shape: maskers[number].shape(of: line.words), tokenCount: line.words.count, pageGroup: pageGroups[number])
                }
            }
            let title = TemplateMasker.words(document.source.title, normalizer: normalizer, tokenizer: tokenizer).joined(separator: " ")
            if !title.isEmpty { titlesBySite[site, default: [:]][title, default: []].insert(number) }
        }
        self.maskers = maskers
        self.shapes = shapes
        self.learner = learner
        self.titlesBySite = titlesBySite
    }

    /// The verdict on every passage.
    func verdicts() -> BoilerplateVerdicts {
        BoilerplateVerdicts(byDocument: documents.concurrentMap { number, _ in
            let passages = verdicts(ofDocument: number)
            // Most documents of a corpus of short records have no boilerplate: they keep no array.
            return passages.contains { $0 != nil } ? passages : []
        })
    }

    private func verdicts(ofDocument number: Int) -> [BoilerplateVerdict?] {
        let passages = prepared[number]
        let headline = shapes[number].firstIndex { $0?.tokens == ["⟨title⟩"] }
        var verdicts: [BoilerplateVerdict?] = []
        for (index, passage) in passages.enumerated() {
            guard index != headline else {
                verdicts.append(nil)
                continue
            }
            // Words are read only where a rule reads them: a passage short enough to be a template.
            let whole = Unit(passage: passage.passage, words: passage.tokens.count <= SiteTemplateLearner.longestTemplateTokens ? passage.tokens.words : [])
            var verdict = shapes[number][index].flatMap { self.verdict(on: whole, shape: $0, ofDocument: number) }
                ?? classifier.outsideMainContent(whole.passage)
            if verdict == nil, index > 0 {
                verdict = classifier.isWidgetContent(words: whole.words, previous: verdicts[index - 1])
            }
            let lines = verdict == nil ? Self.lines(of: passage) : []
            if !lines.isEmpty {
                let lineVerdicts = lines.map { self.verdict(on: $0, shape: maskers[number].shape(of: $0.words), ofDocument: number) }
                if lineVerdicts.allSatisfy({ $0 != nil }) {
                    let rules = Set(lineVerdicts.map { $0!.rule }).sorted()
                    verdict = BoilerplateVerdict(
                        rule: "lines:" + rules.joined(separator: "+"), score: lineVerdicts.map { $0!.score }.min()!,
                        evidence: "all \(lines.count) lines are boilerplate: " + lineVerdicts.map { $0!.evidence }.joined(separator: "; "))
                }
            }
            verdicts.append(verdict)
        }
        return verdicts
    }

    /// Rules 1–3 on one passage or line.
    private func verdict(on unit: Unit, shape: TemplateMasker.Shape, ofDocument number: Int) -> BoilerplateVerdict? {
        if let site = documents[number].source.siteKey {
            if let learned = learner.verdict(site: site, shape: shape, tokenCount: unit.words.count) { return learned }
            // Another page holds the title: any other, whatever their number (no set is copied).
            if let pages = titlesBySite[site]?[unit.words.joined(separator: " ")], pages.count > 1 || !pages.contains(number) {
                return BoilerplateVerdict(
                    rule: "site-related-link", score: 0.9,
                    evidence: "the headline of another page of \(site): a related-articles link")
            }
        }
        return classifier.classify(unit.passage, words: unit.words, shape: shape)
    }

    /// A passage's lines as units, when it has more than one (none otherwise); blank lines are skipped.
    /// - Complexity: O(n) in the passage's length: lines and tokens are both in text order, so each
    ///   line's offset and words continue from the previous line's (a passage of many thousand short
    ///   lines must not cost lines × tokens).
    private static func lines(of prepared: PreparedPassage) -> [Unit] {
        let text = prepared.passage.text
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return [] }
        let lines = PlainTextBlocks.lines(text)
        guard lines.count > 1 else { return [] }
        let tokenCount = prepared.tokens.count
        var units: [Unit] = []
        var lineStart = text.startIndex, start = prepared.passage.range.lowerBound
        var token = 0
        for line in lines {
            start += text.unicodeScalars.distance(from: lineStart, to: line.startIndex)
            lineStart = line.startIndex
            let range = start..<(start + line.unicodeScalars.count)
            while token < tokenCount, prepared.tokenStart(token) < range.lowerBound { token += 1 }
            var words: [String] = []
            while token < tokenCount, prepared.tokenStart(token) < range.upperBound {
                words.append(prepared.tokens.word(token))
                token += 1
            }
            let lineText = line.trimmingWhitespace()
            guard !lineText.isEmpty else { continue }
            var passage = prepared.passage
            passage.text = lineText
            passage.range = range
            units.append(Unit(passage: passage, words: words))
        }
        return units.count > 1 ? units : []
    }
}

/// The boilerplate verdict on every passage of a corpus, by document then passage.
///
/// A document none of whose passages is boilerplate holds an empty list, which costs no memory,
/// rather than a list of nils.
struct BoilerplateVerdicts: Sendable {
    /// Per document: a verdict (nil for content) per passage, or no entry at all when every passage is content.
    let byDocument: [[BoilerplateVerdict?]]

    /// The verdict on passage `passage` of document `document`; nil for content.
    subscript(document: Int, passage: Int) -> BoilerplateVerdict? {
        let verdicts = byDocument[document]
        return verdicts.isEmpty ? nil : verdicts[passage]
    }

    /// Whether any passage of document `document` is boilerplate.
    func hasBoilerplate(_ document: Int) -> Bool { !byDocument[document].isEmpty }
}
