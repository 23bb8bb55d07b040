import CSVExporter
import Foundation
import HTMLReportExporter
import MarkdownReportExporter
import PalimpsestCore
import Testing

/// Reports of a hostile corpus (issue 14, item 22): ids, titles, sites and file names that carry
/// spreadsheet formulas, Markdown structure and terminal control sequences.
@Suite struct ReportInjectionTests {
    /// An OSC 52 clipboard write, a colour, a carriage return and a right-to-left override.
    static let controls = "\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}[31m\r\u{202E}txt.exe"
    static let formulaID = "=HYPERLINK(\"https://evil.example\",\"open\")\n# Injected heading\n- injected item" + controls
    static let originID = "@origin\n+ another item"

    /// Two documents, one a repost of the other, with hostile ids, titles and sites, and a problem
    /// with a hostile file name.
    static func hostileResult() -> AnalysisResult {
        let lead = "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs."
        let body = "Passengers who travel daily will be able to buy a new monthly pass, which the authority says will limit the increase for commuters."
        let third = "The council's transport committee will discuss the change next week, and several councillors will ask for the pier repairs to be paid."
        func document(_ id: String, site: String, published: String) -> Document {
            var builder = DocumentBuilder()
            for block in [lead, body, third] { builder.append(block) }
            return builder.build(id: id, source: SourceRecord(
                location: id, site: site, title: "Title\n## Injected title" + controls, published: DateParsing.parse(published),
                extractor: PluginStamp(name: "test", version: "0")))
        }
        let problem = InputProblem(location: "evil\u{1B}]0;pwned\u{07}.txt\n# Problem heading", message: "cannot read\u{202E}")
        return Analyzer().analyze([
            document(originID, site: "Site\n* list item\u{9B}2J", published: "2026-03-01T08:00:00Z"),
            document(formulaID, site: "Other\n* list item", published: "2026-03-02T08:00:00Z"),
        ], problems: [problem])
    }

    /// Whether `text` holds any scalar the sanitiser escapes, line feeds and tabs aside.
    static func holdsControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { DisplayText.needsEscape($0, keepingLineBreaks: true) }
    }

    @Test func theSanitiserShowsEveryControlAsAnEscape() {
        #expect(DisplayText.sanitized("a\u{1B}[31mred\rx\ny\tz\u{202E}w\u{9D}\u{2028}\u{0}") == "a\\u{1B}[31mred\\rx\\ny\\tz\\u{202E}w\\u{9D}\\u{2028}\\u{0}")
        #expect(DisplayText.sanitized("line\n\tindented\r\u{1B}", keepingLineBreaks: true) == "line\n\tindented\\r\\u{1B}")
        #expect(DisplayText.sanitized("plain text, é, 東京, emoji 😀") == "plain text, é, 東京, emoji 😀")
    }

    @Test func csvCellsAreNeutralisedAgainstFormulasAndControls() throws {
        let result = Self.hostileResult()
        let writer = ExportWriter.inMemory()
        try CSVExporter().export(result, to: writer)
        let csv = writer.contents
        #expect(!Self.holdsControls(csv.replacingOccurrences(of: "\r\n", with: "\n")), "no raw control character besides the row ends")
        #expect(!csv.contains("\n#") && !csv.contains("\n-") && !csv.contains("\n+"), "ids stay on their row")
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == result.findings.count + 1)
        let repost = try #require(rows.first { $0.hasPrefix("repost,") })
        #expect(repost.hasPrefix("repost,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"open\"\")\\n# Injected heading\\n- injected item\\u{1B}]52;"), "\(repost)")
        #expect(repost.contains(",'@origin\\n+ another item,"), "\(repost)")
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVExporter.neutralized(cell) == "'" + cell)
        }
        #expect(CSVExporter.neutralized("origin.md") == "origin.md")
    }

    @Test func theMarkdownReportKeepsHostileTextOnItsLine() throws {
        let writer = ExportWriter.inMemory()
        try MarkdownReportExporter().export(Self.hostileResult(), to: writer)
        let report = writer.contents
        #expect(!Self.holdsControls(report), "no raw control character")
        let lines = report.split(separator: "\n")
        for injected in ["# Injected heading", "- injected item", "+ another item", "## Injected title", "* list item", "# Problem heading"] {
            #expect(!lines.contains { $0.hasPrefix(injected) }, "\(injected) starts no line")
        }
        #expect(report.contains("=HYPERLINK(\"https://evil.example\",\"open\")\\\\n\\# Injected heading"))
        #expect(report.contains("\\\\u{202E}txt.exe"))
        #expect(MarkdownReportExporter.escape("a\n# b") == "a\\\\n\\# b")
    }

    @Test func theHTMLReportShowsControlsAsText() throws {
        let writer = ExportWriter.inMemory()
        try HTMLReportExporter().export(Self.hostileResult(), to: writer)
        let report = writer.contents
        #expect(!Self.holdsControls(report), "no raw control character")
        #expect(report.contains("\\u{202E}txt.exe"))
        #expect(report.contains("evil\\u{1B}]0;pwned\\u{7}.txt"))
        #expect(HTMLReportExporter.escape("a\nb\u{1B}") == "a<br>b\\u{1B}")
        #expect(HTMLReportExporter.escape("a\nb", lineBreaks: false) == "a\\nb")
    }
}
