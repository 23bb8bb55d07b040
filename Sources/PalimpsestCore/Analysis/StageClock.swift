import Foundation

/// One stage of a run: how long it took, and how high the process's memory had risen by its end.
public struct StageTiming: Sendable, Hashable {
    /// What the stage does ("prepare", "passage matching", …).
    public var name: String
    /// Wall-clock seconds.
    public var seconds: Double
    /// The process's peak resident memory at the stage's end, in bytes. A peak never falls, so the
    /// stage that raised it shows as a step from the one before.
    public var peakResidentBytes: Int
}

/// Times the stages of a run one after another, for `--stats` and the benchmarks: where the time
/// goes and which stage sets the memory peak.
public struct StageClock: Sendable {
    private var start = ContinuousClock.now
    /// The stages finished so far, in order.
    public private(set) var stages: [StageTiming] = []

    /// Starts timing the first stage now.
    public init() {}

    /// Ends the current stage, names it, and starts the next.
    public mutating func finish(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = now - start
        stages.append(StageTiming(
            name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            peakResidentBytes: Self.peakResidentBytes()))
        start = now
    }

    /// Appends stages timed elsewhere (an analysis inside a command's run), restarting this clock.
    public mutating func append(contentsOf other: [StageTiming]) {
        stages += other
        start = ContinuousClock.now
    }

    /// The process's peak resident memory so far, in bytes.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
