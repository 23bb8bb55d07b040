import Foundation
import MarkdownExtractor
import PalimpsestCore
import Testing

/// Every input the fuzz targets (Tests/Fuzz) crashed on, kept as a regression test: each must now
/// extract without trapping.
@Suite struct FuzzFindingsTests {
    /// Extracts `bytes` with `extractor` and returns the documents; problems are expected.
    func documents(_ extractor: some Extractor, _ bytes: [UInt8]) throws -> [Document] {
        var documents: [Document] = []
        try extractor.extract(ExtractionInput(location: "finding", documentID: "finding", bytes: bytes)) { item in
            if case .document(let document) = item { documents.append(document) }
        }
        return documents
    }

    /// fuzz-markdown, crash-a700bbde…: a front-matter date of a digit and a combining mark made
    /// Foundation's DateFormatter trap ("Incorrect range CFRange(location: 0, length: 1)").
    @Test func aDateWithACombiningMarkIsNoDate() throws {
        let input = Array("---\ntitle: \"A title\"\nsite: Example\npublished: 2".utf8) + [0xCD, 0x99, 0x90, 0xD0] + Array("\n---\n# Heading and a few words\n".utf8)
        let document = try #require(try documents(MarkdownExtractor(), input).first)
        #expect(document.source.published == nil)
        #expect(document.source.site == "Example")
        #expect(DateParsing.parse("2\u{359}\u{FFFD}\u{FFFD}") == nil)
        #expect(DateParsing.parse("2026-03-01") != nil, "ASCII dates still parse")
    }
}
