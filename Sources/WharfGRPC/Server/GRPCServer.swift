public import Logging
public import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import Synchronization
import WharfRuntime

/// A gRPC server on SwiftNIO HTTP/2, lean enough for a hot key-value path: one channel handler per
/// connection reads HTTP/2 frames, and each RPC is one Swift task that runs on the connection's
/// event loop (see ``GRPCRouter``).
///
/// It speaks the parts of gRPC over HTTP/2 that etcd's clients use: unary, server-streaming and
/// bidirectional RPCs, metadata, status trailers, identity encoding, flow control with a
/// per-stream send buffer, TLS with optional client certificates, and graceful shutdown (GOAWAY,
/// streaming RPCs end with Unavailable, unary ones finish).
///
/// ## Serving
///
/// ```swift
/// var router = GRPCRouter()
/// router.addUnary(service: "demo.Echo", method: "Get") { (request: EchoRequest, _) in EchoResponse(request) }
/// let server = GRPCServer(configuration: .init(port: 0), router: router, logger: logger)
/// try await ServiceGroup(services: [server], logger: logger).run()
/// ```
public final class GRPCServer: Service {
    private struct State {
        var listener: (any Channel)?
        var port: Int?
        var bindError: (any Error)?
        var portWaiters: [CheckedContinuation<Int, any Error>] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
        var shuttingDown = false
    }

    private let configuration: GRPCServerConfiguration
    private let router: GRPCRouter
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates the server; it binds when run.
    public init(
        configuration: GRPCServerConfiguration, router: GRPCRouter, eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.router = router
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        self.logger = logger
    }

    /// The port the server listens on; waits until it is bound.
    public func listeningPort() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                if let port = state.port { return .success(port) }
                if let error = state.bindError { return .failure(error) }
                state.portWaiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Binds, serves until graceful shutdown, then drains connections.
    public func run() async throws {
        let listener: any Channel
        do {
            listener = try await bind()
        } catch {
            let waiters = state.withLock { state in
                state.bindError = error
                defer { state.portWaiters = [] }
                return state.portWaiters
            }
            for waiter in waiters { waiter.resume(throwing: error) }
            throw error
        }
        let port = listener.localAddress?.port ?? configuration.port
        let (waiters, alreadyStopping) = state.withLock { state in
            state.listener = listener
            state.port = port
            defer { state.portWaiters = [] }
            return (state.portWaiters, state.shuttingDown)
        }
        for waiter in waiters { waiter.resume(returning: port) }
        if alreadyStopping { listener.close(promise: nil) }
        logger.info("serving gRPC", metadata: ["grpc.host": "\(configuration.host)", "grpc.port": "\(port)"])

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await listener.closeFuture.get()
            } onCancel: {
                self.beginShutdown()
            }
        } onGracefulShutdown: {
            self.beginShutdown()
        }
        await drainConnections()
        logger.info("gRPC server stopped", metadata: ["grpc.port": "\(port)"])
    }

    private func beginShutdown() {
        let listener = state.withLock { state in
            state.shuttingDown = true
            return state.listener
        }
        listener?.close(promise: nil)
    }

    /// Asks every connection to finish and waits for them, closing stragglers after the grace
    /// period.
    private func drainConnections() async {
        let connections = state.withLock { Array($0.connections.values) }
        let grace = TimeAmount.nanoseconds(
            configuration.shutdownGracePeriod.components.seconds * 1_000_000_000
                + configuration.shutdownGracePeriod.components.attoseconds / 1_000_000_000)
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(GRPCConnectionHandler.DrainEvent())
            connection.eventLoop.scheduleTask(in: grace) { connection.close(promise: nil) }
        }
        for connection in connections {
            try? await connection.closeFuture.get()
        }
    }

    private func bind() async throws -> any Channel {
        let sslContext = try configuration.tls.map(Self.makeSSLContext)
        let router = router
        let receiveLimit = configuration.maxReceiveMessageBytes
        let logger = logger
        let http2Configuration = HTTP2Tuning.configuration
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try pipeline.addHandler(
                        NIOHTTP2Handler(
                            mode: .server, connectionConfiguration: http2Configuration.connection,
                            streamConfiguration: http2Configuration.stream))
                    try pipeline.addHandler(GRPCConnectionHandler(router: router, receiveLimit: receiveLimit, logger: logger))
                    self.track(channel)
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let refused = state.withLock { state in
            if state.shuttingDown { return true }
            state.connections[id] = channel
            return false
        }
        if refused {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { _ in
            _ = self.state.withLock { $0.connections.removeValue(forKey: id) }
        }
    }

    private static func makeSSLContext(_ tls: TLSFiles) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certFile).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyFile, format: .pem)))
        configuration.applicationProtocols = ["h2"]
        if let ca = tls.trustedCAFile {
            configuration.trustRoots = .file(ca)
            if tls.clientCertAuth { configuration.certificateVerification = .noHostnameVerification }
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
