import PalimpsestCore
import Testing
@testable import PalimpsestDedup

@Suite struct StorageAndSortingTests {
    @Test func spilledRecordsReadBackWhatWasWrittenFromMemoryAndFile() throws {
        let store = SpilledRecords(recordBytes: 16, memoryBudget: 100)
        var expected: [[UInt8]] = []
        for batch in 0..<20 {
            let records = (0..<(batch % 4 + 1)).flatMap { record in (0..<16).map { UInt8(truncatingIfNeeded: batch * 31 + record * 7 + $0) } }
            try store.append(records)
            for start in stride(from: 0, to: records.count, by: 16) { expected.append(Array(records[start..<(start + 16)])) }
        }
        #expect(store.spilledCount > 0, "the budget of 100 bytes must push records to the file")
        #expect(store.heldBytes <= 100)
        #expect(store.count == expected.count)
        var buffer = [UInt8](repeating: 0, count: 16)
        for (index, record) in expected.enumerated() {
            buffer.withUnsafeMutableBytes { store.read(index, into: $0) }
            #expect(buffer == record, "record \(index)")
        }
        var streamed: [[UInt8]] = []
        store.forEachRun(chunkRecords: 3) { first, bytes in
            #expect(first == streamed.count)
            for start in stride(from: 0, to: bytes.count, by: 16) { streamed.append(Array(bytes[start..<(start + 16)])) }
        }
        #expect(streamed == expected)
    }

    @Test func clustersAreNamedByTheirFirstDocument() {
        var clusters = UnionFind(count: 6)
        clusters.union(4, 2)
        clusters.union(5, 4)
        clusters.union(3, 1)
        let roots = [5, 4, 3, 0].map { clusters.find($0) }
        #expect(roots == [2, 2, 1, 0])
        let joinedAgain = clusters.union(2, 5)
        #expect(!joinedAgain)
    }

    @Test(arguments: [("512M", 512 << 20), ("2G", 2 << 30), ("1.5g", 3 << 29), ("64k", 65536), ("4096", 4096), ("10MB", 10 << 20)])
    func byteSizesParse(text: String, bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test func byteSizesRejectNonsense() {
        #expect(ByteSize.parse("lots") == nil)
        #expect(ByteSize.parse("-1G") == nil)
        #expect(ByteSize.parse("") == nil)
    }

    @Test func paragraphDeduplicationCountsRepeatsByteForByte() {
        var deduplicator = ParagraphDeduplicator()
        var repeats: [String] = []
        for text in ["First para.\n\n  Second para.  \n", "Second para.\nThird.", "first para.\nThird.\n\n"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { raw in
                deduplicator.add(raw) { range in repeats.append(String(decoding: bytes[range], as: UTF8.self)) }
            }
        }
        #expect(repeats == ["Second para.", "Third."])
        #expect(deduplicator.paragraphs == 6)
        #expect(deduplicator.uniqueParagraphs == 4)
        #expect(deduplicator.documentsWithDuplicates == 2)
    }

    @Test func aReusedDigesterAgreesWithTheOneShotDigest() {
        let digester = SHA256Digester()
        for text in ["", "abc", String(repeating: "paragraph ", count: 500)] {
            var copy = text
            let reused = copy.withUTF8 { digester.digest(UnsafeRawBufferPointer($0)) }
            #expect(reused.contentID == SHA256.digest(utf8: text))
        }
    }
}
