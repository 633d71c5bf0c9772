public import SwiftProtobuf

/// A bidirectional RPC in progress on a ``GRPCClient``: send requests, read responses.
public struct GRPCClientStream<Request: Message & Sendable, Response: Message & Sendable>: Sendable {
    let call: ClientCall

    /// The responses, in order; the sequence ends when the server finishes with OK and throws
    /// ``GRPCStatus`` for any other status.
    public var responses: GRPCMessageStream<Response> { GRPCMessageStream(messages: call.responses) }

    /// Sends one request.
    public func send(_ request: Request) async throws {
        try await call.send(GRPCFraming.framed(request), end: false)
    }

    /// Half-closes: tells the server no more requests come.
    public func finishSending() async throws {
        try await call.send(nil, end: true)
    }

    /// Abandons the RPC (RST_STREAM CANCEL); reading responses then throws `cancelled`.
    public func cancel() {
        call.cancel()
    }
}
