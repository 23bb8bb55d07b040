import Foundation

/// Fixed-size records appended in order and read back by index, held in memory up to a budget and
/// moved to a temporary file past it: how a run keeps the sketches of a corpus larger than its
/// memory budget.
///
/// Reads of spilled records go through `pread`, so they come from the page cache without counting
/// against the process's resident memory. The file is an ``UnlinkedTemporaryFile``: it
/// disappears with the process, whatever ends it.
///
/// Appends happen on one thread; once they are done, reads may come from several at once (they
/// only read the held bytes and `pread` the file), which is what makes it `Sendable`.
final class SpilledRecords: @unchecked Sendable {
    /// Bytes per record.
    let recordBytes: Int
    /// The most bytes held in memory before the held records are written out; it may be lowered
    /// as a run goes on (the next append then spills).
    var memoryBudget: Int
    /// Records held in memory, after the spilled ones.
    private var held: [UInt8] = []
    /// Records written to the file.
    private(set) var spilledCount = 0
    private var descriptor: Int32 = -1
    private let folder: String

    /// Creates an empty store.
    init(recordBytes: Int, memoryBudget: Int, temporaryFolder: String = NSTemporaryDirectory()) {
        self.recordBytes = recordBytes
        self.memoryBudget = max(memoryBudget, recordBytes)
        self.folder = temporaryFolder
    }

    deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

    /// The number of records.
    var count: Int { spilledCount + held.count / recordBytes }

    /// Bytes held in memory.
    var heldBytes: Int { held.count }

    /// Appends records (a whole number of them).
    /// - Throws: ``DedupInputError`` when the temporary file cannot be written.
    func append(_ records: [UInt8]) throws {
        precondition(records.count % recordBytes == 0, "a partial record")
        held.append(contentsOf: records)
        if held.count > memoryBudget { try spill() }
    }

    /// Writes the held records to the file.
    private func spill() throws {
        if descriptor < 0 { descriptor = try UnlinkedTemporaryFile.create(in: folder, purpose: "spill") }
        // pwrite may write less than asked (Linux stops at about 2 GiB a call) or be interrupted.
        var done = 0
        while done < held.count {
            let offset = off_t(spilledCount * recordBytes + done)
            let written = held.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + done, $0.count - done, offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw DedupInputError(location: folder, message: "cannot write a temporary file: \(written < 0 ? String(cString: strerror(errno)) : "no space written")")
            }
            done += written
        }
        spilledCount += held.count / recordBytes
        held.removeAll(keepingCapacity: held.capacity <= 2 * memoryBudget)
    }

    /// Copies record `index` into `buffer` (``recordBytes`` bytes).
    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer) {
        if index >= spilledCount {
            let start = (index - spilledCount) * recordBytes
            held.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + recordBytes)])) }
        } else {
            readSpilled(from: index, count: 1, into: buffer)
        }
    }

    /// Calls `body` with runs of consecutive records (their first index and bytes), in order,
    /// reading spilled ones `chunkRecords` at a time.
    func forEachRun(chunkRecords: Int = 8192, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        if spilledCount > 0 {
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkRecords * recordBytes, alignment: 8)
            defer { chunk.deallocate() }
            var first = 0
            while first < spilledCount {
                let count = min(chunkRecords, spilledCount - first)
                let part = UnsafeMutableRawBufferPointer(rebasing: chunk[..<(count * recordBytes)])
                readSpilled(from: first, count: count, into: part)
                body(first, UnsafeRawBufferPointer(part))
                first += count
            }
        }
        held.withUnsafeBytes { body(spilledCount, $0) }
    }

    private func readSpilled(from index: Int, count: Int, into buffer: UnsafeMutableRawBufferPointer) {
        var done = 0
        let total = count * recordBytes
        while done < total {
            let got = pread(descriptor, buffer.baseAddress! + done, total - done, off_t(index * recordBytes + done))
            if got < 0 && errno == EINTR { continue }
            // The file is ours, unlinked and written in this run: failing to read it back is not
            // an input problem but a broken machine.
            precondition(got > 0, "cannot read back the temporary file: \(String(cString: strerror(errno)))")
            done += got
        }
    }
}
