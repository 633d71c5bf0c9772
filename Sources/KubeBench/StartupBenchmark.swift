public import BenchSupport
public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Starts `wharf up` afresh (new data directory, free loopback ports) and times how long from
/// spawning the process until the API server is ready: `/readyz` answers `200` and so does
/// `GET /api/v1/namespaces/default` (the cluster is bootstrapped). Then, after a pause with no
/// requests, reads the process's idle memory and stops it with `SIGTERM`.
public struct StartupBenchmark: Sendable {
    /// The `wharf` executable to start.
    public var executable: URL
    /// Fresh starts to time.
    public var runs = 3
    /// How long the server sits idle before its memory is read.
    public var settle: Duration = .seconds(2)
    /// Where the runs' data directories go (each removed afterwards).
    public var dataRoot = FileManager.default.temporaryDirectory
    /// How long a start may take before the run fails.
    public var timeout: Duration = .seconds(30)

    /// Creates a benchmark of `executable` with the defaults.
    public init(executable: URL) {
        self.executable = executable
    }

    /// One start.
    public struct Run: Sendable, Codable {
        /// From spawning to the first `200` from `/readyz`.
        public var readyzMilliseconds: Double
        /// From spawning to ready (`/readyz` and the `default` namespace both `200`).
        public var readyMilliseconds: Double
        /// The process's memory after ``StartupBenchmark/settle`` with no requests.
        public var idleMemory: ProcessMemory?
    }

    /// What the runs measured.
    public struct Result: Sendable, Codable {
        /// Each start, in order.
        public var runs: [Run]
        /// Spawn-to-ready over the runs, in milliseconds.
        public var ready: LatencySummary
        /// The median idle `VmRSS` over the runs, in KiB.
        public var idleResidentKiB: Int?
    }

    /// Runs the starts one after another; `progress` hears each result.
    ///
    /// - Throws: ``KubeBenchError/serverNotReady(_:)`` when a start exits or times out.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Result {
        var runs: [Run] = []
        for index in 0..<max(1, self.runs) {
            let run = try await self.start()
            runs.append(run)
            let memory = run.idleMemory.map { "\($0.residentKiB / 1024) MiB idle" } ?? "memory unknown"
            progress(
                "start \(index + 1): readyz after \(Int(run.readyzMilliseconds)) ms, ready after \(Int(run.readyMilliseconds)) ms, \(memory)"
            )
        }
        let idle = runs.compactMap { $0.idleMemory?.residentKiB }.sorted()
        return Result(
            runs: runs, ready: LatencySummary(nanoseconds: runs.map { UInt64($0.readyMilliseconds * 1_000_000) }),
            idleResidentKiB: idle.isEmpty ? nil : idle[idle.count / 2])
    }

    private func start() async throws -> Run {
        let directory = self.dataRoot.appendingPathComponent("wharf-bench-up-\(ObjectTemplates.runToken())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (apiPort, etcdPort, metricsPort) = (
            try await Self.freePort(), try await Self.freePort(), try await Self.freePort()
        )
        let log = directory.appendingPathComponent("up.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = self.executable
        process.arguments = [
            "up", "--data-dir", directory.appendingPathComponent("data").path, "--etcd-port", String(etcdPort),
            "--apiserver-port", String(apiPort), "--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)",
        ]
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        let clock = BenchmarkClock()
        try process.run()
        do {
            let kubeconfig = directory.appendingPathComponent("data/kubeconfig")
            let run = try await self.measure(process, clock: clock, kubeconfig: kubeconfig, log: log)
            await Self.stop(process)
            return run
        } catch {
            await Self.stop(process)
            throw error
        }
    }

    /// Polls the starting server until it is ready, then lets it idle and reads its memory.
    private func measure(_ process: Process, clock: BenchmarkClock, kubeconfig: URL, log: URL) async throws -> Run {
        let deadline = UInt64(self.timeout / .nanoseconds(1))
        var readyz: UInt64?
        var ready: UInt64?
        while ready == nil {
            guard process.isRunning, clock.nanoseconds < deadline else {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw KubeBenchError.serverNotReady(String(text.suffix(2000)))
            }
            guard let endpoint = try? APIServerEndpoint(kubeconfig: kubeconfig) else {
                try await Task.sleep(for: .milliseconds(2))
                continue
            }
            do {
                try await APIConnection.with(endpoint, tls: try endpoint.makeTLSContext()) { connection in
                    while clock.nanoseconds < deadline {
                        if try await connection.request(.GET, "/readyz").status == 200 {
                            readyz = readyz ?? clock.nanoseconds
                            if try await connection.request(.GET, "/api/v1/namespaces/default").status == 200 {
                                ready = clock.nanoseconds
                                return
                            }
                        }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
            } catch {
                // Not listening yet, or the connection dropped: try again.
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        try await Task.sleep(for: self.settle)
        return Run(
            readyzMilliseconds: Double(readyz ?? 0) / 1e6, readyMilliseconds: Double(ready ?? 0) / 1e6,
            idleMemory: ProcessMemory(pid: process.processIdentifier))
    }

    /// A loopback port that was free a moment ago.
    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(
            host: "127.0.0.1", port: 0
        ).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// Stops the process with SIGTERM, or SIGKILL if it is still running ten seconds later.
    private static func stop(_ process: Process) async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
