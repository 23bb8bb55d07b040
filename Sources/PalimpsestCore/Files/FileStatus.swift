import Foundation

/// What the file system says about a path (`stat`, or `lstat` when links are not followed): its
/// kind, its identity, its size and its mode.
///
/// Inputs and outputs are judged by this rather than by name: `a`, `./a` and a link to `a` are one
/// file (the same ``Identity``), a named pipe or a device is no file to read whole or to replace
/// by renaming, and a link's size says nothing about what it points to.
public struct FileStatus: Sendable, Hashable {
    /// What kind of thing a path names.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// A regular file.
        case regular
        /// A folder.
        case folder
        /// A symbolic link (only when links are not followed).
        case symbolicLink
        /// A named pipe (FIFO), or an anonymous pipe reached through `/dev/fd`.
        case namedPipe
        /// A character device, such as `/dev/null`, `/dev/zero` or a terminal.
        case characterDevice
        /// A block device, such as a disk.
        case blockDevice
        /// A Unix-domain socket.
        case socket
        /// Anything else the system may report.
        case unknown

        /// The kind with its article, for messages: "a named pipe".
        public var description: String {
            switch self {
            case .regular: "a regular file"
            case .folder: "a folder"
            case .symbolicLink: "a symbolic link"
            case .namedPipe: "a named pipe"
            case .characterDevice: "a character device"
            case .blockDevice: "a block device"
            case .socket: "a socket"
            case .unknown: "not a regular file"
            }
        }

        /// Whether bytes can be read from or written to it in turn but never read twice or
        /// replaced by renaming: pipes, character devices and sockets.
        public var isStream: Bool { self == .namedPipe || self == .characterDevice || self == .socket }

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regular
            case S_IFDIR: self = .folder
            case S_IFLNK: self = .symbolicLink
            case S_IFIFO: self = .namedPipe
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFSOCK: self = .socket
            default: self = .unknown
            }
        }
    }

    /// A file's identity: its device and inode, the same however the file is reached (relative or
    /// absolute path, `..`, links, hard links).
    public struct Identity: Sendable, Hashable {
        /// The device the file lives on.
        public var device: UInt64
        /// The file's number on that device.
        public var inode: UInt64
    }

    /// What kind of thing the path names.
    public var kind: Kind
    /// Which file it is.
    public var identity: Identity
    /// Its size in bytes (meaningful for regular files only).
    public var size: Int
    /// Its permission bits (`0o7777` at most).
    public var permissions: mode_t
    /// Its owner.
    public var owner: uid_t
    /// Its group.
    public var group: gid_t

    /// The status of `path`.
    /// - Parameter followingLinks: true to describe what a symbolic link points to (`stat`), false
    ///   to describe the link itself (`lstat`).
    /// - Throws: ``FileSystemError`` with the system's reason (no such file, permission denied, a
    ///   loop of links…).
    public init(path: String, followingLinks: Bool = true) throws(FileSystemError) {
        var status = stat()
        guard (followingLinks ? stat(path, &status) : lstat(path, &status)) == 0 else {
            throw FileSystemError(path: path, action: "cannot look up", code: errno)
        }
        self.init(status)
    }

    /// The status of an open file.
    /// - Throws: ``FileSystemError`` when `fstat` fails; `path` names the file in its message.
    public init(descriptor: Int32, path: String) throws(FileSystemError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileSystemError(path: path, action: "cannot look up", code: errno) }
        self.init(status)
    }

    private init(_ status: stat) {
        kind = Kind(mode: status.st_mode)
        identity = Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        size = Int(status.st_size)
        permissions = status.st_mode & 0o7777
        owner = status.st_uid
        group = status.st_gid
    }
}

/// A system call on a file failed: `path: action: reason`, with the system's reason (`strerror`).
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What was being done, as the message says it ("cannot open", "cannot read").
    public var action: String
    /// The `errno` value.
    public var code: Int32

    /// Creates the error.
    public init(path: String, action: String, code: Int32) {
        self.path = path
        self.action = action
        self.code = code
    }

    /// The system's reason, such as "Permission denied".
    public var reason: String { String(cString: strerror(code)) }

    /// `path: action: reason`.
    public var description: String { "\(path): \(action): \(reason)" }
}
