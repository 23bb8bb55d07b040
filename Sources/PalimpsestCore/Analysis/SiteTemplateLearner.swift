/// Learns a site's boilerplate from its pages: passage shapes that recur on several pages.
///
/// A passage's shape (see ``TemplateMasker``) masks the page's title, site name, author and dates,
/// so a footer frame such as "The post ⟨title⟩ appeared first on ⟨site⟩." is one shape across every
/// page of the site. A shape counts once per page; shapes on at least `minimumDocuments` pages of one
/// site, and no longer than ``longestTemplateTokens`` tokens, are that site's template. Long
/// passages are left alone: a site that republishes one article several times repeats paragraphs
/// of prose, which are duplicates, not template.
struct SiteTemplateLearner: Sendable {
    /// Template passages are chrome, footers and widget lines; prose paragraphs are longer.
    static let longestTemplateTokens = 60

    let minimumDocuments: Int
    private var pagesByShape: [SiteShape: Set<Int>] = [:]

    private struct SiteShape: Hashable {
        let site: String
        let key: UInt64
    }

    init(minimumDocuments: Int) { self.minimumDocuments = minimumDocuments }

    /// Records that `document` of `site` has a passage of this shape.
    mutating func observe(site: String, shape: TemplateMasker.Shape, tokenCount: Int, document: Int) {
        guard tokenCount > 0, tokenCount <= Self.longestTemplateTokens else { return }
        pagesByShape[SiteShape(site: site, key: shape.key), default: []].insert(document)
    }

    /// The verdict on a passage of this shape, once every page has been observed.
    func verdict(site: String, shape: TemplateMasker.Shape, tokenCount: Int) -> BoilerplateVerdict? {
        guard tokenCount > 0, tokenCount <= Self.longestTemplateTokens,
              let pages = pagesByShape[SiteShape(site: site, key: shape.key)]?.count,
              pages >= minimumDocuments
        else { return nil }
        let framed = shape.hasTitle || shape.hasSite
        return BoilerplateVerdict(
            rule: framed ? "site-frame" : "site-template",
            score: min(1, 0.5 + Double(pages) / 20),
            evidence: "the same \(framed ? "frame" : "passage") recurs on \(pages) pages of \(site)"
                + (framed ? " (\(shape.tokens.joined(separator: " ")))" : ""))
    }
}
