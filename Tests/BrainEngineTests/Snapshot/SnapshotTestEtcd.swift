import Foundation

/// A real etcd server (Debian's etcd 3.4) that a snapshot test started, stopped by its PID.
final class SnapshotTestEtcd {
    /// Where Debian's `etcd-server` and `etcd-client` packages install the binaries.
    static let etcdPath = "/usr/bin/etcd"
    static let etcdctlPath = "/usr/bin/etcdctl"

    /// Whether both binaries are installed, so the tests that need them can run.
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: etcdPath)
            && FileManager.default.isExecutableFile(atPath: etcdctlPath)
    }

    /// The URL clients reach the server at.
    let clientURL: String
    private let process = Process()
    private let directory: SnapshotTestDirectory

    /// Starts etcd as the single member `name` with its data in `dataDirectory`, its log in
    /// `directory`, serving clients and peers on the given loopback ports.
    init(
        name: String,
        dataDirectory: URL,
        clientPort: Int,
        peerPort: Int,
        in directory: SnapshotTestDirectory
    ) throws {
        self.directory = directory
        clientURL = "http://127.0.0.1:\(clientPort)"
        let peerURL = "http://127.0.0.1:\(peerPort)"
        let log = directory.file("etcd-\(name)-\(clientPort).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: Self.etcdPath)
        process.arguments = [
            "--name", name,
            "--data-dir", dataDirectory.path,
            "--listen-client-urls", clientURL,
            "--advertise-client-urls", clientURL,
            "--listen-peer-urls", peerURL,
            "--initial-advertise-peer-urls", peerURL,
            "--initial-cluster", "\(name)=\(peerURL)",
        ]
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? logHandle.close()
    }

    /// Waits until the server answers a health check, for at most `timeout`.
    func waitUntilHealthy(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw POSIXError(.ECHILD) }
            if try etcdctl(["endpoint", "health"]).status == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw POSIXError(.ETIMEDOUT)
    }

    /// Runs etcdctl against this server.
    func etcdctl(_ arguments: [String], input: String? = nil) throws -> SnapshotTestCommand.Output {
        try SnapshotTestCommand.run(
            Self.etcdctlPath,
            ["--endpoints=\(clientURL)", "--command-timeout=10s"] + arguments,
            input: input,
            in: directory
        )
    }

    /// Sends SIGTERM to the server and waits for it to exit (SIGKILL after 15 seconds).
    func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline {
            usleep(50_000)
        }
        if process.isRunning {
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }
}
