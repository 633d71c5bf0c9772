public import SwiftProtobuf
import NIOCore

/// Sends the responses of a streaming RPC, in order.
///
/// `write` returns once the message is queued; it waits while the stream already has more
/// unsent bytes than the server's per-stream buffer allows, so a slow reader slows its writer
/// instead of growing memory.
public struct GRPCResponseWriter<Response: Message & Sendable>: Sendable {
    let stream: ServerStreamHandle

    /// Sends one response; throws ``GRPCStatus`` `cancelled` once the RPC has ended.
    public func write(_ response: Response) async throws {
        try await stream.write(GRPCFraming.framed(response))
    }

    /// Sends several responses in one write (one HTTP/2 DATA frame where they fit).
    public func write(contentsOf responses: some Collection<Response>) async throws {
        guard var framed = try responses.first.map(GRPCFraming.framed) else { return }
        for response in responses.dropFirst() {
            var next = try GRPCFraming.framed(response)
            framed.writeBuffer(&next)
        }
        try await stream.write(framed)
    }
}
