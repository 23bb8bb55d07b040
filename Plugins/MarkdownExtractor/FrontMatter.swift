import PalimpsestCore

/// The `---`-fenced front matter of a Markdown file: flat `key: value` lines (a YAML subset).
struct FrontMatter {
    /// Keys (lower-cased) and values, quotes removed.
    var fields: [String: String] = [:]
    /// Where the body starts, as a line number from 0.
    var bodyStartLine = 0

    /// Parses front matter at the top of `lines`; no front matter gives empty fields and line 0.
    init(lines: [Substring]) {
        guard lines.first?.trimmingWhitespace() == "---" else { return }
        for (number, line) in lines.enumerated().dropFirst() {
            let trimmed = line.trimmingWhitespace()
            if trimmed == "---" || trimmed == "..." {
                bodyStartLine = number + 1
                return
            }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let key = trimmed[..<colon].trimmingWhitespace().lowercased()
            var value = trimmed[trimmed.index(after: colon)...].trimmingWhitespace()
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            if !key.isEmpty { fields[key] = value }
        }
        // No closing fence: it was not front matter.
        fields = [:]
    }
}
