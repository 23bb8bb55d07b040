import Foundation
import PalimpsestCore

/// Reads inputs into documents: finds the files, decompresses gzip, skips binary files, picks an
/// extractor (by name, by extension, then by sniffing), applies sidecar metadata and keeps document
/// ids unique. Every problem is reported with its place, and reading goes on with the next input.
public struct CorpusReader: Sendable {
    /// The plugins to use.
    public var registry: PluginRegistry
    /// An extractor to use for every input instead of choosing by extension and content.
    public var forcedExtractor: String?
    /// How much of any one input to take on; extractors get them with every input.
    public var limits: InputLimits
    /// How paths become files: which links are followed (see ``InputDiscovery``).
    public var discovery = InputDiscovery()
    /// Whether ``Corpus/inputDigests`` is filled: the SHA-256 of every input's bytes as they were
    /// read, for run manifests (off by default: streamed inputs cost one more pass of hashing).
    public var recordsInputDigests = false

    /// Creates a reader.
    public init(registry: PluginRegistry = .builtin, forcedExtractor: String? = nil, limits: InputLimits = .standard) {
        self.registry = registry
        self.forcedExtractor = forcedExtractor
        self.limits = limits
    }

    /// What reading produced.
    public struct Corpus: Sendable {
        /// Documents, in input order, with unique ids (empty when they were handed to a sink as read;
        /// see ``CorpusReader/read(_:readStandardInput:report:progress:documents:)``).
        public var documents: [Document] = []
        /// Every problem met, in order.
        public var problems: [InputProblem] = []
        /// How many inputs (files or standard input) were tried.
        public var inputCount = 0
        /// With ``CorpusReader/recordsInputDigests``: each input read whole (`-` for standard input),
        /// with the SHA-256 of its bytes as read, and each sidecar used; in input order.
        public var inputDigests: [ResourceDescriptor] = []
        /// Every file the run read or tried to read, and each sidecar used (standard input aside):
        /// what an output must not replace (pass them to ``AtomicOutput/write(to:permissions:inputs:_:)``).
        public var inputPaths: [String] = []

        /// An empty corpus: nothing read yet.
        public init() {}
    }

    /// Standard input's bytes, read a chunk at a time and stopping one byte past `limit`: input
    /// over the limit is refused (by ``read(_:readStandardInput:report:progress:)``) without being
    /// held whole.
    public static func readStandardInput(limit: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count <= limit, let chunk = try? FileHandle.standardInput.read(upToCount: min(1 << 20, limit + 1 - bytes.count)), !chunk.isEmpty {
            bytes += chunk
        }
        return bytes
    }

    /// Reads every input under `paths`.
    /// - Parameters:
    ///   - readStandardInput: supplies standard input's bytes when `-` is among the paths (nil:
    ///     ``readStandardInput(limit:)`` with the input limit).
    ///   - report: called with each problem as it happens (for live messages).
    ///   - progress: called with the number of documents read so far, after each document.
    public func read(
        _ paths: [String], readStandardInput: (() -> [UInt8])? = nil,
        report: (InputProblem) -> Void = { _ in }, progress: (Int) -> Void = { _ in }
    ) -> Corpus {
        var documents: [Document] = []
        var corpus = read(paths, readStandardInput: readStandardInput, report: report, progress: progress) { document in
            documents.append(document)
            return true
        }
        corpus.documents = documents
        return corpus
    }

