import Foundation

extension SuiteReport {
    /// The report as an aligned text table for people: the settings, one line per row with every
    /// metric, a line of targets, and the notes. A value that misses its target is marked `!`.
    public func table() -> String {
        var names: [String] = []
        for row in rows {
            for metric in row.metrics where !names.contains(metric.name) { names.append(metric.name) }
        }
        var targets: [String: Target] = [:]
        for row in rows {
            for metric in row.metrics { if let target = metric.target { targets[metric.name] = target } }
        }
        let header = ["tool", "dataset", "items"] + names + ["seconds"]
        var lines: [[String]] = [header]
        for row in rows {
            var cells = [row.tool, row.dataset, String(row.items)]
            for name in names {
                guard let metric = row.metrics.first(where: { $0.name == name }) else {
                    cells.append("")
                    continue
                }
                guard let value = metric.value else {
                    cells.append("—")
                    continue
                }
                let missed = metric.target.map { !$0.isMet(by: value) } ?? false
                cells.append(ReportRow.format(value) + (missed ? "!" : ""))
            }
            cells.append(row.seconds.map { String(format: "%.1f", $0) } ?? "")
            lines.append(cells)
        }
        if !targets.isEmpty {
            lines.append(["target", "", ""] + names.map { targets[$0]?.description ?? "" } + [""])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var output = "\(suite)\n"
        if !settings.isEmpty {
            output += "settings: " + settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "\n"
        }
        for line in lines {
            let padded = line.enumerated().map { column, cell in
                column < 2 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            output += padded.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        for note in notes { output += "note: \(note)\n" }
        return output
    }

    /// The report as one JSON object with sorted keys, for machines and for regression guards.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
