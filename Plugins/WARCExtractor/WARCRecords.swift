import PalimpsestCore

/// One WARC record: its headers and its content block.
struct WARCRecord {
    /// Header names lower-cased, values trimmed.
    var headers: [String: String]
    /// The content block (`Content-Length` bytes).
    var block: ArraySlice<UInt8>
    /// The record's byte offset in the (decompressed) input.
    var offset: Int
}

/// Splits WARC 1.0/1.1 bytes into records (ISO 28500): a `WARC/` version line, header lines, a
/// blank line, `Content-Length` bytes of block, then two line breaks.
///
/// A record whose header cannot be read, or whose `Content-Length` runs past the end of the input,
/// is reported with its byte offset; reading resumes at the next line that starts a record.
struct WARCRecords: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var position = 0
    private(set) var problems: [(offset: Int, message: String)] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> WARCRecord? {
        while position < bytes.count {
            // Skip the blank lines between records.
            while position < bytes.count, bytes[position] == 0x0D || bytes[position] == 0x0A { position += 1 }
            guard position < bytes.count else { return nil }
            let start = position
            guard starts(with: "WARC/", at: start), let headerEnd = blankLine(after: start) else {
                problems.append((start, "not the start of a WARC record; skipping to the next one"))
                resync(after: start)
                continue
            }
            var headers: [String: String] = [:]
            let headerText = String(decoding: bytes[start..<headerEnd.headerEnd], as: UTF8.self)
            for line in headerText.split(whereSeparator: \.isNewline).dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].trimmingWhitespace().lowercased()] = line[line.index(after: colon)...].trimmingWhitespace()
            }
            guard let length = headers["content-length"].flatMap({ Int($0) }), length >= 0 else {
                problems.append((start, "record has no valid Content-Length; skipped"))
                resync(after: start)
                continue
            }
            let blockStart = headerEnd.bodyStart
            guard blockStart + length <= bytes.count else {
                problems.append((start, "record claims \(length) bytes of content but the input ends \(bytes.count - blockStart) bytes later; skipped"))
                resync(after: start)
                continue
            }
            position = blockStart + length
            return WARCRecord(headers: headers, block: bytes[blockStart..<(blockStart + length)], offset: start)
        }
        return nil
    }

    private func starts(with text: String, at offset: Int) -> Bool {
        let pattern = Array(text.utf8)
        return offset + pattern.count <= bytes.count && Array(bytes[offset..<(offset + pattern.count)]) == pattern
    }

    /// The end of the header block and the start of the content, after the first blank line.
    private func blankLine(after start: Int) -> (headerEnd: Int, bodyStart: Int)? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index + 1] == 0x0A { return (index, index + 2) }
                if bytes[index + 1] == 0x0D, index + 2 < bytes.count, bytes[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// Moves to the next line that starts with `WARC/`, or to the end.
    private mutating func resync(after start: Int) {
        var index = start + 1
        while index < bytes.count {
            if bytes[index - 1] == 0x0A, starts(with: "WARC/", at: index) {
                position = index
                return
            }
            index += 1
        }
        position = bytes.count
    }
}

/// An HTTP response inside a WARC `response` record.
struct HTTPResponse {
    /// The status code.
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    /// The body, with chunked transfer coding and gzip/deflate content coding undone.
    var body: [UInt8]

    /// Parses a response; nil when the block is not one.
    init?(_ block: ArraySlice<UInt8>) throws(GzipError) {
        guard block.starts(with: Array("HTTP/".utf8)) else { return nil }
        var index = block.startIndex
        var headerEnd: Int? = nil
        var bodyStart = block.endIndex
        while index + 1 < block.endIndex {
            if block[index] == 0x0A {
                if block[index + 1] == 0x0A { headerEnd = index; bodyStart = index + 2; break }
                if block[index + 1] == 0x0D, index + 2 < block.endIndex, block[index + 2] == 0x0A { headerEnd = index; bodyStart = index + 3; break }
            }
            index += 1
        }
        let head = String(decoding: block[block.startIndex..<(headerEnd ?? block.endIndex)], as: UTF8.self)
        let lines = head.split(whereSeparator: \.isNewline)
        guard let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ")
        status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingWhitespace().lowercased()] = line[line.index(after: colon)...].trimmingWhitespace()
        }
        self.headers = headers
        var body = Array(block[bodyStart...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true { body = Self.dechunk(body) }
        if let coding = headers["content-encoding"]?.lowercased(), coding.contains("gzip"), Gzip.isGzip(body) {
            body = try Gzip.decompress(body)
        }
        self.body = body
    }

    /// The media type and charset of `Content-Type`.
    var contentType: (mediaType: String, charset: String?) {
        let parts = (headers["content-type"] ?? "").split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }.map { String($0.dropFirst(8)).trimmingCharacters(in: "\"'") }
        return (parts.first ?? "", charset)
    }

    /// Undoes chunked transfer coding; a malformed chunk ends the body where it starts.
    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: 0x0A) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first?.trimmingWhitespace() ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0, lineEnd + 1 + size <= bytes.count else { break }
            output.append(contentsOf: bytes[(lineEnd + 1)..<(lineEnd + 1 + size)])
            index = lineEnd + 1 + size
            while index < bytes.count, bytes[index] == 0x0D || bytes[index] == 0x0A { index += 1 }
        }
        return output
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
