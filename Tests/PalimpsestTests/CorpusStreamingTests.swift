import Foundation
import Palimpsest
import Testing

/// Reading a corpus without holding it: documents handed to a sink as they are read, or in
/// batches from a reading thread, in the same order and with the same problems as a whole read.
@Suite struct CorpusStreamingTests {
    /// A JSON Lines file of `count` records (one of them broken), and three text files.
    func writeCorpus(count: Int) throws -> URL {
        let folder = try makeTemporaryFolder()
        var lines = (0..<count).map { #"{"id": "r\#($0)", "text": "Record number \#($0) of the streamed file."}"# }
        lines[count / 2] = #"{"id": "broken", "text": "#
        try write(lines.joined(separator: "\n") + "\n", to: "a-records.jsonl", in: folder)
        for number in 1...3 { try write("Plain note \(number) about the harbour.", to: "b-note-\(number).txt", in: folder) }
        return folder
    }

    @Test func aSinkSeesWhatAWholeReadHoldsInTheSameOrder() throws {
        let folder = try writeCorpus(count: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = CorpusReader().read([folder.path])
        var streamed: [String] = []
        let rest = CorpusReader().read([folder.path]) { document in
            streamed.append(document.id)
            return true
        }
        #expect(streamed == whole.documents.map(\.id))
        #expect(streamed.count == 42)
        #expect(rest.documents.isEmpty, "a sink's documents are not held")
        #expect(rest.problems == whole.problems)
        #expect(rest.problems.count == 1)
        #expect(rest.inputCount == 4)
    }

    @Test(arguments: [3, 39, 41]) func aSinkStopsTheReadingWhenItHasEnough(wanted: Int) throws {
        // Within the streamed file (3), at its last record (39), and among the whole files (41).
        let folder = try writeCorpus(count: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        var taken = 0
        let corpus = CorpusReader().read([folder.path]) { _ in
            taken += 1
            return taken < wanted
        }
        #expect(taken == wanted, "no document is handed over after the sink said stop")
        #expect(corpus.inputCount == (wanted <= 39 ? 1 : wanted - 38), "the inputs tried up to the last document taken")
    }

    @Test func aStreamedTextFormatThatIsNotUTF8TextIsReadWhole() throws {
        // JSON Lines is streamed; UTF-16 is still decoded, and binary data still named, as whole files are.
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = #"{"id": "wide", "text": "A line of UTF-16 text about the ferry."}"# + "\n"
        try write([0xFF, 0xFE] + line.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, to: "wide.jsonl", in: folder)
        try write([0x7B, 0x00, 0x01, 0x02] + Array(repeating: 0x00, count: 100), to: "zeros.jsonl", in: folder)
        let corpus = CorpusReader().read([folder.path])
        #expect(corpus.documents.map(\.id) == ["wide"])
        #expect(corpus.problems.count == 1)
        #expect(corpus.problems.first?.message.contains("binary data, not text") == true, "\(corpus.problems)")
    }

    @Test func batchesComeInOrderAndEndWithWhatTheReadingFound() async throws {
        let folder = try writeCorpus(count: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = CorpusReader().read([folder.path])
        var sizes: [Int] = [], ids: [String] = [], end: CorpusReader.Corpus? = nil
        for await batch in CorpusBatches(reading: [folder.path], with: CorpusReader(), size: 8, ahead: 1) {
            #expect(end == nil, "nothing comes after the end")
            switch batch {
            case .documents(let documents):
                sizes.append(documents.count)
                ids += documents.map(\.id)
            case .end(let corpus):
                end = corpus
            }
        }
        #expect(ids == whole.documents.map(\.id))
        #expect(sizes == [8, 8, 8, 8, 8, 2])
        let corpus = try #require(end)
        #expect(corpus.problems == whole.problems)
        #expect(corpus.inputCount == 4)
    }

    @Test func aConsumerThatStopsEarlyStopsTheReader() async throws {
        let folder = try writeCorpus(count: 2_000)
        defer { try? FileManager.default.removeItem(at: folder) }
        let read = Counter()
        let batches = CorpusBatches(reading: [folder.path], with: CorpusReader(), size: 10, ahead: 2, progress: { read.set($0) })
        for await batch in batches {
            if case .documents = batch { break }
        }
        // Waits for the reading thread, which sees the consumer gone at its next document.
        batches.close()
        let stoppedAt = read.value
        batches.close()
        #expect(read.value == stoppedAt, "nothing is read after close")
        #expect(stoppedAt <= 40, "\(stoppedAt) documents read after the consumer stopped at the first batch of 10")
    }
}

/// The last number a reading thread reported.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var number = 0
    var value: Int { lock.withLock { number } }
    func set(_ value: Int) { lock.withLock { number = value } }
}
