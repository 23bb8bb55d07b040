import Foundation

/// Writes analysis results in one output format: the seam where new output formats plug in.
///
/// ## Contract
/// - ``export(_:to:)`` may be called from any thread; an exporter holds no mutable state.
/// - It writes the whole result through the writer and nothing else; the caller decides where the
///   bytes go (standard output, or a temporary file renamed into place when complete, so a killed
///   run never leaves a truncated file under the final name).
/// - Output is deterministic: the same result gives the same bytes.
/// - Offsets it writes are Unicode scalar offsets into ``Document/text``.
public protocol Exporter: Sendable {
    /// The registry name and version.
    var stamp: PluginStamp { get }
    /// One line saying what the exporter writes.
    var summary: String { get }
    /// The usual file extension of its output, without the dot.
    var fileExtension: String { get }
    /// Writes `result`.
    func export(_ result: AnalysisResult, to writer: ExportWriter) throws
}

/// A buffered byte sink for exporters: standard output, a file, or memory.
public final class ExportWriter {
    private enum Destination {
        case handle(FileHandle)
        case memory
    }

    private let destination: Destination
    private var buffer: [UInt8] = []
    private var collected: [UInt8] = []

    private init(destination: Destination) { self.destination = destination }

    /// A writer to an open file handle (the caller closes it).
    public static func fileHandle(_ handle: FileHandle) -> ExportWriter { ExportWriter(destination: .handle(handle)) }

    /// A writer that keeps everything in memory; read it with ``contents``.
    public static func inMemory() -> ExportWriter { ExportWriter(destination: .memory) }

    /// Appends UTF-8 text.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Appends bytes.
    public func write(bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Hands buffered bytes to the destination.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        switch destination {
        case .handle(let handle): try handle.write(contentsOf: buffer)
        case .memory: collected.append(contentsOf: buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything written to an in-memory writer, as UTF-8 text.
    public var contents: String {
        String(decoding: collected + buffer, as: UTF8.self)
    }
}
