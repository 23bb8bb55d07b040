import Palimpsest
import PalimpsestCore

/// Writes a run's clusters as `id<TAB>cluster` lines, one per document in input order, the cluster
/// named by the id of its first document (a document alone names itself). The file is written
/// atomically: a killed run leaves the previous file or none, never half of one.
struct ClusterWriter {
    /// What was written.
    struct Written {
        /// Clusters of two or more documents.
        var clusters = 0
        /// Documents in such a cluster after its first.
        var duplicates = 0
    }

    /// Streams the stored ids twice: once to find which roots have members, once to write.
    /// - Parameter inputs: the run's input files; an output that is one of them is refused
    ///   (``AtomicOutput`` says so), so a run never replaces the corpus it read.
    func write(ids: SpilledRecords, clusters: inout UnionFind, to path: String?, inputs: [String]) throws -> Written {
        var written = Written()
        var hasMembers = [Bool](repeating: false, count: clusters.count)
        for document in 0..<UInt32(clusters.count) {
            let root = clusters.find(document)
            if root != document {
                if !hasMembers[Int(root)] { written.clusters += 1 }
                hasMembers[Int(root)] = true
                written.duplicates += 1
            }
        }
        guard let path else { return written }
        try AtomicOutput.write(to: path, inputs: inputs) { writer in
            // The ids of the clusters' first documents, one after another, found by their root.
            var rootIDBytes: [UInt8] = [], rootIDRanges: [UInt32: Range<Int>] = [:]
            var line: [UInt8] = []
            var output: [UInt8] = []
            var document: UInt32 = 0
            func emit() throws {
                let root = clusters.find(document)
                if hasMembers[Int(root)], root == document {
                    rootIDRanges[root] = rootIDBytes.count..<(rootIDBytes.count + line.count)
                    rootIDBytes.append(contentsOf: line)
                }
                output.append(contentsOf: line)
                output.append(0x09)
                if root != document, let range = rootIDRanges[root] {
                    output.append(contentsOf: rootIDBytes[range])
                } else {
                    output.append(contentsOf: line)
                }
                output.append(0x0A)
                if output.count >= 1 << 20 {
                    try writer.write(bytes: output)
                    output.removeAll(keepingCapacity: true)
                }
                line.removeAll(keepingCapacity: true)
                document += 1
            }
            var failure: (any Error)?
            ids.forEachRun { _, bytes in
                guard failure == nil else { return }
                for byte in bytes {
                    if byte == 0x0A {
                        do { try emit() } catch { failure = error; return }
                    } else {
                        line.append(byte)
                    }
                }
            }
            if let failure { throw failure }
            try writer.write(bytes: output)
        }
        return written
    }
}
