import Foundation

/// One stage of a run: how long it took, on how many cores, and how high the process's memory had
/// risen by its end.
public struct StageTiming: Sendable, Hashable {
    /// What the stage does ("prepare", "passage matching", …).
    public var name: String
    /// Wall-clock seconds.
    public var seconds: Double
    /// CPU seconds the process spent in the stage, user and system, on all its threads: against
    /// ``seconds``, how much of the stage ran on more than one core.
    public var cpuSeconds: Double
    /// The process's peak resident memory at the stage's end, in bytes. A peak never falls, so the
    /// stage that raised it shows as a step from the one before.
    public var peakResidentBytes: Int
}

/// Times the stages of a run one after another, for `--stats` and the benchmarks: where the time
/// goes and which stage sets the memory peak.
public struct StageClock: Sendable {
    private var start = ContinuousClock.now
    private var cpuStart = StageClock.cpuSeconds()
    /// The stages finished so far, in order.
    public private(set) var stages: [StageTiming] = []

    /// Starts timing the first stage now.
    public init() {}

    /// Ends the current stage, names it, and starts the next.
    public mutating func finish(_ name: String) {
        let now = ContinuousClock.now, cpuNow = Self.cpuSeconds()
        let elapsed = now - start
        stages.append(StageTiming(
            name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            cpuSeconds: cpuNow - cpuStart, peakResidentBytes: Self.peakResidentBytes()))
        start = now
        cpuStart = cpuNow
    }

    /// Appends stages timed elsewhere (an analysis inside a command's run), restarting this clock.
    public mutating func append(contentsOf other: [StageTiming]) {
        stages += other
        start = ContinuousClock.now
        cpuStart = Self.cpuSeconds()
    }

    /// The CPU seconds the process has spent so far, user and system.
    public static func cpuSeconds() -> Double {
        let usage = resourceUsage()
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's peak resident memory so far, in bytes.
    public static func peakResidentBytes() -> Int { resourceUsage().ru_maxrss * 1024 }

    /// What the kernel counts of this process's use of CPU and memory.
    private static func resourceUsage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }
}
