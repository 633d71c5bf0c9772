public import Foundation

/// The root of the Wharf checkout the tests were built from, for tests that run the repository's
/// own scripts and tools (such as the Python clients in `.venv`).
public enum PackageRoot {
    /// The directory holding `Package.swift`.
    public static var url: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // WharfTestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
    }
}
