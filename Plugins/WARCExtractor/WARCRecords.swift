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

/// Reads WARC 1.0/1.1 records (ISO 28500) from bytes that arrive in chunks: a `WARC/` version line,
/// header lines, a blank line, `Content-Length` bytes of block, then two line breaks.
///
/// Only the record at hand is buffered, so memory is bounded by the largest record (and records
/// claiming more than ``largestRecord`` are skipped without being held). A record whose header
/// cannot be read, whose `Content-Length` runs past the end of the input or past the limit, or
/// whose block does not end at a record boundary, is reported with its byte offset, and reading
/// resumes at the next line that starts a record: no claim in one record can hide the records
/// after it.
struct WARCRecordReader {
    /// Records longer than this are skipped as they stream past (``InputLimits/maximumDocumentBytes``).
    let largestRecord: Int
    /// Header blocks longer than this are not headers.
    static let largestHeader = 1 << 20

    private var buffer: [UInt8] = []
    private var base = 0  // offset in the input of buffer[0]
    private var position = 0  // read position in buffer
    private var atEnd = false
    /// Problems met so far, with the (decompressed) input offset they refer to; after
    /// ``mostProblems`` one last entry says the rest were not listed.
    private(set) var problems: [(offset: Int, message: String)] = []
    /// Problems listed per input before the rest are summarised.
    static let mostProblems = 100
    private var unlisted = 0

    /// A reader that skips records over `largestRecord` bytes.
    init(largestRecord: Int = InputLimits.standard.maximumDocumentBytes) {
        self.largestRecord = largestRecord
    }

    private mutating func report(_ offset: Int, _ message: String) {
        if problems.count < Self.mostProblems {
            problems.append((offset, message))
        } else {
            unlisted += 1
            if unlisted == 1 { problems.append((offset, "more problems follow in this input; only the first \(Self.mostProblems) are listed")) }
        }
    }

    /// The next record, reading chunks from `nextChunk` as needed; nil at the end of the input.
    mutating func next(from nextChunk: () throws -> [UInt8]?) throws -> WARCRecord? {
        while true {
            compact()
            // Skip the line breaks between records.
            while true {
                while position < buffer.count, buffer[position] == 0x0D || buffer[position] == 0x0A { position += 1 }
                if position < buffer.count { break }
                compact()
                if !(try fill(nextChunk)) { break }
            }
            guard position < buffer.count else { return nil }
            while buffer.count - position < 5, try fill(nextChunk) {}
            let start = position
            guard starts(with: "WARC/", at: start) else {
                report(base + start, "not the start of a WARC record; skipping to the next one")
                try resync(after: start, nextChunk)
                continue
            }
            var header = blankLine(after: start)
            while header == nil, buffer.count - start < Self.largestHeader, try fill(nextChunk) { header = blankLine(after: start) }
            guard let header else {
                report(base + start, "record header does not end; skipped")
                try resync(after: start, nextChunk)
                continue
            }
            let headers = HeaderFields(buffer[start..<header.headerEnd]).fields
            guard let length = headers["content-length"].flatMap({ Int($0) }), length >= 0 else {
                report(base + start, "record has no valid Content-Length; skipped")
                try resync(after: start, nextChunk)
                continue
            }
            if length > largestRecord {
                // The claim cannot be checked without holding more than the limit allows, and trusting
                // it would let one lying header swallow every record after it: the block is passed
                // over up to the next line that starts a record, wherever the claim says it ends.
                let name = headers["warc-record-id"].map { " \($0)" } ?? ""
                report(base + start, "record\(name) claims \(length) bytes of content, over the \(largestRecord)-byte limit (--max-document-size); skipped, reading resumes at the next record")
                try resync(after: start, nextChunk)
                continue
            }
            while buffer.count < header.bodyStart + length, try fill(nextChunk) {}
            guard buffer.count >= header.bodyStart + length else {
                report(base + start, "record claims \(length) bytes of content but the input ends \(buffer.count - header.bodyStart) bytes later; skipped")
                try resync(after: start, nextChunk)
                continue
            }
            // The block must end at a record boundary: line breaks, then the next record or the end.
            // A Content-Length that lies (too short, or long enough to swallow the records after it)
            // costs this record only; reading resumes at the next record's header.
            // Any run of line breaks may follow (up to a bound; longer runs pass as padding).
            let end = header.bodyStart + length, padding = 64
            while buffer.count < end + padding + 5, try fill(nextChunk) {}
            var next = end
            while next < min(buffer.count, end + padding), buffer[next] == 0x0D || buffer[next] == 0x0A { next += 1 }
            guard next == buffer.count || next == end + padding || starts(with: "WARC/", at: next) else {
                report(base + start, "record's Content-Length of \(length) bytes does not end at a record boundary; skipped, reading resumes at the next record")
                try resync(after: start, nextChunk)
                continue
            }
            position = end
            return WARCRecord(headers: headers, block: buffer[header.bodyStart..<position], offset: base + start)
        }
    }

