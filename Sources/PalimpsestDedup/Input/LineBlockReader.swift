import Foundation
import PalimpsestCore

/// A run of complete lines read from one file: the unit of work the deduplicator hands to a core.
struct LineBlock: Sendable {
    /// The lines, each ended by `\n` (the last one may lack it at the end of the file).
    var bytes: [UInt8]
    /// The 1-based number of the first line.
    var firstLine: Int
    /// The byte offset of the first line in the file, or nil when the file is compressed (its
    /// records cannot be read again by offset).
    var offset: UInt64?
}

/// Reads a plain or gzip-compressed file as blocks of whole lines, in order, holding about one
/// block in memory at a time.
///
/// A line longer than ``maximumLineBytes`` is skipped with a problem naming its number, and reading
/// goes on at the next line: one enormous record cannot exhaust memory.
struct LineBlockReader {
    /// The file as users name it.
    let path: String
    /// Bytes read per step (before decompression).
    let blockBytes: Int
    /// The longest line kept.
    let maximumLineBytes: Int
    /// The most decompressed bytes read from a gzip file.
    let maximumDecompressedBytes: Int

    private let handle: FileHandle
    private var gzip: GzipStream?
    private var pending: [UInt8] = []
    private var pendingOffset: UInt64 = 0
    private var nextLine = 1
    private var finished = false
    /// A line being skipped because it is too long: its number, until its end is found.
    private var skippingLine: Int?

    /// Opens `path`.
    /// - Throws: an error naming the file when it cannot be opened.
    init(path: String, blockBytes: Int = 1 << 21, maximumLineBytes: Int = 1 << 27, maximumDecompressedBytes: Int = 1 << 40) throws {
        self.path = path
        self.blockBytes = blockBytes
        self.maximumLineBytes = maximumLineBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DedupInputError(location: path, message: "cannot open the file")
        }
        self.handle = handle
        let magic = (try? handle.read(upToCount: 2)) ?? Data()
        try? handle.seek(toOffset: 0)
        if Gzip.isGzip(magic) { gzip = GzipStream(limit: maximumDecompressedBytes) }
    }

    /// Closes the file.
    func close() { try? handle.close() }

    /// The next block of whole lines, nil at the end of the file. Problems (a line too long, a
    /// damaged gzip stream) are passed to `report`; a damaged stream ends the file.
    mutating func next(report: (DedupInputError) -> Void) -> LineBlock? {
        while !finished {
            guard let chunk = readChunk(report: report) else {
                finished = true
                break
            }
            pending.append(contentsOf: chunk)
            if let block = takeLines(report: report) { return block }
        }
        // The end of the file: what is left is the last line, without its newline.
        guard !pending.isEmpty, skippingLine == nil else { return nil }
        let block = LineBlock(bytes: pending, firstLine: nextLine, offset: gzip == nil ? pendingOffset : nil)
        pending = []
        return block
    }

    /// Reads and decompresses one chunk; nil at the end (or when the file cannot be read further).
    private mutating func readChunk(report: (DedupInputError) -> Void) -> [UInt8]? {
        let data: Data
        do {
            data = try handle.read(upToCount: blockBytes) ?? Data()
        } catch {
            report(DedupInputError(location: path, message: "cannot read: \(error.localizedDescription)"))
            return nil
        }
        guard let gzip else { return data.isEmpty ? nil : [UInt8](data) }
        do {
            if data.isEmpty {
                let tail = try gzip.finish()
                return tail.isEmpty ? nil : tail
            }
            return try gzip.decompress([UInt8](data))
        } catch {
            report(DedupInputError(location: "\(path): line \(nextLine)", message: "\(error); the rest of the file is skipped"))
            return nil
        }
    }

    /// Cuts the complete lines off the front of `pending`.
    private mutating func takeLines(report: (DedupInputError) -> Void) -> LineBlock? {
        if let skipped = skippingLine {
            guard let end = pending.firstIndex(of: 0x0A) else {
                pendingOffset += UInt64(pending.count)
                pending.removeAll(keepingCapacity: true)
                return nil
            }
            pendingOffset += UInt64(end + 1)
            pending.removeSubrange(...end)
            nextLine = skipped + 1
            skippingLine = nil
        }
        guard let lastNewline = pending.lastIndex(of: 0x0A) else {
            if pending.count > maximumLineBytes {
                report(DedupInputError(location: "\(path): line \(nextLine)", message: "longer than \(maximumLineBytes) bytes; skipped"))
                skippingLine = nextLine
                pendingOffset += UInt64(pending.count)
                pending.removeAll(keepingCapacity: true)
            }
            return nil
        }
        let lines = Array(pending[...lastNewline])
        let block = LineBlock(bytes: lines, firstLine: nextLine, offset: gzip == nil ? pendingOffset : nil)
        nextLine += Self.countNewlines(lines)
        pendingOffset += UInt64(lines.count)
        pending.removeSubrange(...lastNewline)
        return block
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
