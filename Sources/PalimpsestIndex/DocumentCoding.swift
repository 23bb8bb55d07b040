import Foundation
import PalimpsestCore

/// How documents are encoded in a store: JSON with sorted keys, the same bytes for the same document.
enum DocumentCoding {
    /// The stored bytes of `document`.
    static func encode(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(document)
    }

    /// The document stored as `data`, its passages checked to lie inside its text: a passage whose
    /// range does not would be sliced out of bounds by whatever reads it, and exported as evidence
    /// that points nowhere.
    /// - Throws: a `DecodingError` when `data` is not a document; ``StoredDocumentError`` naming the
    ///   first passage whose range lies outside the text.
    static func decode(_ data: Data) throws -> Document {
        let document = try JSONDecoder().decode(Document.self, from: data)
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
