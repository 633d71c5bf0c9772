public import Foundation

/// A `wharf up` started by a test: brain and the Kubernetes API server (HTTPS, generated
/// certificates, a kubeconfig) on free loopback ports in a temporary data directory.
public final class WharfUpProcess: Sendable {
    /// The Kubernetes API port.
    public let apiPort: Int
    /// The etcd API port of the embedded brain.
    public let etcdPort: Int
    /// The data directory (holds `kubeconfig` and `pki/`).
    public let dataDirectory: URL
    /// The running process.
    public let process: ManagedProcess

    /// The kubeconfig `wharf up` wrote.
    public var kubeconfig: URL { self.dataDirectory.appendingPathComponent("kubeconfig") }
    /// The API server URL.
    public var apiURL: String { "https://127.0.0.1:\(self.apiPort)" }
    /// The CA certificate, the admin client certificate and its key, for raw HTTPS clients.
    public var caFile: URL { self.dataDirectory.appendingPathComponent("pki/ca.crt") }
    public var adminCertificateFile: URL { self.dataDirectory.appendingPathComponent("pki/admin.crt") }
    public var adminKeyFile: URL { self.dataDirectory.appendingPathComponent("pki/admin.key") }

    /// Starts `wharf up` and waits until the API server answers.
    ///
    /// - Parameter extraArguments: Further flags (e.g. `--controllers`, `--disable-admission-plugins`).
    public static func start(dataDirectory: URL, extraArguments: [String] = []) async throws -> WharfUpProcess {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let apiPort = try FreePort.next()
        let etcdPort = try FreePort.next()
        let metricsPort = try FreePort.next()
        let process = try ManagedProcess(
            executable: WharfBinary.url,
            arguments: [
                "up", "--data-dir", dataDirectory.path, "--etcd-port", String(etcdPort), "--apiserver-port", String(apiPort),
                "--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)",
            ] + extraArguments,
            logFile: dataDirectory.appendingPathComponent("up-\(apiPort).log")
        )
        let up = WharfUpProcess(apiPort: apiPort, etcdPort: etcdPort, dataDirectory: dataDirectory, process: process)
        do {
            try await process.waitForPort(apiPort)
            try await up.waitUntilBootstrapped()
        } catch {
            await process.stop(signal: SIGKILL)
            throw error
        }
        return up
    }

    private init(apiPort: Int, etcdPort: Int, dataDirectory: URL, process: ManagedProcess) {
        self.apiPort = apiPort
        self.etcdPort = etcdPort
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// Waits until the `default` namespace exists (the server creates it right after binding).
    private func waitUntilBootstrapped() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let result = try await self.curl(["\(self.apiURL)/api/v1/namespaces/default", "-o", "/dev/null", "-w", "%{http_code}"])
            if result.stdout == "200" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ManagedProcess.ProcessError.timedOut(self.process.output)
    }

    /// Runs curl against the API server with the admin client certificate (unless `anonymous`).
    public func curl(_ arguments: [String], anonymous: Bool = false, input: String? = nil) async throws -> CommandResult {
        var base = ["-sS", "--cacert", self.caFile.path]
        if !anonymous {
            base += ["--cert", self.adminCertificateFile.path, "--key", self.adminKeyFile.path]
        }
        return try await CommandResult.runDetached("/usr/bin/curl", base + arguments, input: input)
    }

    /// Stops `wharf up` gracefully (SIGTERM) and returns its exit status.
    @discardableResult
    public func stop() async -> Int32 {
        await self.process.stop()
    }
}
