public import Logging
public import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// The small HTTP/1.1 server every Wharf server runs beside its main listener for `/metrics`,
/// `/livez`, `/readyz`, `/healthz` and etcd's `/health`.
///
/// It is a `Service`: `run()` binds, serves until graceful shutdown, then stops accepting, lets each open
/// connection finish the response it is writing, closes idle connections, and returns once every
/// connection has closed. Cancellation closes everything at once.
///
/// - `GET /metrics` answers the Prometheus text exposition of the registry
///   (`text/plain; version=0.0.4; charset=utf-8`).
/// - `GET /livez`, `/readyz` and `/healthz` (readiness) answer `200 ok`, or `503` listing every check as
///   `[+]name ok` / `[-]name failed: reason withheld`, like kube-apiserver; `?verbose` lists checks
///   on success too, `?exclude=name` skips a check, and `/readyz/<name>` runs one check.
/// - `GET /health` answers etcd's `{"health":"true","reason":""}`, or `503` with
///   `{"health":"false","reason":"…"}`.
/// - Unknown paths get `404`, other methods `405`, and malformed requests `400`, after which the
///   connection is closed and the server keeps serving others.
///
/// ## Running the server
///
/// ```swift
/// let registry = MetricsBootstrap.bootstrap()
/// let checks = HealthChecks()
/// let server = ObservabilityServer(
///     configuration: ObservabilityServerConfiguration(host: "0.0.0.0", port: 2381),
///     registry: registry,
///     healthChecks: checks,
///     logger: logger,
///     onServerRunning: { address in logger.info("metrics on \(address)") }
/// )
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public final class ObservabilityServer: Service {
    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let configuration: ObservabilityServerConfiguration
    private let router: ObservabilityRouter
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onServerRunning: (@Sendable (SocketAddress) async -> Void)?
    private let state: Mutex<ServerStateMachine<any Channel, any Channel>>

    /// Creates a server; nothing is bound until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: Host, port and limits. Defaults to `127.0.0.1` on a free port.
    ///   - registry: The registry `/metrics` emits, usually the one ``MetricsBootstrap/bootstrap(registry:)``
    ///     returned.
    ///   - healthChecks: The checks behind the probe endpoints.
    ///   - eventLoopGroup: The event loops to run on. Defaults to NIO's shared singleton group.
    ///   - logger: Receives the listening address, shutdown and per-connection errors (at debug).
    ///   - onServerRunning: Called once with the bound address, before the first connection is accepted;
    ///     with port 0 this is how callers learn the port.
    public init(
        configuration: ObservabilityServerConfiguration = ObservabilityServerConfiguration(),
        registry: PrometheusCollectorRegistry,
        healthChecks: HealthChecks,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger,
        onServerRunning: (@Sendable (SocketAddress) async -> Void)? = nil
    ) {
        self.configuration = configuration
        self.router = ObservabilityRouter(registry: registry, healthChecks: healthChecks)
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.logger = logger
        self.onServerRunning = onServerRunning
        self.state = Mutex(ServerStateMachine())
    }

    /// The address the server is listening on, or `nil` before it is bound and after shutdown began.
    public var localAddress: SocketAddress? {
        self.state.withLock { $0.listener }?.localAddress
    }

    /// Binds, serves until graceful shutdown or cancellation, and returns once every connection closed.
    ///
    /// - Throws: ``ObservabilityServerError/bindFailed(host:port:reason:)`` if the address cannot be bound,
    ///   ``ObservabilityServerError/alreadyStarted`` on a second call, or the listener's error if it fails
    ///   while serving.
    public func run() async throws {
        guard self.state.withLock({ $0.startBinding() }) else {
            throw ObservabilityServerError.alreadyStarted
        }
        defer { self.state.withLock { $0.finished() } }
        try await withGracefulShutdownHandler {
            try await self.bindAndServe()
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    private func bindAndServe() async throws {
        let listener = try await self.bind()
        switch self.state.withLock({ $0.bound(listener.channel) }) {
        case .closeListener:
            try await listener.executeThenClose { _ in }
            return
        case .serve:
            break
        }

        let address = listener.channel.localAddress
        self.logger.info(
            "observability server listening",
            metadata: ["http.address": "\(address.map { "\($0)" } ?? "unknown")"]
        )
        if let address, let onServerRunning = self.onServerRunning {
            await onServerRunning(address)
        }

        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask {
                        await self.handle(connection)
                    }
                }
            }
        }
        self.logger.info("observability server stopped")
    }

    private func bind() async throws -> NIOAsyncChannel<Connection, Never> {
        let logger = self.logger
        let idleTimeout = TimeAmount.nanoseconds(Self.nanoseconds(self.configuration.idleTimeout))
        do {
            return try await ServerBootstrap(group: self.eventLoopGroup)
                .serverChannelOption(.backlog, value: Int32(clamping: self.configuration.backlog))
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(AcceptErrorHandler(logger: logger, serverName: "observability server"))
                    }
                }
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(host: self.configuration.host, port: self.configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                        try sync.addHandler(IdleConnectionCloser())
                        try sync.configureHTTPServerPipeline(withErrorHandling: true)
                        return try Connection(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(
                                inboundType: HTTPServerRequestPart.self,
                                outboundType: HTTPServerResponsePart.self
                            )
                        )
                    }
                }
        } catch {
            throw ObservabilityServerError.bindFailed(
                host: self.configuration.host,
                port: self.configuration.port,
                reason: "\(error)"
            )
        }
    }

    /// Serves requests on one connection until the client closes it, asks to close, sends garbage
    /// (the protocol error handler has already answered 400) or shutdown quiesces it. Never throws, so
    /// one bad client cannot stop the server.
    private func handle(_ connection: Connection) async {
        guard case .serve(let id) = self.state.withLock({ $0.connectionOpened(connection.channel) }) else {
            try? await connection.executeThenClose { _, _ in }
            return
        }
        defer { self.state.withLock { $0.connectionClosed(id: id) } }

        do {
            try await connection.executeThenClose { inbound, outbound in
                var request: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        request = head
                    case .body:
                        continue
                    case .end:
                        guard let head = request else { continue }
                        request = nil
                        let response = await self.router.response(method: head.method, uri: head.uri)
                        try await outbound.write(contentsOf: response.parts(for: head))
                        if !head.isKeepAlive {
                            return
                        }
                    }
                }
            }
        } catch {
            self.logger.debug(
                "observability connection closed with an error",
                metadata: ["error": "\(error)", "http.peer": "\(connection.channel.remoteAddress.map { "\($0)" } ?? "")"]
            )
        }
    }

    private func beginShutdown() {
        switch self.state.withLock({ $0.shutdownRequested() }) {
        case .none:
            break
        case .closeListener(let listener, let connections):
            self.logger.info("observability server shutting down", metadata: ["http.connections": "\(connections.count)"])
            listener.close(promise: nil)
            for connection in connections {
                // HTTPServerPipelineHandler closes an idle connection at once and a busy one after its response.
                connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : nanos.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
