import Foundation
import PalimpsestCore

/// Reads JSON Lines records again by their location, for the exact check of a pair near the
/// threshold, and remembers the shingle sets of the documents it read last.
final class RecordRereader {
    private let inputs: InputFiles
    private let locations: SpilledRecords
    private let scanner: JSONFieldScanner
    private let shingler: Shingler
    private var cachedSets: [UInt32: [UInt64]] = [:]
    private var record = JSONFieldScanner.Record()
    private var line: [UInt8] = []
    private var tokens: [UInt64] = []
    private var scratch: [UInt64] = []
    /// Shingle sets kept at most; the cache is emptied when full (pairs come in bursts per bucket).
    private let cacheLimit = 64

    /// `locations` holds one ``RecordLocation`` record (``locationBytes`` bytes) per document.
    init(inputs: InputFiles, locations: SpilledRecords, scanner: JSONFieldScanner, shingleSize: Int) {
        self.inputs = inputs
        self.locations = locations
        self.scanner = scanner
        self.shingler = Shingler(size: shingleSize)
    }


    /// The bytes of one stored location: file (Int32, −1 when none), length (Int32), offset (UInt64).
    static let locationBytes = 16

    /// Encodes a location (or its absence) as a record.
    static func encode(_ location: RecordLocation?, into bytes: inout [UInt8]) {
        var file = location?.file ?? -1, length = location?.length ?? 0, offset = location?.offset ?? 0
        withUnsafeBytes(of: &file) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: &offset) { bytes.append(contentsOf: $0) }
    }

    /// The exact resemblance of two documents, or nil when either cannot be read again.
    func resemblance(_ a: UInt32, _ b: UInt32) -> Double? {
        guard let first = shingleSet(a), let second = shingleSet(b) else { return nil }
        return Jaccard.similarity(first, second)
    }

    private func shingleSet(_ document: UInt32) -> [UInt64]? {
        if let known = cachedSets[document] { return known }
        var stored = [UInt8](repeating: 0, count: Self.locationBytes)
        stored.withUnsafeMutableBytes { locations.read(Int(document), into: $0) }
        let (file, length, offset) = stored.withUnsafeBytes {
            ($0.loadUnaligned(fromByteOffset: 0, as: Int32.self), $0.loadUnaligned(fromByteOffset: 4, as: Int32.self),
             $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        guard file >= 0, let descriptor = inputs.descriptor(Int(file)) else { return nil }
        line = [UInt8](repeating: 0, count: Int(length))
        let got = line.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard got == Int(length), (try? line.withUnsafeBytes({ try scanner.scan($0, into: &record) })) != nil,
              let text = record.text
        else { return nil }
        tokens.removeAll(keepingCapacity: true)
        text.withUnsafeBytes { ByteTokenizer().appendTokenHashes(of: $0, to: &tokens) }
        // The shingles the sketches were made of, as a sorted set.
        var set: [UInt64] = []
        tokens.withUnsafeBufferPointer { shingler.forEachTransientShingle(of: $0) { set.append($0) } }
        RadixSort.sort(&set, scratch: &scratch)
        set.removeDuplicatesFromSorted()
        if cachedSets.count >= cacheLimit { cachedSets.removeAll(keepingCapacity: true) }
        cachedSets[document] = set
        return set
    }
}

/// The run's input files, opened once for every core's exact checks (`pread` needs no shared
/// position), so the number of open files does not grow with the cores, and a file that cannot be
/// opened fails the same pairs whatever the number of cores.
final class InputFiles: Sendable {
    private let descriptors: [Int32]

    /// Opens each source for reading: a regular file by its path (without waiting, should it have
    /// become a pipe since), a stream's copy through a descriptor of its own; a source that cannot
    /// be opened, or has nothing to read again, has no descriptor.
    init(sources: [RecordSource]) {
        descriptors = sources.map { source in
            switch source {
            case .file(let path): open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            case .copy(let spool): fcntl(spool.descriptor, F_DUPFD_CLOEXEC, 0)
            case .none: -1
            }
        }
    }

    deinit { for descriptor in descriptors where descriptor >= 0 { close(descriptor) } }

    /// The descriptor of input `file`, nil when it could not be opened.
    func descriptor(_ file: Int) -> Int32? { descriptors[file] >= 0 ? descriptors[file] : nil }
}
