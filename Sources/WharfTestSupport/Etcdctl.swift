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

    /// Runs `etcdctl --endpoints=<endpoint> <arguments>`.
    public func run(_ arguments: [String]) throws -> CommandResult {
        try CommandResult.run(
            "/usr/bin/etcdctl", ["--endpoints=\(endpoint)", "--command-timeout=10s"] + arguments,
            environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"])
    }
}