    /// Appends the next chunk; false at the end of the input.
    private mutating func fill(_ nextChunk: () throws -> [UInt8]?) throws -> Bool {
        guard !atEnd else { return false }
        guard let chunk = try nextChunk() else {
            atEnd = true
            return false
        }
        buffer += chunk
        return true
    }

    /// Drops what has been read once it is most of the buffer, so the buffer holds little more than
    /// the record at hand without copying it for every small record.
    private mutating func compact() {
        guard position > 0, position >= buffer.count / 2 else { return }
        buffer.removeFirst(position)
        base += position
        position = 0
    }

    private func starts(with text: String, at offset: Int) -> Bool {
        let pattern = Array(text.utf8)
        return offset + pattern.count <= buffer.count && buffer[offset..<(offset + pattern.count)].elementsEqual(pattern)
    }

    /// The end of the header block and the start of the content, after the first blank line.
    private func blankLine(after start: Int) -> (headerEnd: Int, bodyStart: Int)? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 0x0A {
                if buffer[index + 1] == 0x0A { return (index, index + 2) }
                if buffer[index + 1] == 0x0D, index + 2 < buffer.count, buffer[index + 2] == 0x0A { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// Moves to the next line that starts with `WARC/`, reading on as needed, or to the end.
    private mutating func resync(after start: Int, _ nextChunk: () throws -> [UInt8]?) throws {
        var index = start + 1  // where the search goes on, in the buffer as it is now
        while true {
            // A marker is looked for only where it fits whole; the last bytes wait for the next chunk.
            while index + 5 <= buffer.count {
                if buffer[index - 1] == 0x0A, starts(with: "WARC/", at: index) {
                    position = index
                    return
                }
                index += 1
            }
            // Drop what was searched, keeping the byte before `index` (the line feed a marker needs);
            // compacting moves the buffer, and `index` with it.
            position = index - 1
            let baseBefore = base
            compact()
            index -= base - baseBefore
            guard try fill(nextChunk) else {
                position = buffer.count
                return
            }
        }
    }
}

/// A header block (a WARC record's or an HTTP response's): a first line (the version or status
/// line), then `Name: value` fields, one a line. Read from bytes, so a line that is not a field (as
/// in a damaged crawl, whose "header" may be a megabyte of anything) costs no string.
struct HeaderFields {
    /// The first line that is not empty.
    var firstLine: ArraySlice<UInt8> = []
    /// The fields of the lines after it, by name lower-cased (ASCII letters), names and values
    /// trimmed of ASCII white space; a later field of one name replaces an earlier one.
    var fields: [String: String] = [:]

    /// Reads `bytes`. Lines end at any of LF, VT, FF and CR; empty lines are skipped; a line without
    /// a colon is not a field.
    init(_ bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        var seenFirst = false
        while index < bytes.endIndex {
            var end = index
            while end < bytes.endIndex, !(0x0A...0x0D).contains(bytes[end]) { end += 1 }
            let line = bytes[index..<end]
            index = end + 1
            guard !line.isEmpty else { continue }
            guard seenFirst else {
                firstLine = line
                seenFirst = true
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = Self.trimmed(line[..<colon]).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            fields[String(decoding: name, as: UTF8.self)] = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        }
    }

    /// `bytes` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }
}

/// An HTTP response inside a WARC `response` record.
struct HTTPResponse {
    /// The status code.
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    /// The body, with chunked transfer coding and gzip content coding undone.
    var body: [UInt8]

    /// Parses a response; nil when the block is not one.
    init?(_ block: ArraySlice<UInt8>, largestBody: Int) throws(GzipError) {
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
        let head = HeaderFields(block[block.startIndex..<(headerEnd ?? block.endIndex)])
        let parts = head.firstLine.split(separator: UInt8(ascii: " "))
        status = parts.count > 1 ? Int(String(decoding: parts[1], as: UTF8.self)) ?? 0 : 0
        let headers = head.fields
        self.headers = headers
        var body = Array(block[bodyStart...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true { body = Self.dechunk(body) }
        if let coding = headers["content-encoding"]?.lowercased(), coding.contains("gzip"), Gzip.isGzip(body) {
            body = try Gzip.decompress(body, limit: largestBody)
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
            guard let size = Int(sizeText, radix: 16), size > 0, size <= bytes.count - (lineEnd + 1) else { break }
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
