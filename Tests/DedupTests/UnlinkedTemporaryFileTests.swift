import Foundation
import Testing
@testable import PalimpsestDedup

/// ``UnlinkedTemporaryFile``, where dedup spills sketches and copies inputs that cannot be read
/// twice: nameless from the start, and never inherited by a program this process starts.
@Suite struct UnlinkedTemporaryFileTests {
    @Test func theFileHasNoNameAndIsClosedOnExec() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-unlinked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let descriptor = try UnlinkedTemporaryFile.create(in: folder.path, purpose: "test")
        defer { close(descriptor) }
        #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0, "close-on-exec")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "unlinked at once")
        let bytes = Array("bytes".utf8)
        #expect(pwrite(descriptor, bytes, bytes.count, 0) == bytes.count, "open for writing")
        var back = [UInt8](repeating: 0, count: bytes.count)
        let read = pread(descriptor, &back, bytes.count, 0)
        #expect(read == bytes.count && back == bytes, "and for reading")

        // Both users get such a file.
        let spool = try StreamSpool(folder: folder.path, limit: 100)
        #expect(fcntl(spool.descriptor, F_GETFD) & FD_CLOEXEC != 0, "a stream's copy is close-on-exec")
        #expect(throws: DedupInputError.self) { _ = try UnlinkedTemporaryFile.create(in: folder.path + "/absent", purpose: "test") }
    }
}
