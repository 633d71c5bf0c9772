import BenchSupport
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 keep-alive connection to the API server (over TLS unless the endpoint is plain
/// HTTP), owned by one task: requests go one at a time, each answered before the next is sent.
struct APIConnection {
    private typealias Channel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    private var inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let baseHeaders: HTTPHeaders

    /// Connects, runs `body` with the connection, and closes it however `body` ends.
    ///
    /// - Parameters:
    ///   - endpoint: Where to connect and the token to send.
    ///   - tls: The endpoint's TLS context (``APIServerEndpoint/makeTLSContext()``), shared across connections.
    static func with<Result>(
        _ endpoint: APIServerEndpoint, tls: NIOSSLContext?, _ body: (inout APIConnection) async throws -> Result
    ) async throws -> Result {
        let hostname = endpoint.serverHostname
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        var headers: HTTPHeaders = [
            "Host": endpoint.hostHeader, "User-Agent": "wharf-bench", "Accept": "application/json",
        ]
        if let token = endpoint.bearerToken { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let user = endpoint.impersonatedUser { headers.add(name: "Impersonate-User", value: user) }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = APIConnection(
                inbound: inbound.makeAsyncIterator(), outbound: outbound, baseHeaders: headers)
            return try await body(&connection)
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>, baseHeaders: HTTPHeaders
    ) {
        self.inbound = inbound
        self.outbound = outbound
        self.baseHeaders = baseHeaders
    }

    /// Sends a request and reads the whole response.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The path and query.
    ///   - body: A body, if any.
    ///   - contentType: The body's media type.
    mutating func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json"
    ) async throws -> ClientResponse {
        try await self.send(method, path, body: body, contentType: contentType)
        let status = try await self.readHead()
        var received = ByteBuffer()
        while let part = try await self.inbound.next() {
            switch part {
            case .head:
                throw KubeBenchError.malformedResponse("a second response head")
            case .body(let chunk):
                if received.readableBytes == 0 {
                    received = chunk
                } else {
                    var chunk = chunk
                    received.writeBuffer(&chunk)
                }
            case .end:
                return ClientResponse(status: status, body: received)
            }
        }
        throw KubeBenchError.connectionClosed
    }

    /// Sends a watch (or any streaming) request and hands each complete line of the response body
    /// to `onLines`, with the moment its chunk arrived, until `onLines` returns `false`, the server
    /// ends the response, or the task is cancelled. The connection is not reusable afterwards.
    ///
    /// - Parameters:
    ///   - path: The path and query, including `watch=true`.
    ///   - clock: Stamps each chunk on arrival.
    ///   - onHead: Called once the server answered `200` (the watch is being set up).
    ///   - onLines: Receives the lines of one chunk (without newlines) and the arrival time.
    mutating func stream(
        _ path: String, clock: BenchmarkClock, onHead: () -> Void,
        onLines: ([ArraySlice<UInt8>], UInt64) throws -> Bool
    ) async throws {
        try await self.send(.GET, path, body: nil)
        let status = try await self.readHead()
        guard status == 200 else {
            var body = ByteBuffer()
            while case .body(var chunk)? = try await self.inbound.next() { body.writeBuffer(&chunk) }
            throw KubeBenchError.unexpectedStatus(request: "GET \(path)", status: status, body: String(buffer: body))
        }
        onHead()
        var pending: [UInt8] = []
        while let part = try await self.inbound.next() {
            guard case .body(let chunk) = part else { return }
            let arrived = clock.nanoseconds
            pending.append(contentsOf: chunk.readableBytesView)
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let lines = pending[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            let more = try onLines(lines, arrived)
            pending.removeSubrange(...lastNewline)
            if !more { return }
        }
    }

    private func send(_ method: HTTPMethod, _ path: String, body: [UInt8]?, contentType: String = "application/json") async throws {
        var headers = self.baseHeaders
        if let body {
            headers.add(name: "Content-Type", value: contentType)
            headers.add(name: "Content-Length", value: String(body.count))
        }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
        if let body {
            try await self.outbound.write(contentsOf: [
                .head(head), .body(.byteBuffer(ByteBuffer(bytes: body))), .end(nil),
            ])
        } else {
            try await self.outbound.write(contentsOf: [.head(head), .end(nil)])
        }
    }

    private mutating func readHead() async throws -> Int {
        while let part = try await self.inbound.next() {
            if case .head(let head) = part { return Int(head.status.code) }
        }
        throw KubeBenchError.connectionClosed
    }
}
