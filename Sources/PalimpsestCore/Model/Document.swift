/// A document as extracted: its text, cut into passages, and where it came from.
public struct Document: Sendable, Hashable, Codable {
    /// A stable identifier, unique within one run (for files, the path relative to the scanned folder).
    public var id: String
    /// The extracted text every offset indexes into.
    public var text: String
    /// The passages, in text order, non-overlapping.
    public var passages: [Passage]
    /// Provenance.
    public var source: SourceRecord

    /// Creates a document. Use ``DocumentBuilder`` to get consistent offsets.
    public init(id: String, text: String, passages: [Passage], source: SourceRecord) {
        self.id = id
        self.text = text
        self.passages = passages
        self.source = source
    }

    /// SHA-256 of the text's UTF-8 encoding.
    public var contentID: ContentID { SHA256.digest(utf8: text) }
}

/// Builds a ``Document`` block by block, keeping passage offsets and the text in step.
///
/// Blocks are joined by a blank line (`"\n\n"`), so the text reads naturally and each passage's
/// ``Passage/range`` is exact. Empty or all-whitespace blocks are dropped.
public struct DocumentBuilder: Sendable {
    private var text = ""
    private var scalarCount = 0
    private var passages: [Passage] = []

    /// An empty builder.
    public init() {}

    /// Whether no block has been added.
    public var isEmpty: Bool { passages.isEmpty }

    /// Appends one block; leading and trailing whitespace is trimmed.
    public mutating func append(_ block: some StringProtocol, role: BlockRole = .paragraph, hints: StructuralHints = .init()) {
        let trimmed = block.trimmingWhitespace()
        guard !trimmed.isEmpty else { return }
        if !passages.isEmpty {
            text += "\n\n"
            scalarCount += 2
        }
        let length = trimmed.unicodeScalars.count
        passages.append(Passage(
            index: passages.count, range: scalarCount..<(scalarCount + length), text: trimmed, role: role, hints: hints))
        text += trimmed
        scalarCount += length
    }

    /// The document built so far.
    public func build(id: String, source: SourceRecord) -> Document {
        Document(id: id, text: text, passages: passages, source: source)
    }
}

extension StringProtocol {
    /// The string without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> String {
        // Most blocks have nothing to trim: printable ASCII at both ends.
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last, (0x21...0x7E).contains(first.value), (0x21...0x7E).contains(last.value) {
            return String(self)
        }
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
