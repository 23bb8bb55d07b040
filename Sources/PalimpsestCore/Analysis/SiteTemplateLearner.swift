/// Learns a site's boilerplate from its pages: passage shapes that recur on several pages.
///
/// A passage's shape (see ``TemplateMasker``) masks the page's title, site name, author and dates,
/// so a footer frame such as "The post ⟨title⟩ appeared first on ⟨site⟩." is one shape across every
/// page of the site. A shape counts once per *page group* — pages that are near-duplicates of each
/// other as whole pages count as one — so a site that republishes one article several times does
/// not learn that article's paragraphs as its template. Shapes on at least `minimumDocuments` page
/// groups of one site, and no longer than ``longestTemplateTokens`` tokens, are that site's template.
struct SiteTemplateLearner: Sendable {
    /// Template passages are chrome, footers and widget lines; prose paragraphs are longer.
    static let longestTemplateTokens = 60

    let minimumDocuments: Int
    private var groupsByShape: [SiteShape: Set<Int>] = [:]

    private struct SiteShape: Hashable {
        let site: String
        let key: UInt64
    }

    init(minimumDocuments: Int) { self.minimumDocuments = minimumDocuments }

    /// Records that a page of `site`, in page group `pageGroup`, has a passage of this shape.
    mutating func observe(site: String, shape: TemplateMasker.Shape, tokenCount: Int, pageGroup: Int) {
        guard tokenCount > 0, tokenCount <= Self.longestTemplateTokens else { return }
        groupsByShape[SiteShape(site: site, key: shape.key), default: []].insert(pageGroup)
    }

    /// The verdict on a passage of this shape, once every page has been observed.
    func verdict(site: String, shape: TemplateMasker.Shape, tokenCount: Int) -> BoilerplateVerdict? {
        guard tokenCount > 0, tokenCount <= Self.longestTemplateTokens,
              let pages = groupsByShape[SiteShape(site: site, key: shape.key)]?.count,
              pages >= minimumDocuments
        else { return nil }
        let framed = shape.hasTitle || shape.hasSite
        return BoilerplateVerdict(
            rule: framed ? "site-frame" : "site-template",
            score: min(1, 0.5 + Double(pages) / 20),
            evidence: "the same \(framed ? "frame" : "passage") recurs on \(pages) different pages of \(site)"
                + (framed ? " (\(shape.tokens.joined(separator: " ")))" : ""))
    }
}
