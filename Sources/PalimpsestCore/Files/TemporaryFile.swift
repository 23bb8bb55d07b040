import Foundation

/// Files written beside their final name and moved into place only when whole (exports, manifests,
/// keys, new indexes), named `.NAME.KIND-HOST-PID` so a later run can tell which ones a killed run
/// abandoned: those of this host whose process no longer runs. Another host's files on a shared
/// folder are never touched.
public enum TemporaryFile {
    /// This machine's name, as temporary file names carry it (no `/`).
    private static let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_")

    /// The temporary file for `target` written by this process.
    public static func path(for target: URL, kind: String) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(prefix(for: target, kind: kind) + String(getpid()))
    }

    /// Creates `url` anew (never through a link, never over an existing file) with `permissions`
    /// from the start, so a secret is never readable by others, even for a moment.
    /// - Returns: a handle for writing, which closes the file when released.
    /// - Throws: the `open` error, as a `POSIXError`.
    public static func create(_ url: URL, permissions: mode_t) throws -> FileHandle {
        let descriptor = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // The umask may have taken bits away; it cannot have added any.
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Removes the temporary files (and SQLite's `-wal` and `-shm` beside them) that runs on this
    /// host, killed while writing `target`, left behind.
    public static func removeAbandoned(for target: URL, kind: String) {
        let folder = target.deletingLastPathComponent()
        let prefix = prefix(for: target, kind: kind)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix(while: \.isNumber)), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
        }
    }

    private static func prefix(for target: URL, kind: String) -> String {
        ".\(target.lastPathComponent).\(kind)-\(host)-"
    }
}
