/// Why a passage was judged boilerplate.
struct BoilerplateVerdict: Sendable, Hashable {
    /// The rule that fired, such as `single-page:byline` or `site-template`.
    var rule: String
    /// Confidence, 0...1.
    var score: Double
    /// What the rule saw.
    var evidence: String
}

/// Recognises boilerplate on a single page, with no other page of the site to learn from.
///
/// Every rule reads general features of a short passage — its length, word classes (numbers, month
/// names, cue words of page furniture), punctuation, separators, links, and repetition of the page's
/// title, site or author — never a list of exact strings. Long passages (more than ``proseTokens``
/// tokens) are prose and never single-page boilerplate, except a frame around the page's own title
/// and a passage the extractor placed outside its page's main content (``StructuralHints/mainContent``:
/// the HTML extractor locates it from the page's layout, so long footers, sidebars and comment
/// threads go too). The rules are in the spirit of jusText's short/link-dense classes (Pomikálek 2011)
/// and Kohlschütter et al.'s shallow text features (2010), applied to extracted blocks.
struct BoilerplateClassifier: Sendable {
    /// Passages longer than this are prose.
    static let proseTokens = 15

    /// Words that name page furniture rather than news: sharing, following, subscribing, comments,
    /// navigation, legal lines, widgets. A word class, matched as whole tokens.
    static let furnitureWords: Set<String> = [
        "share", "shares", "shared", "sharing", "follow", "following", "followers", "subscribe",
        "subscribers", "subscription", "newsletter", "newsletters", "sign", "signup", "login", "log",
        "register", "comment", "comments", "reply", "replies", "related", "recommended", "trending",
        "popular", "advertisement", "advertising", "sponsored", "ad", "ads", "tags", "tagged", "filed",
        "posted", "category", "categories", "menu", "search", "home", "skip", "navigation", "cookie",
        "cookies", "privacy", "terms", "copyright", "rights", "reserved", "photo", "photograph", "image",
        "credit", "caption", "print", "email", "facebook", "twitter", "whatsapp", "linkedin", "mastodon",
        "bluesky", "instagram", "threads", "tiktok", "youtube", "rss", "feed", "loading", "click", "tap", "download", "app", "contact", "read", "reading", "more", "continue",
    ]

    /// Element names and class, id and role words of page regions that hold furniture (`<nav>`,
    /// `<footer>`, `class="share-bar"`), matched against a passage's label words and element path.
    static let furnitureLabels: Set<String> = [
        "nav", "navigation", "navbar", "menu", "footer", "header", "masthead", "sidebar", "aside", "share",
        "sharing", "social", "related", "comment", "comments", "newsletter", "subscribe", "breadcrumb",
        "breadcrumbs", "advert", "advertisement", "ad", "ads", "promo", "widget", "cookie", "banner", "byline", "tags",
    ]

