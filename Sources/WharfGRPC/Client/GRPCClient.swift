public import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
public import SwiftProtobuf

/// A gRPC client on one HTTP/2 connection, carrying any number of concurrent RPCs.
///
/// The counterpart of ``GRPCServer``, for Wharf's own calls to etcd v3 endpoints (and tests). It
/// does not reconnect: when the connection drops, calls fail with `unavailable` and the owner
/// connects again.
///
/// ```swift
/// let client = try await GRPCClient.connect(host: "127.0.0.1", port: 2379)
/// let response: Etcdserverpb_RangeResponse = try await client.unary("/etcdserverpb.KV/Range", request)
/// await client.close()
/// ```
public final class GRPCClient: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<GRPCClientConnectionHandler>

    private init(channel: any Channel, handler: NIOLoopBound<GRPCClientConnectionHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Connects to a server (plaintext HTTP/2 with prior knowledge, or TLS with ALPN `h2`).
    public static func connect(
        host: String, port: Int, tls: GRPCClientTLS? = nil, maxReceiveMessageBytes: Int = Int(Int32.max),
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) async throws -> GRPCClient {
        let sslContext = try tls.map(makeSSLContext)
        let serverName = tls?.serverName ?? (isIPAddress(host) ? nil : host)
        let authority = "\(host):\(port)"
        let http2 = HTTP2Tuning.configuration
        let channel = try await ClientBootstrap(group: eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    try pipeline.addHandler(
                        NIOHTTP2Handler(
                            mode: .client, connectionConfiguration: http2.connection, streamConfiguration: http2.stream))
                    try pipeline.addHandler(
                        GRPCClientConnectionHandler(authority: authority, receiveLimit: maxReceiveMessageBytes))
                }
            }
            .connect(host: host, port: port).get()
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: GRPCClientConnectionHandler.self),
                eventLoop: channel.eventLoop)
        }.get()
        return GRPCClient(channel: channel, handler: handler)
    }

    /// Calls a unary method (`path` is `/package.Service/Method`); throws ``GRPCStatus`` when the
    /// server answers with an error.
    public func unary<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, _ request: Request, metadata: [(String, String)] = [], as: Response.Type = Response.self
    ) async throws -> Response {
        let call = try await start(path, metadata: metadata, first: GRPCFraming.framed(request), end: true)
        return try await withTaskCancellationHandler {
            try await call.responses.single(Response.self, role: "response")
        } onCancel: {
            call.cancel()
        }
    }

    /// Calls a unary method with a request that is already encoded and returns the response still
    /// encoded: for callers that pass messages through, and tests that send bytes no encoder
    /// would.
    public func unary(_ path: String, encodedRequest: [UInt8], metadata: [(String, String)] = []) async throws -> [UInt8] {
        var framed = ByteBuffer()
        GRPCFraming.append(encoded: encodedRequest, to: &framed)
        let call = try await start(path, metadata: metadata, first: framed, end: true)
        return try await withTaskCancellationHandler {
            Array(try await call.responses.singleMessage(role: "response").readableBytesView)
        } onCancel: {
            call.cancel()
        }
    }

    /// Starts a bidirectional-streaming method.
    public func bidirectionalStream<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, metadata: [(String, String)] = [], request: Request.Type = Request.self,
        response: Response.Type = Response.self
    ) async throws -> GRPCClientStream<Request, Response> {
        GRPCClientStream(call: try await start(path, metadata: metadata, first: nil, end: false))
    }

    /// Closes the connection; RPCs still running fail with `unavailable`.
    public func close() async {
        try? await channel.close()
    }

    private func start(_ path: String, metadata: [(String, String)], first: ByteBuffer?, end: Bool) async throws -> ClientCall {
        let responses = MessageQueue()
        let handler = handler
        let id = try await channel.eventLoop.submit {
            try handler.value.open(path: path, metadata: metadata, responses: responses, first: first, end: end)
        }.get()
        return ClientCall(id: id, responses: responses, handler: handler)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    private static func makeSSLContext(_ tls: GRPCClientTLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.applicationProtocols = ["h2"]
        if let ca = tls.trustedCAFile { configuration.trustRoots = .file(ca) }
        if let cert = tls.certFile, let key = tls.keyFile {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

/// One RPC started by a ``GRPCClient``: its stream on the connection and its response queue.
struct ClientCall: Sendable {
    let id: HTTP2StreamID
    let responses: MessageQueue
    let handler: NIOLoopBound<GRPCClientConnectionHandler>

    func send(_ message: ByteBuffer?, end: Bool) async throws {
        let (id, handler) = (id, handler)
        try await handler.eventLoop.submit { try handler.value.send(id, message: message, end: end) }.get()
    }

    func cancel() {
        let (id, handler) = (id, handler)
        handler.eventLoop.execute { handler.value.cancel(id) }
    }
}
