import Foundation
import PalimpsestCore

/// Builds a repost corpus from real articles, with the edits syndication makes, and its ground
/// truth. Deterministic: the same articles and seed give the same corpus, byte for byte.
///
/// Every article is an original published by one of a few invented sites, each with its own chrome
/// (a navigation line, a byline with reading time, share prompts, a comment counter, related
/// links, a feed footer naming the site). Some originals are reposted, by other sites, as:
/// - `exact`: the article unchanged, under the reposting site's chrome;
/// - `near`: one to three light edits — a new headline, a few words changed, a paragraph dropped
///   or two swapped;
/// - `teaser`: the headline and lead, cut off with "…" and a "Read more" line;
/// - `partial`: about half of the paragraphs (the lead and a sample, in order);
/// and a fifth of the copies copy an earlier copy (a chain). Other articles quote one sentence of
/// an original (`quote`): they are not copies. Copies are published one hour to three days after
/// their parent; a fifth carry no publication date, only the time they were retrieved.
///
/// The truth at a threshold is computed, not assumed: the connected components of the graph of
/// documents whose *article text* (headline and paragraphs, without the chrome) has word 5-gram
/// Jaccard similarity at or above it — over every pair, so natural near-duplicates among the real
/// articles count too. The origin of a component is its earliest published member.
public struct RepostCorpusGenerator: Sendable {
    /// An article to build from: its headline and paragraphs.
    public struct Article: Sendable, Hashable {
        /// The headline.
        public var headline: String
        /// The paragraphs, in order.
        public var paragraphs: [String]

        /// Creates an article.
        public init(headline: String, paragraphs: [String]) {
            self.headline = headline
            self.paragraphs = paragraphs
        }
    }

    /// One generated document.
    public struct Item: Sendable, Hashable {
        /// Its id.
        public var id: String
        /// The full text: chrome, headline, paragraphs, footer; blank-line separated.
        public var text: String
        /// The headline, as the page's title.
        public var headline: String
        /// The article text alone (headline and paragraphs), which the truth is computed on.
        public var articleText: String
        /// The publishing site.
        public var site: String
        /// Publication time, if the copy states one.
        public var published: Date?
        /// When it was retrieved.
        public var retrieved: Date
        /// `original`, `exact`, `near`, `teaser`, `partial` or `quote`.
        public var kind: String
        /// The document it was made from (nil for originals and quotes).
        public var parent: String?
        /// The original its family started from (itself for originals and quotes).
        public var family: String
        /// For a quote: the original quoted.
        public var quoted: String?
        /// For a quote: the sentence quoted.
        public var quotation: String?
    }

    /// The seed of the pseudo-random choices.
    public var seed: UInt64
    /// Share of originals that are reposted at least once.
    public var repostedShare: Double
    /// Share of articles set aside to quote another.
    public var quoteShare: Double

    /// Creates a generator.
    public init(seed: UInt64 = 2026, repostedShare: Double = 0.3, quoteShare: Double = 0.05) {
        self.seed = seed
        self.repostedShare = repostedShare
        self.quoteShare = quoteShare
    }

    /// The invented sites, with the words their chrome uses.
    static let sites = [
        "Harbour Daily", "Northline Press", "The Ledger Wire", "Meridian Post", "Copperfield Times", "Open Desk News",
    ]

