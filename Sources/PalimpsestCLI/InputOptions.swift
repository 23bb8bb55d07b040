import ArgumentParser
import Palimpsest

/// How the paths given become the files read (`--follow-symlinks`), shared by every command that
/// reads inputs (`scan`, `dedup`, `index add`, `check`), so a folder is walked the same way by all.
struct InputOptions: ParsableArguments {
    @Flag(name: .customLong("follow-symlinks"), help: "Follow symbolic links inside a folder that lead outside the folders given (by default they are skipped with a warning).")
    var followsSymlinks = false

    /// The discovery these options ask for, for ``CorpusReader/discovery``.
    var discovery: InputDiscovery { InputDiscovery(followsExternalSymlinks: followsSymlinks) }

    /// A reader of the inputs with these options and `limits`.
    func reader(registry: PluginRegistry = .builtin, forcedExtractor: String? = nil, limits: InputLimits) -> CorpusReader {
        var reader = CorpusReader(registry: registry, forcedExtractor: forcedExtractor, limits: limits)
        reader.discovery = discovery
        return reader
    }
}
