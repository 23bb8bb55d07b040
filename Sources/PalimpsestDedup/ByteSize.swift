import Foundation

/// Sizes as people write them on a command line: `512M`, `2G`, `1.5G`, `65536` (powers of 1024).
public enum ByteSize {
    /// The number of bytes `text` names, or nil when it names none.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(suffix: String, factor: Double)] = [("TB", 0x1p40), ("T", 0x1p40), ("GB", 0x1p30), ("G", 0x1p30), ("MB", 0x1p20), ("M", 0x1p20), ("KB", 0x1p10), ("K", 0x1p10), ("B", 1)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            guard let value = Double(trimmed.dropLast(unit.suffix.count)), value >= 0 else { return nil }
            return Int(value * unit.factor)
        }
        return Int(trimmed)
    }
}
