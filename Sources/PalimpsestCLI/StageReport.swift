import Foundation
import Palimpsest

/// The `--stats` table: one line per stage with its wall and CPU time and the memory peak after it.
enum StageReport {
    /// Prints `stages` on standard error, with the total and documents a second.
    static func print(_ stages: [StageTiming], documents: Int) {
        let total = stages.reduce(0) { $0 + $1.seconds }, cpu = stages.reduce(0) { $0 + $1.cpuSeconds }
        var lines = ["stage                              seconds     CPU s   peak MB"]
        for stage in stages {
            let name = stage.name.count < 32 ? stage.name + String(repeating: " ", count: 32 - stage.name.count) : stage.name
            lines.append(name + String(format: " %9.3f %9.3f %9d", stage.seconds, stage.cpuSeconds, stage.peakResidentBytes / 1_000_000))
        }
        lines.append(String(format: "total                            %9.3f %9.3f %9d   (%.0f documents/s)",
                            total, cpu, StageClock.peakResidentBytes() / 1_000_000, total > 0 ? Double(documents) / total : 0))
        lines.forEach(Messages.print)
    }
}
