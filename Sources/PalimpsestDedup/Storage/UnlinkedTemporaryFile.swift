import Foundation

/// A temporary file that has no name: made in a folder and unlinked at once, so it disappears
/// with its last descriptor, whatever ends the process. Dedup keeps its spilled sketches
/// (``SpilledRecords``) and its copies of inputs that cannot be read twice (``StreamSpool``) in
/// such files.
enum UnlinkedTemporaryFile {
    /// Makes a new file in `folder` (named `palimpsest-PURPOSE-XXXXXX` for the moment it has a
    /// name), unlinks it, and marks its descriptor close-on-exec, so no program this process starts
    /// holds it open. (`mkostemp`, which would mark it as it is made, is not visible through
    /// Swift's Glibc module.)
    /// - Returns: the descriptor, open for reading and writing; the caller closes it.
    /// - Throws: ``DedupInputError`` naming the folder when no file can be made there.
    static func create(in folder: String, purpose: String) throws(DedupInputError) -> Int32 {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast()) + Array("palimpsest-\(purpose)-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw DedupInputError(location: folder, message: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }
}
