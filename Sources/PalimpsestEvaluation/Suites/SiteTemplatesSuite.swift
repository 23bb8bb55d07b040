import Foundation
import PalimpsestCore

/// Boilerplate learned across the pages of a site: CleanPortalEval (70 pages from four sites,
/// gold cleaned text per page, in CleanEval's format).
///
/// The pages are analysed together — what a site stamps on every page is learned from the others —
/// and, for comparison, each page alone, so the report shows what learning across pages adds.
/// The site of a page is the name its file starts with (`bbc.co.uk_news_01.html`) when the page
/// names none itself, as a user's sidecar would supply it.
public struct SiteTemplatesSuite: EvaluationSuite {
    public let name = "site-templates"
    public let summary = "boilerplate learned across the pages of a site: CleanPortalEval word F1 against the gold text"

    /// Creates the suite.
    public init() {}

    public func run(in context: EvaluationContext) throws -> SuiteReport {
        let folder = try context.data.folder(of: .htmlCleaning).appendingPathComponent("CleanPortalEval-master")
        let allPages = try files(in: folder.appendingPathComponent("input"), endingWith: ".html")
        let pages = context.slice(allPages)
        let dataset = context.datasetName("cleanportaleval", total: allPages.count)
        var gold: [String: String] = [:]
        for page in pages {
            let goldFile = folder.appendingPathComponent("GoldStandard").appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".txt")
            gold[page.path] = Self.cleanEvalText(try readText(goldFile))
        }
        let site: (URL) -> String = { String($0.lastPathComponent.prefix { $0 != "_" }) }
        let assignSite: (inout Document) -> Void = { document in
            if document.source.siteKey == nil {
                document.source.site = site(URL(fileURLWithPath: document.source.location))
            }
        }
        var report = SuiteReport(suite: name, settings: context.settingsDescription)

        context.log("\(name): analysing \(pages.count) pages together")
        let together = try PipelineRun(paths: pages.map(\.path), settings: context.settings, adjust: assignSite)
        let learned = Dictionary(uniqueKeysWithValues: pages.map { page in
            (page.path, WordOverlap(extracted: (together.documentsByPath[page.path] ?? []).map(\.keptText).joined(separator: "\n\n"), gold: gold[page.path] ?? ""))
        })
        context.log("\(name): analysing \(pages.count) pages one at a time")
        var alone: [String: WordOverlap] = [:]
        var aloneSeconds = 0.0
        for page in pages {
            let run = try PipelineRun(paths: [page.path], settings: context.settings, adjust: assignSite)
            aloneSeconds += run.seconds
            alone[page.path] = WordOverlap(extracted: (run.documentsByPath[page.path] ?? []).map(\.keptText).joined(separator: "\n\n"), gold: gold[page.path] ?? "")
        }

        let sites = Dictionary(grouping: pages, by: site).sorted { $0.key < $1.key }
        for (label, scores, seconds) in [("palimpsest (site learned)", learned, together.seconds), ("palimpsest (each page alone)", alone, aloneSeconds)] {
            report.rows.append(Self.row(tool: label, dataset: dataset, pages: pages, scores: scores, seconds: seconds))
            for (siteName, sitePages) in sites {
                report.rows.append(Self.row(tool: label, dataset: "\(dataset):\(siteName)", pages: sitePages, scores: scores, seconds: nil))
            }
        }
        report.notes.append("gold: CleanEval text with the URL line and <p>/<h>/<l> marks removed; word F1 is averaged over pages")
        report.notes.append("peers see one page at a time; compare them with 'each page alone' and see what learning across pages adds")
        return report
    }

    /// A row of mean word scores over `pages`.
    static func row(tool: String, dataset: String, pages: [URL], scores: [String: WordOverlap], seconds: Double?) -> ReportRow {
        let overlaps = pages.compactMap { scores[$0.path] }
        let count = Double(max(overlaps.count, 1))
        return ReportRow(
            tool: tool, dataset: dataset, items: overlaps.count,
            metrics: [
                Metric("word_precision", overlaps.map(\.precision).reduce(0, +) / count),
                Metric("word_recall", overlaps.map(\.recall).reduce(0, +) / count),
                Metric("word_f1", overlaps.map(\.f1).reduce(0, +) / count),
            ],
            seconds: seconds)
    }

    /// The plain text of a CleanEval gold file: the `URL:` line (after any leading blank lines)
    /// dropped, the block marks (`<p>`, `<h>`, `<l>`) removed and character references decoded.
    static func cleanEvalText(_ gold: String) -> String {
        var lines = gold.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }), lines[first].hasPrefix("URL:") {
            lines.removeSubrange(...first)
        }
        let text = lines.joined(separator: "\n")
            .replacingOccurrences(of: "<[phl]>", with: "", options: [.regularExpression, .caseInsensitive])
        return decodeCharacterReferences(text)
    }
}

/// Decodes HTML character references: numeric (`&#039;`, `&#x2019;`) and the common named ones.
func decodeCharacterReferences(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "sbquo": "\u{201A}", "bdquo": "\u{201E}", "ndash": "\u{2013}", "mdash": "\u{2014}",
        "hellip": "\u{2026}", "bull": "\u{2022}", "middot": "\u{B7}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "pound": "\u{A3}", "euro": "\u{20AC}", "deg": "\u{B0}", "eacute": "\u{E9}",
        "egrave": "\u{E8}", "aacute": "\u{E1}", "agrave": "\u{E0}", "iacute": "\u{ED}", "oacute": "\u{F3}", "uacute": "\u{FA}",
        "ntilde": "\u{F1}", "ccedil": "\u{E7}", "auml": "\u{E4}", "ouml": "\u{F6}", "uuml": "\u{FC}", "szlig": "\u{DF}",
    ]
    var output = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
        output += rest[..<ampersand]
        let afterAmpersand = rest.index(after: ampersand)
        guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
            output += "&"
            rest = rest[afterAmpersand...]
            continue
        }
        let name = String(rest[afterAmpersand..<semicolon])
        var decoded: String?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
        } else if name.hasPrefix("#") {
            decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
        } else {
            decoded = named[name] ?? named[name.lowercased()]
        }
        if let decoded {
            output += decoded
            rest = rest[rest.index(after: semicolon)...]
        } else {
            output += "&"
            rest = rest[afterAmpersand...]
        }
    }
    return output + rest
}
