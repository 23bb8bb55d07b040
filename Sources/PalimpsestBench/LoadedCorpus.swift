import PalimpsestDedup

/// A JSON Lines corpus's ids and texts held in two contiguous buffers, so stages can be timed
/// apart from reading.
struct LoadedCorpus {
    /// Every text, one after another.
    var text: [UInt8] = []
    /// Where each text starts in ``text``; one more entry than texts (the end).
    var starts: [Int] = [0]
    /// The ids, in order.
    var ids: [String] = []

    /// Number of documents.
    var count: Int { ids.count }

    /// Text bytes.
    var bytes: Int { text.count }

    /// Reads `path`.
    init(path: String) throws {
        try JSONLinesRecords(path: path).forEach { id, text in
            ids.append(String(decoding: id, as: UTF8.self))
            self.text.append(contentsOf: text)
            starts.append(self.text.count)
        }
    }

    /// Calls `body` with document `index`'s text.
    func withText<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        text.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[starts[index]..<starts[index + 1]])) }
    }
}
