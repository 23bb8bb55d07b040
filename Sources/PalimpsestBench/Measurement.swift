import Foundation

/// Wall and CPU time of a piece of work, and the process's peak resident memory after it.
struct Measurement {
    /// Wall-clock seconds.
    var wall: Double
    /// User plus system CPU seconds of the whole process (every thread).
    var cpu: Double

    /// Runs `body` and measures it.
    static func of<T>(_ body: () throws -> T) rethrows -> (T, Measurement) {
        let cpuBefore = cpuSeconds(), start = ContinuousClock.now
        let value = try body()
        let elapsed = ContinuousClock.now - start
        return (value, Measurement(wall: seconds(elapsed), cpu: cpuSeconds() - cpuBefore))
    }

    /// Runs `body` and measures it.
    static func of<T>(_ body: () async throws -> T) async rethrows -> (T, Measurement) {
        let cpuBefore = cpuSeconds(), start = ContinuousClock.now
        let value = try await body()
        let elapsed = ContinuousClock.now - start
        return (value, Measurement(wall: seconds(elapsed), cpu: cpuSeconds() - cpuBefore))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// User plus system CPU seconds used by the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
    }
}

/// Prints a `RESULT {json}` line on standard output.
func printResult(_ fields: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    print("RESULT " + String(decoding: data, as: UTF8.self))
}

/// Writes a line to standard error.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// `x` rounded to `places` decimals, for reports.
func rounded(_ x: Double, _ places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (x * scale).rounded() / scale
}
