extension DocumentSketcher {
    /// Sketches every record of a block of JSON Lines. A line that is not a record with a text is
    /// reported with its file, line and column, and skipped; blank lines are skipped silently.
    mutating func sketch(_ block: LineBlock, file: Int, documentID: String, scanner: JSONFieldScanner) -> SketchedBatch {
        var batch = SketchedBatch()
        var record = JSONFieldScanner.Record()
        block.forEachRecord(scanner: scanner, name: documentID, record: &record, report: { batch.problems.append($0) }) { id, text, _, offset, length in
            // A line too long for a stored length (2 GiB and more, under a raised --max-line-length)
            // is not read again: its pairs near the threshold are decided by their sketches.
            let location = block.offset.flatMap { start in
                Int32(exactly: length).map { RecordLocation(file: Int32(file), length: $0, offset: start + UInt64(offset)) }
            }
            sketch(id: id, text: text, location: location, into: &batch)
        }
        return batch
    }
}
