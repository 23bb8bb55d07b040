import Foundation
import JSONLinesExtractor
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

/// The inputs of a run as a stream of work items, in input order.
///
/// JSON Lines files (plain or gzip) stream block by block through ``LineBlockReader``, so a corpus
/// of any size passes through in bounded memory. Other formats go through the extractors of
/// ``CorpusReader`` one file at a time (a WARC or feed file is read whole by its extractor).
struct WorkQueue {
    /// Paths of the inputs, by the file index work items carry.
    private(set) var files: [String] = []
    private var pending: [InputFile]
    private var reader: LineBlockReader?
    private var readerFile = 0
    private var readerDocumentID = ""
    private var extracted: [Document] = []
    private let options: DedupOptions
    private var discoveryProblems: [InputProblem]
    /// Documents handed out per item from other formats.
    private let documentsPerItem = 256
    /// File name endings read as JSON Lines.
    private static let jsonLinesEndings = JSONLinesExtractor().fileExtensions.flatMap { [".\($0)", ".\($0).gz"] }

    /// Finds the inputs under `paths`.
    init(paths: [String], options: DedupOptions) {
        let (found, problems) = InputDiscovery().files(in: paths)
        pending = found.reversed()
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
            if !file.isStandardInput, Self.jsonLinesEndings.contains(where: { lowered.hasSuffix($0) }) {
                do {
                    reader = try LineBlockReader(path: file.path, limits: options.limits)
                    readerFile = files.count
                    readerDocumentID = file.documentID
                    files.append(file.path)
                } catch let problem as DedupInputError {
                    report(problem)
                } catch {
                    report(DedupInputError(location: file.path, message: "\(error)"))
                }
            } else {
                let corpus = CorpusReader(limits: options.limits).read([file.path])
                for problem in corpus.problems where problem.severity == .error {
                    report(DedupInputError(location: problem.position.map { "\(problem.location): \($0)" } ?? problem.location, message: problem.message))
                }
                extracted = corpus.documents
            }
        }
    }
}
