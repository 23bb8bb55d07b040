import ArgumentParser

/// `palimpsest-bench`: the benchmark executable. Release builds only give meaningful figures.
///
/// Every subcommand prints a human-readable table on standard error and one `RESULT {json}` line
/// on standard output, the shape `../shared/bench/run_all.sh` collects beside the peers' lines.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palimpsest-bench",
        abstract: "Measure Palimpsest's stages, signatures and paragraph hashing on a JSON Lines corpus.",
        subcommands: [StagesCommand.self, SignaturesCommand.self, ParagraphsCommand.self, EstimatesCommand.self])
}
