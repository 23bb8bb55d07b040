/// Something wrong with one input, reported with where it happened; the run goes on.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// How much of the input was lost.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Read in full, with a repair (for example invalid UTF-8 replaced by U+FFFD).
        case warning
        /// The input, or part of it (a line, a record), was skipped.
        case error
    }

    /// A place inside an input.
    public enum Position: Sendable, Hashable, CustomStringConvertible {
        /// A 1-based line number.
        case line(Int)
        /// A 0-based byte offset.
        case byte(Int)

        /// `line N` or `byte N`.
        public var description: String {
            switch self {
            case .line(let line): "line \(line)"
            case .byte(let byte): "byte \(byte)"
            }
        }
    }

    /// The file path or URI (`-` for standard input).
    public var location: String
    /// Where in the input, when known.
    public var position: Position?
    /// What went wrong and, where it helps, what to do.
    public var message: String
    /// Whether anything was skipped.
    public var severity: Severity

    /// Creates a problem report.
    public init(location: String, position: Position? = nil, message: String, severity: Severity = .error) {
        self.location = location
        self.position = position
        self.message = message
        self.severity = severity
    }

    /// `location[:position]: severity: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        let place = position.map { "\(location): \($0)" } ?? location
        return "\(place): \(severity.rawValue): \(message)"
    }
}