    /// Builds the corpus, in a shuffled order (so that input order never tells the origin).
    public func generate(from articles: [Article]) -> [Item] {
        var random = SplitMix64(state: seed)
        let usable = articles.filter { $0.paragraphs.count >= 2 }
        let quoteCount = Int(Double(usable.count) * quoteShare)
        let quoting = usable.suffix(quoteCount)
        let originals = usable.dropLast(quoteCount)
        var items: [Item] = []
        let epoch = Date(timeIntervalSince1970: 1_104_537_600)  // 2005-01-01
        for (number, article) in originals.enumerated() {
            let site = Self.sites[Int(random.next() % UInt64(Self.sites.count))]
            let published = epoch.addingTimeInterval(Double(number) * 7_200 + Double(random.next() % 3_600))
            items.append(make(id: "original-\(number)", article: article, site: site, published: published, retrieved: published.addingTimeInterval(86_400),
                              kind: "original", parent: nil, family: "original-\(number)", random: &random))
        }
        let originalItems = items
        var copyNumber = 0
        for original in originalItems where Double(random.next() % 10_000) / 10_000 < repostedShare {
            let copies = 1 + Int(random.next() % 3)
            var family: [(item: Item, article: Article)] = [(original, sourceArticle(of: original, in: originals))]
            for _ in 0..<copies {
                let parent = family.count > 1 && random.next() % 5 == 0 ? family[family.count - 1] : family[0]
                let kinds = ["exact", "near", "near", "near", "teaser", "partial"]
                let kind = kinds[Int(random.next() % UInt64(kinds.count))]
                let article = edit(parent.article, kind: kind, random: &random)
                var site = Self.sites[Int(random.next() % UInt64(Self.sites.count))]
                if site == parent.item.site { site = Self.sites[(Self.sites.firstIndex(of: site)! + 1) % Self.sites.count] }
                let parentTime = parent.item.published ?? parent.item.retrieved
                let published = parentTime.addingTimeInterval(3_600 + Double(random.next() % 259_200))
                let dated = random.next() % 5 != 0
                let item = make(
                    id: "copy-\(copyNumber)", article: article, site: site, published: dated ? published : nil,
                    retrieved: published.addingTimeInterval(43_200), kind: kind, parent: parent.item.id, family: original.id,
                    random: &random, teaser: kind == "teaser")
                copyNumber += 1
                items.append(item)
                family.append((item, article))
            }
        }
        for (number, article) in quoting.enumerated() {
            let quotedItem = originalItems[Int(random.next() % UInt64(originalItems.count))]
            let source = sourceArticle(of: quotedItem, in: originals)
            let sentences = source.paragraphs.flatMap { Self.sentences($0) }.filter { $0.split(whereSeparator: \.isWhitespace).count >= 14 }
            guard let sentence = sentences.isEmpty ? nil : sentences[Int(random.next() % UInt64(sentences.count))] else { continue }
            var quotingArticle = article
            let position = min(2, quotingArticle.paragraphs.count)
            quotingArticle.paragraphs.insert("As \(quotedItem.site) reported: \"\(sentence)\"", at: position)
            let site = Self.sites[Int(random.next() % UInt64(Self.sites.count))]
            let published = (quotedItem.published ?? quotedItem.retrieved).addingTimeInterval(7_200 + Double(random.next() % 86_400))
            var item = make(id: "quote-\(number)", article: quotingArticle, site: site, published: published, retrieved: published.addingTimeInterval(3_600),
                            kind: "quote", parent: nil, family: "quote-\(number)", random: &random)
            item.quoted = quotedItem.id
            item.quotation = sentence
            items.append(item)
        }
        items.shuffle(using: &random)
        return items
    }

    /// The article an original was made from.
    private func sourceArticle(of original: Item, in originals: ArraySlice<Article>) -> Article {
        let number = Int(original.id.dropFirst("original-".count)) ?? 0
        return originals[originals.startIndex + number]
    }

    /// Applies the edits of one copy kind.
    func edit(_ article: Article, kind: String, random: inout SplitMix64) -> Article {
        var article = article
        switch kind {
        case "near":
            let before = article
            defer {
                // An edit that did not apply (a paragraph dropped from a short article) leaves a new headline.
                if article == before { article.headline = "Update: " + article.headline }
            }
            var edits = ["retitle", "words", "drop", "swap"]
            edits.shuffle(using: &random)
            for edit in edits.prefix(1 + Int(random.next() % 3)) {
                switch edit {
                case "retitle":
                    article.headline = ["Update: ", "Report: ", "Latest: ", "Explained: "][Int(random.next() % 4)] + article.headline
                case "words":
                    for _ in 0..<(1 + Int(random.next() % 3)) {
                        let index = Int(random.next() % UInt64(article.paragraphs.count))
                        var words = article.paragraphs[index].split(whereSeparator: \.isWhitespace).map(String.init)
                        guard words.count > 4 else { continue }
                        words[Int(random.next() % UInt64(words.count))] = ["reportedly", "also", "now", "officially"][Int(random.next() % 4)]
                        article.paragraphs[index] = words.joined(separator: " ")
                    }
                case "drop" where article.paragraphs.count >= 8:
                    article.paragraphs.remove(at: article.paragraphs.count - 1 - Int(random.next() % 3))
                case "swap" where article.paragraphs.count >= 4:
                    let index = 1 + Int(random.next() % UInt64(article.paragraphs.count - 2))
                    article.paragraphs.swapAt(index, index + 1)
                default:
                    break
                }
            }
        case "teaser":
            let lead = Array(article.paragraphs.prefix(1 + Int(random.next() % 2)))
            var last = lead[lead.count - 1].trimmingCharacters(in: CharacterSet(charactersIn: "…")).split(whereSeparator: \.isWhitespace)
            if last.count > 12 { last = Array(last.prefix(last.count * 2 / 3)) }
            article.paragraphs = lead.dropLast() + [last.joined(separator: " ") + "…"]
        case "partial":
            var kept = article.paragraphs.indices.filter { $0 == 0 || random.next() % 2 == 0 }
            if kept.count == article.paragraphs.count { kept.removeLast() }
            article.paragraphs = kept.map { article.paragraphs[$0] }
        default:
            break
        }
        return article
    }

