import Foundation

/// Reads the dates sources write: ISO 8601 (with or without time, fractional seconds or zone) and
/// RFC 2822 (feeds, mail headers). A date without a time of day is midnight UTC.
public enum DateParsing {
    /// The instant `text` names, or nil when it is not a date in a known form.
    public static func parse(_ text: String) -> Date? {
        let text = text.trimmingWhitespace()
        // Every form read is ASCII; anything else is no date, and Foundation's DateFormatter traps
        // on some combining marks (a fuzzing finding: "2\u{359}\u{FFFD}").
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: fractional) { return date }
        if text.utf8.count == 10, let date = try? Date(text, strategy: dateOnly) { return date }
        return legacyFormatters.withLock { formatters in
            formatters.lazy.compactMap { $0.date(from: text) }.first
        }
    }

    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let dateOnly = Date.ISO8601FormatStyle().year().month().day()

    /// Forms the ISO 8601 styles do not read: local times, spaces for `T`, RFC 2822. Formatters are
    /// costly to make, so they are made once and shared under a lock (they are not thread-safe).
    private static let legacyFormatters = Locked<[DateFormatter]>([
        "yyyy-MM-dd'T'HH:mm:ssZZZZZ", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmZZZZZ", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ssZZZZZ", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "EEE, dd MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm Z",
    ].map { format in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    })

    /// The ISO 8601 form exports write: `2026-03-02T08:00:00Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
