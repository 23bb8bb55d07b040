import CFuzzer
import Foundation

/// Starts libFuzzer from an executable's `main.swift`.
public enum FuzzDriver {
    /// Runs libFuzzer with this process's command line over `testOneInput`, then exits with its status.
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
