import Foundation

/// Streams the records of a JSON Lines file (plain or gzip) as raw UTF-8 id and text, without
/// building a `String` or a dictionary per record: the reader under ``Deduplicator``, for tools
/// and benchmarks that need the same speed.
public struct JSONLinesRecords {
    /// The file.
    public let path: String
    /// Field names tried for the id, and for the text.
    public var idFields = ["id"], textFields = ["text", "content", "body"]

    /// A reader of `path`.
    public init(path: String) { self.path = path }

    /// Calls `body` with each record's id and text, in order. Unreadable lines go to `report`.
    /// - Throws: ``DedupInputError`` when the file cannot be opened.
    public func forEach(report: (DedupInputError) -> Void = { _ in }, _ body: (_ id: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer) -> Void) throws {
        var reader = try LineBlockReader(path: path)
        defer { reader.close() }
        let scanner = JSONFieldScanner(idFields: idFields, textFields: textFields)
        var record = JSONFieldScanner.Record()
        while let block = reader.next(report: report) {
            block.forEachRecord(scanner: scanner, name: path, record: &record, report: report) { id, text, _, _, _ in body(id, text) }
        }
    }
}

extension LineBlock {
    /// Calls `body` with the id and text of each record, its line number, and its line's offset
    /// and length in the block. A line that is not a record with a text, or is longer than
    /// ``maximumLineBytes``, is passed to `report` with `name`, its line (and column), and skipped;
    /// a record without an id takes `name#line`.
    func forEachRecord(
        scanner: JSONFieldScanner, name: String, record: inout JSONFieldScanner.Record, report: (DedupInputError) -> Void,
        _ body: (_ id: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer, _ line: Int, _ offset: Int, _ length: Int) -> Void
    ) {
        forEachLine { line, number, offset in
            guard line.count <= maximumLineBytes else { return report(LineBlock.overlongLine(number, in: name, limit: maximumLineBytes)) }
            do throws(JSONLineError) {
                try scanner.scan(line, into: &record)
            } catch {
                report(DedupInputError(location: "\(name): line \(number), column \(error.column)", message: error.message))
                return
            }
            guard let text = record.text else {
                report(DedupInputError(location: "\(name): line \(number)", message: "no text field; skipped"))
                return
            }
            if record.id.isEmpty { record.id = Array("\(name)#\(number)".utf8) }
            record.id.withUnsafeBytes { id in text.withUnsafeBytes { body(id, $0, number, offset, line.count) } }
        }
    }

    /// Calls `body` with each non-blank line (without its line break), its number and its offset in the block.
    func forEachLine(_ body: (UnsafeRawBufferPointer, Int, Int) -> Void) {
        bytes.withUnsafeBytes { bytes in
            var lineStart = 0
            var lineNumber = firstLine
            while lineStart < bytes.count {
                var lineEnd = bytes.count
                if let found = memchr(bytes.baseAddress! + lineStart, 0x0A, bytes.count - lineStart) {
                    lineEnd = UnsafeRawPointer(found) - bytes.baseAddress!
                }
                var contentEnd = lineEnd
                if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<contentEnd])
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { body(line, lineNumber, lineStart) }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
    }
}
