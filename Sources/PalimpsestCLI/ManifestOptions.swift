import ArgumentParser
import Foundation
import Palimpsest

/// `--manifest FILE` and `--sign-key KEY`: a run manifest for commands that write outputs.
struct ManifestOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Also write a run manifest (atomically): an in-toto statement in a DSSE envelope naming the tool, every setting, the SHA-256 of each input and output, and the counts; check it with `palimpsest verify`.",
        valueName: "file"))
    var manifest: String?

    @Option(name: .customLong("sign-key"), help: ArgumentHelp("Sign the manifest with this Ed25519 private key (PEM; see `palimpsest keygen`).", valueName: "key"))
    var signKey: String?

    func validate() throws {
        if signKey != nil, manifest == nil { throw ValidationError("--sign-key signs a manifest: give --manifest FILE too") }
        _ = try signingKey()
        if let signKey, let mode = Self.groupOrOthersAccess(signKey) {
            Messages.warn("--sign-key \(signKey) is open to others than its owner (mode \(String(mode, radix: 8))): anyone who can read it can sign manifests as you; make it private with `chmod 600 \(signKey)`")
        }
    }

    /// The permission bits of `path` when group or others may read or write it (the file itself,
    /// symbolic links followed); nil when it is private or cannot be looked at.
    static func groupOrOthersAccess(_ path: String) -> Int? {
        guard let status = try? FileStatus(path: path) else { return nil }
        let mode = Int(status.permissions & 0o777)
        return mode & 0o066 == 0 ? nil : mode
    }

    /// The signing key, read from `--sign-key`; nil when none was given.
    /// - Throws: `ValidationError` naming the file when it cannot be read as an Ed25519 key.
    func signingKey() throws -> SigningKey? {
        guard let signKey else { return nil }
        guard let pem = try? String(contentsOfFile: signKey, encoding: .utf8) else { throw ValidationError(DisplayText.sanitized("--sign-key \(signKey): cannot read the file")) }
        do {
            return try SigningKey(pem: pem)
        } catch {
            throw ValidationError(DisplayText.sanitized("--sign-key \(signKey): \(error)"))
        }
    }

    /// Whether a manifest was asked for.
    var isRequested: Bool { manifest != nil }

    /// The digests of files the run used besides its inputs (external plugins' executables);
    /// none when no manifest was asked for.
    func digests(ofFiles paths: [String]) -> [ResourceDescriptor] {
        guard isRequested else { return [] }
        return paths.compactMap { try? ResourceDescriptor.file($0) }
    }

    /// Writes the manifest of a finished run, when one was asked for (nothing else is worked out
    /// otherwise); a manifest that cannot be written ends the command with status 2, as an output would.
    func write(
        command: String, settings: @autoclosure () -> [String: String], inputs: [ResourceDescriptor],
        outputs: @autoclosure () throws -> [ResourceDescriptor], counts: @autoclosure () -> [String: Int], started: Date
    ) throws {
        guard let manifest else { return }
        do {
            let record = RunManifest(
                command: command, settings: settings(), inputs: inputs, outputs: try outputs(), counts: counts(), startedOn: started, finishedOn: Date())
            let envelope = try record.envelope(signedBy: try signingKey()).encoded()
            // The manifest never replaces what it vouches for: an input, an output or an index file.
            let vouchedFor = (record.inputs + record.outputs).filter { $0.kind != .standardInput }.map(\.name)
            try AtomicOutput.write(to: manifest, inputs: vouchedFor) { try $0.write(bytes: envelope) }
        } catch {
            Messages.print("cannot write the manifest: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
    }

    /// Checks that outputs go to a regular file when a manifest is asked for (the manifest records
    /// the output's digest by reading it back, which standard output, a pipe or a device cannot
    /// be), and not to the manifest's own file (by any name: `./out`, a link, a hard link). The one
    /// check of this for every command that takes `--manifest` and `--output`.
    /// - Throws: `ValidationError` naming the option to change.
    func requireFileOutput(_ output: String?) throws {
        guard let manifest else { return }
        guard let output, !AtomicOutput.standardOutputNames.contains(output) else {
            throw ValidationError("--manifest needs --output FILE: a manifest names the files it vouches for")
        }
        do {
            try AtomicOutput.requireDistinct(manifest, from: [output])
        } catch {
            throw ValidationError(DisplayText.sanitized("--manifest \(manifest) and --output \(output) name the same file; give the manifest a name of its own"))
        }
        if let kind = (try? FileStatus(path: output))?.kind, kind != .regular {
            throw ValidationError(DisplayText.sanitized("--manifest records the SHA-256 of the output, so --output must be a regular file, not \(kind) (\(output))"))
        }
    }
}

extension PluginRegistry {
    /// The plugins in use, by name and version, for run manifests.
    func recordedSettings(exporter: (any Exporter)?) -> [String: String] {
        var settings = ["extractors": extractors.map { "\($0.stamp.name) \($0.stamp.version)" }.sorted().joined(separator: ", ")]
        if let exporter { settings["exporter"] = "\(exporter.stamp.name) \(exporter.stamp.version)" }
        return settings
    }
}
