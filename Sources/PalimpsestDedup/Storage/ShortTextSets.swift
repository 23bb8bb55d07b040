import PalimpsestCore

/// The exact shingle sets of a run's short texts (see ``DocumentSketcher/mostShinglesOfAShortText``),
/// so that a pair of them is decided on their sets, never on their sketches.
///
/// Each set is one record the size of a sketch: its size, then its shingles in ascending order,
/// as little-endian 64-bit values, the rest zero. The records sit in a ``SpilledRecords`` store
/// (in memory up to its budget, then in a temporary file); beside them, the short texts' document
/// numbers, ascending, 4 bytes each, find a document's record by binary search.
final class ShortTextSets {
    /// Bytes per record: a sketch's worth.
    static let recordBytes = 128

    /// The records.
    let records: SpilledRecords
    /// The document number of each record, ascending.
    private(set) var documents: [UInt32] = []
    private var record = [UInt8](repeating: 0, count: recordBytes)

    /// Creates an empty store writing past its budget to `temporaryFolder`.
    init(temporaryFolder: String) {
        records = SpilledRecords(recordBytes: Self.recordBytes, memoryBudget: 0, temporaryFolder: temporaryFolder)
    }

    /// Short texts stored.
    var count: Int { documents.count }

    /// Appends the records of `documents` (ascending, and after every document stored so far).
    /// - Throws: ``DedupInputError`` when the temporary file cannot be written.
    func append(documents: some Sequence<UInt32>, records bytes: [UInt8]) throws {
        try records.append(bytes)
        self.documents += documents
    }

    /// Sorts `shingles` (distinct, at most ``DocumentSketcher/mostShinglesOfAShortText`` of them)
    /// and appends their record to `bytes`.
    static func encode(_ shingles: inout [UInt64], into bytes: inout [UInt8]) {
        precondition(shingles.count < recordBytes / 8, "a short text has at most 15 shingles")
        shingles.sort()
        var size = UInt64(shingles.count).littleEndian
        withUnsafeBytes(of: &size) { bytes.append(contentsOf: $0) }
        for shingle in shingles {
            var value = shingle.littleEndian
            withUnsafeBytes(of: &value) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: repeatElement(0, count: recordBytes - 8 * (shingles.count + 1)))
    }

    /// Puts the sorted shingle set of `document` in `set`; false when it is not a short text.
    /// - Complexity: O(log ``count``).
    func set(of document: UInt32, into set: inout [UInt64]) -> Bool {
        var low = 0, high = documents.count
        while low < high {
            let middle = (low + high) / 2
            if documents[middle] < document { low = middle + 1 } else { high = middle }
        }
        guard low < documents.count, documents[low] == document else { return false }
        record.withUnsafeMutableBytes { records.read(low, into: $0) }
        set.removeAll(keepingCapacity: true)
        record.withUnsafeBytes { bytes in
            let size = Int(UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)))
            for index in stride(from: 1, through: min(size, Self.recordBytes / 8 - 1), by: 1) {
                set.append(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
            }
        }
        return true
    }
}
