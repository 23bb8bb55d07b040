import PalimpsestCore
import PalimpsestMarkup

/// Reads WARC files (ISO 28500, `.warc`, `.warc.gz` with one gzip member per record or one for the
/// whole file): every `response` record whose HTTP payload is HTML becomes a document through the
/// same block reader as HTML pages, with `WARC-Target-URI` and `WARC-Date` as provenance.
///
/// Other records (requests, metadata, non-HTML responses) are passed over. A record with a broken
/// header, or a `Content-Length` that runs past the end or claims more than `--max-document-size`,
/// is reported with its byte offset and reading resumes at the next record. The HTTP `Content-Type` charset, when given, decides the page's
/// character set. Files are read as a stream: memory holds one record at a time, whatever the
/// crawl's size.
public struct WARCExtractor: StreamingExtractor {
    /// `warc`, with this plugin's version.
    public let stamp = PluginStamp(name: "warc", version: "1.1.0")
    /// One line for `palimpsest plugins`.
    public let summary = "WARC crawls: HTML response records as documents, target URI and date as provenance"
    /// `.warc` (and `.warc.gz` through gzip).
    public let fileExtensions = ["warc"]

    /// Creates the extractor.
    public init() {}

    /// A `WARC/1.` version line at the start.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        prefix.starts(with: Array("WARC/1.".utf8))
    }

    /// The next record; when reading fails (a corrupt gzip member), the problems met before are
    /// emitted first, then the failure is passed on.
    private func nextRecord(
        _ records: inout WARCRecordReader, _ nextChunk: () throws -> [UInt8]?, reported: Int, location: String,
        emit: (ExtractedItem) throws -> Void
    ) throws -> WARCRecord? {
        do {
            return try records.next(from: nextChunk)
        } catch {
            for problem in records.problems.dropFirst(reported) {
                try emit(.problem(InputProblem(location: location, position: .byte(problem.offset), message: problem.message)))
            }
            throw error
        }
    }

    /// Emits one document per HTML response record, reading the input chunk by chunk.
    public func extract(streaming input: StreamingInput, nextChunk: () throws -> [UInt8]?, emit: (ExtractedItem) throws -> Void) throws {
        var records = WARCRecordReader(largestRecord: input.limits.maximumDocumentBytes)
        var number = 0
        var reported = 0
        while let record = try nextRecord(&records, nextChunk, reported: reported, location: input.location, emit: emit) {
            for problem in records.problems.dropFirst(reported) {
                try emit(.problem(InputProblem(location: input.location, position: .byte(problem.offset), message: problem.message)))
            }
            reported = records.problems.count
            number += 1
            guard record.headers["warc-type"]?.lowercased() == "response" else { continue }
            let response: HTTPResponse?
            do {
                response = try HTTPResponse(record.block, largestBody: input.limits.maximumDocumentBytes)
            } catch {
                try emit(.problem(InputProblem(location: input.location, position: .byte(record.offset), message: "response body: \(error)")))
                continue
            }
            guard let response, response.contentType.mediaType.contains("html") else { continue }
            let place = "\(input.location)#record\(number)"
            let read: HTMLReader.Page?
            do {
                read = try HTMLReader.read(response.body, location: place, encoding: response.contentType.charset, maximumDepth: input.limits.maximumHTMLDepth)
            } catch {
                try emit(.problem(InputProblem(location: place, position: error.position, message: "\(error); record skipped")))
                continue
            }
            guard let page = read else { continue }
            if let problem = page.decodingProblem { try emit(.problem(problem)) }
            let target = record.headers["warc-target-uri"]?.trimmingCharacters(in: "<>")
            var source = SourceRecord(
                location: place, retrieved: record.headers["warc-date"].flatMap(DateParsing.parse),
                extractor: stamp, rawContentID: SHA256.digest(record.block))
            source.metadata["http_status"] = String(response.status)
            if let target { source.metadata["target_uri"] = target }
            if let recordID = record.headers["warc-record-id"] { source.metadata["warc_record_id"] = recordID }
            guard var document = page.document(id: "\(input.documentID)#\(target ?? "record\(number)")", source: source) else { continue }
            if document.source.url == nil { document.source.url = target }
            try emit(.document(document))
        }
        for problem in records.problems.dropFirst(reported) {
            try emit(.problem(InputProblem(location: input.location, position: .byte(problem.offset), message: problem.message)))
        }
    }
}