    /// Units of reading or viewing time.
    static let timeUnits: Set<String> = ["min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "sec", "secs", "seconds"]

    /// Separators between the items of a menu or share bar.
    static let itemSeparators: Set<Character> = ["|", "·", "•", "»", "›", "/", "‧", "⋅", "∙"]

    /// The verdict on one passage, or nil for content.
    /// - Parameters:
    ///   - words: the passage's normalised tokens.
    ///   - shape: its template shape (title, site, author and dates masked).
    /// - Precondition: the passage is not the page's headline (the caller keeps headlines as content).
    func classify(_ passage: Passage, words: [String], shape: TemplateMasker.Shape) -> BoilerplateVerdict? {
        let count = words.count
        let raw = passage.text
        if count == 0 {
            return raw.unicodeScalars.contains(where: { !$0.properties.isWhitespace })
                ? BoilerplateVerdict(rule: "single-page:no-words", score: 0.9, evidence: "punctuation or symbols only")
                : nil
        }
        let endsSentence = raw.last.map { ".!?…\"”’)".contains($0) } ?? false

        if shape.hasTitle && shape.otherTokens <= 10 {
            return BoilerplateVerdict(
                rule: "single-page:title-frame", score: 0.95,
                evidence: "repeats the page title with \(shape.otherTokens) other word(s)")
        }
        let labels = (passage.hints.labelWords + passage.hints.path).filter { Self.furnitureLabels.contains($0.lowercased()) }
        if !labels.isEmpty, count <= 2 * Self.proseTokens {
            return BoilerplateVerdict(
                rule: "single-page:furniture-region", score: 0.85,
                evidence: "in a region labelled \(labels.joined(separator: ", "))")
        }
        guard count <= Self.proseTokens else { return nil }

        let segments = raw.split(whereSeparator: { Self.itemSeparators.contains($0) })
            .map { $0.split(whereSeparator: { $0 == " " }).count }
            .filter { $0 > 0 }
        if segments.count >= 3, Double(segments.reduce(0, +)) / Double(segments.count) <= 3 {
            return BoilerplateVerdict(
                rule: "single-page:navigation", score: 0.9,
                evidence: "\(segments.count) short items between separators")
        }
        if passage.hints.linkDensity >= 0.6 {
            return BoilerplateVerdict(
                rule: "single-page:link-dense", score: 0.85,
                evidence: "link density \(Int(passage.hints.linkDensity * 100))%")
        }
        if shape.hasAuthor && shape.otherTokens <= 3 {
            return BoilerplateVerdict(rule: "single-page:byline", score: 0.9, evidence: "the author's name with \(shape.otherTokens) other word(s)")
        }
        if shape.hasSite && count <= 8 && shape.otherTokens <= 4 && !endsSentence {
            return BoilerplateVerdict(rule: "single-page:site-credit", score: 0.85, evidence: "a site's name with \(shape.otherTokens) other word(s): a credit or label")
        }
        if words.first == "by", count <= 6, !endsSentence, Self.capitalisedShare(of: raw, skippingFirst: true) >= 0.8 {
            return BoilerplateVerdict(rule: "single-page:byline", score: 0.8, evidence: "\"by\" and a name")
        }
        let timeUnits = words.filter { Self.timeUnits.contains($0) }.count
        if shape.dateParts >= 1, timeUnits >= 1, count <= 8 {
            return BoilerplateVerdict(rule: "single-page:reading-time", score: 0.9, evidence: "a number and a unit of time")
        }
        let months = shape.tokens.filter { $0 == "⟨month⟩" || $0 == "⟨day⟩" }.count
        if count <= 14, Double(shape.dateParts) / Double(count) >= 0.4, months >= 1 || shape.dateParts >= 3 {
            return BoilerplateVerdict(rule: "single-page:date-line", score: 0.85, evidence: "\(shape.dateParts) of \(count) words are date parts")
        }
        if raw.contains("@"), raw.unicodeScalars.contains(where: { $0 == "—" || $0 == "-" || $0 == "–" }) || shape.dateParts > 0 {
            return BoilerplateVerdict(rule: "single-page:credit-line", score: 0.8, evidence: "a handle and a date or dash: the credit line of an embedded post")
        }
        if raw.contains("©") {
            return BoilerplateVerdict(rule: "single-page:copyright", score: 0.9, evidence: "a copyright line")
        }
        if count <= 3, shape.dateParts >= 1, !endsSentence {
            return BoilerplateVerdict(rule: "single-page:counter", score: 0.8, evidence: "a number with \(count - shape.dateParts) word(s): a counter")
        }
        let cues = words.filter { Self.furnitureWords.contains($0) }.count
        if cues > 0, Double(cues) / Double(count) >= 1.0 / 3.0 - 1e-9 {
            return BoilerplateVerdict(rule: "single-page:furniture", score: 0.8, evidence: "\(cues) of \(count) words name page furniture")
        }
        return nil
    }

    /// The verdict on a passage, of any length, that the extractor placed outside its page's main
    /// content; nil for every other passage, and for every passage of a format with no page layout.
    func outsideMainContent(_ passage: Passage) -> BoilerplateVerdict? {
        guard passage.hints.mainContent == .outside else { return nil }
        return BoilerplateVerdict(
            rule: "single-page:outside-main-content", score: 0.8,
            evidence: "outside the page's main content, as the extractor located it from the page's layout")
    }

    /// Whether a short passage that follows a widget heading is that widget's content (an
    /// empty-state message, a teaser list): short, next to boilerplate, and naming furniture.
    func isWidgetContent(words: [String], previous: BoilerplateVerdict?) -> BoilerplateVerdict? {
        guard let previous, previous.rule == "single-page:furniture" || previous.rule == "site-template",
              !words.isEmpty, words.count <= Self.proseTokens,
              words.contains(where: { Self.furnitureWords.contains($0) })
        else { return nil }
        return BoilerplateVerdict(rule: "single-page:widget-content", score: 0.7, evidence: "a short line naming furniture, under a widget heading")
    }

    /// The share of words, in the raw text, that start with a capital letter.
    private static func capitalisedShare(of text: String, skippingFirst: Bool) -> Double {
        var words = text.split(whereSeparator: { $0.isWhitespace })
        if skippingFirst, !words.isEmpty { words.removeFirst() }
        guard !words.isEmpty else { return 0 }
        let capitalised = words.filter { $0.first?.isUppercase ?? false }.count
        return Double(capitalised) / Double(words.count)
    }
}
