import Foundation
import Testing

/// `scan` and `dedup` answer "which documents are near-duplicates?" the same way: the same shingles
/// (word 5-grams over the whole text), the same threshold and the same policy (connected
/// components), so one corpus gets one set of clusters from either command. `scan` also says which
/// documents repost another's content under other chrome, in `repost_of`.
@Suite struct ClusterAgreementTests {
    static let paragraphs = [
        "The harbour authority said on Monday that fares on the island ferry will rise by twelve percent from the first of April, blaming fuel costs and the repair of the northern pier.",
        "Passengers who travel daily will be able to buy a new monthly pass, which the authority says will limit the increase for commuters to about four percent over the year.",
        "The council's transport committee will discuss the change next week, and several councillors have already said they will ask for the pier repairs to be paid from reserves.",
        "Fishing crews, who use the same pier, said the works had already cost them two weeks of landings this winter and asked for compensation from the harbour fund.",
        "A spokesman for the ferry company said the new timetable would be published in March, with an extra sailing on Friday evenings during the summer months.",
    ]
    static let chrome = [
        "Coastal Courier: local news, weather, sport and the tide tables for the whole of the northern coast, every morning since nineteen twelve, read by forty thousand households.",
        "Sign up for our morning newsletter to get the day's headlines, the ferry timetable and the weekend's events in your inbox before breakfast, free of charge, every single day.",
    ]

    /// Partitions of ids, labels aside.
    static func partition(_ labels: [String: String]) -> Set<Set<String>> {
        Set(Dictionary(grouping: labels.keys, by: { labels[$0]! }).values.map(Set.init))
    }

    @Test func scanAndDedupMakeTheSameClusters() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let article = Self.paragraphs.joined(separator: "\n\n")
        let oneWord = article.replacingOccurrences(of: "about four", with: "roughly four")
        let twoWords = oneWord.replacingOccurrences(of: "next week", with: "on Thursday")
        let underChrome = ([Self.chrome[0]] + Self.paragraphs + [Self.chrome[1]]).joined(separator: "\n\n")
        let records: [(id: String, text: String, published: String)] = [
            ("origin", article, "2026-03-01"), ("copy", oneWord, "2026-03-02"), ("copy-of-copy", twoWords, "2026-03-03"),
            ("courier", underChrome, "2026-03-04"),
            ("bakery", "A new bakery opened on Mill Street on Saturday, selling rye loaves and cardamom buns to a queue that stretched past the post office.", "2026-03-01"),
            ("bakery-again", "A new bakery opened on Mill Street on Saturday, selling rye loaves and cardamom buns to a queue that stretched past the post office.", "2026-03-05"),
            ("weather", "Snow is expected on the hills above the town on Sunday night, and the council has put its gritting lorries on standby for the morning.", "2026-03-02"),
        ]
        let lines = try records.map { record in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": record.id, "text": record.text, "published": record.published], options: [.sortedKeys]), as: UTF8.self)
        }
        let corpus = try write(lines.joined(separator: "\n") + "\n", to: "corpus.jsonl", in: folder)

        let clusters = folder.appendingPathComponent("clusters.tsv")
        let dedup = try run(CommandLineTests.executable, ["dedup", corpus.path, "-o", clusters.path, "--quiet"])
        #expect(dedup.status == 0, "\(dedup.error)")
        var dedupLabels: [String: String] = [:]
        for line in try String(contentsOf: clusters, encoding: .utf8).split(separator: "\n") {
            let columns = line.split(separator: "\t").map(String.init)
            dedupLabels[columns[0]] = columns[1]
        }

        let annotated = folder.appendingPathComponent("scan.jsonl")
        let scan = try run(CommandLineTests.executable, ["scan", corpus.path, "-o", annotated.path, "--quiet"])
        #expect(scan.status == 0, "\(scan.error)")
        var scanLabels: [String: String] = [:], repostOf: [String: String] = [:]
        for line in try String(contentsOf: annotated, encoding: .utf8).split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(record["id"] as? String)
            scanLabels[id] = "\(record["cluster"] ?? "")"
            repostOf[id] = (record["repost_of"] as? [String: Any])?["id"] as? String
        }

        let expected: Set<Set<String>> = [["origin", "copy", "copy-of-copy"], ["bakery", "bakery-again"], ["courier"], ["weather"]]
        #expect(Self.partition(dedupLabels) == expected)
        #expect(Self.partition(scanLabels) == expected, "the chrome keeps the courier's whole text below the threshold, for both")
        #expect(repostOf["courier"] == nil, "one page of a site teaches no template, so its chrome is content here")
        #expect(repostOf["copy-of-copy"] == "origin")
    }
}
