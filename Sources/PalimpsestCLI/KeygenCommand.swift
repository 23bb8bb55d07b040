import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest keygen`: a new Ed25519 key pair for signing run manifests.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing manifests: KEY (private, PKCS#8 PEM, readable by you alone) and KEY.pub (public, PEM).")

    @Argument(help: "Where the private key goes; the public key goes beside it, with .pub added.")
    var key: String

    @Flag(help: "Replace keys already there.")
    var force = false

    func run() throws {
        let publicPath = key + ".pub"
        for path in [key, publicPath] where !force && FileManager.default.fileExists(atPath: path) {
            throw ValidationError(DisplayText.sanitized("\(path) exists; give --force to replace it"))
        }
        let pair = try SigningKey.generate()
        do {
            // The private key is made readable by its owner alone before any secret goes into it.
            try AtomicOutput.write(to: key, permissions: 0o600) { try $0.write(pair.pem) }
            try AtomicOutput.write(to: publicPath) { try $0.write(pair.publicKey.pem) }
        } catch {
            Messages.print("cannot write the keys: \(error)")
            throw ExitCode(ExitStatus.failed)
        }
        print("key id \(pair.publicKey.keyID)")
        Messages.print("private key \(key), public key \(publicPath)")
    }
}
