/// Text from inputs made safe to show to a person: on a terminal, in a report, in a spreadsheet.
///
/// Ids, file names, titles, sites and messages come from the corpus, and a hostile corpus can put
/// anything in them: an ESC that starts a terminal escape sequence (colours, cursor moves, OSC 52
/// writes to the clipboard, OSC 8 links), a carriage return that overwrites the line it is on, a
/// line break that forges a line of its own ("palimpsest: verified"), or a bidirectional override
/// (U+202E) that shows `txt.exe` as `exe.txt`. Every such scalar is shown as a visible escape
/// instead — `\n`, `\r`, `\t`, or `\u{1B}` with its hexadecimal code — so the text stays readable
/// and nothing in it acts.
///
/// The command line passes every message it writes to standard error through ``sanitized(_:keepingLineBreaks:)``,
/// and the CSV, Markdown and HTML exporters pass every piece of corpus text through it: this is the
/// one place that decides what may reach a person raw.
public enum DisplayText {
    /// `text` with every control character shown as a visible escape.
    ///
    /// Escaped: the C0 controls (U+0000–U+001F) and DEL (U+007F); the C1 controls (U+0080–U+009F,
    /// among them the one-byte CSI and OSC introducers); the bidirectional controls (U+061C, U+200E,
    /// U+200F, U+202A–U+202E, U+2066–U+2069); and the line and paragraph separators U+2028 and
    /// U+2029, which some terminals and editors break lines at. A backslash is left as it is, so an
    /// escape in the output may also be text that was there: the point is that nothing acts, not
    /// that the text can be recovered.
    ///
    /// - Parameters:
    ///   - text: the text to show.
    ///   - keepingLineBreaks: keep line feeds and tabs as they are, for running text (a passage
    ///     shown whole); every other control is still escaped. Off for one-line values (ids, file
    ///     names, messages), whose line breaks are escaped too.
    /// - Returns: `text` itself when nothing needs escaping.
    /// - Complexity: O(*n*) in the scalars of `text`.
    public static func sanitized(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) else {
                output.append(scalar)
                continue
            }
            switch scalar {
            case "\n": output.append(contentsOf: "\\n".unicodeScalars)
            case "\r": output.append(contentsOf: "\\r".unicodeScalars)
            case "\t": output.append(contentsOf: "\\t".unicodeScalars)
            default: output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(output)
    }

    /// Whether `scalar` is one ``sanitized(_:keepingLineBreaks:)`` escapes.
    public static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool = false) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }
}
