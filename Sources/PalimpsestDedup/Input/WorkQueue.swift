import Foundation
import Palimpsest

/// One unit of sketching work, small enough to hand to a core.
enum WorkItem: Sendable {
    /// A block of JSON Lines from input `file`.
    case lines(LineBlock, file: Int, documentID: String)
    /// Documents an extractor read from another format.
    case documents([Document])

    /// Sketches the item's documents.
    func sketch(with sketcher: inout DocumentSketcher, scanner: JSONFieldScanner) -> SketchedBatch {
        switch self {
        case .lines(let block, let file, let documentID):
            return sketcher.sketch(block, file: file, documentID: documentID, scanner: scanner)
        case .documents(let documents):
            var batch = SketchedBatch()
            for document in documents {
                var id = document.id, text = document.text
                id.withUTF8 { id in
                    text.withUTF8 { text in
                        sketcher.sketch(id: UnsafeRawBufferPointer(id), text: UnsafeRawBufferPointer(text), location: nil, into: &batch)
                    }
                }
            }
            return batch
        }
    }
}

/// Where the exact checks read the records of one JSON Lines input again.
enum RecordSource {
    /// The file itself, by its path: a regular file.
    case file(String)
    /// The copy kept of an input that cannot be read twice (a pipe, standard input).
    case copy(StreamSpool)
    /// Nowhere: its records carry no offsets.
    case none
}

/// The inputs of a run as a stream of work items, in input order.
///
/// JSON Lines files (plain or gzip) stream block by block through ``LineBlockReader``, so a corpus
/// of any size passes through in bounded memory; so does standard input when its first record
/// opens with `{`, and a named pipe whose name ends like JSON Lines. Other formats go through the
/// extractors of ``CorpusReader`` one file at a time (a WARC or feed file is read whole by its
/// extractor). Every input is opened once: what the exact checks read again comes from the file
/// itself when it is a regular one, or from a copy made while streaming (``StreamSpool``).
struct WorkQueue {
    /// Where each JSON Lines input's records can be read again, by the file index work items carry.
    private(set) var sources: [RecordSource] = []
    private var pending: [InputFile]
    private var reader: LineBlockReader?
    private var readerFile = 0
    private var readerDocumentID = ""
    private var extracted: [Document] = []
    private let options: DedupOptions
    /// How paths become files (which links are followed), for the folders given and for the
    /// extractors' reader alike.
    private let discovery: InputDiscovery
    private var discoveryProblems: [InputProblem]
    /// Documents handed out per item from other formats.
    private let documentsPerItem = 256
    /// File name endings read as JSON Lines.
    private static let jsonLinesEndings = (PluginRegistry.builtin.extractor(named: "jsonl")?.fileExtensions ?? []).flatMap { [".\($0)", ".\($0).gz"] }
    /// The most bytes of standard input looked at to tell JSON Lines (blank lines before the first record).
    private static let sniffedBytes = 4096
    /// Where a stream's copy goes, when the exact checks will want it.
    private var spoolFolder: String? { options.checksNearThresholdExactly ? options.temporaryFolder : nil }

    /// Every input file found (standard input aside): what an output must not overwrite.
    let inputPaths: [String]

    /// Finds the inputs under `paths`.
    init(paths: [String], options: DedupOptions) {
        let discovery = InputDiscovery(followsExternalSymlinks: options.followsExternalSymlinks)
        self.discovery = discovery
        let (found, problems) = discovery.files(in: paths)
        pending = found.reversed()
        inputPaths = found.filter { !$0.isStandardInput }.map(\.path)
        discoveryProblems = problems
        self.options = options
    }

    /// Closes the file being read.
    func close() { reader?.close() }

    /// Takes back a sketched item's buffer, for the next block of the same file.
    mutating func recycle(_ item: WorkItem) {
        if case .lines(let block, let file, _) = item, file == readerFile { reader?.recycle(block.bytes) }
    }

    /// The next work item, nil when every input is read. Problems go to `report`.
    mutating func next(report: (DedupInputError) -> Void) -> WorkItem? {
        for problem in discoveryProblems { report(DedupInputError(location: problem.location, message: problem.message)) }
        discoveryProblems = []
        while true {
            if reader != nil {
                // Advanced in place: a copy would share its recycled buffers and defeat their reuse.
                if let block = reader!.next(report: report) { return .lines(block, file: readerFile, documentID: readerDocumentID) }
                reader!.close()
                reader = nil
            }
            if !extracted.isEmpty {
                let item = Array(extracted.prefix(documentsPerItem))
                extracted.removeFirst(item.count)
                return .documents(item)
            }
            guard let file = pending.popLast() else { return nil }
            let lowered = file.path.lowercased()
            var taken: [UInt8] = []
            if file.isStandardInput {
                let sniffed = sniffStandardInput()
                if let stream = sniffed.reader {
                    start(stream, for: file)
                    continue
                }
                taken = sniffed.taken
            } else if Self.jsonLinesEndings.contains(where: { lowered.hasSuffix($0) }) {
                do {
                    start(try LineBlockReader(path: file.path, limits: options.limits, spoolFolder: spoolFolder), for: file)
                } catch let problem as DedupInputError {
                    report(problem)
                } catch {
                    report(DedupInputError(location: file.path, message: "\(error)"))
                }
                continue
            }
            // Standard input goes to the extractors with the bytes taken to tell first.
            let limit = options.limits.maximumInputBytes
            var corpusReader = CorpusReader(limits: options.limits)
            corpusReader.discovery = discovery
            let corpus = corpusReader.read([file.path], readStandardInput: {
                taken + CorpusReader.readStandardInput(limit: max(0, limit - taken.count))
            })
            for problem in corpus.problems where problem.severity == .error {
                report(DedupInputError(location: problem.position.map { "\(problem.location): \($0)" } ?? problem.location, message: problem.message))
            }
            extracted = corpus.documents
        }
    }

    /// Makes `stream` the reader of the input being read, and notes where its records can be read again.
    private mutating func start(_ stream: LineBlockReader, for file: InputFile) {
        reader = stream
        readerFile = sources.count
        readerDocumentID = file.documentID
        if let copy = stream.spool {
            sources.append(.copy(copy))
        } else {
            sources.append(stream.locatesRecords ? .file(file.path) : .none)
        }
    }

    /// Standard input as a stream of JSON Lines when its first byte that is not white space (after
    /// a UTF-8 byte order mark) opens a record; otherwise no reader, and the bytes taken to tell,
    /// which the extractors must get first.
    private func sniffStandardInput() -> (reader: LineBlockReader?, taken: [UInt8]) {
        // A descriptor of its own, sharing the position: closing it leaves standard input open for
        // the extractors, which read on after the bytes taken here.
        let descriptor = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0)
        guard descriptor >= 0 else { return (nil, []) }
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        var taken: [UInt8] = []
        var byte: UInt8 = 0
        var opensRecord = false
        while taken.count < Self.sniffedBytes {
            let got = Foundation.read(descriptor, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            guard got == 1 else { break }
            taken.append(byte)
            if taken.count <= byteOrderMark.count, byteOrderMark.starts(with: taken) { continue }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            opensRecord = byte == UInt8(ascii: "{")
            break
        }
        guard opensRecord else {
            _ = Foundation.close(descriptor)
            return (nil, taken)
        }
        return (LineBlockReader(descriptor: descriptor, name: "-", prefix: taken, limits: options.limits, spoolFolder: spoolFolder), [])
    }
}
