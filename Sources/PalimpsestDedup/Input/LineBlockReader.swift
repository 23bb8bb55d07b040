import Foundation
import PalimpsestCore

/// A run of complete lines read from one file: the unit of work the deduplicator hands to a core.
struct LineBlock: Sendable {
    /// The lines, each ended by `\n` (the last one may lack it at the end of the file).
    var bytes: [UInt8]
    /// The 1-based number of the first line.
    var firstLine: Int
    /// The byte offset of the first line in the file (or in the copy kept of a stream, see
    /// ``StreamSpool``), or nil when the records cannot be read again by offset: the file is
    /// compressed, or is a stream of which no copy is kept.
    var offset: UInt64?
    /// The longest line to read; longer ones are reported and skipped.
    var maximumLineBytes: Int

    /// The problem an overlong line raises.
    static func overlongLine(_ number: Int, in path: String, limit: Int) -> DedupInputError {
        DedupInputError(location: "\(path): line \(number)", message: "longer than \(limit) bytes (--max-line-length); skipped")
    }
}

/// Reads a plain or gzip-compressed file as blocks of whole lines, in order, holding about one
/// block in memory at a time and copying each byte once: a plain file is read straight into the
/// block, after the partial line the previous block left over.
///
/// A line longer than ``maximumLineBytes`` is skipped with a problem naming its number, and reading
/// goes on at the next line: one enormous record cannot exhaust memory. (A line longer than a block
/// is dropped here as it streams past; a shorter one over the limit, by ``LineBlock/forEachRecord``.)
///
/// An input that cannot be read twice — a named pipe, standard input, a process substitution — is
/// opened once and read as a stream; when a spool folder is given, the bytes read are copied to a
/// ``StreamSpool`` as they pass, and the blocks' offsets are offsets in that copy, so the exact
/// checks read the records there instead of opening the input again (which would wait forever on a
/// pipe whose writer is gone).
struct LineBlockReader {
    /// The file as users name it.
    let path: String
    /// Bytes read per step (before decompression).
    let blockBytes: Int
    /// The longest line kept.
    let maximumLineBytes: Int
    /// The copy of a stream's bytes that its records are read again from; nil for a regular file
    /// (read again in place) or when no copy is kept.
    let spool: StreamSpool?

    private let descriptor: Int32
    private var gzip: GzipStream?
    /// Whether blocks' offsets locate their records for reading again: in the file itself (a
    /// regular, uncompressed file read from its start) or in ``spool``.
    let locatesRecords: Bool
    /// Bytes taken from the input before reading began (to tell its format), read before the rest.
    private var pending: [UInt8]
    /// Problems met while opening, reported with the first block.
    private var openingProblems: [DedupInputError] = []
    /// Whether the gzip stream was told the input ended.
    private var gzipDrained = false
    /// Whether reading stopped at an error rather than at the end of the file.
    private var brokeOff = false
    /// Buffers of blocks already sketched, reused for the next blocks.
    private var spare: [[UInt8]] = []
    /// The partial line after the last line feed read so far.
    private var carry: [UInt8] = []
    /// The file offset of `carry`'s first byte.
    private var carryOffset: UInt64 = 0
    private var nextLine = 1
    private var finished = false
    /// A line being skipped because it is too long: its number, until its end is found.
    private var skippingLine: Int?