    /// Wraps an article in its site's chrome.
    private func make(id: String, article: Article, site: String, published: Date?, retrieved: Date, kind: String, parent: String?, family: String, random: inout SplitMix64, teaser: Bool = false) -> Item {
        let sections = ["World", "Business", "Politics", "Culture", "Sport", "Science", "Opinion"]
        let navigation = (["Home"] + sections.shuffled(using: &random).prefix(4)).joined(separator: " | ")
        let minutes = 2 + Int(random.next() % 9)
        let byline = "By \(site) staff · \(minutes) min read"
        var blocks = [site, navigation, article.headline, byline] + article.paragraphs
        if teaser { blocks.append("Read more at \(site)") }
        blocks.append("Share this story on Facebook, X or WhatsApp")
        blocks.append("\(random.next() % 200) comments")
        blocks.append("The post \(article.headline) appeared first on \(site).")
        let articleText = ([article.headline] + article.paragraphs).joined(separator: "\n\n")
        return Item(
            id: id, text: blocks.joined(separator: "\n\n"), headline: article.headline, articleText: articleText, site: site, published: published, retrieved: retrieved,
            kind: kind, parent: parent, family: family, quoted: nil, quotation: nil)
    }

    /// The sentences of a paragraph, roughly: split after `.`, `!` or `?` followed by a space.
    static func sentences(_ paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in paragraph {
            current.append(character)
            if ".!?".contains(character) {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }
}

extension RepostCorpusGenerator {
    /// The true clusters at `threshold`: each item's component label (the smallest id in it) and
    /// each component's origin (its earliest published member, then earliest retrieved).
    /// - Complexity: O(Σ df²) over the shared shingles, far below all pairs for news text.
    public static func truth(_ items: [Item], threshold: Double, shingleSize: Int = 5) -> (cluster: [String: String], origin: [String: String]) {
        let shingleSets: [Set<String>] = items.map { item in
            let words = WordOverlap.words(item.articleText)
            guard words.count >= shingleSize else { return [words.joined(separator: " ")] }
            return Set((0...(words.count - shingleSize)).map { words[$0..<$0 + shingleSize].joined(separator: " ") })
        }
        var postings: [String: [Int]] = [:]
        for (number, shingles) in shingleSets.enumerated() {
            for shingle in shingles { postings[shingle, default: []].append(number) }
        }
        var parent = Array(items.indices)
        func root(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        for (number, shingles) in shingleSets.enumerated() {
            var shared: [Int: Int] = [:]
            for shingle in shingles {
                for other in postings[shingle] ?? [] where other > number { shared[other, default: 0] += 1 }
            }
            for (other, count) in shared {
                let union = shingles.count + shingleSets[other].count - count
                if union > 0, Double(count) / Double(union) >= threshold - 1e-12 {
                    parent[root(number)] = root(other)
                }
            }
        }
        let components = Dictionary(grouping: items.indices, by: root)
        var cluster: [String: String] = [:], origin: [String: String] = [:]
        for members in components.values {
            let label = members.map { items[$0].id }.min()!
            let first = members.min { a, b in
                (items[a].published ?? .distantFuture, items[a].retrieved, items[a].id) < (items[b].published ?? .distantFuture, items[b].retrieved, items[b].id)
            }!
            for member in members {
                cluster[items[member].id] = label
                origin[items[member].id] = items[first].id
            }
        }
        return (cluster, origin)
    }
}
