import Foundation
import Testing
@testable import PalimpsestCore

@Suite struct OriginOrderTests {
    @Test func datesDecideBeforeText() {
        let later = makeDocument("later", published: "2025-03-02", [lead, second, third, fourth])
        let earlier = makeDocument("earlier", published: "2025-03-01", [lead])
        let result = Analyzer().analyze([later, earlier])
        #expect(result.document(id: "later")?.passages[0].of?.document == "earlier")
    }

    @Test("without dates, the document holding more of the other is the source, whatever the input order", arguments: [false, true])
    func undatedCopyPointsAtTheFullerDocument(copyFirst: Bool) {
        let source = makeDocument("source", [lead, second, third, fourth] + unrelated)
        let copy = makeDocument("copy", [second, third])
        let result = Analyzer().analyze(copyFirst ? [copy, source] : [source, copy])
        let copied = result.document(id: "copy")?.passages ?? []
        #expect(copied.allSatisfy { $0.of?.document == "source" })
        #expect(result.document(id: "source")?.passages.allSatisfy { $0.of == nil } == true)
    }

    @Test func aTextCopiedByManyOutranksEachCopy() {
        // Each answer takes a different part of the original and adds text of its own, so each is
        // as long as the original; the original still holds what they all share.
        let original = makeDocument("original", [lead, second, third, fourth])
        let answers = (0..<3).map { number in
            makeDocument("answer-\(number)", [[lead, second, third, fourth][number], unrelated[number], [lead, second, third, fourth][number + 1]])
        }
        let scores = OriginOrder.sourceScores(([original] + answers).map { document in
            Jaccard.set(document.passages.flatMap { passage in
                Shingler().shingles(of: Tokenizer().tokenize(TextNormalizer().normalize(passage.text)).hashes)
            })
        })
        #expect(scores[0] > scores[1...].max()!)
        let order = OriginOrder.order(answers + [original], shingleSets: (answers + [original]).map { document in
            Jaccard.set(Shingler().shingles(of: Tokenizer().tokenize(TextNormalizer().normalize(document.text)).hashes))
        })
        #expect(order.first == 3, "the original, given last, comes first")
    }
}
