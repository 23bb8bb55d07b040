import Foundation

/// A copy, in an unlinked temporary file, of the bytes read from an input that cannot be read
/// twice (a named pipe, standard input, a process substitution), so that the exact checks can read
/// its records again by offset as they do a plain file's.
///
/// Bytes are appended in the order they are read, at most ``limit`` of them (the input limit,
/// `--max-input-size`); past it, or when the temporary file cannot be written, the copy stops and
/// ``stopReason`` says why: records beyond what was copied cannot be read again, and their pairs
/// near the threshold are decided by their sketches. The file is an ``UnlinkedTemporaryFile``: it
/// disappears with the process whatever ends it.
final class StreamSpool {
    /// The file's descriptor, open for reading and writing.
    let descriptor: Int32
    /// The most bytes copied.
    let limit: Int
    /// Bytes copied so far.
    private(set) var length = 0
    /// Why copying stopped, once it has; nil while it goes on.
    private(set) var stopReason: String?
    private let folder: String

    /// Creates an empty copy in `folder`.
    /// - Throws: ``DedupInputError`` naming the folder when no file can be made there.
    init(folder: String, limit: Int) throws {
        descriptor = try UnlinkedTemporaryFile.create(in: folder, purpose: "stream")
        self.limit = limit
        self.folder = folder
    }

    deinit { Foundation.close(descriptor) }

    /// Appends `bytes` (the next bytes of the input) while copying goes on. Returns true when this
    /// call stopped the copying, so the caller reports ``stopReason`` once.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard stopReason == nil, !bytes.isEmpty else { return false }
        guard length + bytes.count <= limit else {
            stopReason = "is over the \(limit)-byte input limit (--max-input-size) for keeping a copy to check near-threshold pairs on"
            return true
        }
        // pwrite may write less than asked or be interrupted.
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(length + done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                stopReason = "cannot be copied to \(folder) to check near-threshold pairs on: \(written < 0 ? String(cString: strerror(errno)) : "no space written")"
                // What was written of this call stays unread: a record reaching into it reads short.
                return true
            }
            done += written
        }
        length += bytes.count
        return false
    }
}
