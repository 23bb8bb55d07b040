import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest verify`: checks a run manifest's signature and the files it names.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run manifest: its signature (with --key) and the SHA-256 of every input and output it names.",
        discussion: "Each mismatch is named on standard error. Exit status: 0 when everything checked holds; 1 when a file changed or is missing, or the signature does not hold; 2 when the manifest cannot be read.")

    @Argument(help: "The manifest (from --manifest).")
    var manifest: String

    @Option(help: ArgumentHelp("The public key (PEM) the manifest must be signed by; without it, only the digests are checked.", valueName: "pub"))
    var key: String?

    @Option(help: ArgumentHelp("The folder relative file names are resolved in (default: the current one, where the run was made).", valueName: "folder"))
    var base: String?

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    func run() throws {
        var verifyingKey: VerifyingKey? = nil
        if let key {
            guard let pem = try? String(contentsOfFile: key, encoding: .utf8) else { throw ValidationError("--key \(key): cannot read the file") }
            do {
                verifyingKey = try VerifyingKey(pem: pem)
            } catch {
                throw ValidationError("--key \(key): \(error)")
            }
        }
        guard let data = FileManager.default.contents(atPath: manifest) else {
            FileHandle.standardError.write(Data("palimpsest: \(manifest): cannot read the manifest\n".utf8))
            throw ExitCode(ExitStatus.failed)
        }
        var verifier = ManifestVerifier(key: verifyingKey)
        if let base { verifier.base = URL(fileURLWithPath: base) }
        let verdict = verifier.verify(data)
        if !quiet {
            if let statement = verdict.statement {
                let run = statement.predicate
                print("manifest: \(run.tool.name) \(run.tool.version) \(run.command), \(run.startedOn) to \(run.finishedOn)")
            }
            switch verdict.signature {
            case .unsigned: print("signature: none")
            case .notChecked(let ids): print("signature: by key \(ids.joined(separator: ", ")), not checked (give --key)")
            case .verified(let id): print("signature: verified, key \(id)")
            case .invalid: print("signature: does not hold")
            }
            verdict.notes.forEach { print($0) }
        }
        for problem in verdict.problems { FileHandle.standardError.write(Data("palimpsest: \(manifest): \(problem)\n".utf8)) }
        if verdict.statement == nil { throw ExitCode(ExitStatus.failed) }
        if !verdict.isSound {
            FileHandle.standardError.write(Data("palimpsest: \(manifest): \(verdict.problems.count) problem(s)\n".utf8))
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        if !quiet {
            print("verified: every file named has the digest recorded" + (verdict.signature == .verified(keyID: verifyingKey?.keyID ?? "")
                ? "" : " (the signature was not checked: anyone could have written this manifest)"))
        }
    }
}