    /// Reads every input under `paths`, handing each document to `sink` as soon as it is read, in
    /// input order, instead of holding them: memory stays at what one input needs in flight (a
    /// streamed file's current record, or a few whole files), whatever the size of the corpus.
    /// - Parameters:
    ///   - readStandardInput: supplies standard input's bytes when `-` is among the paths.
    ///   - report: called with each problem as it happens.
    ///   - progress: called with the number of documents read so far, after each document.
    ///   - sink: takes each document; returning false stops the reading (the corpus then covers the
    ///     inputs tried so far).
    /// - Returns: the corpus without its documents: problems, inputs and their digests.
    public func read(
        _ paths: [String], readStandardInput: (() -> [UInt8])? = nil,
        report: (InputProblem) -> Void = { _ in }, progress: (Int) -> Void = { _ in }, documents sink: (Document) -> Bool
    ) -> Corpus {
        var corpus = Corpus()
        var accepted = 0, stopped = false
        func note(_ problem: InputProblem) {
            corpus.problems.append(problem)
            report(problem)
        }
        if let name = forcedExtractor, registry.extractor(named: name) == nil {
            note(InputProblem(location: name, message: "no extractor named '\(name)'; see `palimpsest plugins`"))
            return corpus
        }
        let (files, discoveryProblems) = discovery.files(in: paths)
        discoveryProblems.forEach(note)
        var usedIDs = Set<String>()
        // The first suffix that may still be free, per id already taken: ids are only ever added,
        // so the first free suffix never goes down, and k documents of one id cost O(k), not O(k²).
        var nextSuffix: [String: Int] = [:]
        func accept(_ document: Document) {
            var document = document
            if usedIDs.contains(document.id) {
                var suffix = nextSuffix[document.id, default: 2]
                while usedIDs.contains("\(document.id)#\(suffix)") { suffix += 1 }
                nextSuffix[document.id] = suffix + 1
                note(InputProblem(location: document.source.location, message: "document id '\(document.id)' is already taken; renamed '\(document.id)#\(suffix)'", severity: .warning))
                document.id = "\(document.id)#\(suffix)"
            }
            usedIDs.insert(document.id)
            accepted += 1
            if !sink(document) { stopped = true }
            progress(accepted)
        }
        /// Takes one item as extracted; false once the sink has stopped the reading.
        func take(_ item: ExtractedItem) -> Bool {
            switch item {
            case .problem(let problem): note(problem)
            case .document(let document): accept(document)
            }
            return !stopped
        }
        func record(_ file: InputFile, _ read: ReadInput) {
            if !file.isStandardInput { corpus.inputPaths.append(file.path) }
            if let sidecar = read.sidecar { corpus.inputPaths.append(sidecar.name) }
            guard recordsInputDigests else { return }
            if let digest = read.digest {
                corpus.inputDigests.append(file.isStandardInput ? .standardInput(sha256: digest) : ResourceDescriptor(name: file.path, sha256: digest))
            }
            if let sidecar = read.sidecar { corpus.inputDigests.append(sidecar) }
        }
        var next = 0
        while next < files.count, !stopped {
            let file = files[next]
            if file.isStandardInput || streamingExtractor(for: file) != nil {
                next += 1
                corpus.inputCount += 1
                let read: ReadInput
                if file.isStandardInput {
                    let raw = readStandardInput?() ?? Self.readStandardInput(limit: limits.maximumInputBytes)
                    read = raw.count > limits.maximumInputBytes
                        ? ReadInput(items: [.problem(InputProblem(location: "-", message: "standard input is over the \(limits.maximumInputBytes)-byte input limit (--max-input-size); skipped"))])
                        : extract(file, raw: raw)
                } else {
                    // A streamed file's documents are taken as they come, never gathered; a text
                    // format whose start is not UTF-8 text is read whole instead, to be named or decoded.
                    read = stream(file, with: streamingExtractor(for: file)!, emit: take) ?? readAndExtract(file)
                }
                record(file, read)
                for item in read.items where !take(item) { break }
                continue
            }
            // Whole-file inputs are read and extracted a batch at a time on all cores; what they
            // yield is taken in input order, so ids, problems and progress come as from one thread.
            var batch: [InputFile] = []
            while next < files.count, batch.count < Self.batchSize, !files[next].isStandardInput, streamingExtractor(for: files[next]) == nil {
                batch.append(files[next])
                next += 1
            }
            for (file, read) in zip(batch, batch.concurrentMap({ _, file in self.readAndExtract(file) })) where !stopped {
                corpus.inputCount += 1
                record(file, read)
                for item in read.items where !take(item) { break }
            }
        }
        return corpus
    }

