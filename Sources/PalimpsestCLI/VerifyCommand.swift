import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest verify`: checks a run manifest's signature and the files it names.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run manifest: its signature (with --key) and the SHA-256 of every input and output it names.",
        discussion: """
            Each mismatch is named on standard error. Without --key, anyone could have written the manifest, so only files inside \
            the base folder (--base, default the current one) are hashed; with --key and a signature that holds, every file named. \
            Exit status: 0 when everything checked holds; 1 when a file changed, is missing or lies outside the base, or the \
            signature does not hold; 2 when the manifest cannot be read (over 64 MiB, not a DSSE envelope, a JSON member named \
            twice, not a run statement of this release).
            """)

    @Argument(help: "The manifest (from --manifest).")
    var manifest: String

    @Option(help: ArgumentHelp("The public key (PEM) the manifest must be signed by; without it, only the digests are checked.", valueName: "pub"))
    var key: String?

    @Option(help: ArgumentHelp(
        "The folder relative file names are resolved in (default: the current one, where the run was made); without --key, files outside it are not read.",
        valueName: "folder"))
    var base: String?

    @Flag(name: .shortAndLong, help: "Print only problems.")
    var quiet = false

    func run() throws {
        var verifyingKey: VerifyingKey? = nil
        if let key {
            guard let pem = try? String(contentsOfFile: key, encoding: .utf8) else { throw ValidationError(DisplayText.sanitized("--key \(key): cannot read the file")) }
            do {
                verifyingKey = try VerifyingKey(pem: pem)
            } catch {
                throw ValidationError(DisplayText.sanitized("--key \(key): \(error)"))
            }
        }
        // At most one byte more than a manifest may take: a larger one is refused unread.
        guard let handle = FileHandle(forReadingAtPath: manifest),
              let data = try? handle.read(upToCount: ManifestVerifier.maximumEnvelopeBytes + 1) ?? Data()
        else {
            Messages.print("\(manifest): cannot read the manifest")
            throw ExitCode(ExitStatus.failed)
        }
        try? handle.close()
        var verifier = ManifestVerifier(key: verifyingKey)
        if let base { verifier.base = URL(fileURLWithPath: base) }
        let verdict = verifier.verify(data)
        if !quiet {
            if let statement = verdict.statement {
                let run = statement.predicate
                say("manifest: \(run.tool.name) \(run.tool.version) \(run.command), \(run.startedOn) to \(run.finishedOn)")
            }
            switch verdict.signature {
            case .unsigned: say("signature: none")
            case .notChecked(let ids): say("signature: by key \(ids.joined(separator: ", ")), not checked (give --key)")
            case .verified(let id): say("signature: verified, key \(id)")
            case .invalid: say("signature: does not hold")
            }
            for note in verdict.notes { say(note) }
        }
        for problem in verdict.problems { Messages.print("\(manifest): \(problem)") }
        if verdict.isMalformed { throw ExitCode(ExitStatus.failed) }
        if !verdict.isSound {
            Messages.print("\(manifest): \(verdict.problems.count) problem(s)")
            throw ExitCode(ExitStatus.someInputsFailed)
        }
        if !quiet {
            say("verified: every file named has the digest recorded" + (verdict.signature.isVerified
                ? "" : " (the signature was not checked: anyone could have written this manifest)"))
        }
    }

    /// One line on standard output, with the manifest's words (file names, key ids) shown safely.
    private func say(_ line: String) {
        print(DisplayText.sanitized(line))
    }
}
