public import SwiftProtobuf

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
}
