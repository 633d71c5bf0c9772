import Foundation

/// Runs Debian's `etcdctl` (v3 API) against an endpoint.
public struct Etcdctl: Sendable {
    public let endpoint: String

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// Runs `etcdctl --endpoints=<endpoint> <arguments>`.
    public func run(_ arguments: String...) throws -> CommandResult {
        try run(arguments)
    }

    /// Runs `etcdctl --endpoints=<endpoint> <arguments>`, with `input` on its standard input.
    public func run(_ arguments: [String], input: String? = nil) throws -> CommandResult {
        try Self.offline(["--endpoints=\(endpoint)", "--command-timeout=10s"] + arguments, input: input)
    }

    /// Runs `etcdctl --endpoints=<endpoint> <arguments>` without blocking a cooperative thread
    /// (for tests that keep other work running meanwhile).
    public func runDetached(_ arguments: String...) async throws -> CommandResult {
        try await CommandResult.runDetached(
            "/usr/bin/etcdctl", ["--endpoints=\(endpoint)", "--command-timeout=10s"] + arguments,
            environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"])
    }

    /// Runs an etcdctl command that needs no server (`snapshot status`, `snapshot restore`).
    public static func offline(_ arguments: [String], input: String? = nil) throws -> CommandResult {
        try CommandResult.run(
            "/usr/bin/etcdctl", arguments, environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"], input: input)
    }
}
