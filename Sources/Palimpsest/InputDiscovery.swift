import Foundation

/// One input to read: a file, or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as shown to users (`-` for standard input).
    public var path: String
    /// The id its document takes: the path relative to the folder it was found in, or the path as given.
    public var documentID: String

    /// Whether this is standard input.
    public var isStandardInput: Bool { path == "-" }
}

/// Expands the paths a user gives into the files to read, in a deterministic order: sorted by path,
/// whatever order the paths were given in (and each file once), so the same inputs give the same
/// documents, ids and exports byte for byte.
///
/// Folders are walked recursively in sorted order; hidden files and folders are skipped, as are
/// sidecar metadata files (`NAME.meta.json`) and whatever a `.palimpsestignore` file at the top of
/// a scanned folder lists (one glob per line, matched against paths relative to that folder and
/// against file names; `#` starts a comment). A folder reached twice through symbolic links is
/// walked once.
public struct InputDiscovery: Sendable {
    /// The suffix of sidecar metadata files.
    public static let sidecarSuffix = ".meta.json"
    /// The name of ignore files.
    public static let ignoreFileName = ".palimpsestignore"

    /// Creates the discovery.
    public init() {}

    /// The files under `paths`, and a problem for each path that could not be used.
    public func files(in paths: [String]) -> (files: [InputFile], problems: [InputProblem]) {
        var files: [InputFile] = []
        var problems: [InputProblem] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(InputFile(path: "-", documentID: "stdin"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(InputProblem(location: path, message: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(InputFile(path: path, documentID: path))
                continue
            }
            let found = walk(folder: path)
            if found.isEmpty {
                problems.append(InputProblem(location: path, message: "folder holds no files to read"))
            }
            files.append(contentsOf: found)
        }
        // Sorted by path, then id, before a file reached twice is dropped: which of its ids it keeps
        // must not depend on the order the paths were given in either.
        files.sort { first, second in
            first.path != second.path
                ? first.path.utf8.lexicographicallyPrecedes(second.path.utf8) : first.documentID.utf8.lexicographicallyPrecedes(second.documentID.utf8)
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0.path).inserted }, problems)
    }

    private func walk(folder: String) -> [InputFile] {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: folder)
        let ignore = IgnorePatterns(file: root.appendingPathComponent(Self.ignoreFileName).path)
        var results: [InputFile] = []
        var visited = Set<String>()  // real paths of folders walked, so links cannot loop
        func visit(_ relative: String) {
            let full = relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
            guard visited.insert(URL(fileURLWithPath: full).resolvingSymlinksInPath().path).inserted,
                  let names = try? manager.contentsOfDirectory(atPath: full)
            else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = relative.isEmpty ? name : relative + "/" + name
                guard !ignore.matches(child) else { continue }
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: root.appendingPathComponent(child).path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    visit(child)
                } else if !name.hasSuffix(Self.sidecarSuffix) {
                    let display = folder.hasSuffix("/") ? folder + child : folder + "/" + child
                    results.append(InputFile(path: display, documentID: child))
                }
            }
        }
        visit("")
        return results
    }
}

/// Glob patterns from an ignore file.
struct IgnorePatterns {
    private var patterns: [String] = []

    init(file: String) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        patterns = text.split(whereSeparator: \.isNewline)
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
