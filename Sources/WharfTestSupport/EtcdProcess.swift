public import Foundation

/// A real etcd (Debian's etcd-server 3.4) started by a test on free loopback ports.
public final class EtcdProcess: Sendable {
    public let clientPort: Int
    public let process: ManagedProcess

    public var endpoint: String { "http://127.0.0.1:\(clientPort)" }

    private static let binary = "/usr/bin/etcd"

    /// etcdctl pointed at this etcd.
    public var etcdctl: Etcdctl { Etcdctl(endpoint: endpoint) }

    /// Starts etcd and waits until it serves.
    /// - Parameters:
    ///   - directory: where its log (and, by default, its data directory) goes.
    ///   - name: the member name (a restored data directory must be started under its name).
    ///   - dataDirectory: an existing data directory, e.g. one `etcdctl snapshot restore` made.
    ///   - peerPort: the peer port (a restored member must keep the one it was restored with).
    ///   - extraArguments: more flags for etcd.
    public static func start(
        in directory: URL, name: String = "anchor", dataDirectory: URL? = nil, peerPort: Int? = nil,
        extraArguments: [String] = []
    ) async throws -> EtcdProcess {
        let clientPort = try FreePort.next()
        let peerPort = try peerPort ?? FreePort.next()
        let process = try ManagedProcess(
            executable: URL(fileURLWithPath: binary),
            arguments: [
                "--name", name,
                "--data-dir", (dataDirectory ?? directory.appendingPathComponent("etcd-\(clientPort)")).path,
                "--listen-client-urls", "http://127.0.0.1:\(clientPort)",
                "--advertise-client-urls", "http://127.0.0.1:\(clientPort)",
                "--listen-peer-urls", "http://127.0.0.1:\(peerPort)",
                "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
                "--initial-cluster", "\(name)=http://127.0.0.1:\(peerPort)",
            ] + extraArguments,
            logFile: directory.appendingPathComponent("etcd-\(clientPort).log")
        )
        try await process.waitForPort(clientPort)
        // The port opens before the member has elected itself; wait for a successful request.
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let health = try CommandResult.run(
                "/usr/bin/etcdctl", ["--endpoints=http://127.0.0.1:\(clientPort)", "endpoint", "health"],
                environment: ["ETCDCTL_API": "3"])
            if health.status == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return EtcdProcess(clientPort: clientPort, process: process)
    }

    private init(clientPort: Int, process: ManagedProcess) {
        self.clientPort = clientPort
        self.process = process
    }

    @discardableResult
    public func stop() async -> Int32 {
        await process.stop()
    }
}
