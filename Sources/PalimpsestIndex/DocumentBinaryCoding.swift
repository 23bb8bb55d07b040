import Foundation
import PalimpsestCore

/// The binary form a store keeps documents in: the same bytes for the same document, read back
/// without a JSON parser, because `check` reads dozens of stored documents per call and `index add`
/// writes every document it adds.
///
/// Layout (all integers LEB128 varints, signed ones zigzag-encoded; strings a varint byte count and
/// their UTF-8; optionals a byte, 0 absent or 1 present, then the value; doubles their IEEE 754 bits
/// as 8 bytes, little-endian):
///
/// ```
/// magic     00 50 44 01              ("\0PD" and format 1; a JSON document cannot start with 00)
/// id        string
/// text      string
/// source    location string, url? site? publisher? title? author? strings,
///           published? retrieved? doubles (seconds since 2001-01-01, as Foundation's Date),
///           extractor name and version strings, raw content id? (32 bytes),
///           metadata: count, then key and value strings in key order
/// passages  count, then per passage: index (signed), range lower and upper (signed),
///           text? string (present only where it differs from the document text at the range),
///           role string (its raw value), link density double, path count and strings,
///           label word count and strings, main content? string (its raw value)
/// ```
/// Nothing follows the last passage.
enum DocumentBinaryCoding {
    /// The four bytes every binary document starts with.
    static let magic: [UInt8] = [0x00, 0x50, 0x44, 0x01]

    /// Whether `data` starts as a binary document does (otherwise it is JSON, as stored before).
    static func isBinary(_ data: Data) -> Bool { data.starts(with: magic) }

    /// The stored bytes of `document`.
    static func encode(_ document: Document) -> Data {
        var writer = Writer()
        writer.bytes.reserveCapacity(document.text.utf8.count + 64 * document.passages.count + 256)
        writer.bytes += magic
        writer.string(document.id)
        writer.string(document.text)
        let source = document.source
        writer.string(source.location)
        for field in [source.url, source.site, source.publisher, source.title, source.author] { writer.optional(field) { $0.string($1) } }
        writer.optional(source.published?.timeIntervalSinceReferenceDate) { $0.double($1) }
        writer.optional(source.retrieved?.timeIntervalSinceReferenceDate) { $0.double($1) }
        writer.string(source.extractor.name)
        writer.string(source.extractor.version)
        writer.optional(source.rawContentID) { $0.bytes += $1.digest }
        writer.unsigned(UInt64(source.metadata.count))
        for key in source.metadata.keys.sorted() {
            writer.string(key)
            writer.string(source.metadata[key]!)
        }
        writer.unsigned(UInt64(document.passages.count))
        let slices = StoredDocument.slices(of: document.text, at: document.passages.map(\.range))
        for (passage, slice) in zip(document.passages, slices) {
            writer.signed(passage.index)
            writer.signed(passage.range.lowerBound)
            writer.signed(passage.range.upperBound)
            writer.optional(slice == passage.text ? nil : passage.text) { $0.string($1) }
            writer.string(passage.role.rawValue)
            writer.double(passage.hints.linkDensity)
            writer.strings(passage.hints.path)
            writer.strings(passage.hints.labelWords)
            writer.optional(passage.hints.mainContent?.rawValue) { $0.string($1) }
        }
        return Data(writer.bytes)
    }

    /// The document `data` holds.
    /// - Throws: ``DocumentBinaryError`` naming the byte offset where `data` stops making sense;
    ///   ``StoredDocumentError`` for a passage without text whose range lies outside the text.
    static func decode(_ data: Data) throws -> Document {
        try data.withUnsafeBytes { raw throws -> Document in
            var reader = Reader(bytes: raw)
            guard reader.remaining >= magic.count, magic.elementsEqual(raw.prefix(magic.count)) else { throw DocumentBinaryError.notBinary }
            reader.offset = magic.count
            let id = try reader.string()
            let text = try reader.string()
            let location = try reader.string()
            var fields: [String?] = []
            for _ in 0..<5 { fields.append(try reader.optional { try $0.string() }) }
            let published = try reader.optional { try $0.double() }.map(Date.init(timeIntervalSinceReferenceDate:))
            let retrieved = try reader.optional { try $0.double() }.map(Date.init(timeIntervalSinceReferenceDate:))
            let extractor = PluginStamp(name: try reader.string(), version: try reader.string())
            let rawContentID = try reader.optional { ContentID(sha256: try $0.raw(32)) }
            var metadata: [String: String] = [:]
            for _ in 0..<(try reader.count()) { metadata[try reader.string()] = try reader.string() }
            let source = SourceRecord(
                location: location, url: fields[0], site: fields[1], publisher: fields[2], title: fields[3], author: fields[4],
                published: published, retrieved: retrieved, extractor: extractor, rawContentID: rawContentID, metadata: metadata)
            var stored: [StoredDocument.StoredPassage] = []
            for _ in 0..<(try reader.count()) {
                let index = try reader.signed()
                let (lower, upper) = (try reader.signed(), try reader.signed())
                guard lower <= upper else { throw DocumentBinaryError.malformed(offset: reader.offset, what: "a passage range ending before it starts") }
                let passageText = try reader.optional { try $0.string() }
                let roleOffset = reader.offset
                guard let role = BlockRole(rawValue: try reader.string()) else { throw DocumentBinaryError.malformed(offset: roleOffset, what: "an unknown block role") }
                let linkDensity = try reader.double()
                let path = try reader.strings(), labelWords = try reader.strings()
                let positionOffset = reader.offset
                let mainContent = try reader.optional { reader in
                    guard let position = MainContentPosition(rawValue: try reader.string()) else {
                        throw DocumentBinaryError.malformed(offset: positionOffset, what: "an unknown main-content position")
                    }
                    return position
                }
                stored.append((index, lower..<upper, passageText, role, StructuralHints(linkDensity: linkDensity, path: path, labelWords: labelWords, mainContent: mainContent)))
            }
            guard reader.remaining == 0 else { throw DocumentBinaryError.malformed(offset: reader.offset, what: "bytes after the last passage") }
            return Document(id: id, text: text, passages: try StoredDocument.passages(stored, in: text), source: source)
        }
    }

