extension DocumentSketcher {
    /// Sketches every record of a block of JSON Lines. A line that is not a record with a text is
    /// reported with its file, line and column, and skipped; blank lines are skipped silently.
    mutating func sketch(_ block: LineBlock, file: Int, documentID: String, scanner: JSONFieldScanner) -> SketchedBatch {
        var batch = SketchedBatch()
        var record = JSONFieldScanner.Record()
        block.forEachRecord(scanner: scanner, name: documentID, record: &record, report: { batch.problems.append($0) }) { id, text, _, offset, length in
            let location = block.offset.map { RecordLocation(file: Int32(file), length: Int32(length), offset: $0 + UInt64(offset)) }
            sketch(id: id, text: text, location: location, into: &batch)
        }
        return batch
    }
}
