import Foundation
import Palimpsest
import Testing

/// The HTML report rendered by a real headless browser (Debian's chromium).
@Suite struct HTMLReportBrowserTests {
    static let chromium = "/usr/bin/chromium"

    /// Renders `html` headlessly: a screenshot and the DOM after load.
    static func render(_ report: URL, screenshot: URL) throws -> String {
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2000", "--virtual-time-budget=3000"]
        let shot = try run(chromium, common + ["--screenshot=\(screenshot.path)", report.absoluteString])
        #expect(shot.status == 0, "\(shot.error)")
        let dump = try run(chromium, common + ["--dump-dom", report.absoluteString])
        #expect(dump.status == 0, "\(dump.error)")
        return String(decoding: dump.output, as: UTF8.self)
    }

    @Test(
        "hostile documents render as text and run nothing",
        .enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "run `bash .ci/install-deps --tests` to install chromium"))
    func hostileTextStaysText() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let attacks = [
            "<script>document.body.setAttribute('data-pwned','script')</script>",
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','onerror')\">",
            "<a href=\"javascript:document.body.setAttribute('data-pwned','href')\">click me</a>",
            "\"><svg onload=\"document.body.setAttribute('data-pwned','svg')\">",
        ]
        try write(attacks.joined(separator: "\n\n") + "\n\nA plain paragraph about the harbour and its ferries, long enough to be prose.", to: "hostile.txt", in: folder)
        try write("---\ntitle: \"<script>alert(1)</script>\"\nsite: Evil & Co\n---\nThe harbour authority said on Monday that fares on the island ferry will rise by twelve percent from April.", to: "titled.md", in: folder)
        // Provenance fields are attacker-written too: an id, a URL, a site and a title.
        let record: [String: String] = [
            "id": "x\" onmouseover=\"document.body.setAttribute('data-pwned','id')",
            "url": "javascript:document.body.setAttribute('data-pwned','url')",
            "site": "<img src=x onerror=\"document.body.setAttribute('data-pwned','site')\">",
            "title": "<body onload=\"document.body.setAttribute('data-pwned','title')\">",
            "text": "A record whose provenance fields carry markup, with a paragraph of ordinary words after it.",
        ]
        try write(String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self) + "\n", to: "fields.jsonl", in: folder)
        let (result, _) = Scan().run([folder.path])
        #expect(result.documents.count == 3)
        let report = folder.appendingPathComponent("report.html")
        try AtomicOutput.write(to: report.path) { try HTMLReportExporter().export(result, to: $0) }
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(!html.contains("href=\"javascript:"), "no javascript: link is written")

        let screenshot = folder.appendingPathComponent("report.png")
        let dom = try Self.render(report, screenshot: screenshot)
        #expect(try Data(contentsOf: screenshot).starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        // The attacks would set an attribute on <body>; the attack text itself mentions it only as text.
        #expect(!dom.contains("data-pwned=\""), "no injected script, handler or link ran")
        #expect(dom.contains("<body>"))
        #expect(!dom.contains("<script"), "no script element in the rendered page")
        #expect(!dom.contains("<svg"))
        #expect(dom.contains("&lt;script&gt;document.body.setAttribute"), "the attack is shown as text")
        #expect(dom.contains("<title>Palimpsest report</title>"))
        #expect(dom.contains("Evil &amp; Co"))
    }

    @Test(
        "the samples report shows clusters, timelines and linked copies",
        .enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "run `bash .ci/install-deps --tests` to install chromium"))
    func samplesReportRenders() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, _) = Scan().run([samplesFolder.path])
        let report = folder.appendingPathComponent("report.html")
        try AtomicOutput.write(to: report.path) { try HTMLReportExporter().export(result, to: $0) }
        let dom = try Self.render(report, screenshot: folder.appendingPathComponent("report.png"))

        #expect(dom.components(separatedBy: "class=\"document\"").count - 1 == result.documents.count)
        #expect(dom.components(separatedBy: "class=\"cluster\"").count - 1 == result.repostGroups.count)
        #expect(dom.components(separatedBy: "class=\"tick origin\"").count - 1 == result.repostGroups.count)
        #expect(result.repostGroups.count == 7)
        #expect(dom.contains("<td>teaser</td><td>8</td>"))
        // Every copy links to a passage that exists in the page.
        let passages = result.documents.flatMap(\.passages)
        #expect(dom.components(separatedBy: "class=\"of\"").count - 1 == passages.filter { $0.of != nil }.count)
        #expect(dom.components(separatedBy: "class=\"quoted\"").count - 1 == passages.map(\.copiedSpans.count).reduce(0, +) + 1)
    }
}
