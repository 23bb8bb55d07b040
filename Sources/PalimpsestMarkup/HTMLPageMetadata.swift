import CLibXML2
import Foundation
import PalimpsestCore

/// Provenance a page states about itself, as front-matter-style fields for ``SourceRecord/fill(from:)``.
///
/// Read, first found wins: the title from `og:title`, schema.org `headline` (JSON-LD `NewsArticle`,
/// `Article`, `BlogPosting`, `ReportageNewsArticle`, also inside `@graph`), then `<title>`; the site
/// from `og:site_name`, then the JSON-LD publisher's name (also kept as the publisher); the URL from `<link rel=canonical>`, then
/// `og:url`; the publication date from `article:published_time`, JSON-LD `datePublished`, then
/// `<meta name=date>`; the author from `<meta name=author>`, `article:author`, then JSON-LD `author`.
/// Also kept: `lang` (from `<html lang>`), `modified`, `description`.
struct HTMLPageMetadata {
    /// Field names as ``SourceRecord/fieldAliases`` reads them, plus metadata keys.
    private(set) var fields: [String: String] = [:]
    /// The article's full text from JSON-LD `articleBody`, when the page states it.
    private(set) var articleBody: String?

    init(root: xmlNodePtr) {
        var meta: [String: String] = [:]
        var links: [String: String] = [:]
        var title: String?
        var articles: [[String: Any]] = []
        func visit(_ node: xmlNodePtr) {
            guard let name = elementName(node) else { return }
            switch name {
            case "meta":
                if let key = attribute(node, "property") ?? attribute(node, "name") ?? attribute(node, "itemprop"),
                   let content = attribute(node, "content"), meta[key.lowercased()] == nil {
                    meta[key.lowercased()] = content
                }
            case "link":
                if let rel = attribute(node, "rel")?.lowercased(), let href = attribute(node, "href"), links[rel] == nil { links[rel] = href }
            case "title":
                if title == nil { title = textContent(node).trimmingWhitespace() }
            case "script":
                if attribute(node, "type")?.lowercased() == "application/ld+json" {
                    articles += Self.articles(inJSONLD: textContent(node))
                }
            default:
                break
            }
            for child in children(node) { visit(child) }
        }
        visit(root)
        let article = articles.first ?? [:]

        func set(_ key: String, _ candidates: String?...) {
            if let value = candidates.compactMap({ $0?.trimmingWhitespace() }).first(where: { !$0.isEmpty }) { fields[key] = value }
        }
        set("title", meta["og:title"], article["headline"] as? String, title)
        set("site", meta["og:site_name"], Self.name(article["publisher"]))
        set("publisher", Self.name(article["publisher"]))
        set("url", links["canonical"], meta["og:url"])
        set("published", meta["article:published_time"], article["datePublished"] as? String, meta["date"], meta["pubdate"])
        set("author", meta["author"], meta["article:author"], Self.name(article["author"]))
        set("modified", meta["article:modified_time"], article["dateModified"] as? String)
        set("description", meta["og:description"], meta["description"])
        set("lang", attribute(root, "lang"))
        articleBody = (article["articleBody"] as? String)?.trimmingWhitespace().nilIfEmpty
    }

    /// The schema.org article objects in a JSON-LD block (top level, lists, `@graph`).
    static func articles(inJSONLD text: String) -> [[String: Any]] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [] }
        let kinds: Set<String> = ["newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle"]
        func isArticle(_ value: Any?) -> Bool {
            if let type = value as? String { return kinds.contains(type.lowercased()) }
            if let types = value as? [String] { return types.contains { kinds.contains($0.lowercased()) } }
            return false
        }
        var found: [[String: Any]] = []
        func visit(_ value: Any) {
            if let list = value as? [Any] { list.forEach(visit) }
            guard let dictionary = value as? [String: Any] else { return }
            if isArticle(dictionary["@type"]) { found.append(dictionary) }
            if let graph = dictionary["@graph"] { visit(graph) }
        }
        visit(object)
        return found
    }

    /// A schema.org person or organisation's name: a string, `{"name": …}`, or a list of either.
    static func name(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let object as [String: Any]: object["name"] as? String
        case let list as [Any]:
            list.compactMap { name($0) }.joined(separator: ", ").nilIfEmpty
        default: nil
        }
    }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
