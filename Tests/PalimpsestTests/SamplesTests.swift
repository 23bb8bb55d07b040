import Foundation
import Palimpsest
import Testing

/// `scan` on the sample corpus against its hand-written ground truth, `Samples/news/expected.json`.
@Suite struct SamplesTests {
    /// One expected or found fact, comparable across the two.
    struct Fact: Hashable, CustomStringConvertible {
        var kind: String
        var document: String
        var passage: Int?
        var of: String?
        var ofPassage: Int?

        var description: String {
            "\(kind) \(document)" + (passage.map { " #\($0)" } ?? "") + (of.map { " of \($0)" } ?? "") + (ofPassage.map { " #\($0)" } ?? "")
        }
    }

    struct Expected: Decodable {
        struct PassageRef: Decodable {
            var id: String
            var starts_with: String
            var occurrence: Int?
        }
        struct PassageEntry: Decodable {
            var starts_with: String
            var occurrence: Int?
            var kind: String
            var of: PassageRef?
        }
        struct Quote: Decodable {
            var starts_with: String
            var of: String
        }
        struct DocumentEntry: Decodable {
            var id: String
            var passages: [PassageEntry]?
            var repost_of: String?
            var partial_repost_of: [String]?
            var quotes: [Quote]?
        }
        var documents: [DocumentEntry]
    }

    /// The passage of `document` whose text starts with `prefix`: an exact match first, then the
    /// `occurrence`-th (1-based) of those that start with it.
    static func passage(_ document: AnalyzedDocument, startingWith prefix: String, occurrence: Int? = nil) -> Int? {
        let matching = document.passages.filter { $0.passage.text.hasPrefix(prefix) }
        let exact = matching.filter { $0.passage.text == prefix }
        let candidates = exact.isEmpty ? matching : exact
        let position = (occurrence ?? 1) - 1
        return candidates.indices.contains(position) ? candidates[position].passage.index : nil
    }

    @Test func scanFindsExactlyWhatTheGroundTruthLists() throws {
        let data = try Data(contentsOf: samplesFolder.appendingPathComponent("expected.json"))
        let expected = try JSONDecoder().decode(Expected.self, from: data)
        let (result, _) = Scan().run([samplesFolder.path])
        #expect(result.problems.isEmpty, "\(result.problems)")

        var wanted = Set<Fact>()
        for entry in expected.documents {
            let document = try #require(result.document(id: entry.id), "no document \(entry.id)")
            for listed in entry.passages ?? [] {
                let index = try #require(Self.passage(document, startingWith: listed.starts_with, occurrence: listed.occurrence), "\(entry.id): no passage starting \(listed.starts_with)")
                var fact = Fact(kind: listed.kind, document: entry.id, passage: index)
                if let of = listed.of {
                    let source = try #require(result.document(id: of.id))
                    fact.of = of.id
                    let ofIndex = try #require(Self.passage(source, startingWith: of.starts_with, occurrence: of.occurrence))
                    fact.ofPassage = ofIndex
                }
                wanted.insert(fact)
            }
            if let origin = entry.repost_of { wanted.insert(Fact(kind: "repost", document: entry.id, of: origin)) }
            for source in entry.partial_repost_of ?? [] { wanted.insert(Fact(kind: "partial_repost", document: entry.id, of: source)) }
            for quote in entry.quotes ?? [] {
                let index = try #require(Self.passage(document, startingWith: quote.starts_with))
                wanted.insert(Fact(kind: "quotation", document: entry.id, passage: index, of: quote.of))
            }
        }
        #expect(Set(expected.documents.map(\.id)) == Set(result.documents.map(\.document.id)))

        var found = Set<Fact>()
        for document in result.documents {
            let id = document.document.id
            for passage in document.passages {
                if passage.kind != .content {
                    found.insert(Fact(kind: passage.kind.rawValue, document: id, passage: passage.passage.index, of: passage.of?.document, ofPassage: passage.of?.passage))
                }
                for span in passage.copiedSpans {
                    found.insert(Fact(kind: "quotation", document: id, passage: passage.passage.index, of: span.source.document))
                }
            }
            if let repost = document.repostOf { found.insert(Fact(kind: "repost", document: id, of: repost.id)) }
            for partial in document.partialRepostOf { found.insert(Fact(kind: "partial_repost", document: id, of: partial.id)) }
        }

        print("Samples/news: \(result.documents.count) documents")
        for kind in Set(wanted.map(\.kind)).union(found.map(\.kind)).sorted() {
            let expectedOfKind = wanted.filter { $0.kind == kind }
            let foundOfKind = found.filter { $0.kind == kind }
            let truePositives = expectedOfKind.intersection(foundOfKind).count
            let precision = foundOfKind.isEmpty ? 1 : Double(truePositives) / Double(foundOfKind.count)
            let recall = expectedOfKind.isEmpty ? 1 : Double(truePositives) / Double(expectedOfKind.count)
            let label = kind + String(repeating: " ", count: max(0, 15 - kind.count))
            print(String(format: "  \(label) expected %3d  found %3d  precision %.3f  recall %.3f", expectedOfKind.count, foundOfKind.count, precision, recall))
            #expect(precision == 1, "\(kind): false positives \(foundOfKind.subtracting(expectedOfKind).sorted { $0.description < $1.description })")
            #expect(recall == 1, "\(kind): missed \(expectedOfKind.subtracting(foundOfKind).sorted { $0.description < $1.description })")
        }
        // Every kind of finding the corpus is meant to exercise is present.
        #expect(Set(wanted.map(\.kind)) == ["boilerplate", "duplicate", "teaser", "repost", "partial_repost", "quotation"])
    }

    @Test func findingsDoNotDependOnInputOrder() throws {
        let (forward, _) = Scan().run([samplesFolder.path])
        var shuffled = forward.documents.map(\.document)
        var generator = SplitMix64(state: 2026)
        shuffled.shuffle(using: &generator)
        let backward = Analyzer().analyze(shuffled)
        for document in forward.documents {
            let other = try #require(backward.document(id: document.document.id))
            #expect(other.origin == document.origin)
            #expect(other.repostOf?.id == document.repostOf?.id)
            #expect(other.passages.map(\.kind) == document.passages.map(\.kind))
            #expect(other.passages.map(\.of) == document.passages.map(\.of))
        }
    }
}
