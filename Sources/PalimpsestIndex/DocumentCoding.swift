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

    /// The document stored as `data`.
    static func decode(_ data: Data) throws -> Document {
        try JSONDecoder().decode(Document.self, from: data)
    }
}
