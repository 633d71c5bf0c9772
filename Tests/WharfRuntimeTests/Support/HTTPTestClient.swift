import NIOCore
import NIOPosix

/// A raw-socket HTTP client for tests: it writes exactly the bytes given, so tests can send garbage,
/// pipeline requests and hold connections open.
struct HTTPTestClient: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    var host = "127.0.0.1"
    var port: Int

    /// Opens a connection and runs `body` with its inbound stream and outbound writer; closes it after.
    func withConnection<Result: Sendable>(
        _ body: (NIOAsyncChannelInboundStream<ByteBuffer>, NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> Result
    ) async throws -> Result {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: self.host, port: self.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Connection(wrappingChannelSynchronously: channel)
                }
            }
        return try await connection.executeThenClose { inbound, outbound in
            try await body(inbound, outbound)
        }
    }

    /// Sends `raw` and returns everything the server sends until it closes the connection.
    func exchange(_ raw: String) async throws -> String {
        try await self.withConnection { inbound, outbound in
            try await outbound.write(ByteBuffer(string: raw))
            var text = ""
            for try await chunk in inbound {
                text += String(buffer: chunk)
            }
            return text
        }
    }

    /// Sends one request with `Connection: close` and parses the response.
    func request(_ path: String, method: String = "GET") async throws -> HTTPTestResponse {
        let raw = try await self.exchange("\(method) \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        let responses = HTTPTestResponse.parseAll(raw)
        guard responses.count == 1 else {
            throw HTTPTestClientError.unexpectedResponses(raw)
        }
        return responses[0]
    }

    /// Reads from `iterator` until one complete response has arrived; bytes after it stay in `buffer`.
    static func readResponse(
        from iterator: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        buffer: inout String
    ) async throws -> HTTPTestResponse {
        while true {
            if let (response, rest) = HTTPTestResponse.parseFirst(Substring(buffer)) {
                buffer = String(rest)
                return response
            }
            guard let chunk = try await iterator.next() else {
                throw HTTPTestClientError.unexpectedResponses(buffer)
            }
            buffer += String(buffer: chunk)
        }
    }
}
