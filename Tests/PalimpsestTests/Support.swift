import Foundation
import Palimpsest

/// The repository's root folder, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The sample corpus.
let samplesFolder = repositoryRoot.appendingPathComponent("Samples/news")

/// A fresh temporary folder, removed by the caller.
func makeTemporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Writes bytes to `name` inside `folder`, creating subfolders.
@discardableResult
func write(_ bytes: [UInt8], to name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
    return url
}

/// Writes UTF-8 text to `name` inside `folder`.
@discardableResult
func write(_ text: String, to name: String, in folder: URL) throws -> URL {
    try write(Array(text.utf8), to: name, in: folder)
}

/// Runs a program, feeding `input` on standard input, with `environment` added to this process's;
/// returns its status and outputs.
func run(
    _ program: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]
) throws -> (status: Int32, output: [UInt8], error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Read both outputs while writing, so neither pipe fills and blocks the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var output = Data(), error = Data()
    DispatchQueue.global().async(group: group) { output = stdout.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { error = stderr.fileHandleForReading.readDataToEndOfFile() }
    stdin.fileHandleForWriting.write(Data(input))
    try stdin.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, Array(output), String(decoding: error, as: UTF8.self))
}
