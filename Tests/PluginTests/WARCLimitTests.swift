import PalimpsestCore
import Testing
import WARCExtractor

/// A record whose `Content-Length` claims more than `--max-document-size` (issue 14, item 4): the
/// claim must cost that record only, never the records after it.
@Suite struct WARCLimitTests {
    let limits = InputLimits(maximumDocumentBytes: 1_000)

    /// Eleven HTML response records; the second claims 50,000 bytes, over the 1,000-byte limit.
    func crawl(claim: Int = 50_000) -> (bytes: [UInt8], lyingOffset: Int) {
        var bytes: [UInt8] = []
        var lyingOffset = 0
        for number in 1...11 {
            let page = Array("<html><body><p>Page \(number) of the crawl says the ferry leaves at nine.</p></body></html>".utf8)
            if number == 2 { lyingOffset = bytes.count }
            bytes += warcRecord(
                type: "response", uri: "https://a.example/\(number)", block: httpResponse(page, contentType: "text/html"),
                claimedLength: number == 2 ? claim : nil)
        }
        return (bytes, lyingOffset)
    }

    func collect(_ extract: ((ExtractedItem) throws -> Void) throws -> Void) rethrows -> (documents: [Document], problems: [InputProblem]) {
        var documents: [Document] = [], problems: [InputProblem] = []
        try extract { item in
            switch item {
            case .document(let document): documents.append(document)
            case .problem(let problem): problems.append(problem)
            }
        }
        return (documents, problems)
    }

    @Test func aRecordClaimingMoreThanTheLimitCostsOnlyItself() throws {
        let (bytes, lyingOffset) = crawl()
        let (documents, problems) = try collect { emit in
            try WARCExtractor().extract(ExtractionInput(location: "crawl.warc", documentID: "crawl.warc", bytes: bytes, limits: limits), emit: emit)
        }
        #expect(documents.map(\.id) == ([1] + Array(3...11)).map { "crawl.warc#https://a.example/\($0)" }, "10 of 11 records read")
        #expect(problems.count == 1)
        #expect(problems.first?.location == "crawl.warc")
        #expect(problems.first?.position == .byte(lyingOffset))
        let message = try #require(problems.first?.message)
        #expect(message.contains("<urn:test:https://a.example/2>"), "the record is named: \(message)")
        #expect(message.contains("claims 50000 bytes") && message.contains("--max-document-size"), "\(message)")
    }

    @Test(arguments: [1, 7, 64, 4096])
    func theRestIsReadWhateverTheChunking(chunkSize: Int) throws {
        let (bytes, lyingOffset) = crawl(claim: Int.max)
        let (documents, problems) = try collect { emit in
            var offset = 0
            try WARCExtractor().extract(streaming: StreamingInput(location: "s.warc", documentID: "s.warc", limits: limits), nextChunk: {
                guard offset < bytes.count else { return nil }
                defer { offset += chunkSize }
                return Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
            }, emit: emit)
        }
        #expect(documents.count == 10, "chunk size \(chunkSize)")
        #expect(problems.map(\.position) == [.byte(lyingOffset)], "chunk size \(chunkSize)")
    }

    @Test func aTrueRecordOverTheLimitIsSkippedWhole() throws {
        let big = Array("<html><body><p>".utf8) + Array(repeating: UInt8(ascii: "x"), count: 5_000) + Array("</p></body></html>".utf8)
        let bytes = warcRecord(type: "response", uri: "https://a.example/big", block: httpResponse(big, contentType: "text/html"))
            + warcRecord(type: "response", uri: "https://a.example/after", block: httpResponse(Array("<html><body><p>After the big one, the ferry leaves at nine.</p></body></html>".utf8), contentType: "text/html"))
        let (documents, problems) = try collect { emit in
            try WARCExtractor().extract(ExtractionInput(location: "big.warc", documentID: "big.warc", bytes: bytes, limits: limits), emit: emit)
        }
        #expect(documents.map(\.id) == ["big.warc#https://a.example/after"])
        #expect(problems.map(\.position) == [.byte(0)])
    }
}
