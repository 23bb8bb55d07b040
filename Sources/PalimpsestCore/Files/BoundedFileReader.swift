import Foundation

/// Opens and reads files held to a size limit that is checked on the file actually opened (after
/// links are followed, so a small link to a huge file is judged by the file), and again while
/// reading (so a file that grows, a pipe or a device cannot feed more than the limit).
public enum BoundedFileReader {
    /// Opens `path` for reading.
    ///
    /// - Parameter regularOnly: true to refuse anything but a regular file without ever waiting:
    ///   the file is opened non-blocking, so a named pipe with no writer cannot hang the run, and
    ///   refused when `fstat` shows it is not a regular file. False for inputs a user named, which
    ///   may be pipes (`<(…)` gives `/dev/fd/63`) or devices; those are opened as `cat` would.
    /// - Returns: a handle that closes the file when released, and the file's status.
    /// - Throws: ``BoundedReadError``.
    public static func open(_ path: String, regularOnly: Bool) throws(BoundedReadError) -> (handle: FileHandle, status: FileStatus) {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw .system(FileSystemError(path: path, action: "cannot open", code: errno)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let status: FileStatus
        do {
            status = try FileStatus(descriptor: descriptor, path: path)
        } catch {
            throw .system(error)
        }
        switch status.kind {
        case .regular: break
        case .folder, .blockDevice, .symbolicLink, .unknown: throw .notReadable(path: path, kind: status.kind)
        case .namedPipe, .characterDevice, .socket: if regularOnly { throw .notReadable(path: path, kind: status.kind) }
        }
        return (handle, status)
    }

    /// The bytes of `path`, at most `limit` of them.
    /// - Parameters:
    ///   - limit: the most bytes taken; a regular file over it is refused before any is read.
    ///   - regularOnly: see ``open(_:regularOnly:)``.
    /// - Throws: ``BoundedReadError``: the file cannot be opened or read, is not readable as a
    ///   whole (a folder, or a pipe when `regularOnly`), or holds more than `limit` bytes.
    /// - Complexity: O(min(size, limit)) time and memory.
    public static func read(_ path: String, limit: Int, regularOnly: Bool) throws(BoundedReadError) -> [UInt8] {
        let (handle, status) = try open(path, regularOnly: regularOnly)
        if status.kind == .regular, status.size > limit { throw .overLimit(path: path, size: status.size, limit: limit) }
        var bytes: [UInt8] = []
        if status.kind == .regular { bytes.reserveCapacity(status.size + 1) }
        let descriptor = handle.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // One byte past the limit tells a file that is over it from one that ends exactly there.
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .system(FileSystemError(path: path, action: "cannot read", code: errno))
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[..<got])
        }
        guard bytes.count <= limit else { throw .overLimit(path: path, size: nil, limit: limit) }
        return bytes
    }
}

/// Why ``BoundedFileReader`` could not hand over a file's bytes.
public enum BoundedReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Opening, looking up or reading failed; the system's reason.
    case system(FileSystemError)
    /// The path names something that is not read as a file here (a folder, a device, or a pipe
    /// where only regular files are taken).
    case notReadable(path: String, kind: FileStatus.Kind)
    /// The file holds more than `limit` bytes: `size` when known before reading (regular files),
    /// nil when the bytes ran past the limit as they came (pipes, devices, a growing file).
    case overLimit(path: String, size: Int?, limit: Int)

    /// The file concerned.
    public var path: String {
        switch self {
        case .system(let error): error.path
        case .notReadable(let path, _), .overLimit(let path, _, _): path
        }
    }

    /// What went wrong, without the path (callers add the path as a message's location, and what
    /// to do, such as the option that raises the limit).
    public var reason: String {
        switch self {
        case .system(let error): "\(error.action): \(error.reason)"
        case .notReadable(_, let kind): "is \(kind), not a file to read"
        case .overLimit(_, let size?, let limit): "file is \(size) bytes, over the \(limit)-byte limit"
        case .overLimit(_, nil, let limit): "holds more than \(limit) bytes, over the \(limit)-byte limit"
        }
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
