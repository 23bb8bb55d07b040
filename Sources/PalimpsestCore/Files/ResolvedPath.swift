import Foundation

/// Where a path leads once its symbolic links are followed: the one resolver behind "is this the
/// same file as that", "does this lie inside that folder" and "which file does writing here
/// replace" (input discovery, manifest verification, atomic outputs).
///
/// A name alone says neither: `a`, `./a`, `dir/../a` and a link to `a` are one file, and a link
/// inside a folder may lead anywhere. These answer from the disk, following links as the system
/// does when the path is opened.
public enum ResolvedPath {
    /// The absolute path `path` names with every symbolic link on the way followed and `.` and
    /// `..` folded (`realpath`).
    /// - Returns: nil when `path` does not exist or cannot be resolved (a link to nothing, a loop
    ///   of links, a folder that cannot be searched).
    public static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The path a chain of symbolic links at `path` finally leads to, `path` itself when it is no
    /// link. A link's relative target is read from the link's folder; the folders on the way are
    /// left as they are. The target need not exist: a link to a file not yet written leads to
    /// where it will be, which is what writing through the link creates.
    /// - Throws: ``FileSystemError`` when a link cannot be read, or the links loop (`ELOOP`, after
    ///   40 links, as the system counts).
    public static func linkTarget(of path: String) throws(FileSystemError) -> String {
        var current = path
        for _ in 0..<40 {
            guard (try? FileStatus(path: current, followingLinks: false))?.kind == .symbolicLink else { return current }
            let capacity = Int(PATH_MAX)
            var buffer = [CChar](repeating: 0, count: capacity + 1)
            let length = readlink(current, &buffer, capacity)
            guard length >= 0 else { throw FileSystemError(path: current, action: "cannot read the link", code: errno) }
            let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/")
                ? destination : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        throw FileSystemError(path: path, action: "cannot follow the link", code: ELOOP)
    }

    /// Where `path` is or would be, for comparing paths of which some may not exist yet (two
    /// outputs about to be written): ``real(_:)`` when it exists; otherwise its ``linkTarget(of:)``,
    /// made absolute and folded, with its folder resolved when that exists.
    public static func prospective(_ path: String) -> String {
        if let real = real(path) { return real }
        let target = (try? linkTarget(of: path)) ?? path
        let absolute = lexical(target.hasPrefix("/") ? target : FileManager.default.currentDirectoryPath + "/" + target)
        guard let cut = absolute.lastIndex(of: "/"), cut != absolute.startIndex else { return absolute }
        let folder = real(String(absolute[..<cut])) ?? String(absolute[..<cut])
        return (folder == "/" ? "" : folder) + absolute[cut...]
    }

    /// Absolute `path` with `.` and empty components dropped and each `..` taking away the one
    /// before (never above `/`), without looking at the disk: where the name alone points.
    public static func lexical(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Whether absolute, folded `path` is `folder` or lies inside it (by whole components: `/a/bc`
    /// is not inside `/a/b`).
    public static func contains(_ folder: String, _ path: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
