public import Foundation

/// Locates the built `wharf` executable for tests that run it as a real process.
public enum WharfBinary {
    /// `$WHARF_BIN` if set, else the `wharf` beside the test bundle in the build directory.
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["WHARF_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("wharf")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/wharf")
    }
}
