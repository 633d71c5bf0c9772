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

    /// Sends responses that are already encoded, in one write: for handlers that build message
    /// bytes themselves (to share parts between many responses, say).
    public func write(encoded messages: [[UInt8]]) async throws {
        guard !messages.isEmpty else { return }
        var framed = ByteBuffer()
        framed.reserveCapacity(messages.reduce(0) { $0 + $1.count + GRPCFraming.prefixBytes })
        for message in messages { GRPCFraming.append(encoded: message, to: &framed) }
        try await stream.write(framed)
    }
}
