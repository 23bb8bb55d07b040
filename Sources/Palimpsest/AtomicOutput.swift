import Foundation
import PalimpsestCore

/// Writes an export to standard output, or to a file atomically: into a temporary file beside it,
/// renamed over the final name only when complete, so a killed run never leaves a truncated file;
/// what killed runs left beside the name is removed first (see ``TemporaryFile``).
public enum AtomicOutput {
    /// Runs `body` with a writer to `path` (standard output when nil or `-`).
    /// - Parameter permissions: the file's POSIX permissions from its creation (0o600 for a
    ///   secret); nil for 0o644. Either way the umask applies.
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
        TemporaryFile.removeAbandoned(for: target, kind: "partial")
        let temporary = TemporaryFile.path(for: target, kind: "partial")
        do {
            let handle: FileHandle
            do {
                handle = try TemporaryFile.create(temporary, permissions: mode_t(permissions ?? 0o644))
            } catch {
                throw OutputError(path: path, reason: "cannot create a file in \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
            }
            defer { try? handle.close() }
            let writer = ExportWriter.fileHandle(handle)
            try body(writer)
            try writer.flush()
            try handle.synchronize()
        } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError(path: path, reason: "cannot move the finished file into place: \(reason)")
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
