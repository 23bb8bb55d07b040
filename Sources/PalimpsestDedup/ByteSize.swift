import Foundation

/// Sizes as people write them on a command line: `512M`, `2G`, `1.5G`, `65536` (powers of 1024).
public enum ByteSize {
    /// The largest size a command line may name: 1024T (2⁵⁰ bytes). Far past any real limit or
    /// memory budget, and far enough below `Int.max` that the code using a limit may add to it or
    /// multiply it by a small factor without overflowing.
    public static let largest = 1 << 50

    /// The number of bytes `text` names, or nil when it names none: not a number, negative, not
    /// finite (`inf`, `nan`), or more than ``largest``. Never traps, whatever the text.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(suffix: String, factor: Double)] = [("TB", 0x1p40), ("T", 0x1p40), ("GB", 0x1p30), ("G", 0x1p30), ("MB", 0x1p20), ("M", 0x1p20), ("KB", 0x1p10), ("K", 0x1p10), ("B", 1)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            // Only digits and one point: no `inf`, `nan`, exponents or hexadecimal floats.
            let number = trimmed.dropLast(unit.suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value.isFinite, value >= 0
            else { return nil }
            let bytes = (value * unit.factor).rounded(.down)
            guard bytes <= Double(largest) else { return nil }
            return Int(bytes)
        }
        guard let bytes = Int(trimmed), (0...largest).contains(bytes) else { return nil }
        return bytes
    }
}
