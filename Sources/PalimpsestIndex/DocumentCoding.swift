import Foundation
import PalimpsestCore

/// How documents are encoded in a store: ``DocumentBinaryCoding``, the same bytes for the same
/// document, each passage's text left out where the document's text holds it. Documents stored as
/// JSON by earlier versions (``StoredDocument``) read as they were written.
enum DocumentCoding {
    /// The stored bytes of `document`.
    static func encode(_ document: Document) -> Data { DocumentBinaryCoding.encode(document) }

    /// The document stored as `data`, its passages checked to lie inside its text: a passage whose
    /// range does not would be sliced out of bounds by whatever reads it, and exported as evidence
    /// that points nowhere.
    /// - Throws: a `DecodingError` when `data` is not a document; ``StoredDocumentError`` naming the
    ///   first passage whose range lies outside the text.
    static func decode(_ data: Data) throws -> Document {
        let document = DocumentBinaryCoding.isBinary(data)
            ? try DocumentBinaryCoding.decode(data) : try JSONDecoder().decode(StoredDocument.self, from: data).document
        let length = document.text.unicodeScalars.count
        for (position, passage) in document.passages.enumerated() where passage.range.lowerBound < 0 || passage.range.upperBound > length {
            throw StoredDocumentError.passageOutsideText(passage: position, range: passage.range, textLength: length)
        }
        return document
    }

    /// The document stored as `data` under `id` (`row` saying where, for messages), as ``decode(_:)``
    /// reads it, in a store named `name`.
    /// - Throws: ``IndexError/database(path:reason:)`` naming the document and what is wrong with it.
    static func decode(_ data: Data, storedAs id: String, row: String, in name: String) throws(IndexError) -> Document {
        do {
            return try decode(data)
        } catch {
            throw .database(path: name, reason: "document '\(id)' (\(row)) cannot be read: \(error); the index is damaged: remove the document, or restore the index from a copy")
        }
    }
}

/// Why a stored document that decodes cannot be used.
enum StoredDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A passage's range (Unicode scalar offsets) reaches before the start or past the end of the text.
    case passageOutsideText(passage: Int, range: Range<Int>, textLength: Int)

    /// What is wrong, naming the passage.
    var description: String {
        switch self {
        case .passageOutsideText(let passage, let range, let textLength):
            "passage \(passage) spans \(range.lowerBound)..<\(range.upperBound), outside its text of \(textLength) characters"
        }
    }
}

/// A document as earlier versions stored it, as JSON: its `Codable` form, except that a passage
/// whose text is exactly the document's text at its range was stored without its text, and is given
/// it back when read. Documents stored whole before that (every passage with its text) read as they
/// were written.
struct StoredDocument: Decodable {
    /// The document.
    var document: Document

    private enum Keys: String, CodingKey { case id, text, passages, source }
    private enum PassageKeys: String, CodingKey { case index, range, text, role, hints }

    /// Reads a document, giving each passage stored without its text the text at its range.
    /// - Throws: ``StoredDocumentError/passageOutsideText(passage:range:textLength:)`` for a passage
    ///   without text whose range lies outside the document's text.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let text = try container.decode(String.self, forKey: .text)
        var list = try container.nestedUnkeyedContainer(forKey: .passages)
        var stored: [StoredPassage] = []
        while !list.isAtEnd {
            let fields = try list.nestedContainer(keyedBy: PassageKeys.self)
            stored.append((
                try fields.decode(Int.self, forKey: .index), try fields.decode(Range<Int>.self, forKey: .range),
                try fields.decodeIfPresent(String.self, forKey: .text), try fields.decode(BlockRole.self, forKey: .role),
                try fields.decode(StructuralHints.self, forKey: .hints)))
        }
        let passages = try Self.passages(stored, in: text)
        document = Document(
            id: try container.decode(String.self, forKey: .id), text: text, passages: passages,
            source: try container.decode(SourceRecord.self, forKey: .source))
    }

    /// A passage as stored: its text only where its range does not give it back.
    typealias StoredPassage = (index: Int, range: Range<Int>, text: String?, role: BlockRole, hints: StructuralHints)

    /// The passages `stored` in `text`, each without a stored text given the text at its range.
    /// - Throws: ``StoredDocumentError/passageOutsideText(passage:range:textLength:)`` for a passage
    ///   without text whose range lies outside `text`.
    static func passages(_ stored: [StoredPassage], in text: String) throws -> [Passage] {
        let slices = slices(of: text, at: stored.map(\.range))
        var passages: [Passage] = []
        passages.reserveCapacity(stored.count)
        for (position, (passage, slice)) in zip(stored, slices).enumerated() {
            guard let passageText = passage.text ?? slice else {
                throw StoredDocumentError.passageOutsideText(passage: position, range: passage.range, textLength: text.unicodeScalars.count)
            }
            passages.append(Passage(index: passage.index, range: passage.range, text: passageText, role: passage.role, hints: passage.hints))
        }
        return passages
    }

    /// The text at each of `ranges` (Unicode scalar offsets), nil where a range lies outside `text`;
    /// one walk through the text for ranges in order, as a document's passages are.
    static func slices(of text: String, at ranges: [Range<Int>]) -> [String?] {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex, offset = 0
        return ranges.map { range in
            guard range.lowerBound >= 0 else { return nil }
            if range.lowerBound < offset { (index, offset) = (scalars.startIndex, 0) }
            while offset < range.lowerBound, index < scalars.endIndex {
                scalars.formIndex(after: &index)
                offset += 1
            }
            guard offset == range.lowerBound else { return nil }
            var end = index
            for _ in range {
                guard end < scalars.endIndex else { return nil }
                scalars.formIndex(after: &end)
            }
            let slice = String(scalars[index..<end])
            (index, offset) = (end, range.upperBound)
            return slice
        }
    }
}
