import ArgumentParser
import Palimpsest
import PalimpsestDedup

/// The limits on any one input (`--max-…`), shared by every command that reads inputs: what is
/// over one is skipped with a message naming the limit, and the run goes on.
struct InputLimitOptions: ParsableArguments {
    @Option(name: .customLong("max-input-size"), help: ArgumentHelp("The largest file read whole (default 1G; WARC streams have no total).", valueName: "size"))
    var inputSize: String?

    @Option(name: .customLong("max-decompressed-size"), help: ArgumentHelp("The largest decompressed size of a gzip file read whole (default 1G).", valueName: "size"))
    var decompressedSize: String?

    @Option(name: .customLong("max-compression-ratio"), help: ArgumentHelp("The most gzip data may expand once past 64M of output, against decompression bombs (default 200).", valueName: "ratio"))
    var compressionRatio: Int?

    @Option(name: .customLong("max-document-size"), help: ArgumentHelp("The largest document text or WARC record (default 64M).", valueName: "size"))
    var documentSize: String?

    @Option(name: .customLong("max-line-length"), help: ArgumentHelp("The longest line of JSON Lines, text or Markdown (default 32M).", valueName: "size"))
    var lineLength: String?

    @Option(name: .customLong("max-html-depth"), help: ArgumentHelp("The deepest element nesting of an HTML page (default and most 256, libxml2's own limit).", valueName: "levels"))
    var htmlDepth: Int?

    /// The limits in effect: the defaults, with what was given.
    ///
    /// Sizes go through ``ByteSize/parse(_:)``, which refuses what is not finite or is over
    /// ``ByteSize/largest`` instead of trapping; whole numbers are read by the argument parser, which
    /// refuses what does not fit an `Int`.
    /// - Throws: `ValidationError` naming an option whose value is not a positive size or number.
    func limits() throws -> InputLimits {
        var limits = InputLimits.standard
        func size(_ text: String?, _ option: String) throws -> Int? {
            guard let text else { return nil }
            guard let bytes = ByteSize.parse(text), bytes > 0 else {
                throw ValidationError(DisplayText.sanitized("--\(option) takes a size from 1 byte to 1024T, such as 64M or 2G (got '\(text)')"))
            }
            return bytes
        }
        func positive(_ value: Int?, _ option: String) throws -> Int? {
            guard let value else { return nil }
            guard value > 0 else { throw ValidationError("--\(option) takes a positive number (got \(value))") }
            return value
        }
        if let bytes = try size(inputSize, "max-input-size") { limits.maximumInputBytes = bytes }
        if let bytes = try size(decompressedSize, "max-decompressed-size") { limits.maximumDecompressedBytes = bytes }
        if let ratio = try positive(compressionRatio, "max-compression-ratio") { limits.maximumCompressionRatio = ratio }
        if let bytes = try size(documentSize, "max-document-size") { limits.maximumDocumentBytes = bytes }
        if let bytes = try size(lineLength, "max-line-length") { limits.maximumLineBytes = bytes }
        if let depth = try positive(htmlDepth, "max-html-depth") {
            guard depth <= InputLimits.libxml2Depth else {
                throw ValidationError("--max-html-depth can lower libxml2's limit of \(InputLimits.libxml2Depth) but not raise it (got \(depth))")
            }
            limits.maximumHTMLDepth = depth
        }
        return limits
    }

    func validate() throws { _ = try limits() }
}