    /// Appends values in the layout above.
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func unsigned(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func signed(_ value: Int) {
            let wide = Int64(value)
            unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                unsigned(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func strings(_ values: [String]) {
            unsigned(UInt64(values.count))
            for value in values { string(value) }
        }

        mutating func double(_ value: Double) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func optional<Value>(_ value: Value?, _ write: (inout Writer, Value) -> Void) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            write(&self, value)
        }
    }

    /// Reads values in the layout above, throwing where the bytes end early or make no sense.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var remaining: Int { bytes.count - offset }

        mutating func byte() throws(DocumentBinaryError) -> UInt8 {
            guard offset < bytes.count else { throw .truncated(offset: offset) }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func unsigned() throws(DocumentBinaryError) -> UInt64 {
            let start = offset
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 64, shift < 63 || next <= 1 else { throw .malformed(offset: start, what: "a number too large for 64 bits") }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { return value }
                shift += 7
            }
        }

        mutating func signed() throws(DocumentBinaryError) -> Int {
            let zigzag = try unsigned()
            return Int(Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
        }

        /// A count of items that follow, each taking at least one byte: larger than the bytes left
        /// is a damaged count, refused before anything is reserved for it.
        mutating func count() throws(DocumentBinaryError) -> Int {
            let start = offset
            let value = try unsigned()
            guard value <= UInt64(remaining) else { throw .malformed(offset: start, what: "a count of \(value) with \(remaining) bytes left") }
            return Int(value)
        }

        mutating func raw(_ length: Int) throws(DocumentBinaryError) -> [UInt8] {
            guard length <= remaining else { throw .truncated(offset: offset) }
            defer { offset += length }
            return Array(bytes[offset..<(offset + length)])
        }

        mutating func string() throws(DocumentBinaryError) -> String {
            let length = try count()
            let start = offset
            guard let value = String(validating: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self) else {
                throw .malformed(offset: start, what: "a string that is not UTF-8")
            }
            offset += length
            return value
        }

        mutating func strings() throws(DocumentBinaryError) -> [String] {
            var values: [String] = []
            for _ in 0..<(try count()) { values.append(try string()) }
            return values
        }

        mutating func double() throws(DocumentBinaryError) -> Double {
            guard remaining >= 8 else { throw .truncated(offset: offset) }
            var bits: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(bytes[offset + shift / 8]) << UInt64(shift) }
            offset += 8
            return Double(bitPattern: bits)
        }

        mutating func optional<Value>(_ read: (inout Reader) throws -> Value) throws -> Value? {
            let start = offset
            switch try byte() {
            case 0: return nil
            case 1: return try read(&self)
            default: throw DocumentBinaryError.malformed(offset: start, what: "a presence byte other than 0 or 1")
            }
        }
    }
}

/// Why stored bytes are not a binary document.
enum DocumentBinaryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes do not start with ``DocumentBinaryCoding/magic``.
    case notBinary
    /// The bytes end in the middle of a value that starts at `offset`.
    case truncated(offset: Int)
    /// The value at `offset` cannot be what the layout puts there.
    case malformed(offset: Int, what: String)

    /// What is wrong, with the byte offset.
    var description: String {
        switch self {
        case .notBinary: "not a binary document (no 00 50 44 01 at the start)"
        case .truncated(let offset): "the bytes end inside the value at byte \(offset)"
        case .malformed(let offset, let what): "\(what) at byte \(offset)"
        }
    }
}
