import PalimpsestCore

/// Reads plain text: one document per file, passages by blank lines, or by single lines where the
/// text has no blank line.
///
/// Invalid UTF-8 is decoded with U+FFFD replacements and reported as a warning naming the byte offset.
public struct TextExtractor: Extractor {
    /// `text`, with this plugin's version.
    public let stamp = PluginStamp(name: "text", version: "1.0.0")
    /// One line for `palimpsest plugins`.
    public let summary = "plain text; passages by blank lines, or by lines when there are none"
    /// `.txt` and `.text`.
    public let fileExtensions = ["txt", "text"]

    /// Creates the extractor.
    public init() {}

    /// Any input that is not binary can be read as text; registries try this extractor last.
    public func sniff(_ prefix: [UInt8]) -> Bool { !TextDecoding.looksBinary(prefix) }

    /// Emits one document, or nothing when the text is empty.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        if let refused = input.limits.singleDocumentProblem(in: input.bytes, location: input.location) { return try emit(.problem(refused)) }
        let (text, problem) = TextDecoding.decodeUTF8(input.bytes, location: input.location)
        if let problem { try emit(.problem(problem)) }
        var builder = DocumentBuilder()
        for block in PlainTextBlocks.blocks(text) { builder.append(block.text, role: block.role) }
        guard !builder.isEmpty else {
            try emit(.problem(InputProblem(location: input.location, message: "no text in this file; nothing to analyse", severity: .error)))
            return
        }
        try emit(.document(builder.build(
            id: input.documentID,
            source: SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID))))
    }
}