    /// Whole-file inputs read at once: a few per core, so uneven files balance while memory stays
    /// bounded by a handful of inputs.
    static var batchSize: Int { 4 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// What reading one input gave: what its extractor emitted (nothing when it was streamed to a
    /// sink), the SHA-256 of the bytes read when the whole input was read, and the sidecar applied
    /// (with the digest of its bytes).
    struct ReadInput {
        var items: [ExtractedItem]
        var digest: ContentID? = nil
        var sidecar: ResourceDescriptor? = nil
    }

    /// Reads a whole file and extracts it, or names why it could not be read.
    private func readAndExtract(_ file: InputFile) -> ReadInput {
        do {
            return extract(file, raw: try readFile(file))
        } catch {
            return ReadInput(items: [.problem(error)])
        }
    }

    /// A whole file's bytes, held to the input limit: a regular file is judged by its size (that of
    /// the file a link leads to) before it is read, a pipe or device the user named as its bytes come.
    private func readFile(_ file: InputFile) throws(InputProblem) -> [UInt8] {
        do {
            return try BoundedFileReader.read(file.path, limit: limits.maximumInputBytes, regularOnly: !file.isNamed)
        } catch {
            throw problem(error)
        }
    }

    /// The problem a failed open or read of an input raises.
    private func problem(_ error: BoundedReadError) -> InputProblem {
        switch error {
        case .overLimit(let path, let size?, let limit):
            InputProblem(location: path, message: "file is \(size) bytes, over the \(limit)-byte input limit (--max-input-size); skipped")
        case .overLimit(let path, nil, let limit):
            InputProblem(location: path, message: "holds more than \(limit) bytes, over the input limit (--max-input-size); skipped")
        case .system, .notReadable:
            InputProblem(location: error.path, message: "\(error.reason); skipped")
        }
    }

    /// The streaming extractor a file's name points to (after any `.gz`), if it has one.
    private func streamingExtractor(for file: InputFile) -> (any StreamingExtractor)? {
        let extractor = forcedExtractor.flatMap { registry.extractor(named: $0) } ?? registry.extractor(forPath: Self.withoutGzipSuffix(file.path))
        return extractor as? any StreamingExtractor
    }

    private static func withoutGzipSuffix(_ path: String) -> String {
        path.lowercased().hasSuffix(".gz") ? String(path.dropLast(3)) : path
    }

    /// Reads a file through a streaming extractor, 64 KiB of input at a time, decompressing
    /// gzip on the way, handing each item to `emit` as it comes (false from `emit` stops the file);
    /// memory stays at a chunk plus the extractor's current record.
    /// - Returns: nil, having read nothing on, when the extractor ``StreamingExtractor/streamsText``
    ///   and the input starts with a UTF-16/UTF-32 byte-order mark or looks binary: such a file is
    ///   for the whole-file path, which decodes or names it.
    func stream(_ file: InputFile, with extractor: any StreamingExtractor, emit: (ExtractedItem) -> Bool) -> ReadInput? {
        let handle: FileHandle
        do {
            handle = try BoundedFileReader.open(file.path, regularOnly: !file.isNamed).handle
        } catch {
            _ = emit(.problem(problem(error)))
            return ReadInput(items: [])
        }
        defer { try? handle.close() }
        var gzip: GzipStream? = nil
        var started = false
        var ended = false
        let hasher = recordsInputDigests ? SHA256Stream() : nil
        let input = StreamingInput(location: file.path, documentID: Self.withoutGzipSuffix(file.documentID), limits: limits)
        let nextChunk: () throws -> [UInt8]? = {
            while !ended {
                // 64 KiB of compressed input expands to at most about 64 MiB (deflate's limit is
                // 1032:1), which bounds what one chunk can cost; the extractor bounds its records.
                let raw: [UInt8]
                do {
                    raw = Array(try handle.read(upToCount: 1 << 16) ?? Data())
                } catch {
                    throw InputProblem(location: file.path, message: "cannot read further: \(error.localizedDescription)")
                }
                hasher?.update(raw)
                if !started {
                    started = true
                    if raw.isEmpty { throw InputProblem(location: file.path, message: "empty file; nothing to analyse") }
                    // A stream has no total limit (crawls decompress to many gigabytes by design), only the ratio.
                    if Gzip.isGzip(raw) { gzip = limits.gzipStream(total: nil) }
                }
                if raw.isEmpty {
                    ended = true
                    if let gzip {
                        do {
                            _ = try gzip.finish()
                        } catch let error as GzipError {
                            throw InputProblem(location: file.path, position: error.offset.map { .byte($0) }, message: error.description)
                        }
                    }
                    return nil
                }
                guard let gzip else { return raw }
                do {
                    let output = try gzip.decompress(raw)
                    if !output.isEmpty { return output }
                } catch let error as GzipError {
                    throw InputProblem(location: file.path, position: error.offset.map { .byte($0) }, message: error.description + "; the rest of the file is skipped")
                }
            }
            return nil
        }
        var first: [UInt8]? = nil
        if extractor.streamsText {
            do {
                first = try nextChunk()
            } catch {
                _ = emit(.problem(error as? InputProblem ?? InputProblem(location: file.path, message: "cannot read: \(error)")))
                return ReadInput(items: [])
            }
            if let first, TextDecoding.WideEncoding(byteOrderMarkOf: first) != nil || TextDecoding.looksBinary(first) { return nil }
        }
        // The chunk looked at first, if any, then the rest.
        let chunks: () throws -> [UInt8]? = {
            if let chunk = first {
                first = nil
                return chunk
            }
            return try nextChunk()
        }
        let sidecar = collect(file, extractor, emit: emit) { try extractor.extract(streaming: input, nextChunk: chunks, emit: $0) }
        // A digest only of a file read to its end: one read in part is not vouched for.
        return ReadInput(items: [], digest: ended ? hasher?.finish() : nil, sidecar: sidecar)
    }

    /// Decompresses, checks and extracts one input; returns what the extractor emitted, every
    /// problem, and the SHA-256 of `raw`.
    func extract(_ file: InputFile, raw: [UInt8]) -> ReadInput {
        let digest = SHA256.digest(raw)
        let (items, sidecar) = extractItems(file, raw: raw, digest: digest)
        return ReadInput(items: items, digest: digest, sidecar: sidecar)
    }

    private func extractItems(_ file: InputFile, raw: [UInt8], digest: ContentID) -> (items: [ExtractedItem], sidecar: ResourceDescriptor?) {
        guard !raw.isEmpty else {
            return ([.problem(InputProblem(location: file.path, message: "empty file; nothing to analyse"))], nil)
        }
        var bytes = raw
        var innerPath = file.path
        var documentID = file.documentID
        if Gzip.isGzip(raw) {
            do {
                let stream = limits.gzipStream(total: limits.maximumDecompressedBytes)
                bytes = try stream.decompress(raw)
                bytes += try stream.finish()
            } catch {
                return ([.problem(InputProblem(location: file.path, position: error.offset.map { .byte($0) }, message: error.description + "; file skipped"))], nil)
            }
            if innerPath.lowercased().hasSuffix(".gz") { innerPath.removeLast(3) }
            if documentID.lowercased().hasSuffix(".gz") { documentID.removeLast(3) }
            guard !bytes.isEmpty else {
                return ([.problem(InputProblem(location: file.path, message: "gzip data decompresses to nothing; nothing to analyse"))], nil)
            }
        }
        // UTF-16 and UTF-32 are full of NUL bytes: told by their byte-order mark, they are turned
        // into the UTF-8 every extractor reads before anything could take them for binary data.
        var decodingProblem: InputProblem? = nil
        if let wide = TextDecoding.transcodeWideText(bytes, location: file.path) {
            bytes = wide.utf8
            decodingProblem = wide.problem
            guard !bytes.isEmpty else {
                return ([.problem(InputProblem(location: file.path, message: "\(wide.encoding.rawValue) text with nothing after its byte-order mark; nothing to analyse"))], nil)
            }
        }
        if TextDecoding.looksBinary(bytes) {
            return ([.problem(InputProblem(location: file.path, message: "binary data, not text (NUL or control bytes near the start); skipped"))], nil)
        }
        let extractor: (any Extractor)?
        if let name = forcedExtractor {
            extractor = registry.extractor(named: name)
        } else {
            extractor = (file.isStandardInput ? nil : registry.extractor(forPath: innerPath)) ?? registry.extractor(sniffing: Array(bytes.prefix(4096)))
        }
        guard let extractor else {
            return ([.problem(InputProblem(location: file.path, message: "no extractor for this file; choose one with --extractor (see `palimpsest plugins`)"))], nil)
        }
        let input = ExtractionInput(location: file.path, documentID: documentID, bytes: bytes, rawContentID: digest, limits: limits)
        var items: [ExtractedItem] = decodingProblem.map { [.problem($0)] } ?? []
        let sidecar = collect(file, extractor, emit: { items.append($0); return true }) { try extractor.extract(input, emit: $0) }
        return (items, sidecar)
    }

    /// Runs an extraction and hands what it emits to `emit`: documents with the file's sidecar
    /// applied, problems as they come, and a failure that stops the extractor as one last problem.
    /// False from `emit` stops the extraction there.
    /// - Returns: the sidecar applied, if there was one.
    private func collect(
        _ file: InputFile, _ extractor: any Extractor, emit: (ExtractedItem) -> Bool, _ run: ((ExtractedItem) throws -> Void) throws -> Void
    ) -> ResourceDescriptor? {
        /// Thrown through the extractor when the sink wants no more.
        struct Stop: Error {}
        let sidecar: Sidecar?
        do {
            sidecar = try Sidecar(for: file.path, discovery: discovery)
        } catch {
            guard emit(.problem(error)) else { return nil }
            sidecar = nil
        }
        do {
            // `run` hands each item straight on; `emit` is not kept beyond this call.
            try withoutActuallyEscaping(emit) { emit in try run { item in
                var item = item
                if case .document(var document) = item {
                    let size = document.text.utf8.count
                    if size > limits.maximumDocumentBytes {
                        item = .problem(InputProblem(
                            location: document.source.location,
                            message: "document '\(document.id)' is \(size) bytes of text, over the \(limits.maximumDocumentBytes)-byte limit (--max-document-size); skipped"))
                    } else {
                        if let sidecar { document.source = sidecar.apply(to: document.source) }
                        item = .document(document)
                    }
                }
                guard emit(item) else { throw Stop() }
            } }
        } catch is Stop {
        } catch let problem as InputProblem {
            _ = emit(.problem(problem))
        } catch {
            _ = emit(.problem(InputProblem(location: file.path, message: "\(extractor.stamp.name) extractor stopped: \(error)")))
        }
        return sidecar?.resource
    }
}
