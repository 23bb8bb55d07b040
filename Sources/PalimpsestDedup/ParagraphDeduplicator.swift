import Foundation
import PalimpsestCore

/// Exact paragraph deduplication by SHA-256 content id: which paragraphs were seen before, in
/// any document, byte for byte.
///
/// A paragraph is a line of the text with surrounding spaces and tabs trimmed; blank lines are
/// skipped (the convention of the peer benchmark's reference, `para_exact.py`). Each paragraph is
/// hashed once with OpenSSL's SHA-256 through a reused context, so the cost is the hash itself:
/// content addressing at close to the speed of one SHA-256 pass over the bytes.
public struct ParagraphDeduplicator {
    /// Paragraphs seen, duplicates among them, and the duplicates' bytes.
    public private(set) var paragraphs = 0, duplicates = 0, duplicateBytes = 0
    /// Documents with at least one duplicate paragraph.
    public private(set) var documentsWithDuplicates = 0
    private var seen = Set<SHA256Digest>()
    private let digester = SHA256Digester()

    /// Creates an empty deduplicator; `expectedParagraphs` sizes its set once, instead of growing
    /// it (and hashing every digest again) step by step.
    public init(expectedParagraphs: Int = 0) { seen.reserveCapacity(expectedParagraphs) }

    /// Distinct paragraphs seen.
    public var uniqueParagraphs: Int { seen.count }

    /// Reads one document's paragraphs; calls `duplicate` with each paragraph seen before (its
    /// byte range in `text`) and returns how many there were.
    @discardableResult
    public mutating func add(_ text: UnsafeRawBufferPointer, duplicate: (Range<Int>) -> Void = { _ in }) -> Int {
        var found = 0
        var lineStart = 0
        while lineStart <= text.count {
            var lineEnd = text.count
            if lineStart < text.count, let found = memchr(text.baseAddress! + lineStart, 0x0A, text.count - lineStart) {
                lineEnd = UnsafeRawPointer(found) - text.baseAddress!
            }
            var first = lineStart, last = lineEnd
            while first < last && Self.isSpace(text[first]) { first += 1 }
            while last > first && Self.isSpace(text[last - 1]) { last -= 1 }
            if first < last {
                paragraphs += 1
                let digest = digester.digest(UnsafeRawBufferPointer(rebasing: text[first..<last]))
                if !seen.insert(digest).inserted {
                    duplicates += 1
                    duplicateBytes += last - first
                    found += 1
                    duplicate(first..<last)
                }
            }
            lineStart = lineEnd + 1
        }
        if found > 0 { documentsWithDuplicates += 1 }
        return found
    }

    /// Space, tab, carriage return and the other ASCII whitespace Python's `str.strip` removes.
    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
