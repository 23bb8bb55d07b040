import Foundation

/// What one evaluation suite measured: one row per tool and data set, the settings used, and notes.
///
/// Reports are plain values so they can be printed as a table for people, written as JSON for
/// machines, compared against the targets of the issue that set them, and merged with the rows a
/// peer runner produces for other tools on the same data.
public struct SuiteReport: Sendable, Hashable, Codable {
    /// The suite's name, such as `reposts`.
    public var suite: String
    /// The settings the detectors ran with, as `name → value` (shingle size, threshold, …).
    public var settings: [String: String]
    /// The measured rows: ours first, then any peers'.
    public var rows: [ReportRow]
    /// Remarks a reader needs to interpret the rows (data caveats, what was skipped and why).
    public var notes: [String]

    /// Creates a report.
    public init(suite: String, settings: [String: String] = [:], rows: [ReportRow] = [], notes: [String] = []) {
        self.suite = suite
        self.settings = settings
        self.rows = rows
        self.notes = notes
    }

    /// Every metric that has a target and misses it, as `tool / dataset: metric value < target`.
    public var missedTargets: [String] {
        rows.flatMap { row in
            row.metrics.compactMap { metric -> String? in
                guard let target = metric.target, let value = metric.value, !target.isMet(by: value) else { return nil }
                return "\(row.tool) / \(row.dataset): \(metric.name) \(ReportRow.format(value)) (target \(target))"
            }
        }
    }
}

/// One tool's measurements on one data set.
public struct ReportRow: Sendable, Hashable, Codable {
    /// The tool and its version, such as `palimpsest 0.1.0` or `trafilatura 2.0.0`.
    public var tool: String
    /// The data set (or slice of one) measured.
    public var dataset: String
    /// The items scored (pages, documents, pairs).
    public var items: Int
    /// The measurements, in the order they should be shown.
    public var metrics: [Metric]
    /// Wall-clock seconds the tool took on the data set, when measured.
    public var seconds: Double?

    /// Creates a row.
    public init(tool: String, dataset: String, items: Int, metrics: [Metric], seconds: Double? = nil) {
        self.tool = tool
        self.dataset = dataset
        self.items = items
        self.metrics = metrics
        self.seconds = seconds
    }

    /// The value of the metric with this name, if measured.
    public func value(of name: String) -> Double? {
        metrics.first { $0.name == name }?.value
    }

    /// A value as the table shows it: the integer itself for counts, one decimal for quantities of
    /// ten or more (megabytes, seconds), else three decimals (ratios).
    static func format(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        return String(format: abs(value) >= 10 ? "%.1f" : "%.3f", value)
    }
}

/// One measured quantity, with the target it must reach where an issue set one.
public struct Metric: Sendable, Hashable, Codable {
    /// The metric's name (`word_f1`, `pair_precision`, …), snake case as in the JSON output.
    public var name: String
    /// The value; nil when the metric does not apply to this tool (a peer that chooses no origin).
    public var value: Double?
    /// The level it must reach, when one was set.
    public var target: Target?

    /// Creates a metric.
    public init(_ name: String, _ value: Double?, target: Target? = nil) {
        self.name = name
        self.value = value
        self.target = target
    }
}

/// A level a metric must reach.
public struct Target: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the value compares with the level.
    public enum Comparison: String, Sendable, Hashable, Codable {
        /// The value must be at least the level.
        case atLeast = ">="
        /// The value must be at most the level.
        case atMost = "<="
    }

    /// How the value compares with the level.
    public var comparison: Comparison
    /// The level.
    public var level: Double

    /// A value that must be at least `level`.
    public static func atLeast(_ level: Double) -> Target { Target(comparison: .atLeast, level: level) }
    /// A value that must be at most `level`.
    public static func atMost(_ level: Double) -> Target { Target(comparison: .atMost, level: level) }

    /// Whether `value` reaches the level.
    public func isMet(by value: Double) -> Bool {
        switch comparison {
        case .atLeast: value >= level - 1e-9
        case .atMost: value <= level + 1e-9
        }
    }

    /// `>= 0.98`.
    public var description: String { "\(comparison.rawValue) \(ReportRow.format(level))" }
}
