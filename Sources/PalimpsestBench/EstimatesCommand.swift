import ArgumentParser
import Foundation
import PalimpsestCore

/// `palimpsest-bench estimates`: Jaccard estimates of the one-permutation and the 128-permutation
/// signatures against the exact resemblance, on pairs of the corpus (every pair of consecutive
/// members of each ground-truth cluster, and as many random pairs), as a TSV for comparison with
/// other tools' estimates on the same pairs.
struct EstimatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimates",
        abstract: "Exact and estimated Jaccard similarity of document pairs, as TSV (id, id, exact, one-permutation, 128-permutation).")

    @Argument(help: "A JSON Lines corpus (id, text).")
    var corpus: String

    @Option(help: "Pairs to write: the first ids of each line of this file (id<TAB>id), or random pairs when absent.")
    var pairs: String?

    @Option(help: "Random pairs when --pairs is absent.")
    var count = 2000

    func run() throws {
        let loaded = try LoadedCorpus(path: corpus)
        var index: [String: Int] = [:]
        for (position, id) in loaded.ids.enumerated() { index[id] = position }
        var chosen: [(Int, Int)] = []
        if let pairs {
            for line in try String(contentsOfFile: pairs, encoding: .utf8).split(separator: "\n") {
                let columns = line.split(separator: "\t")
                if columns.count >= 2, let a = index[String(columns[0])], let b = index[String(columns[1])] { chosen.append((a, b)) }
            }
        } else {
            var generator = SplitMix64(state: 7)
            for _ in 0..<count { chosen.append((Int(generator.next() % UInt64(loaded.count)), Int(generator.next() % UInt64(loaded.count)))) }
        }
        let shingler = Shingler(size: 5), oneHash = OnePermutationHasher(), classic = MinHasher(permutations: 128)
        func shingles(_ document: Int) -> [UInt64] {
            var tokens: [UInt64] = []
            loaded.withText(document) { ByteTokenizer().appendTokenHashes(of: $0, to: &tokens) }
            return Jaccard.set(shingler.shingles(of: tokens))
        }
        var squaredOneHash = 0.0, squaredClassic = 0.0, measured = 0
        print("id_a\tid_b\texact\tone_permutation\tpermutations_128")
        for (a, b) in chosen {
            let first = shingles(a), second = shingles(b)
            guard let oneA = oneHash.signature(of: first), let oneB = oneHash.signature(of: second),
                  let classicA = classic.signature(of: first), let classicB = classic.signature(of: second) else { continue }
            let exact = Jaccard.similarity(first, second)
            let one = oneA.estimatedJaccard(with: oneB), permuted = classicA.estimatedJaccard(with: classicB)
            squaredOneHash += (one - exact) * (one - exact)
            squaredClassic += (permuted - exact) * (permuted - exact)
            measured += 1
            print("\(loaded.ids[a])\t\(loaded.ids[b])\t\(rounded(exact, 4))\t\(rounded(one, 4))\t\(rounded(permuted, 4))")
        }
        note(String(format: "%d pairs: RMS error one-permutation %.4f, 128 permutations %.4f", measured,
                    (squaredOneHash / Double(max(measured, 1))).squareRoot(), (squaredClassic / Double(max(measured, 1))).squareRoot()))
    }
}
