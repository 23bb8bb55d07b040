import ArgumentParser
import Foundation
import PalimpsestCore

/// `palimpsest-bench signatures`: MinHash-128 signatures of word 5-gram shingles for every
/// document, on all cores: the peer benchmark's `sig` job.
struct SignaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signatures",
        abstract: "MinHash-128 signatures of every document's word 5-grams, on all cores (the `sig` job).")

    @Argument(help: "A JSON Lines corpus (id, text).")
    var corpus: String

    @Option(help: "oph (one permutation, densified) or classic (128 permutations).")
    var scheme = "oph"

    @Option(help: "Worker threads: 1, or the machine's cores (the default).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard ["oph", "classic"].contains(scheme) else { throw ValidationError("--scheme is oph or classic") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let (loaded, load) = try Measurement.of { try LoadedCorpus(path: corpus) }
        let chunks = stride(from: 0, to: loaded.count, by: 64).map { $0..<min($0 + 64, loaded.count) }
        let oneHash = OnePermutationHasher(), classic = MinHasher(permutations: 128), shingler = Shingler(size: 5)
        let useClassic = scheme == "classic"
        let (checksums, compute) = Measurement.of {
            let sign: @Sendable (Int, Range<Int>) -> UInt64 = { _, documents in
                var tokens: [UInt64] = [], shingles: [UInt64] = [], checksum: UInt64 = 0
                var minima = [UInt64](repeating: OnePermutationHasher.emptyBin, count: oneHash.bins)
                for document in documents {
                    tokens.removeAll(keepingCapacity: true)
                    loaded.withText(document) { ByteTokenizer().appendTokenHashes(of: $0, to: &tokens) }
                    if useClassic {
                        shingles.removeAll(keepingCapacity: true)
                        tokens.withUnsafeBufferPointer { shingler.forEachShingle(of: $0) { shingles.append($0) } }
                        checksum ^= classic.signature(of: shingles)?.values[0] ?? 0
                    } else {
                        minima.withUnsafeMutableBufferPointer { minima in
                            for bin in minima.indices { minima[bin] = OnePermutationHasher.emptyBin }
                            tokens.withUnsafeBufferPointer { shingler.forEachTransientShingle(of: $0) { oneHash.add($0, to: minima) } }
                            _ = oneHash.densify(minima)
                        }
                        checksum ^= minima[0]
                    }
                }
                return checksum
            }
            return jobs == 1 ? chunks.enumerated().map { sign($0.offset, $0.element) } : chunks.concurrentMap(sign)
        }
        let megabytes = Double(loaded.bytes) / 1e6
        note(String(format: "signatures (%@, %d threads): %d documents, %.1f MB in %.3f s wall, %.3f s cpu: %.1f MB/s, %.1f MB per cpu-second; load %.3f s",
                    scheme, jobs, loaded.count, megabytes, compute.wall, compute.cpu, megabytes / compute.wall, megabytes / compute.cpu, load.wall))
        printResult([
            "bench": "sig", "tool": "palimpsest-\(scheme)", "corpus": (corpus as NSString).lastPathComponent, "docs": loaded.count, "text_bytes": loaded.bytes,
            "threads": jobs, "phases": ["load": rounded(load.wall, 4), "compute": rounded(compute.wall, 4)],
            "compute_mb_s": rounded(megabytes / compute.wall, 2), "compute_mb_per_cpu_s": rounded(megabytes / compute.cpu, 2),
            "compute_docs_s": rounded(Double(loaded.count) / compute.wall, 1), "checksum": checksums.reduce(0, ^),
        ])
    }
}
