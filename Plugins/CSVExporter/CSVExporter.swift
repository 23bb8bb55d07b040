import PalimpsestCore

/// Writes one CSV row per finding (RFC 4180: comma-separated, CRLF line ends, quoted when needed).
///
/// Columns: `kind, document, passage, start, end, of_document, of_passage, of_start, of_end, score,
/// rule, evidence`. Empty cells where a finding has no such part (a repost has no passage).
///
/// Text cells come from the corpus, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or
/// `@` as a formula (`=HYPERLINK(…)`, `=cmd|…`): every text cell is passed through
/// ``DisplayText/sanitized(_:keepingLineBreaks:)`` (control characters shown as escapes) and then
/// ``neutralized(_:)`` (a leading apostrophe before those characters, as OWASP's CSV-injection
/// advice has it), so a document id or evidence is shown as text and never evaluated.
public struct CSVExporter: Exporter {
    /// `csv`, with this plugin's version.
    public let stamp = PluginStamp(name: "csv", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "CSV, one row per finding with its evidence"
    /// `csv`.
    public let fileExtension = "csv"

    /// The header row's column names.
    public static let columns = ["kind", "document", "passage", "start", "end", "of_document", "of_passage", "of_start", "of_end", "score", "rule", "evidence"]

    /// Creates the exporter.
    public init() {}

    /// Writes the header and one row per finding.
    public func export(_ result: AnalysisResult, to writer: ExportWriter) throws {
        try writer.write(Self.columns.joined(separator: ",") + "\r\n")
        for finding in result.findings {
            let cells: [String] = [
                finding.kind.rawValue, Self.text(finding.document), finding.passage.map(String.init) ?? "",
                finding.range.map { String($0.lowerBound) } ?? "", finding.range.map { String($0.upperBound) } ?? "",
                Self.text(finding.ofDocument ?? ""), finding.ofPassage.map(String.init) ?? "",
                finding.ofRange.map { String($0.lowerBound) } ?? "", finding.ofRange.map { String($0.upperBound) } ?? "",
                Self.number(finding.score), Self.text(finding.rule), Self.text(finding.evidence),
            ]
            try writer.write(cells.map(Self.quote).joined(separator: ",") + "\r\n")
        }
        try writer.flush()
    }

    /// A cell, quoted when it holds a comma, quote or line break.
    public static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell of corpus text as it is written: control characters escaped, then neutralised.
    static func text(_ cell: String) -> String {
        neutralized(DisplayText.sanitized(cell))
    }

    /// A cell a spreadsheet will not evaluate: one starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return gets a leading apostrophe (OWASP, "CSV Injection"), which spreadsheets
    /// take as "this is text" and do not show; any other cell is returned as it is.
    ///
    /// The tab and the carriage return are for cells neutralised as they are: this exporter's own
    /// cells are first passed through ``DisplayText/sanitized(_:keepingLineBreaks:)``, which
    /// already shows those two as `\t` and `\r`, so only the other four reach this test from it.
    public static func neutralized(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return cell }
        return "'" + cell
    }

    /// A score with at most four decimals, whole numbers without a decimal point.
    private static func number(_ value: Double) -> String {
        let rounded = value.rounded(toPlaces: 4)
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (without Foundation).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
