import Foundation
import PalimpsestCore

/// Writes an export to standard output, or to a file atomically: into a temporary file beside it,
/// renamed over the final name only when complete, so a killed run never leaves a truncated file;
/// what killed runs left beside the name is removed first (see ``TemporaryFile``).
///
/// What the output path names decides how it is written, so no run can destroy what is not a
/// plain output file:
/// - nothing yet, or a regular file: the atomic write above; an existing file keeps its
///   permissions (and its owner and group where the system allows);
/// - a symbolic link: its target is written atomically (the temporary file beside the target,
///   renamed over the target) and the link stays as it was;
/// - a character device, named pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO): written
///   through, as a shell redirection would, never replaced by renaming;
/// - a folder or a block device: refused.
///
/// An output that is the same file as one of the run's inputs (by device and inode, so `a`,
/// `./a` and a link to `a` all match) is refused before anything is written.
public enum AtomicOutput {
    /// Names that mean standard output: written to this process's own descriptor 1 whatever it is,
    /// so `-o /dev/stdout` under `> file` or `>> file` writes where the shell pointed it instead of
    /// replacing the file by renaming.
    public static let standardOutputNames: Set<String> = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]

    /// Runs `body` with a writer to `path` (standard output when nil or one of ``standardOutputNames``).
    /// - Parameters:
    ///   - permissions: the file's POSIX permissions from its creation (0o600 for a secret); nil
    ///     for 0o644. Either way the umask applies. A file that exists keeps its permissions,
    ///     narrowed to these when they are given, so a secret never becomes readable by others.
    ///   - inputs: paths the run reads (input files, a manifest, an index); an output that is the
    ///     same file as any of them is refused.
    /// - Throws: ``OutputError`` when the output is one of `inputs`, is a folder or block device,
    ///   or cannot be created, written (a full disk, a closed pipe) or moved into place; whatever
    ///   else `body` throws (the temporary file is removed).
    public static func write(
        to path: String?, permissions: Int? = nil, inputs: [String] = [], _ body: (ExportWriter) throws -> Void
    ) throws {
        guard let path, !standardOutputNames.contains(path) else {
            try writeThrough(FileHandle.standardOutput, name: "standard output", body)
            return
        }
        let existing = try? FileStatus(path: path)
        if let existing {
            switch existing.kind {
            case .characterDevice, .namedPipe, .socket:
                let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard descriptor >= 0 else {
                    throw OutputError(path: path, reason: "cannot open \(existing.kind) for writing: \(String(cString: strerror(errno)))")
                }
                let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                try writeThrough(handle, name: path, body)
                return
            case .regular:
                try requireDistinct(path, from: inputs)
            default:
                // A folder, a block device or a kind the system gives no name; never a link, as
                // the status followed it.
                throw OutputError(path: path, reason: "is \(existing.kind), not a file to write; name a file")
            }
        }
        let target: URL
        do {
            target = URL(fileURLWithPath: try ResolvedPath.linkTarget(of: path))
        } catch {
            throw OutputError(path: path, reason: "cannot follow the symbolic link: \(error.reason)")
        }
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
            if let existing {
                // Owner and group first: changing them may clear permission bits set before.
                _ = fchown(handle.fileDescriptor, existing.owner, existing.group)
                let kept = existing.permissions & 0o777 & mode_t(permissions ?? 0o777)
                guard fchmod(handle.fileDescriptor, kept) == 0 else {
                    throw OutputError(path: path, reason: "cannot keep the file's permissions: \(String(cString: strerror(errno)))")
                }
            }
            let writer = ExportWriter.fileHandle(handle)
            try writing(name: path) {
                try body(writer)
                try writer.flush()
                try handle.synchronize()
            }
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

    /// Refuses an output path that is the same file as one of `inputs`: by device and inode when
    /// both exist (so `a`, `./a`, a link to `a` and a hard link all match), by absolute path with
    /// links resolved when one does not exist yet (an output and a manifest both about to be
    /// written). Standard input (`-`), devices and pipes are never the same as an output file.
    /// Commands call it before writing anything, for every output they will write.
    /// - Throws: ``OutputError`` naming the output and the input it would replace.
    public static func requireDistinct(_ path: String, from inputs: [String]) throws(OutputError) {
        let output = try? FileStatus(path: path)
        guard output.map({ $0.kind == .regular }) ?? true else { return }
        for input in inputs where input != "-" {
            let same: Bool
            if let output, let other = try? FileStatus(path: input) {
                same = other.identity == output.identity
            } else {
                same = ResolvedPath.prospective(input) == ResolvedPath.prospective(path)
            }
            guard !same else {
                throw OutputError(
                    path: path,
                    reason: input == path ? "is also an input of this run; write the output elsewhere"
                        : "is the same file as \(input), which this run reads or writes; write the output elsewhere")
            }
        }
    }

    /// Writes through an open stream (standard output, a device, a pipe): no temporary file, no rename.
    private static func writeThrough(_ handle: FileHandle, name: String, _ body: (ExportWriter) throws -> Void) throws {
        let writer = ExportWriter.fileHandle(handle)
        try writing(name: name) {
            try body(writer)
            try writer.flush()
        }
    }

    /// Runs `work`, turning a failed write (reported by Foundation as a Cocoa or POSIX error: a
    /// full disk, a closed pipe) into an ``OutputError`` naming the output and the system's reason.
    /// Other errors `work` throws pass unchanged.
    private static func writing(name: String, _ work: () throws -> Void) throws {
        do {
            try work()
        } catch let error as OutputError {
            throw error
        } catch {
            let failure = error as NSError
            guard failure.domain == NSCocoaErrorDomain || failure.domain == NSPOSIXErrorDomain else { throw error }
            let underlying = failure.userInfo[NSUnderlyingErrorKey] as? NSError
            let code: Int? = failure.domain == NSPOSIXErrorDomain ? failure.code : underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
            throw OutputError(path: name, reason: "cannot write: \(code.map { String(cString: strerror(Int32($0))) } ?? failure.localizedDescription)")
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
