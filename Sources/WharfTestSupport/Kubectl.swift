public import Foundation

/// Runs one of the machine's kubectl releases (`/usr/lib/google-cloud-sdk/bin/kubectl.1.NN`)
/// with a kubeconfig.
public struct Kubectl: Sendable, CustomStringConvertible {
    /// The minor version, e.g. 27 for kubectl 1.27.
    public let minor: Int
    /// The kubeconfig file.
    public let kubeconfig: URL

    /// Creates a runner for kubectl 1.`minor`.
    public init(minor: Int, kubeconfig: URL) {
        self.minor = minor
        self.kubeconfig = kubeconfig
    }

    public var description: String { "kubectl 1.\(self.minor)" }

    /// The kubectl binary.
    public var executable: String { "/usr/lib/google-cloud-sdk/bin/kubectl.1.\(self.minor)" }

    /// Runs `kubectl <arguments>`, with `input` on its standard input.
    public func run(_ arguments: [String], input: String? = nil) async throws -> CommandResult {
        try await CommandResult.runDetached(
            self.executable, arguments,
            environment: ["KUBECONFIG": self.kubeconfig.path, "HOME": self.kubeconfig.deletingLastPathComponent().path, "PATH": "/usr/bin:/bin"],
            input: input
        )
    }

    /// Runs `kubectl <arguments>`.
    public func run(_ arguments: String...) async throws -> CommandResult {
        try await self.run(arguments)
    }
}
