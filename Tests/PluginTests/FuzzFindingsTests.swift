import Foundation
import MarkdownExtractor
import PalimpsestCore
import Testing
import WARCExtractor

/// Every input the fuzz targets (Tests/Fuzz) crashed on, kept as a regression test: each must now
/// extract without trapping.
@Suite struct FuzzFindingsTests {
    /// Extracts `bytes` with `extractor` and returns the documents; problems are expected.
    func documents(_ extractor: some Extractor, _ bytes: [UInt8]) throws -> [Document] {
        var documents: [Document] = []
        try extractor.extract(ExtractionInput(location: "finding", documentID: "finding", bytes: bytes)) { item in
            if case .document(let document) = item { documents.append(document) }
        }
        return documents
    }

    /// The documents `extractor` streams from `input` handed over `chunkSize` bytes at a time.
    func streamedDocuments(_ extractor: some StreamingExtractor, _ input: [UInt8], chunkSize: Int) throws -> [Document] {
        var offset = 0
        var documents: [Document] = []
        try extractor.extract(streaming: StreamingInput(location: "finding", documentID: "finding"), nextChunk: {
            guard offset < input.count else { return nil }
            defer { offset += chunkSize }
            return Array(input[offset..<min(offset + chunkSize, input.count)])
        }, emit: { item in
            if case .document(let document) = item { documents.append(document) }
        })
        return documents
    }

    /// fuzz-markdown, crash-a700bbde…: a front-matter date of a digit and a combining mark made
    /// Foundation's DateFormatter trap ("Incorrect range CFRange(location: 0, length: 1)").
    @Test func aDateWithACombiningMarkIsNoDate() throws {
        let input = Array("---\ntitle: \"A title\"\nsite: Example\npublished: 2".utf8) + [0xCD, 0x99, 0x90, 0xD0] + Array("\n---\n# Heading and a few words\n".utf8)
        let document = try #require(try documents(MarkdownExtractor(), input).first)
        #expect(document.source.published == nil)
        #expect(document.source.site == "Example")
        #expect(DateParsing.parse("2\u{359}\u{FFFD}\u{FFFD}") == nil)
        #expect(DateParsing.parse("2026-03-01") != nil, "ASCII dates still parse")
    }

    /// fuzz-warc, crash-a4e00b06… (and 210 more of the same cause): looking for the next record
    /// across more than one chunk kept an offset from before the buffer moved, and trapped when
    /// dropping bytes. Reachable with real 64 KiB chunks once garbage between records outgrows one.
    @Test func resynchronisingAcrossChunksKeepsItsPlace() throws {
        let input: [UInt8] = [
            0x57, 0x41, 0x52, 0x43, 0x2F, 0x6E, 0x67, 0x74, 0x68, 0x3A, 0x20, 0x31, 0x31, 0x0D, 0x0A, 0x0D, 0x0A,
            0x73, 0x6F, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65, 0x3A, 0x20, 0x78, 0x0D, 0x0A, 0x0D, 0x0A, 0x57, 0x41,
            0x52, 0x43, 0x2F, 0x31, 0x2E, 0x30, 0x0D, 0x0A, 0x57, 0x41, 0x52, 0x43, 0x2D, 0x54, 0x52, 0x43, 0x2D,
            0x47, 0x00, 0x00, 0x00, 0x54, 0x61, 0x72, 0x67, 0x65, 0x2D, 0x4C, 0x65, 0x6E, 0x67, 0x74, 0x68, 0x3A,
            0x20, 0x31, 0x31, 0x2D, 0x2F, 0x68, 0x74, 0x6D, 0x6C, 0x3B, 0x20, 0x0D, 0x0A, 0x0D, 0x0A, 0x73, 0x63,
            0x68, 0x6F, 0x66,
        ]
        let extractor = WARCExtractor()
        let whole = try documents(extractor, input)
        for chunkSize in [1, 2, 3, 5, 8, 13, input.count % 61 + 1] {
            #expect(try streamedDocuments(extractor, input, chunkSize: chunkSize) == whole, "chunks of \(chunkSize) bytes")
        }
    }

