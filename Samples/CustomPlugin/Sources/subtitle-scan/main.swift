import ClusterTableExporter
import Palimpsest
import SubRipExtractor

// Registers the two plugins beside the built-ins, scans the paths given, and prints the cluster table.
var registry = PluginRegistry.builtin
try registry.register(SubRipExtractor())
try registry.register(ClusterTableExporter())

let paths = Array(CommandLine.arguments.dropFirst())
let (result, _) = Scan(reader: CorpusReader(registry: registry)).run(paths.isEmpty ? ["talks"] : paths) { problem in
    print("subtitle-scan: \(problem)")
}
try AtomicOutput.write(to: nil) { try registry.exporter(named: "clusters")!.export(result, to: $0) }
