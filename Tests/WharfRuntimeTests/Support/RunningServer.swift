import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import WharfRuntime

/// Runs an ``ObservabilityServer`` on `127.0.0.1:0` in a `ServiceGroup`, as the `wharf` command would,
/// hands the test the bound port, then shuts the group down gracefully and waits for it to finish.
struct RunningServer {
    /// A logger that discards everything; tests never bootstrap logging.
    static let quietLogger = Logger(label: "wharf.runtime.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    let server: ObservabilityServer
    let port: Int
    let group: ServiceGroup

    var client: HTTPTestClient {
        HTTPTestClient(port: self.port)
    }

    /// Creates a server with a quiet logger, on `127.0.0.1:0` unless `configuration` says otherwise.
    static func makeServer(
        configuration: ObservabilityServerConfiguration = ObservabilityServerConfiguration(),
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        healthChecks: HealthChecks = HealthChecks(),
        onServerRunning: (@Sendable (SocketAddress) async -> Void)? = nil
    ) -> ObservabilityServer {
        ObservabilityServer(
            configuration: configuration,
            registry: registry,
            healthChecks: healthChecks,
            logger: Self.quietLogger,
            onServerRunning: onServerRunning
        )
    }

    /// Starts a server, runs `body`, and shuts down gracefully; returns once `run()` has returned.
    static func with<Result: Sendable>(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        healthChecks: HealthChecks = HealthChecks(),
        configuration: ObservabilityServerConfiguration = ObservabilityServerConfiguration(),
        _ body: (RunningServer) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = Self.makeServer(configuration: configuration, registry: registry, healthChecks: healthChecks) {
            portContinuation.yield($0.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: [server], logger: Self.quietLogger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.next()
                throw HTTPTestClientError.unexpectedResponses("server stopped before binding")
            }
            do {
                let result = try await body(RunningServer(server: server, port: port, group: group))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }
}