    /// The same search over garbage longer than several chunks, then a record: the record is found.
    @Test func aRecordAfterLongGarbageIsFoundWhateverTheChunking() throws {
        let http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The page after the garbage, in a few words.</p>".utf8)
        let record = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/x\r\nContent-Length: \(http.count)\r\n\r\n".utf8) + http + Array("\r\n\r\n".utf8)
        let input = Array("WARC/1.0 broken\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 300) + Array("\n".utf8) + record
        for chunkSize in [7, 64, 1000] {
            let found = try streamedDocuments(WARCExtractor(), input, chunkSize: chunkSize)
            #expect(found.map(\.source.url) == ["https://a.example/x"], "chunks of \(chunkSize) bytes")
        }
    }

    /// fuzz-gzip, crash-73043ce9… (and 3 more of the same cause): zero padding between two gzip
    /// members ended the stream when it came in one piece (the member after it was an error) but
    /// was passed over when a chunk ended inside it. Padding is now passed over either way.
    @Test func zeroPaddingBetweenMembersDecodesTheSameWholeOrInChunks() throws {
        let input: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4B, 0xCB, 0x2C, 0x2A, 0x2E, 0x51, 0xC8,
            0x4D, 0xCD, 0x4D, 0x4A, 0x2D, 0xE2, 0x02, 0x00, 0xA7, 0xF4, 0x85, 0x0A, 0x0D, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F, 0x8B, 0x08, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x02, 0x03, 0x4B, 0xCB, 0x2C, 0x2A, 0x2E, 0x51, 0xC8, 0x4D, 0xCD, 0x4D, 0x4A, 0x2D,
            0xE2, 0x02, 0x00, 0xA7, 0xF4, 0x85, 0x0A, 0x0D, 0x00, 0x00, 0x00, 0x00,
        ]
        let whole = try Gzip.decompress(input)
        #expect(String(decoding: whole, as: UTF8.self).hasPrefix("first member\n"))
        for chunkSize in 1...input.count {
            let stream = GzipStream()
            var output: [UInt8] = []
            var offset = 0
            while offset < input.count {
                output += try stream.decompress(Array(input[offset..<min(offset + chunkSize, input.count)]))
                offset += chunkSize
            }
            output += try stream.finish()
            #expect(output == whole, "chunks of \(chunkSize) bytes")
        }
        // Whatever follows padding must still be a gzip member.
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(input.prefix(0x30)) + [0x41, 0x42]) }
    }

    /// fuzz-warc, crash-2549cb8b… (found 2026-12-03): a damaged crawl gave one record whose text
    /// differed between readings — a run of about a hundred letters after `&` was kept whole in one
    /// reading and cut to four letters in another, from run to run. libxml2 2.9 converted the page
    /// in pieces as it parsed (here from UTF-8 to UTF-8, the header's charset), and a piece that
    /// moved its buffer while a name longer than 100 letters was read restarted the name from there;
    /// whether the buffer moved depended on the heap. Pages now reach libxml2 decoded to valid UTF-8,
    /// with nothing left for it to convert (see `CharsetDecoding`).
    @Test func aDamagedCrawlReadsTheSameInChunksAsWhole() throws {
        let input = Array(try #require(Data(base64Encoded: [
            "V0FSQy8xLjANCldBUkMtVHlwZTogd2FyY2luZm8NCkNvbnRlbnQtTGVuZ3RoOiAxMQ0KDQpzb2Z0d2FyZTogeA0KDQpXQVJD",
            "LzEuMA0KV0FSQy1UeXBlOiByZXNwb25zZQ0KV0FSQy1UYXJnZXQtVVJJOiBodHRwczovL2EuZXhhbXBsZS8wDQpXQVJDLURh",
            "dGU6IDIwMjYtMDMtMTRUMTA6MDA6MDBaDQpXQVJDLVJlY29yZC1JRDogPHVybjp1dWlkOjE+DQpDb250ZW50LUxlbmd0aDog",
            "MTEyMw0KDQpIVFRQLzEuMSAyMDAgT0sNCkNvbnRlbnQtVHlwZTogdGV4dC9odG1sOyBjaGFyc2V0PXV0Zi04DQoNCmV0YSBw",
            "cm9wZXJ0eT0iYQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAFdBUkMvMS4wDQpXQVJDLVR5cGU6IHdhcmNpbmZvDQpD",
            "b250ZW50LUxlbmd8aDogMTENCg0Kc29mdHdhcmU6IPgNCg0KV0FSQy8xLjANCldBUkMtVHlwZTogcmVzcG9ucy9hPjwvZm9v",
            "dGVyPjwvYm9keT48L2h0bWw+CgwKDQpXQVJDLzEuMA0KV0FSQy1UeXBlOiByZXNwb25zZQ0KMS4xIDIwMCBPSw0KQ29udGVu",
            "dC1UeXBlOiB0ZXh0L3BsPHA+RmFyZXMgb24gdGhsDQoNCnRlcj48L2JvZHk+PC9odG1sPgoMCg0KV0FSQy8gdGV4dC9wbDxw",
            "PkZhcmVzIG9uIHRobA0KDQp0ZXI+PC9ib2R5PjwvaHRtbD4KDAoNCldBUkMvMS4wDQpXQVJDLVR5cGU6IHJlc3BvbnNlDQox",
            "LjEgMjAwIE9LDQpDb250ZW50LVR5cGU6IHRleHQvcGw8cD5GYXJlcyBvbiB0aGwNCg0Kc2U8L2gxPjxwIGNsYXNzPSJieWxp",
            "bmUiPkJ5IEEuIFdyaXRlciDCtyAzIG1pbiByZWFkPC9wPgo8cD5GYXJlcyBvbiB0aGUgaXNsYW5kIGZlcnJ5IHJpc2UgYnkg",
            "dHdlbHZlIHBlcmNlbnQgZnL8b20gQXByaWwsIHRoZSBoYXJib3VyIGF1dGhvcml0eSBzYWlkLjwvcD4KPHVsPjxsaT5BZHVs",
            "dHM6IMKjNC4yMDwobGk+PGxpPkNoaWxkcmVuOiDCozIuMTA8L2xpPnwvdWw+PGJsb2NrcXVvdGU+V2UgaGFkLUNTIG5vIGNo",
            "b2ljZS48L2Jsb2NrcXVvdGU+CjxwcmU+dGltZXRhYmxlCiAgMDg6MDA8L3ByZT48cD5MaW5lPGJyPmJyZWFrICZhbXA7IGVu",
            "dGl0eSAmS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tL",
            "S0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS2WfnIqLmsTf3CM4MjEyOyAmI3gxRjYwMDs8K3A+PC9h",
            "cnRpY2xlPgplciBzdG9yeTwvYT48L2FzaWRlPjwvbWFpbj4KPGZvb3Rlcj7CqSBIYXJib3VyIEdhemV0dGUgwrcgPGEgaHJl",
            "Zj0iIyI+U2hhcmU8L2E+PC9mb290ZXI+PC9ib2R5PjwvaHRtbD4KDQoNCldBUkMvMS4wDQp0ZW50LUxlbmd0SVNPLTg4NTkK",
            "DQpIVFRQLzEuMSAyMDAgT0sNCkNvbnRlbnQtVHlwZXh0L3BsYWluDQoNCm5vdCBodG1sDQoNCg==",
        ].joined())))
        let extractor = WARCExtractor()
        let whole = try documents(extractor, input)
        let readings = try [1, 2, 3, 5, 8, 9, 13, 64, 1 << 16].map { try streamedDocuments(extractor, input, chunkSize: $0) }
        #expect(readings.allSatisfy { $0 == whole })
    }
}
