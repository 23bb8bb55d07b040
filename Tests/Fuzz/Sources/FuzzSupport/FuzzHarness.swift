import Foundation
import Palimpsest
import PalimpsestDedup

/// What the fuzz targets run on each input libFuzzer makes up. Beyond not crashing, each checks
/// properties that must hold for any bytes, and stops the process (a finding) when one fails:
/// - every document is well formed: passages in order, each exactly the document text at its
///   Unicode scalar range;
/// - a streaming extractor yields the same documents whether the input comes whole or in chunks;
/// - gzip decodes the same whole or in chunks;
/// - the deduplicator's JSON field reader agrees with Foundation's parser on every line both read.
public enum FuzzHarness {
    static let registry = PluginRegistry.builtin

    /// The fuzz input as bytes.
    static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// Runs the built-in extractor named `name` over the input and checks what it emits.
    public static func extract(with name: String, _ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let bytes = bytes(data, count)
        guard let extractor = registry.extractor(named: name) else { fatalError("no extractor named \(name)") }
        let whole = documents { emit in
            try extractor.extract(ExtractionInput(location: "fuzz-input", documentID: "fuzz", bytes: bytes), emit: emit)
        }
        whole.forEach(checkWellFormed)
        if let streaming = extractor as? any StreamingExtractor, !bytes.isEmpty {
            let chunkSize = bytes.count % 61 + 1
            var offset = 0
            let chunked = documents { emit in
                try streaming.extract(streaming: StreamingInput(location: "fuzz-input", documentID: "fuzz"), nextChunk: {
                    guard offset < bytes.count else { return nil }
                    defer { offset += chunkSize }
                    return Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
                }, emit: emit)
            }
            precondition(chunked == whole, "\(name): \(chunked.count) documents in chunks of \(chunkSize) bytes, \(whole.count) whole")
        }
        return 0
    }

    /// The documents an extraction emits; problems and a final error are expected for bad bytes.
    static func documents(_ run: ((ExtractedItem) throws -> Void) throws -> Void) -> [Document] {
        var documents: [Document] = []
        try? run { item in
            if case .document(let document) = item { documents.append(document) }
        }
        return documents
    }

    /// Stops the process when a document's passages do not index its text as they claim.
    static func checkWellFormed(_ document: Document) {
        let scalars = Array(document.text.unicodeScalars)
        var end = 0
        for (position, passage) in document.passages.enumerated() {
            precondition(passage.index == position, "\(document.id): passage \(position) numbered \(passage.index)")
            precondition(passage.range.lowerBound >= end && passage.range.upperBound <= scalars.count, "\(document.id): passage \(position) at \(passage.range) of \(scalars.count) scalars, after \(end)")
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[passage.range])
            precondition(String(slice) == passage.text, "\(document.id): passage \(position) is not the text at \(passage.range)")
            end = passage.range.upperBound
        }
    }

    /// Decodes the input as gzip whole and in chunks, and stops the process when they disagree.
    public static func gunzip(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let bytes = bytes(data, count)
        let limit = 1 << 24
        let whole = try? Gzip.decompress(bytes, limit: limit)
        let chunkSize = bytes.count % 97 + 1
        let stream = GzipStream(limit: limit)
        var chunked: [UInt8]? = []
        var offset = 0
        do {
            while offset < bytes.count {
                chunked! += try stream.decompress(Array(bytes[offset..<min(offset + chunkSize, bytes.count)]))
                offset += chunkSize
            }
            chunked! += try stream.finish()
        } catch {
            chunked = nil
        }
        precondition(whole == chunked, "gzip: whole \(whole.map { "\($0.count) bytes" } ?? "failed"), in chunks of \(chunkSize) \(chunked.map { "\($0.count) bytes" } ?? "failed")")
        return 0
    }

    /// A file for the deduplicator's reader, which reads paths: one per process, in memory.
    static let scratchPath = "/dev/shm/palimpsest-fuzz-\(getpid()).jsonl"

    /// Reads the input through the deduplicator's JSON Lines reader and compares every record
    /// with what Foundation's parser makes of the same line.
    public static func dedupRecords(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let bytes = bytes(data, count)
        guard FileManager.default.createFile(atPath: scratchPath, contents: Data(bytes)) else { fatalError("cannot write \(scratchPath)") }
        var texts: [[UInt8]] = []
        try? JSONLinesRecords(path: scratchPath).forEach { _, text in texts.append(Array(text)) }
        // Foundation's view of the same lines: objects whose first text-like field is a string.
        var expected: [[UInt8]] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            guard let text = ["text", "content", "body"].lazy.compactMap({ object[$0] }).first as? String, !text.isEmpty else { continue }
            expected.append(Array(text.utf8))
        }
        // The fast reader may read lines Foundation refuses (it does not validate what it skips),
        // but every line Foundation reads must come out with the same text.
        var remaining = texts[...]
        for text in expected {
            guard let found = remaining.firstIndex(of: text) else {
                preconditionFailure("dedup reader lost or altered a text Foundation reads: \(String(decoding: text.prefix(80), as: UTF8.self))")
            }
            remaining = remaining[(found + 1)...]
        }
        return 0
    }
}
