public import Foundation

/// A `wharf brain` started by a test on free loopback ports in a temporary data directory.
public final class BrainProcess: Sendable {
    /// The client port (etcd API).
    public let clientPort: Int
    /// The /metrics and health port.
    public let metricsPort: Int
    /// The data directory.
    public let dataDirectory: URL
    /// The running process.
    public let process: ManagedProcess

    /// The client URL, for `--endpoints`.
    public var endpoint: String { "http://127.0.0.1:\(clientPort)" }

    /// Starts brain and waits until its client port accepts connections.
    /// - Parameters:
    ///   - dataDirectory: where brain keeps data; reuse one to test restarts.
    ///   - clientPort: the client port; a free one by default (pass the old one to restart in place).
    ///   - extraArguments: more flags for `wharf brain`.
    ///   - environment: variables added to the test's environment for the process.
    public static func start(
        dataDirectory: URL, clientPort: Int? = nil, extraArguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> BrainProcess {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let clientPort = try clientPort ?? FreePort.next()
        let metricsPort = try FreePort.next()
        let process = try ManagedProcess(
            executable: WharfBinary.url,
            arguments: [
                "brain",
                "--data-dir", dataDirectory.appendingPathComponent("brain").path,
                "--listen-client-urls", "http://127.0.0.1:\(clientPort)",
                "--advertise-client-urls", "http://127.0.0.1:\(clientPort)",
                "--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)",
            ] + extraArguments,
            logFile: dataDirectory.appendingPathComponent("brain-\(clientPort).log"),
            environment: environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        )
        let brain = BrainProcess(clientPort: clientPort, metricsPort: metricsPort, dataDirectory: dataDirectory, process: process)
        do {
            try await process.waitForPort(clientPort)
            try await process.waitForPort(metricsPort)
        } catch {
            await process.stop(signal: SIGKILL)
            throw error
        }
        return brain
    }

    private init(clientPort: Int, metricsPort: Int, dataDirectory: URL, process: ManagedProcess) {
        self.clientPort = clientPort
        self.metricsPort = metricsPort
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// Stops brain gracefully (SIGTERM) and returns its exit status.
    @discardableResult
    public func stop() async -> Int32 {
        await process.stop()
    }
}
