public import Logging
public import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import Synchronization
import KubeModel
import WharfRuntime

/// The Kubernetes API server's listener: HTTPS with HTTP/2 or HTTP/1.1 chosen by ALPN (or plain
/// HTTP/1.1 on loopback), whole-body requests up to the configured limit, and streamed responses
/// for watches (HTTP/1.1 chunks, or HTTP/2 DATA frames on the request's stream).
///
/// It is a `Service`: `run()` binds, serves until graceful shutdown, then stops accepting, lets each
/// connection finish its current response (watches end at once), and returns once all have closed.
///
/// ```swift
/// let server = KubeAPIServer(configuration: configuration, handler: handler, logger: logger)
/// try await ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public final class KubeAPIServer: Service {
    /// One HTTP/1.1 connection, or one HTTP/2 stream seen through the HTTP/1 codec.
    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    /// An HTTP/2 connection and its inbound streams. The connection channel is not wrapped in an
    /// async channel: nobody reads its connection-level frames, and an unread async inbound
    /// buffer would stop the socket being read once full.
    private typealias HTTP2Connection = (any Channel, NIOHTTP2Handler.AsyncStreamMultiplexer<Connection>)
    /// What an accepted socket becomes once TLS has negotiated (or at once, for plain HTTP).
    private typealias Negotiated = NIONegotiatedHTTPVersion<Connection, HTTP2Connection>

    private let configuration: KubeAPIServerConfiguration
    private let handler: KubeAPIHandler
    private let logger: Logger
    private let onServerRunning: (@Sendable (SocketAddress) async -> Void)?
    private let state = Mutex(ServerStateMachine<any Channel, any Channel>())

    /// Creates a server; nothing is bound until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: Address, TLS and limits.
    ///   - handler: Answers requests.
    ///   - logger: Receives the listening address and connection errors.
    ///   - onServerRunning: Called with the bound address before the first connection is accepted.
    public init(
        configuration: KubeAPIServerConfiguration, handler: KubeAPIHandler, logger: Logger,
        onServerRunning: (@Sendable (SocketAddress) async -> Void)? = nil
    ) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Binds, serves until graceful shutdown or cancellation, and returns once every connection closed.
    ///
    /// - Throws: ``KubeAPIServerError`` when the TLS files cannot be loaded or the address cannot be bound.
    public func run() async throws {
        guard self.state.withLock({ $0.startBinding() }) else { throw KubeAPIServerError.alreadyStarted }
        defer { self.state.withLock { $0.finished() } }
        try await withGracefulShutdownHandler {
            try await self.bindAndServe()
        } onGracefulShutdown: {
            self.beginShutdown()
        }
    }

    private func bindAndServe() async throws {
        let sslContext = try self.configuration.tls.map(Self.makeSSLContext)
        let listener = try await self.bind(sslContext: sslContext)
        try await self.bootstrapStorage(port: listener.channel.localAddress?.port ?? self.configuration.port)
        switch self.state.withLock({ $0.bound(listener.channel) }) {
        case .closeListener:
            try await listener.executeThenClose { _ in }
            return
        case .serve:
            break
        }
        let address = listener.channel.localAddress
        self.logger.info(
            "kubernetes API server listening",
            metadata: ["http.address": "\(address.map { "\($0)" } ?? "unknown")", "tls": "\(sslContext != nil)"]
        )
        if let address, let onServerRunning = self.onServerRunning {
            await onServerRunning(address)
        }
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await negotiation in inbound {
                    group.addTask { await self.accept(negotiation, tls: sslContext != nil) }
                }
            }
        }
        self.logger.info("kubernetes API server stopped")
    }

    /// Creates the objects every cluster has, waiting for the store while it is unreachable.
    /// The listener is bound first, so its real port goes into the `kubernetes` Endpoints.
    private func bootstrapStorage(port: Int) async throws {
        let host = self.configuration.host
        let address = host == "0.0.0.0" || host == "::" || host == "localhost" ? "127.0.0.1" : host
        var attempt = 0
        while true {
            do {
                try await self.handler.bootstrapCluster(address: address, port: port)
                return
            } catch {
                attempt += 1
                if attempt == 1 || attempt % 10 == 0 {
                    self.logger.warning("waiting for storage", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func bind(sslContext: NIOSSLContext?) async throws -> NIOAsyncChannel<EventLoopFuture<Negotiated>, Never> {
        let logger = self.logger
        do {
            return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            AcceptErrorHandler(logger: logger, serverName: "kubernetes API server")
                        )
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: self.configuration.host, port: self.configuration.port) { channel in
                    guard let sslContext else {
                        return channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                            return channel.eventLoop.makeSucceededFuture(Negotiated.http1_1(try Self.wrap(channel)))
                        }
                    }
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }.flatMap {
                        channel.configureAsyncHTTPServerPipeline(
                            http1ConnectionInitializer: { channel in
                                channel.eventLoop.makeCompletedFuture { try Self.wrap(channel) }
                            },
                            http2ConnectionInitializer: { channel in
                                channel.eventLoop.makeSucceededFuture(channel)
                            },
                            http2StreamInitializer: { stream in
                                stream.eventLoop.makeCompletedFuture {
                                    try stream.pipeline.syncOperations.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                                    return try Self.wrap(stream)
                                }
                            }
                        )
                    }
                }
        } catch {
            throw KubeAPIServerError.bindFailed(host: self.configuration.host, port: self.configuration.port, reason: "\(error)")
        }
    }

    private static func wrap(_ channel: any Channel) throws -> Connection {
        try Connection(
            wrappingChannelSynchronously: channel,
            configuration: .init(inboundType: HTTPServerRequestPart.self, outboundType: HTTPServerResponsePart.self)
        )
    }

    /// Waits for protocol negotiation and serves the connection in the protocol agreed.
    private func accept(_ negotiation: EventLoopFuture<Negotiated>, tls: Bool) async {
        let negotiated: Negotiated
        do {
            negotiated = try await negotiation.get()
        } catch {
            self.logger.debug("API connection failed before serving", metadata: ["error": "\(error)"])
            return
        }
        switch negotiated {
        case .http1_1(let connection):
            await self.serve(connection, tls: tls)
        case .http2((let connection, let streams)):
            await self.serveHTTP2(connection, streams: streams)
        }
    }

    /// Serves each stream of an HTTP/2 connection as one request, concurrently.
    private func serveHTTP2(_ connection: any Channel, streams: NIOHTTP2Handler.AsyncStreamMultiplexer<Connection>) async {
        guard case .serve(let id) = self.state.withLock({ $0.connectionOpened(connection) }) else {
            connection.close(promise: nil)
            return
        }
        defer { self.state.withLock { $0.connectionClosed(id: id) } }
        do {
            // The multiplexer's inbound ends when the connection closes.
            try await withThrowingDiscardingTaskGroup { group in
                for try await stream in streams.inbound {
                    group.addTask { await self.serveRequests(on: stream, tlsChannel: connection) }
                }
            }
        } catch {
            self.logger.debug("HTTP/2 connection closed with an error", metadata: ["error": "\(error)"])
        }
        try? await connection.close()
    }

    private static func makeSSLContext(_ tls: TLSFiles) throws -> NIOSSLContext {
        do {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certFile).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyFile, format: .pem))
            )
            configuration.applicationProtocols = ["h2", "http/1.1"]
            if let ca = tls.trustedCAFile {
                configuration.trustRoots = .file(ca)
                configuration.certificateVerification = tls.clientCertAuth ? .noHostnameVerification : .optionalVerification
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw KubeAPIServerError.tlsUnusable(reason: "\(error)")
        }
    }

    /// Serves an HTTP/1.1 connection, tracked for graceful shutdown.
    private func serve(_ connection: Connection, tls: Bool) async {
        guard case .serve(let id) = self.state.withLock({ $0.connectionOpened(connection.channel) }) else {
            try? await connection.executeThenClose { _, _ in }
            return
        }
        defer { self.state.withLock { $0.connectionClosed(id: id) } }
        await self.serveRequests(on: connection, tlsChannel: tls ? connection.channel : nil)
    }

    /// Serves requests on an HTTP/1.1 connection (or the one request of an HTTP/2 stream) until the
    /// client closes it; never throws, so one client cannot stop the server.
    ///
    /// - Parameter tlsChannel: The channel whose TLS handler verified the client (the connection,
    ///   also for an HTTP/2 stream), or `nil` for plain HTTP.
    private func serveRequests(on connection: Connection, tlsChannel: (any Channel)?) async {
        let channel = connection.channel
        let limit = self.configuration.maxRequestBodyBytes
        let serverAddress = channel.localAddress.map { "\($0.ipAddress ?? "127.0.0.1"):\($0.port ?? 0)" } ?? ""
        do {
            try await connection.executeThenClose { inbound, outbound in
                var certificate: (commonName: String, organizations: [String])??
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                        tooLarge = false
                        if let length = requestHead.headers.first(name: "Content-Length").flatMap(Int.init), length > limit {
                            tooLarge = true
                        }
                    case .body(let chunk):
                        if !tooLarge {
                            if body.count + chunk.readableBytes > limit {
                                tooLarge = true
                                body = []
                            } else {
                                body.append(contentsOf: chunk.readableBytesView)
                            }
                        }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        if let tlsChannel, certificate == nil {
                            certificate = .some(await ClientCertificate.subject(of: tlsChannel))
                        }
                        let response: APIResponse
                        if tooLarge {
                            response = .status(.requestEntityTooLarge(limit: limit))
                        } else {
                            let request = APIRequest(
                                method: requestHead.method, uri: requestHead.uri, headers: requestHead.headers, body: body, user: nil
                            )
                            response = await self.handler.handle(
                                request, uri: requestHead.uri, certificate: certificate ?? nil, serverAddress: serverAddress
                            )
                        }
                        let keepAlive = try await Self.write(response, for: requestHead, to: outbound, channel: channel)
                        body = []
                        if !keepAlive || tooLarge { return }
                    }
                }
            }
        } catch {
            self.logger.debug("API connection closed with an error", metadata: ["error": "\(error)"])
        }
    }

    /// Writes a response; returns whether the connection stays open.
    private static func write(
        _ response: APIResponse, for request: HTTPRequestHead, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        channel: any Channel
    ) async throws -> Bool {
        var headers = response.headers
        if !headers.contains(name: "Cache-Control") { headers.add(name: "Cache-Control", value: "no-cache, private") }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        switch response.body {
        case .bytes(let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
            if request.method == .HEAD {
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            } else {
                try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(bytes: bytes))), .end(nil)])
            }
            return keepAlive
        case .stream(let produce):
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            try await outbound.write(.head(HTTPResponseHead(version: request.version, status: response.status, headers: headers)))
            try await produce(ChannelBodyWriter(outbound: outbound, channel: channel))
            try await outbound.write(.end(nil))
            return keepAlive
        }
    }

    private func beginShutdown() {
        switch self.state.withLock({ $0.shutdownRequested() }) {
        case .none:
            break
        case .closeListener(let listener, let connections):
            self.logger.info("kubernetes API server shutting down", metadata: ["http.connections": "\(connections.count)"])
            listener.close(promise: nil)
            for connection in connections {
                connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
                // Watches would run until their timeout; shutdown ends them with the connection.
                connection.eventLoop.scheduleTask(in: .seconds(5)) { connection.close(promise: nil) }
            }
        }
    }
}
