import Foundation
import Palimpsest

/// A one-line progress display on standard error, redrawn in place; silent unless enabled (it is
/// enabled only when standard error is a terminal, so pipes and logs stay clean).
struct StatusLine {
    let enabled: Bool

    /// Replaces the line with `text` (control characters in it shown as escapes, see ``Messages``).
    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(DisplayText.sanitized(text))".utf8))
    }

    /// Erases the line.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
