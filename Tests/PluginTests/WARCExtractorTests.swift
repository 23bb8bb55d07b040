import PalimpsestCore
import Testing
import WARCExtractor

/// A WARC record with a correct Content-Length around `block`.
func warcRecord(type: String, uri: String, date: String = "2026-03-14T10:00:00Z", block: [UInt8], claimedLength: Int? = nil) -> [UInt8] {
    let header = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: \(date)\r\n"
        + "WARC-Record-ID: <urn:test:\(uri)>\r\nContent-Length: \(claimedLength ?? block.count)\r\n\r\n"
    return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
}

/// An HTTP response with `body`.
func httpResponse(_ body: [UInt8], contentType: String) -> [UInt8] {
    Array("HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
}

@Suite struct WARCExtractorTests {
    let page = Array("<html><head><title>Ferry fares</title></head><body><p>The harbour authority said fares will rise.</p></body></html>".utf8)

    @Test func htmlResponsesBecomeDocuments() throws {
        var latin1 = Array("<html><body><p>Caf".utf8)
        latin1 += [0xE9]
        latin1 += Array(" opens.</p></body></html>".utf8)
        let warc = warcRecord(type: "warcinfo", uri: "", block: Array("software: test".utf8))
            + warcRecord(type: "request", uri: "https://a.example/ferry", block: Array("GET /ferry HTTP/1.1\r\n\r\n".utf8))
            + warcRecord(type: "response", uri: "https://a.example/ferry", block: httpResponse(page, contentType: "text/html"))
            + warcRecord(type: "response", uri: "https://a.example/logo.png", block: httpResponse([0x89, 0x50, 0x4E, 0x47], contentType: "image/png"))
            + warcRecord(type: "response", uri: "https://b.example/cafe", date: "2026-03-15T11:30:00Z",
                         block: httpResponse(latin1, contentType: "text/html; charset=ISO-8859-1"))
        var documents: [Document] = []
        var problems: [InputProblem] = []
        try WARCExtractor().extract(ExtractionInput(location: "crawl.warc", documentID: "crawl.warc", bytes: warc)) { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        #expect(problems.isEmpty)
        #expect(documents.map(\.id) == ["crawl.warc#https://a.example/ferry", "crawl.warc#https://b.example/cafe"])
        #expect(documents[0].text == "The harbour authority said fares will rise.")
        #expect(documents[0].source.title == "Ferry fares")
        #expect(documents[0].source.url == "https://a.example/ferry")
        #expect(documents[0].source.retrieved.map(DateParsing.format) == "2026-03-14T10:00:00Z")
        #expect(documents[0].source.metadata["http_status"] == "200")
        #expect(documents[1].text == "Café opens.")
        #expect(documents[1].source.retrieved.map(DateParsing.format) == "2026-03-15T11:30:00Z")
    }

    @Test func aLyingContentLengthIsNamedAndTheRestKept() throws {
        let good = warcRecord(type: "response", uri: "https://a.example/ferry", block: httpResponse(page, contentType: "text/html"))
        let lying = warcRecord(type: "response", uri: "https://a.example/long", block: httpResponse(page, contentType: "text/html"), claimedLength: 100_000)
        var documents: [Document] = []
        var problems: [InputProblem] = []
        try WARCExtractor().extract(ExtractionInput(location: "crawl.warc", documentID: "crawl.warc", bytes: good + lying)) { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        #expect(documents.count == 1)
        #expect(problems.count == 1)
        #expect(problems.first?.position == .byte(good.count))
        #expect(problems.first?.message.contains("claims 100000 bytes") == true)
    }

    @Test func garbageBetweenRecordsIsSkipped() throws {
        let record = warcRecord(type: "response", uri: "https://a.example/ferry", block: httpResponse(page, contentType: "text/html"))
        let bytes = Array("not a warc header\r\n".utf8) + record
        var documents: [Document] = []
        var problems: [InputProblem] = []
        try WARCExtractor().extract(ExtractionInput(location: "x.warc", documentID: "x.warc", bytes: bytes)) { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        #expect(documents.count == 1)
        #expect(problems.map(\.position) == [.byte(0)])
    }
}

@Suite struct WARCStreamingTests {
    let page = Array("<html><body><p>The harbour authority said fares will rise.</p></body></html>".utf8)

    func extract(_ bytes: [UInt8], chunkSize: Int) throws -> (documents: [Document], problems: [InputProblem]) {
        var documents: [Document] = []
        var problems: [InputProblem] = []
        var offset = 0
        try WARCExtractor().extract(streaming: StreamingInput(location: "s.warc", documentID: "s.warc"), nextChunk: {
            guard offset < bytes.count else { return nil }
            defer { offset += chunkSize }
            return Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
        }) { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        return (documents, problems)
    }

    @Test func recordsArriveWhateverTheChunking() throws {
        let warc = (1...3).flatMap { warcRecord(type: "response", uri: "https://a.example/\($0)", block: httpResponse(page, contentType: "text/html")) }
        for chunkSize in [1, 5, 64, 100_000] {
            let (documents, problems) = try extract(warc, chunkSize: chunkSize)
            #expect(problems.isEmpty)
            #expect(documents.map(\.id) == ["s.warc#https://a.example/1", "s.warc#https://a.example/2", "s.warc#https://a.example/3"])
        }
    }

    @Test func headerNamesAreReadWhateverTheirCaseAndLinesThatAreNotFieldsAreIgnored() throws {
        // Field names in any case, values padded with spaces and tabs, bare CR and LF line ends,
        // and a long run of lines that are not fields (a damaged crawl's header can be anything).
        let noise = String(repeating: "not a field at all\n", count: 20_000)
        let response = Array("HTTP/1.1 200 OK\r\n\(noise)CONTENT-type: \t text/html \r\ncontent-length: \(page.count)\r\n\r\n".utf8) + page
        let header = "WARC/1.1\r\n\(noise)warc-type:response\rwarc-TARGET-uri:   https://a.example/odd \nContent-LENGTH: \(response.count)\r\n\r\n"
        let warc = Array(header.utf8) + response + Array("\r\n\r\n".utf8)
            + warcRecord(type: "response", uri: "https://a.example/next", block: httpResponse(page, contentType: "text/html"))
        let (documents, problems) = try extract(warc, chunkSize: 64 << 10)
        #expect(problems.isEmpty)
        #expect(documents.map(\.id) == ["s.warc#https://a.example/odd", "s.warc#https://a.example/next"])
        #expect(documents.first?.text == "The harbour authority said fares will rise.")
    }

    @Test func aRecordThatLiesIsSkippedAndTheNextOneRead() throws {
        let lying = warcRecord(type: "response", uri: "https://a.example/lies", block: httpResponse(page, contentType: "text/html"), claimedLength: 5_000)
        let good = warcRecord(type: "response", uri: "https://a.example/good", block: httpResponse(page, contentType: "text/html"))
        let (documents, problems) = try extract(lying + good, chunkSize: 16)
        #expect(documents.map(\.id) == ["s.warc#https://a.example/good"])
        #expect(problems.map(\.position) == [.byte(0)])
    }
}

@Suite struct WARCResyncTests {
    @Test func garbageLongerThanAChunkIsSkippedWhereverTheMarkerFalls() throws {
        let page = Array("<html><body><p>Found after the garbage.</p></body></html>".utf8)
        let record = warcRecord(type: "response", uri: "https://a.example/after", block: httpResponse(page, contentType: "text/html"))
        let bytes = Array(String(repeating: "garbage line\r\n", count: 40).utf8) + record
        for chunkSize in [3, 7, 13, 64] {
            var documents: [Document] = []
            var offset = 0
            try WARCExtractor().extract(streaming: StreamingInput(location: "g.warc", documentID: "g.warc"), nextChunk: {
                guard offset < bytes.count else { return nil }
                defer { offset += chunkSize }
                return Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
            }) { item in
                if case .document(let document) = item { documents.append(document) }
            }
            #expect(documents.map(\.id) == ["g.warc#https://a.example/after"], "chunk size \(chunkSize)")
        }
    }
}

@Suite struct HostileWARCTests {
    @Test func anAbsurdChunkSizeEndsTheBodyInsteadOfCrashing() throws {
        let body = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n<p>x</p>\r\n0\r\n\r\n".utf8)
        let warc = warcRecord(type: "response", uri: "https://a.example/x", block: body)
        var problems: [InputProblem] = []
        try WARCExtractor().extract(ExtractionInput(location: "h.warc", documentID: "h.warc", bytes: warc)) { item in
            if case .problem(let problem) = item { problems.append(problem) }
        }
        #expect(problems.isEmpty)
    }

    @Test func problemsArePerFileCapped() throws {
        let bytes = Array(String(repeating: "WARC/\n", count: 2_000).utf8)
        var problems: [InputProblem] = []
        try WARCExtractor().extract(ExtractionInput(location: "p.warc", documentID: "p.warc", bytes: bytes)) { item in
            if case .problem(let problem) = item { problems.append(problem) }
        }
        #expect(problems.count <= 101)
        #expect(problems.last?.message.contains("only the first 100") == true)
    }
}
