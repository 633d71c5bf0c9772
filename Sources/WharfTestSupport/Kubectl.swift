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

    /// kubectl's environment: the kubeconfig, a home beside it, and the system `PATH` (for `diff`).
    private var environment: [String: String] {
        ["KUBECONFIG": self.kubeconfig.path, "HOME": self.kubeconfig.deletingLastPathComponent().path, "PATH": "/usr/bin:/bin"]
    }

    /// Runs `kubectl <arguments>`, with `input` on its standard input and `environment` added to
    /// kubectl's own (e.g. `KUBE_EDITOR`).
    public func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws
        -> CommandResult
    {
        try await CommandResult.runDetached(
            self.executable, arguments, environment: self.environment.merging(environment) { _, new in new }, input: input
        )
    }

    /// Starts `kubectl <arguments>` in the background (e.g. `get -w`), its output going to `logFile`;
    /// stop it with ``ManagedProcess/stop(signal:grace:)``.
    public func start(_ arguments: [String], logFile: URL) throws -> ManagedProcess {
        try ManagedProcess(
            executable: URL(fileURLWithPath: self.executable), arguments: arguments, logFile: logFile, environment: self.environment
        )
    }

    /// Runs `kubectl <arguments>`.
    public func run(_ arguments: String...) async throws -> CommandResult {
        try await self.run(arguments)
    }
}
