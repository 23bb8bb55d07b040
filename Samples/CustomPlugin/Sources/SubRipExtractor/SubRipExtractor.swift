import PalimpsestCore

/// Reads SubRip (`.srt`) subtitles: one document per file, one passage per cue, timings dropped
/// from the text and kept in the passage's label words (`start=00:00:01,000`).
public struct SubRipExtractor: Extractor {
    /// `srt`, with this plugin's version.
    public let stamp = PluginStamp(name: "srt", version: "1.0.0")
    /// One line for listings.
    public let summary = "SubRip subtitles, one passage per cue"
    /// `.srt`.
    public let fileExtensions = ["srt"]

    /// Creates the extractor.
    public init() {}

    /// A first cue number followed by a timing line.
    public func sniff(_ prefix: [UInt8]) -> Bool {
        let lines = String(decoding: prefix.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.count >= 2 && Int(lines[0].trimmingWhitespace()) != nil && lines[1].contains("-->")
    }

    /// Emits one document whose passages are the cues' text.
    public func extract(_ input: ExtractionInput, emit: (ExtractedItem) throws -> Void) throws {
        let (text, problem) = TextDecoding.decodeUTF8(input.bytes, location: input.location)
        if let problem { try emit(.problem(problem)) }
        var builder = DocumentBuilder()
        for cue in PlainTextBlocks.split(text) {
            let lines = cue.split(whereSeparator: \.isNewline)
            guard lines.count >= 2, let arrow = lines.firstIndex(where: { $0.contains("-->") }) else {
                try emit(.problem(InputProblem(location: input.location, message: "a cue without a timing line was skipped: \(cue.prefix(40))", severity: .warning)))
                continue
            }
            let start = lines[arrow].split(separator: " ").first.map(String.init) ?? ""
            builder.append(lines[(arrow + 1)...].joined(separator: " "), role: .line, hints: StructuralHints(labelWords: ["start=\(start)"]))
        }
        guard !builder.isEmpty else {
            try emit(.problem(InputProblem(location: input.location, message: "no subtitle cues in this file")))
            return
        }
        try emit(.document(builder.build(
            id: input.documentID,
            source: SourceRecord(location: input.location, extractor: stamp, rawContentID: input.rawContentID))))
    }
}
