import Foundation
import PalimpsestCore

/// One input to read: a file, or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as shown to users (`-` for standard input).
    public var path: String
    /// The id its document takes: the path relative to the folder it was found in, or the path as given.
    public var documentID: String

    /// Whether the user named it (on the command line, or as standard input) rather than it being
    /// found inside a folder. Only a named input may be a pipe or a device: one found in a folder
    /// is opened as a regular file or not at all, so a file swapped for a pipe after the walk
    /// never blocks the run.
    public var isNamed: Bool = true

    /// Whether this is standard input.
    public var isStandardInput: Bool { path == "-" }
}

/// Expands the paths a user gives into the files to read, in a deterministic order: sorted by path,
/// whatever order the paths were given in, and each file once, so the same inputs give the same
/// documents, ids and exports byte for byte.
///
/// Folders are walked recursively in sorted order; hidden files and folders are skipped, as are
/// sidecar metadata files (`NAME.meta.json`) and whatever a `.palimpsestignore` file at the top of
/// a scanned folder lists (one glob per line, matched against paths relative to that folder and
/// against file names; `#` starts a comment).
///
/// What a walk meets besides regular files and folders is never read, and never silently skipped:
/// - a named pipe, device or socket inside a folder is skipped with a warning (reading one could
///   block for ever or never end); named on the command line, it is read, as `cat` would;
/// - a symbolic link inside a folder whose target lies outside every folder given is skipped
///   with a warning unless ``followsExternalSymlinks`` is set, so a link such as
///   `notes.txt -> /etc/shadow` cannot pull a file from elsewhere into the output; a link named
///   on the command line is followed (the user named it);
/// - a folder that cannot be listed, a broken link and a name that is not valid UTF-8 are
///   problems naming the path.
///
/// A file is known by its device and inode, not its name: one reached twice (`dir` and `./dir`,
/// a link beside its target, hard links) is read once, under the path that sorts first, and a
/// folder reached twice through links is walked once. `-`, `/dev/stdin` and `/dev/fd/0` all
/// stand for standard input.
public struct InputDiscovery: Sendable {
    /// The suffix of sidecar metadata files.
    public static let sidecarSuffix = ".meta.json"
    /// The name of ignore files.
    public static let ignoreFileName = ".palimpsestignore"
    /// The names that stand for standard input.
    public static let standardInputNames: Set<String> = ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]

    /// Whether a symbolic link inside a folder is followed even when its target lies outside
    /// every folder given (`--follow-symlinks`). Off by default: a folder's contents should not
    /// reach out of it unasked.
    public var followsExternalSymlinks: Bool

    /// Creates the discovery.
    public init(followsExternalSymlinks: Bool = false) {
        self.followsExternalSymlinks = followsExternalSymlinks
    }

    /// A file found, with its identity (nil for standard input) to tell one file reached twice.
    private struct Found {
        var file: InputFile
        var identity: FileStatus.Identity?
    }

    /// The files under `paths`, and a problem for each path that could not be used.
    /// - Complexity: O(n log n) for n files found, with two `stat` calls per entry of a folder.
    public func files(in paths: [String]) -> (files: [InputFile], problems: [InputProblem]) {
        var found: [Found] = []
        var problems: [InputProblem] = []
        var statuses: [String: FileStatus] = [:]
        for path in paths where !Self.standardInputNames.contains(path) {
            do {
                statuses[path] = try FileStatus(path: path)
            } catch {
                problems.append(Self.lookUpProblem(path, error))
            }
        }
        let roots = paths.filter { statuses[$0]?.kind == .folder }.compactMap(ResolvedPath.real)
        for path in paths {
            if Self.standardInputNames.contains(path) {
                found.append(Found(file: InputFile(path: "-", documentID: "stdin"), identity: nil))
                continue
            }
            guard let status = statuses[path] else { continue }
            switch status.kind {
            case .folder:
                let before = found.count
                walk(folder: path, identity: status.identity, roots: roots, into: &found, problems: &problems)
                if found.count == before {
                    problems.append(InputProblem(location: path, message: "folder holds no files to read"))
                }
            case .regular, .namedPipe, .characterDevice:
                found.append(Found(file: InputFile(path: path, documentID: path), identity: status.identity))
            case .blockDevice, .socket, .symbolicLink, .unknown:
                problems.append(InputProblem(location: path, message: "is \(status.kind), not a file to read; skipped"))
            }
        }
        // Sorted by path, then id, before a file reached twice is dropped: which of its paths and
        // ids it keeps must not depend on the order the paths were given in either.
        found.sort { first, second in
            first.file.path != second.file.path
                ? first.file.path.utf8.lexicographicallyPrecedes(second.file.path.utf8)
                : first.file.documentID.utf8.lexicographicallyPrecedes(second.file.documentID.utf8)
        }
        var seenIdentities = Set<FileStatus.Identity>()
        var seenPaths = Set<String>()
        let files = found.filter { entry in
            guard let identity = entry.identity else { return seenPaths.insert(entry.file.path).inserted }
            return seenIdentities.insert(identity).inserted
        }
        return (files.map(\.file), problems)
    }

    /// The problem of a path given on the command line that cannot be looked up.
    private static func lookUpProblem(_ path: String, _ error: FileSystemError) -> InputProblem {
        guard error.code == ENOENT else { return InputProblem(location: path, message: "\(error.action): \(error.reason)") }
        if (try? FileStatus(path: path, followingLinks: false))?.kind == .symbolicLink {
            return InputProblem(location: path, message: "symbolic link to a missing file")
        }
        if path.unicodeScalars.contains("\u{FFFD}") {
            // The command line hands over names as UTF-8; bytes that are not arrive as U+FFFD and
            // the name is lost before it reaches us.
            return InputProblem(
                location: path,
                message: "no such file or folder; the name may hold bytes that are not UTF-8 (shown as \u{FFFD}), which cannot be passed on: rename the file or name its folder instead")
        }
        return InputProblem(location: path, message: "no such file or folder")
    }

    /// Walks `folder` recursively, appending what it holds to `found`.
    private func walk(folder: String, identity: FileStatus.Identity, roots: [String], into found: inout [Found], problems: inout [InputProblem]) {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        var ignore = IgnorePatterns()
        if let refusal = refusal(ofMetadataFile: base + Self.ignoreFileName) {
            problems.append(InputProblem(location: base + Self.ignoreFileName, message: "ignore file: \(refusal); its patterns are not applied"))
        } else {
            do {
                ignore = try IgnorePatterns(file: base + Self.ignoreFileName)
            } catch {
                problems.append(error)
            }
        }
        var visited = Set<FileStatus.Identity>()  // folders walked, so links cannot loop
        func visit(_ relative: String, _ identity: FileStatus.Identity) {
            guard visited.insert(identity).inserted else { return }
            let full = relative.isEmpty ? folder : base + relative
            let names: [FolderEntryName]
            do {
                names = try Self.names(inFolder: full)
            } catch {
                problems.append(InputProblem(location: full, message: "cannot read the folder: \(error.reason); its files are skipped"))
                return
            }
            for entry in names where !entry.isHidden {
                let prefix = relative.isEmpty ? "" : relative + "/"
                guard let name = entry.name else {
                    problems.append(InputProblem(
                        location: base + prefix + entry.lossyName,
                        message: "the file name is not valid UTF-8 (shown with \u{FFFD}), so it cannot be opened by name; skipped: rename it to UTF-8 (convmv does)"))
                    continue
                }
                let child = prefix + name
                guard !ignore.matches(child) else { continue }
                let path = base + child
                guard let status = followedStatus(of: path, roots: roots, problems: &problems) else { continue }
                switch status.kind {
                case .folder:
                    visit(child, status.identity)
                case .regular:
                    if !name.hasSuffix(Self.sidecarSuffix) {
                        found.append(Found(file: InputFile(path: path, documentID: child, isNamed: false), identity: status.identity))
                    }
                case .namedPipe, .characterDevice, .blockDevice, .socket, .symbolicLink, .unknown:
                    // A sidecar that is no file is reported when the file it describes is read.
                    if !name.hasSuffix(Self.sidecarSuffix) {
                        problems.append(InputProblem(
                            location: path, message: "is \(status.kind), not a regular file; skipped (name it on the command line to read it)", severity: .warning))
                    }
                }
            }
        }
        visit("", identity)
    }

    /// Why a metadata file beside the inputs (a sidecar, an ignore file) must not be read, or nil
    /// when it may be: a symbolic link is followed only to a file in the folder it sits in, unless
    /// links are followed everywhere (`--follow-symlinks`), so a link such as `a.txt.meta.json ->
    /// /etc/secret.json` cannot bring a file from outside into the output.
    func refusal(ofMetadataFile path: String) -> String? {
        guard !followsExternalSymlinks,
              let entry = try? FileStatus(path: path, followingLinks: false), entry.kind == .symbolicLink
        else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        guard let target = ResolvedPath.real(path), let home = ResolvedPath.real(folder.isEmpty ? "." : folder),
              ResolvedPath.contains(home, target)
        else {
            return "a symbolic link out of its folder (to \(ResolvedPath.real(path) ?? "a place that cannot be resolved")); not read (--follow-symlinks follows it)"
        }
        return nil
    }

    /// What a path found in a folder is, following a link only when it may be followed; nil, with
    /// a problem where the user should hear of it, when the entry is not to be used.
    private func followedStatus(of path: String, roots: [String], problems: inout [InputProblem]) -> FileStatus? {
        let entry: FileStatus
        do {
            entry = try FileStatus(path: path, followingLinks: false)
        } catch {
            problems.append(InputProblem(location: path, message: "\(error.action): \(error.reason); skipped"))
            return nil
        }
        guard entry.kind == .symbolicLink else { return entry }
        let target: FileStatus
        do {
            target = try FileStatus(path: path)
        } catch {
            problems.append(InputProblem(location: path, message: "symbolic link that cannot be followed (\(error.reason)); skipped", severity: .warning))
            return nil
        }
        if !followsExternalSymlinks {
            let resolved = ResolvedPath.real(path)
            let inside = resolved.map { resolved in roots.contains { ResolvedPath.contains($0, resolved) } } ?? false
            guard inside else {
                problems.append(InputProblem(
                    location: path,
                    message: "symbolic link to \(resolved ?? "a place that cannot be resolved"), outside the folders given; skipped (--follow-symlinks follows it)",
                    severity: .warning))
                return nil
            }
        }
        return target
    }

    /// A name read from a folder: nil `name` when its bytes are not valid UTF-8.
    private struct FolderEntryName {
        var name: String?
        var lossyName: String
        var isHidden: Bool
    }

    /// The names in a folder, sorted, without `.` and `..`, read as bytes so a name that is not
    /// UTF-8 is seen for what it is rather than mangled into one that does not exist.
    /// - Throws: ``FileSystemError`` when the folder cannot be opened or read.
    private static func names(inFolder path: String) throws(FileSystemError) -> [FolderEntryName] {
        guard let folder = opendir(path) else { throw FileSystemError(path: path, action: "cannot open", code: errno) }
        defer { closedir(folder) }
        var names: [FolderEntryName] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                if errno != 0 { throw FileSystemError(path: path, action: "cannot read", code: errno) }
                break
            }
            let bytes: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard bytes != [0x2E], bytes != [0x2E, 0x2E] else { continue }
            let name = String(validating: bytes, as: UTF8.self)
            names.append(FolderEntryName(name: name, lossyName: name ?? String(decoding: bytes, as: UTF8.self), isHidden: bytes.first == 0x2E))
        }
        return names.sorted { $0.lossyName < $1.lossyName }
    }
}

/// Glob patterns from an ignore file.
struct IgnorePatterns {
    private var patterns: [String] = []

    /// No patterns.
    init() {}

    /// The patterns of `file`; none when there is no such file.
    /// - Throws: ``InputProblem`` naming the file when it exists but cannot be read, is not a
    ///   regular file or is over ``InputLimits/metadataFileBytes``; the walk goes on without it.
    init(file: String) throws(InputProblem) {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(file, limit: InputLimits.metadataFileBytes, regularOnly: true)
        } catch {
            if case .system(let failure) = error, failure.code == ENOENT { return }
            throw InputProblem(location: file, message: "ignore file: \(error.reason); its patterns are not applied")
        }
        patterns = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Whether a relative path, or its last component, matches a pattern.
    func matches(_ relativePath: String) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return patterns.contains { fnmatch($0, relativePath, 0) == 0 || fnmatch($0, name, 0) == 0 }
    }
}
