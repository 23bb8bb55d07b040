import ArgumentParser
import Foundation
import PalimpsestCore
import PalimpsestDedup

/// `palimpsest-bench paragraphs`: exact paragraph deduplication by SHA-256 content id, beside one
/// SHA-256 pass over the same bytes (the physical limit of content addressing): the `para` job.
struct ParagraphsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paragraphs",
        abstract: "Exact paragraph dedup with SHA-256 content ids, beside one SHA-256 pass over the same bytes (the `para` job).")

    @Argument(help: "A JSON Lines corpus (id, text).")
    var corpus: String

    func run() throws {
        let (loaded, load) = try Measurement.of { try LoadedCorpus(path: corpus) }
        // News paragraphs average about 350 bytes; a generous estimate sizes the set once.
        var deduplicator = ParagraphDeduplicator(expectedParagraphs: loaded.bytes / 256)
        let (_, compute) = Measurement.of {
            for document in 0..<loaded.count { loaded.withText(document) { _ = deduplicator.add($0) } }
        }
        let (_, onePass) = Measurement.of { loaded.text.withUnsafeBytes { SHA256.digest($0) } }
        let megabytes = Double(loaded.bytes) / 1e6
        note(String(format: "paragraphs: %d, %d duplicates (%d bytes) in %d documents; %.3f s: %.1f MB/s one core; one SHA-256 pass: %.1f MB/s (%.0f%% of it)",
                    deduplicator.paragraphs, deduplicator.duplicates, deduplicator.duplicateBytes, deduplicator.documentsWithDuplicates,
                    compute.wall, megabytes / compute.wall, megabytes / onePass.wall, 100 * onePass.wall / compute.wall))
        printResult([
            "bench": "para", "tool": "palimpsest-sha256", "corpus": (corpus as NSString).lastPathComponent, "docs": loaded.count, "text_bytes": loaded.bytes,
            "phases": ["load": rounded(load.wall, 4), "compute": rounded(compute.wall, 4)],
            "compute_mb_s": rounded(megabytes / compute.wall, 2), "compute_docs_s": rounded(Double(loaded.count) / compute.wall, 1), "one_pass_sha256_mb_s": rounded(megabytes / onePass.wall, 2),
            "paragraphs": deduplicator.paragraphs, "unique": deduplicator.uniqueParagraphs, "duplicates": deduplicator.duplicates,
            "dup_bytes": deduplicator.duplicateBytes, "docs_with_dup": deduplicator.documentsWithDuplicates,
        ])
    }
}
