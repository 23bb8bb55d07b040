import Foundation

/// Writes an export to standard output, or to a file atomically: into a temporary file beside it,
/// renamed over the final name only when complete, so a killed run never leaves a truncated file.
public enum AtomicOutput {
    /// Runs `body` with a writer to `path` (standard output when nil or `-`).
    /// - Parameter permissions: the file's POSIX permissions, set before anything is written
    ///   (0o600 for a secret); nil for the default.
    /// - Throws: ``OutputError`` when the file cannot be created, written or moved into place;
    ///   whatever `body` throws (the temporary file is removed).
    public static func write(to path: String?, permissions: Int? = nil, _ body: (ExportWriter) throws -> Void) throws {
        guard let path, path != "-" else {
            let writer = ExportWriter.fileHandle(.standardOutput)
            try body(writer)
            try writer.flush()
            return
        }
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        removeAbandonedFiles(for: target)
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let attributes: [FileAttributeKey: Any]? = permissions.map { [.posixPermissions: $0] }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: attributes) else {
            throw OutputError(path: path, reason: "cannot create a file in \(folder.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            let writer = ExportWriter.fileHandle(handle)
            try body(writer)
            try writer.flush()
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: "cannot move the finished file into place: \(reason)")
        }
    }
}

extension AtomicOutput {
    /// Removes the temporary files runs killed while writing `target` left beside it: those whose
    /// process id no longer names a running process.
    static func removeAbandonedFiles(for target: URL) {
        let folder = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != ProcessInfo.processInfo.processIdentifier else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }
    }
}

/// An output that could not be written.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// The output path.
    public var path: String
    /// What failed.
    public var reason: String

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