    /// Opens `path` (once: a named pipe is read as the stream it is).
    /// - Throws: ``DedupInputError`` naming the file when it cannot be opened.
    /// - Parameters:
    ///   - limits: the line length and gzip expansion allowed (a stream has no total size), and the
    ///     most of a stream copied for the exact checks.
    ///   - spoolFolder: where to copy an input that cannot be read twice, so its records can be read
    ///     again; nil to keep no copy (its records then have no offsets).
    init(path: String, blockBytes: Int = 1 << 18, limits: InputLimits = .standard, spoolFolder: String? = nil) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DedupInputError(location: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: descriptor, name: path, prefix: [], blockBytes: blockBytes, limits: limits, spoolFolder: spoolFolder)
    }

    /// Reads from an open `descriptor`, which it then owns and closes; `prefix` holds bytes already
    /// taken from it (to tell its format), which come first.
    /// - Parameters:
    ///   - name: the input as users name it, in problems.
    ///   - spoolFolder: as for ``init(path:blockBytes:limits:spoolFolder:)``.
    init(descriptor: Int32, name: String, prefix: [UInt8], blockBytes: Int = 1 << 18, limits: InputLimits = .standard, spoolFolder: String?) {
        self.path = name
        self.blockBytes = blockBytes
        self.descriptor = descriptor
        maximumLineBytes = limits.maximumLineBytes
        pending = prefix
        var status = stat()
        let isRegular = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        // A regular file read from its start is read again in place; anything else is a stream.
        let readsInPlace = prefix.isEmpty && isRegular && lseek(descriptor, 0, SEEK_CUR) == 0
        if readsInPlace {
            var magic: [UInt8] = [0, 0]
            if pread(descriptor, &magic, 2, 0) == 2, Gzip.isGzip(magic) { gzip = limits.gzipStream(total: nil) }
            spool = nil
            locatesRecords = gzip == nil
            return
        }
        // A stream: its first bytes are taken here to tell gzip, and read again from `pending`.
        var byte: UInt8 = 0
        while pending.count < 2 {
            let got = Foundation.read(descriptor, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            guard got == 1 else { break }
            pending.append(byte)
        }
        if Gzip.isGzip(pending) { gzip = limits.gzipStream(total: nil) }
        var copy: StreamSpool?
        if let spoolFolder {
            do {
                copy = try StreamSpool(folder: spoolFolder, limit: limits.maximumInputBytes)
            } catch {
                openingProblems.append(DedupInputError(
                    location: name, message: "\(error); it cannot be read twice, so its pairs near the threshold are decided by their sketches"))
            }
        }
        spool = copy
        locatesRecords = copy != nil
    }

    /// Closes the file (a stream's copy stays open while ``spool`` is held).
    func close() { _ = Foundation.close(descriptor) }

    /// Takes back the buffer of a block that has been used, to read a later block into.
    mutating func recycle(_ buffer: [UInt8]) {
        if spare.count < 8 { spare.append(buffer) }
    }

    /// The next block of whole lines, nil at the end of the file. Problems (a line too long, a
    /// damaged gzip stream, a read error) are passed to `report`; a damaged stream ends the file.
    mutating func next(report: (DedupInputError) -> Void) -> LineBlock? {
        openingProblems.forEach(report)
        openingProblems = []
        while !finished {
            var block = spare.popLast() ?? []
            block.removeAll(keepingCapacity: true)
            block.append(contentsOf: carry)
            let blockOffset = carryOffset
            guard read(appendingTo: &block, report: report) else {
                finished = true
                carry = block
                break
            }
            if let block = cut(&block, offset: blockOffset, report: report) { return block }
        }
        // The end of the file: what is left is the last line, without its line feed — unless the
        // file broke off (a damaged gzip stream, a read error), when it is a fragment, not a line.
        guard !carry.isEmpty, skippingLine == nil, !brokeOff else { return nil }
        defer { carry = [] }
        return LineBlock(bytes: carry, firstLine: nextLine, offset: locatesRecords ? carryOffset : nil, maximumLineBytes: maximumLineBytes)
    }

    /// Reads up to `buffer.count` raw bytes: first those taken while opening, then the file's.
    /// Returns the count, 0 at the end, −1 on an error (in `errno`).
    private mutating func readRaw(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        if !pending.isEmpty {
            let count = min(pending.count, buffer.count)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            pending.removeFirst(count)
            return count
        }
        while true {
            let got = Foundation.read(descriptor, buffer.baseAddress!, buffer.count)
            if got < 0 && errno == EINTR { continue }
            return got
        }
    }

    /// Appends the next chunk (decompressed) to `block`; false at the end of the file or when it
    /// cannot be read further. A stream's new bytes are copied to its ``spool``.
    private mutating func read(appendingTo block: inout [UInt8], report: (DedupInputError) -> Void) -> Bool {
        let before = block.count
        let more = readChunk(appendingTo: &block, report: report)
        if let spool, block.count > before, block.withUnsafeBytes({ spool.append(UnsafeRawBufferPointer(rebasing: $0[before...])) }) {
            report(DedupInputError(
                location: "\(path): line \(nextLine)",
                message: "\(spool.stopReason ?? "cannot be copied"); pairs near the threshold from here on are decided by their sketches"))
        }
        return more
    }

    /// ``read(appendingTo:report:)`` without the copy.
    private mutating func readChunk(appendingTo block: inout [UInt8], report: (DedupInputError) -> Void) -> Bool {
        if gzip == nil {
            let before = block.count
            block.reserveCapacity(before + blockBytes)
            var got = 0
            block.append(contentsOf: repeatElement(0, count: blockBytes))
            block.withUnsafeMutableBytes { bytes in got = readRaw(into: UnsafeMutableRawBufferPointer(rebasing: bytes[before...])) }
            block.removeLast(blockBytes - max(got, 0))
            if got < 0 {
                brokeOff = true
                report(DedupInputError(location: "\(path): line \(nextLine)", message: "cannot read: \(String(cString: strerror(errno))); the rest of the file is skipped"))
            }
            return got > 0
        }
        var compressed = [UInt8](repeating: 0, count: blockBytes)
        let got = compressed.withUnsafeMutableBytes { readRaw(into: $0) }
        do {
            if got <= 0 {
                guard !gzipDrained else { return false }
                gzipDrained = true
                let tail = try gzip!.finish()
                block.append(contentsOf: tail)
                return !tail.isEmpty
            }
            compressed.removeLast(blockBytes - got)
            block.append(contentsOf: try gzip!.decompress(compressed))
            return true
        } catch {
            brokeOff = true
            report(DedupInputError(location: "\(path): line \(nextLine)", message: "\(error); the rest of the file is skipped"))
            return false
        }
    }

    /// Splits `block` after its last line feed: the lines before are returned, the rest carried.
    private mutating func cut(_ block: inout [UInt8], offset: UInt64, report: (DedupInputError) -> Void) -> LineBlock? {
        var offset = offset
        if let skipped = skippingLine {
            guard let end = block.firstIndex(of: 0x0A) else {
                carry = []
                carryOffset = offset + UInt64(block.count)
                return nil
            }
            block.removeSubrange(...end)
            offset += UInt64(end + 1)
            nextLine = skipped + 1
            skippingLine = nil
        }
        guard let lastLineFeed = block.lastIndex(of: 0x0A) else {
            if block.count > maximumLineBytes {
                report(LineBlock.overlongLine(nextLine, in: path, limit: maximumLineBytes))
                skippingLine = nextLine
                carry = []
                carryOffset = offset + UInt64(block.count)
            } else {
                carry = block
                carryOffset = offset
            }
            return nil
        }
        carry = Array(block[(lastLineFeed + 1)...])
        carryOffset = offset + UInt64(lastLineFeed + 1)
        block.removeLast(block.count - lastLineFeed - 1)
        let lines = LineBlock(bytes: block, firstLine: nextLine, offset: locatesRecords ? offset : nil, maximumLineBytes: maximumLineBytes)
        nextLine += Self.countNewlines(block)
        return lines
    }
}

extension LineBlockReader {
    /// The line feeds in `bytes`, eight bytes at a time.
    static func countNewlines(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { bytes in
            var count = 0, index = 0
            while index + 8 <= bytes.count {
                count += SWAR.equal(SWAR.load(bytes, at: index), 0x0A).nonzeroBitCount
                index += 8
            }
            while index < bytes.count {
                if bytes[index] == 0x0A { count += 1 }
                index += 1
            }
            return count
        }
    }
}

/// An input, or a place in one, that could not be read; the run goes on without it.
public struct DedupInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, with a line number when one applies.
    public var location: String
    /// What was wrong.
    public var message: String

    /// `location: message`.
    public var description: String { "\(location): \(message)" }
}
