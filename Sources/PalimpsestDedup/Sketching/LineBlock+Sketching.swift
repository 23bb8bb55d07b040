extension DocumentSketcher {
    /// Sketches every record of a block of JSON Lines. A line that is not a record with a text is
    /// reported with its file, line and column, and skipped; blank lines are skipped silently.
    mutating func sketch(_ block: LineBlock, file: Int, documentID: String, scanner: JSONFieldScanner) -> SketchedBatch {
        var batch = SketchedBatch()
        var record = JSONFieldScanner.Record()
        block.forEachLine { line, lineNumber, lineOffset in
            do throws(JSONLineError) {
                try scanner.scan(line, into: &record)
            } catch {
                batch.problems.append(DedupInputError(location: "\(documentID): line \(lineNumber), column \(error.column)", message: error.message))
                return
            }
            guard let text = record.text else {
                batch.problems.append(DedupInputError(location: "\(documentID): line \(lineNumber)", message: "no text field; skipped"))
                return
            }
            if record.id.isEmpty { record.id = Array("\(documentID)#\(lineNumber)".utf8) }
            let location = block.offset.map {
                RecordLocation(file: Int32(file), length: Int32(line.count), offset: $0 + UInt64(lineOffset))
            }
            record.id.withUnsafeBytes { id in
                text.withUnsafeBytes { text in sketch(id: id, text: text, location: location, into: &batch) }
            }
        }
        return batch
    }
}
