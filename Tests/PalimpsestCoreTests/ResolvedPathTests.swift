import Foundation
import PalimpsestCore
import Testing

/// ``ResolvedPath``, the one resolver of links behind input discovery, manifest verification and
/// atomic outputs, on real files and links in a temporary folder.
@Suite struct ResolvedPathTests {
    /// A fresh temporary folder, resolved (the system's temporary folder may itself be a link).
    func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-resolved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return try #require(ResolvedPath.real(url.path))
    }

    @Test func oneFileHasOneRealPathHoweverItIsNamed() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/sub", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: base + "/a.txt", contents: Data("a".utf8))
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: "a.txt")
        try FileManager.default.createSymbolicLink(atPath: base + "/alias", withDestinationPath: base + "/sub")
        for name in [base + "/a.txt", base + "/./a.txt", base + "/sub/../a.txt", base + "/link", base + "/alias/../a.txt"] {
            #expect(ResolvedPath.real(name) == base + "/a.txt", "\(name)")
        }
        #expect(ResolvedPath.real(base + "/absent") == nil)
        try FileManager.default.createSymbolicLink(atPath: base + "/loop", withDestinationPath: "loop")
        #expect(ResolvedPath.real(base + "/loop") == nil)
    }

    @Test func aChainOfLinksLeadsToWhereWritingWouldCreateTheFile() throws {
        let base = try folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/sub/second", withDestinationPath: "not-yet.jsonl")
        try FileManager.default.createSymbolicLink(atPath: base + "/first", withDestinationPath: "sub/second")
        #expect(try ResolvedPath.linkTarget(of: base + "/first") == base + "/sub/not-yet.jsonl")
        #expect(try ResolvedPath.linkTarget(of: base + "/plain") == base + "/plain", "no link: the path itself")
        try FileManager.default.createSymbolicLink(atPath: base + "/loop", withDestinationPath: "loop")
        #expect(throws: FileSystemError(path: base + "/loop", action: "cannot follow the link", code: ELOOP)) {
            try ResolvedPath.linkTarget(of: base + "/loop")
        }
        // Where a file not yet written would be: the same for every name of it.
        try FileManager.default.createSymbolicLink(atPath: base + "/alias", withDestinationPath: base + "/sub")
        let expected = base + "/sub/out.jsonl"
        for name in [base + "/sub/out.jsonl", base + "/alias/out.jsonl", base + "/sub/./out.jsonl", base + "/alias/../sub/out.jsonl"] {
            #expect(ResolvedPath.prospective(name) == expected, "\(name)")
        }
        #expect(ResolvedPath.prospective(base + "/first") == base + "/sub/not-yet.jsonl", "a link to a file not yet written")
        #expect(ResolvedPath.prospective(base + "/no-folder/out.jsonl") == base + "/no-folder/out.jsonl")
    }

    @Test func namesAreFoldedAndContainedByWholeComponents() {
        #expect(ResolvedPath.lexical("/a/b/../c/./d//e") == "/a/c/d/e")
        #expect(ResolvedPath.lexical("/../..") == "/")
        #expect(ResolvedPath.contains("/a/b", "/a/b"))
        #expect(ResolvedPath.contains("/a/b", "/a/b/c"))
        #expect(!ResolvedPath.contains("/a/b", "/a/bc"))
        #expect(ResolvedPath.contains("/", "/anything"))
    }
}
