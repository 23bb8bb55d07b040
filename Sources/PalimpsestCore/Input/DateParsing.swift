import Foundation

/// Reads the dates sources write: ISO 8601 (with or without time, fractional seconds or zone) and
/// RFC 2822 (feeds, mail headers). A date without a time of day is midnight UTC.
///
/// Only dates that exist are read: a day past the end of its month (`2024-02-31`, `2025-02-29`), an
/// hour past 23, a minute or second past 59 or a zone offset past 23:59 is no date, where the
/// formatters underneath would roll it over into the next month, day or hour.
public enum DateParsing {
    /// The instant `text` names, or nil when it is not a date in a known form or names a day or a
    /// time of day that does not exist.
    public static func parse(_ text: String) -> Date? {
        let text = text.trimmingWhitespace()
        // Every form read is ASCII; anything else is no date, and Foundation's DateFormatter traps
        // on some combining marks (a fuzzing finding: "2\u{359}\u{FFFD}").
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        // The formatters roll impossible fields over (the 31st of February is the 2nd of March), so
        // the fields as written are checked first.
        guard CalendarFields.exist(in: Array(text.utf8)) else { return nil }
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

// MARK: - Checking the fields as written

/// The calendar fields of a date as written, read in the two shapes ``DateParsing`` accepts and
/// checked against the proleptic Gregorian calendar: ISO 8601 (`2024-02-29`, `2024-02-29T23:59:59.5+01:00`,
/// a space for `T`) and RFC 2822 (`Thu, 29 Feb 2024 23:59:59 +0000`, a zone name for the offset).
private struct CalendarFields {
    private let bytes: [UInt8]
    private var position = 0

    /// Whether `bytes` is a date in one of the two shapes whose day exists and whose time of day
    /// and zone offset are in range.
    static func exist(in bytes: [UInt8]) -> Bool {
        var fields = CalendarFields(bytes: bytes)
        let first = bytes.first ?? 0
        return first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") && bytes.count > 4 && bytes[4] == UInt8(ascii: "-")
            ? fields.readISO8601() : fields.readRFC2822()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `yyyy-MM-dd`, then optionally `[T ]HH:mm[:ss[.fff]]` and `Z`, `±HH`, `±HHmm` or `±HH:mm`.
    private mutating func readISO8601() -> Bool {
        guard let year = number(digits: 4...4), take("-"), let month = number(digits: 2...2), take("-"), let day = number(digits: 2...2),
              Self.dayExists(year: year, month: month, day: day)
        else { return false }
        if atEnd { return true }
        guard take("T") || take("t") || take(" "), readTimeOfDay(fraction: true) else { return false }
        if atEnd { return true }
        if take("Z") || take("z") { return atEnd }
        guard take("+") || take("-"), let hours = number(digits: 2...2), hours <= 23 else { return false }
        if atEnd { return true }
        _ = take(":")
        guard let minutes = number(digits: 2...2), minutes <= 59 else { return false }
        return atEnd
    }

    /// `[EEE, ]d MMM yyyy HH:mm[:ss] zone`, the zone an offset `±HHmm` or a name (`GMT`, `UTC`, `EST`).
    private mutating func readRFC2822() -> Bool {
        let weekday = letters()
        if !weekday.isEmpty {
            guard Self.weekdays.contains(weekday), take(","), take(" ") else { return false }
        }
        guard let day = number(digits: 1...2), take(" "), let month = Self.months.firstIndex(of: letters()).map({ $0 + 1 }), take(" "),
              let year = number(digits: 4...4), take(" "), Self.dayExists(year: year, month: month, day: day),
              readTimeOfDay(fraction: false), take(" ")
        else { return false }
        if take("+") || take("-") {
            guard let hours = number(digits: 2...2), hours <= 23, let minutes = number(digits: 2...2), minutes <= 59 else { return false }
            return atEnd
        }
        return !letters().isEmpty && atEnd
    }

    /// `HH:mm[:ss[.fff]]` with the hour at most 23 and the minute and second at most 59.
    private mutating func readTimeOfDay(fraction: Bool) -> Bool {
        guard let hour = number(digits: 2...2), hour <= 23, take(":"), let minute = number(digits: 2...2), minute <= 59 else { return false }
        guard take(":") else { return true }
        guard let second = number(digits: 2...2), second <= 59 else { return false }
        if fraction, take(".") || take(",") { return number(digits: 1...18) != nil }
        return true
    }

    private var atEnd: Bool { position == bytes.count }

    /// Consumes `character` when it comes next.
    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// A run of ASCII digits whose length is within `digits`, as a number.
    private mutating func number(digits: ClosedRange<Int>) -> Int? {
        var value = 0, count = 0
        while position < bytes.count, count < digits.upperBound, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
            count += 1
        }
        return digits.contains(count) ? value : nil
    }

    /// A run of ASCII letters, lower-cased (empty when none comes next).
    private mutating func letters() -> String {
        let start = position
        while position < bytes.count, (bytes[position] | 0x20) >= UInt8(ascii: "a"), (bytes[position] | 0x20) <= UInt8(ascii: "z") { position += 1 }
        return String(decoding: bytes[start..<position].map { $0 | 0x20 }, as: UTF8.self)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Whether `day` is a day of `month` (1–12) of `year` in the Gregorian calendar.
    private static func dayExists(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
